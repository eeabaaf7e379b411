"""A coder asks a credentialed consultant on the web and gets the answer in her account and
by e-mail; consultants work a queue (claim, note, answer, hand over, close) and the asker
never sees their notes. Patient information is refused before anything is kept."""

from __future__ import annotations

from datetime import timedelta

import pytest

from careercenter.consult.models import Consultant, ConsultEntry, ConsultQuestion
from careercenter.extensions import db
from careercenter.timeutil import utcnow
from tests.support.factories import AdminFactory, UserFactory
from tests.support.pages import text_of
from tests.support.people import UserActions

QUESTION = "Can 22633 and 63030 be billed together when the decompression is at another level?"


@pytest.fixture
def desk(app):
    """An operator, two consultants made through the operator's page, and two coders."""
    operator = AdminFactory(email="ops@careercenter.example")
    alex = UserFactory(email="alex@consult.example", name="Alex Rivera")
    sam = UserFactory(email="sam@consult.example", name="Sam Okafor")
    dana = UserFactory(email="dana@example.com", name="Dana Reyes")
    lee = UserFactory(email="lee@example.com", name="Lee Park")
    admin = UserActions(app.test_client())
    admin.login(operator.email)
    for person, specialty in ((alex, "spine"), (sam, "cardiology")):
        page = admin.submit(
            f"/admin/users/{person.id}/consultant",
            {
                "credentials": ["CPC", "COC"],
                "specialties": [specialty],
                "code_systems": ["cpt"],
                "digest": "each",
            },
        )
        assert f"{person.email} is a consultant" in text_of(page)
    return {"alex": alex, "sam": sam, "dana": dana, "lee": lee}


def signed_in(app, person) -> UserActions:
    actions = UserActions(app.test_client())
    actions.login(person.email)
    return actions


def test_a_coder_asks_and_reads_the_answer_on_the_web_and_by_email(app, desk, mailbox):
    dana, alex = signed_in(app, desk["dana"]), signed_in(app, desk["alex"])
    page = dana.submit("/consult", {"question": QUESTION, "specialty": "spine"})
    assert "sent" in text_of(page)
    question = db.session.scalars(db.select(ConsultQuestion)).one()
    assert question.codes == ["cpt:22633", "cpt:63030"]
    assert 'href="/codes/cpt/22633"' in page.data.decode()  # the codes it names, linked
    # the spine consultant hears of it, the cardiology one does not
    assert f"#{question.id}" in mailbox.last_to("alex@consult.example")["Subject"]
    assert not mailbox.to("sam@consult.example")

    queue = text_of(alex.client.get("/consult/queue?specialty=spine"))
    assert f"#{question.id}" in queue
    desk_page = f"/consult/questions/{question.id}"
    alex.submit(f"{desk_page}/claim")
    alex.submit(f"{desk_page}/note", {"note-body": "Check the op note for separate levels."})
    alex.submit(
        f"{desk_page}/answer",
        {"answer-body": "Yes with **modifier 59** when the levels differ. <script>x</script>"},
    )
    db.session.refresh(question)
    assert question.status == "answered"

    mail = mailbox.text_of(mailbox.last_to("dana@example.com"))
    assert "modifier 59" in mail and "Alex Rivera" in mail
    mine = dana.client.get(f"/me/questions/{question.id}").data.decode()
    assert "<strong>modifier 59</strong>" in mine and "<script>" not in mine  # sanitised
    assert "Check the op note" not in mine  # notes stay on the desk
    assert f"/me/questions/{question.id}" in dana.client.get("/me/questions").data.decode()


def test_patient_information_and_unconfirmed_accounts_are_refused_before_storing(app, desk):
    dana = signed_in(app, desk["dana"])
    page = dana.submit("/consult", {"question": "Pt DOB 04/05/1961, MRN 8823341: code 63030?"})
    assert page.status_code == 400
    assert "a date of birth and a medical record number" in text_of(page)
    unconfirmed = UserFactory(email="new@example.com", email_verified_at=None)
    refused = signed_in(app, unconfirmed).submit("/consult", {"question": QUESTION})
    assert "Confirm your e-mail address first" in text_of(refused)
    assert db.session.scalar(db.select(db.func.count(ConsultQuestion.id))) == 0


def test_free_accounts_get_two_questions_a_month_and_an_operator_can_grant_more(app, desk):
    dana = signed_in(app, desk["dana"])
    for number in range(2):
        assert dana.submit("/consult", {"question": f"{QUESTION} ({number})"}).status_code == 200
    third = dana.submit("/consult", {"question": QUESTION})
    assert "You have used this month" in text_of(third)
    from careercenter.consult.service import grant

    operator = db.session.scalar(db.select(db.func.min(Consultant.user_id)))  # any account
    grant(db.session.get(type(desk["dana"]), operator), desk["dana"], 1)
    assert dana.submit("/consult", {"question": QUESTION}).status_code == 200


