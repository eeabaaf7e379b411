"""A visitor creates an account, logs in and out; the forms resist abuse."""

from __future__ import annotations

from sqlalchemy import select

from careercenter.accounts.models import User
from careercenter.extensions import db
from tests.support.factories import UserFactory
from tests.support.people import PASSWORD


def test_a_job_seeker_registers_and_is_logged_in(user, mailbox):
    page = user.register("Dana@Example.com", role="seeker", name="Dana Reyes")

    assert page.status_code == 200
    assert b"Welcome, Dana Reyes" in page.data
    account = db.session.scalar(select(User).where(User.email == "dana@example.com"))
    assert account.role == "seeker"
    assert account.password_hash.startswith("$argon2id$")
    assert PASSWORD not in account.password_hash
    assert "Confirm" in mailbox.last_to("dana@example.com")["Subject"]


def test_an_employer_registers_and_is_asked_for_their_company(user):
    page = user.register("hr@spinegroup.example", role="employer")

    assert b"Set up your company" in page.data


def test_registration_errors_sit_next_to_fields_and_keep_what_was_typed(user):
    page = user.submit(
        "/register",
        {
            "email": "not-an-email",
            "name": "Sam Typed",
            "role": "seeker",
            "password": "short",
            "confirm": "different",
        },
    )

    assert page.status_code == 200
    assert b"Enter an e-mail address like" in page.data
    assert b"Use at least 10 characters" in page.data
    assert b"The passwords do not match" in page.data
    assert b'value="Sam Typed"' in page.data
    assert b'value="not-an-email"' in page.data


def test_registering_a_taken_address_answers_as_for_a_new_one_and_tells_its_owner(
    user, other_user, mailbox
):
    UserFactory(email="taken@example.com")

    taken = user.register("TAKEN@example.com", confirm=False).data.decode()
    fresh = other_user.register("fresh@example.com", confirm=False).data.decode()

    assert "Check your e-mail" in taken and "already" not in taken
    assert taken.replace("taken@example.com", "X") == fresh.replace("fresh@example.com", "X")
    assert db.session.scalar(select(db.func.count(User.id))) == 2
    note = mailbox.last_to("taken@example.com")
    assert "tried to sign up" in note["Subject"]
    assert "/account/verify/" not in mailbox.text_of(note)


def test_nobody_can_register_as_an_operator(user):
    page = user.submit(
        "/register",
        {
            "email": "x@example.com",
            "name": "X",
            "role": "admin",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )

    assert b"Not a valid choice" in page.data
    assert db.session.scalar(select(User).where(User.email == "x@example.com")) is None


def test_log_in_and_out(user):
    UserFactory(email="coder@example.com", name="Kim")

    page = user.login("coder@example.com")
    assert b"Logged in as coder@example.com" in page.data

    page = user.logout()
    assert b"You are logged out" in page.data
    assert user.client.get("/account").status_code == 302


def test_a_wrong_password_and_an_unknown_address_get_the_same_answer(user):
    UserFactory(email="coder@example.com")

    wrong_password = user.login("coder@example.com", "not the password")
    unknown_email = user.login("nobody@example.com", "not the password")

    message = b"That e-mail and password do not match an account."
    assert message in wrong_password.data
    assert message in unknown_email.data
    assert b'value="coder@example.com"' in wrong_password.data


def test_remember_me_sets_a_lasting_cookie(user):
    UserFactory(email="coder@example.com")

    user.login("coder@example.com", remember="y")

    assert user.client.get_cookie("remember_token") is not None


def test_log_in_follows_a_local_next_page_only(user):
    UserFactory(email="coder@example.com")

    local = user.login("coder@example.com", next="/account", follow_redirects=False)
    assert local.headers["Location"] == "/account"
    user.logout()

    for hostile in (
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
    ):
        response = user.login("coder@example.com", next=hostile, follow_redirects=False)
        assert "evil" not in response.headers["Location"]
        assert response.headers["Location"] == "/"
        user.logout()


def test_a_form_posted_without_its_csrf_token_is_refused(client):
    UserFactory(email="coder@example.com")

    response = client.post("/login", data={"email": "coder@example.com", "password": PASSWORD})

    assert response.status_code == 400
    assert b"The form had expired" in response.data


def test_logging_out_needs_a_post_with_a_token(user):
    UserFactory(email="coder@example.com")
    user.login("coder@example.com")

    assert user.client.get("/logout").status_code == 405
    user.client.post("/logout", data={})
    assert user.client.get("/account").status_code == 200  # still logged in


def test_log_in_attempts_are_rate_limited(app, user, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "3 per minute")
    UserFactory(email="coder@example.com")

    answers = [user.login("coder@example.com", "guess").status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]
    assert b"Too many attempts" in user.login("coder@example.com").data


def test_hostile_input_never_breaks_the_forms(user):
    hostile = ["<script>alert(1)</script>", "' OR 1=1 --", "\x00", "é" * 300, "a" * 5000]
    for value in hostile:
        for page in (
            user.submit("/login", {"email": value, "password": value}),
            user.submit(
                "/register",
                {"email": value, "name": value, "role": value, "password": value, "confirm": value},
            ),
            user.submit("/account/reset", {"email": value}),
        ):
            expected = 400 if "\x00" in value else 200
            assert page.status_code == expected
            assert b"<script>alert(1)</script>" not in page.data


def test_a_new_account_signs_in_from_its_link_and_returns_where_it_started(user, mailbox):
    page = user.client.get("/register?next=/codes/cpt/63030").data.decode()
    assert 'name="next" type="hidden" value="/codes/cpt/63030"' in page
    form = {"email": "new@example.com", "name": "Nia", "role": "seeker"}
    form |= {"password": PASSWORD, "confirm": PASSWORD, "next": "/codes/cpt/63030"}
    assert b"Check your e-mail" in user.submit("/register", form).data
    assert user.client.get("/account").status_code == 302  # not signed in before confirming

    link = mailbox.link_in_last("new@example.com", "/account/verify/")
    landed = user.client.get(link)
    assert landed.status_code == 302 and landed.headers["Location"] == "/codes/cpt/63030"
    assert user.client.get("/account").status_code == 200
    # The link confirms again later, but never signs anyone in a second time.
    user.logout()
    again = user.client.get(link, follow_redirects=True)
    assert user.client.get("/account").status_code == 302 and again.status_code == 200


def test_an_outside_next_address_is_ignored_after_confirming(user, mailbox):
    form = {"email": "new@example.com", "name": "Nia", "role": "seeker"}
    form |= {"password": PASSWORD, "confirm": PASSWORD, "next": "https://evil.example/"}
    user.submit("/register", form)
    landed = user.client.get(mailbox.link_in_last("new@example.com", "/account/verify/"))
    assert landed.headers["Location"] == "/"


def test_log_in_and_sign_up_links_bring_the_visitor_back_to_the_page(app, client):
    """From any page, the header's links carry the page; between the two forms it is kept."""
    import re

    from tests.support.factories import JobFactory

    job = JobFactory(title="Spine Coder")
    page = client.get(f"/jobs/{job.path_key}").data.decode()
    here = f"/jobs/{job.path_key}"
    login = re.search(r'href="(/login[^"]*)">Log in<', page).group(1)
    assert login == f"/login?next={here}"
    register_link = re.search(
        r'href="(/register[^"]*)">Create an account<', client.get(login).data.decode()
    ).group(1)
    assert "next=" + here in register_link
    back = re.search(r'href="(/login[^"]*)">Log in</a>\.', client.get(register_link).data.decode())
    assert back.group(1).endswith("next=" + here)