def test_nobody_else_reads_a_question_and_only_consultants_see_the_desk(app, desk):
    dana, lee = signed_in(app, desk["dana"]), signed_in(app, desk["lee"])
    dana.submit("/consult", {"question": QUESTION})
    question = db.session.scalars(db.select(ConsultQuestion)).one()
    assert lee.client.get(f"/me/questions/{question.id}").status_code == 404
    assert lee.client.get("/consult/queue").status_code == 404
    assert lee.client.get(f"/consult/questions/{question.id}").status_code == 404
    assert lee.submit(f"/consult/questions/{question.id}/claim").status_code == 404
    assert dana.client.get("/consult/queue").status_code == 404
    guest = app.test_client()
    assert guest.get("/consult").status_code in (302, 401)


def test_a_question_is_handed_over_closed_and_flagged_when_late(app, desk, mailbox):
    dana, alex = signed_in(app, desk["dana"]), signed_in(app, desk["alex"])
    dana.submit("/consult", {"question": QUESTION})
    question = db.session.scalars(db.select(ConsultQuestion)).one()
    question.created_at = utcnow() - timedelta(hours=30)  # past CONSULT_ANSWER_HOURS (24)
    db.session.commit()
    assert "late" in text_of(alex.client.get("/consult/queue"))
    alex.submit(f"/consult/questions/{question.id}/handover", {"to": desk["sam"].id})
    db.session.refresh(question)
    assert question.claimed_by_id == desk["sam"].id
    assert f"#{question.id} handed to you" in mailbox.last_to("sam@consult.example")["Subject"]
    kinds = [entry.kind for entry in db.session.scalars(db.select(ConsultEntry))]
    assert kinds == ["handover"]
    signed_in(app, desk["sam"]).submit(f"/consult/questions/{question.id}/close")
    db.session.refresh(question)
    assert question.status == "closed"
    follow_up = dana.submit(f"/me/questions/{question.id}", {"body": "One more thing"})
    assert "closed" in text_of(follow_up)


def test_a_consented_answer_is_published_without_names_on_the_code_pages(
    app, desk, guest, monkeypatch
):
    dana, alex = signed_in(app, desk["dana"]), signed_in(app, desk["alex"])
    dana.submit("/consult", {"question": QUESTION, "publish_consent": "y"})
    dana.submit("/consult", {"question": "Is 63035 reported per level?"})  # no consent
    consented, private = db.session.scalars(
        db.select(ConsultQuestion).order_by(ConsultQuestion.id)
    ).all()
    for question in (consented, private):
        alex.submit(
            f"/consult/questions/{question.id}/answer",
            {"answer-body": "Report **63030** once; see the NCCI edit with 22633."},
        )
    refused = alex.submit(f"/consult/questions/{private.id}/publish")
    assert "did not consent" in text_of(refused)
    alex.submit(f"/consult/questions/{consented.id}/publish")

    monkeypatch.setitem(app.config, "CODE_METERING", False)
    page = guest.get("/codes/cpt/22633").data.decode()
    assert "Questions coders asked about 22633" in page
    assert "decompression is at another level" in page and "<strong>63030</strong>" in page
    assert "Dana" not in page and "Alex" not in page  # no names
    assert "(CPC, COC)" in page  # the consultant's credentials
    assert '"@type": "FAQPage"' in page or '"@type":"FAQPage"' in page
    assert "reported per level" not in text_of(guest.get("/codes/cpt/63035"))


def test_an_answer_survives_the_mail_server_being_down(app, desk, monkeypatch):
    """The answer is saved and its e-mail stays queued for the worker to retry."""
    from careercenter.mail.models import OutgoingEmail
    from tests.support.processes import free_port

    dana, alex = signed_in(app, desk["dana"]), signed_in(app, desk["alex"])
    dana.submit("/consult", {"question": QUESTION})
    question = db.session.scalars(db.select(ConsultQuestion)).one()
    monkeypatch.setitem(app.config, "MAIL_URL", f"smtp://127.0.0.1:{free_port()}")
    alex.submit(f"/consult/questions/{question.id}/answer", {"answer-body": "Yes, with 59."})
    db.session.refresh(question)
    assert question.status == "answered"
    waiting = db.session.scalars(
        db.select(OutgoingEmail).where(OutgoingEmail.recipients == "dana@example.com")
    ).all()
    assert waiting and all(message.sent_at is None for message in waiting)


def test_a_question_casepilot_could_not_answer_carries_what_it_found(app, desk):
    dana, alex = signed_in(app, desk["dana"]), signed_in(app, desk["alex"])
    asked = "Does Aetna pay 22633 with 63030?"
    dana.submit(f"/consult?q={asked}&from=casepilot", {"question": asked})
    question = db.session.scalars(db.select(ConsultQuestion)).one()
    assert question.source == "casepilot"
    desk_page = text_of(alex.client.get(f"/consult/questions/{question.id}"))
    assert "What CasePilot found" in desk_page
    assert "What CasePilot found" not in text_of(dana.client.get(f"/me/questions/{question.id}"))


def test_a_consultant_who_checks_the_queue_gets_no_email_per_question(app, desk, mailbox):
    admin = UserActions(app.test_client())
    admin.login("ops@careercenter.example")
    admin.submit(
        f"/admin/users/{desk['alex'].id}/consultant",
        {"credentials": ["CPC"], "specialties": ["spine"], "digest": "off"},
    )
    signed_in(app, desk["dana"]).submit("/consult", {"question": QUESTION, "specialty": "spine"})
    assert not mailbox.to("alex@consult.example")
