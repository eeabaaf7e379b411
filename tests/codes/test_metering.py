"""Guests read one code page, free accounts five more, employers without limit."""

from __future__ import annotations

import pytest

from tests.support.factories import EmployerFactory

DESCRIPTION_63030 = "Laminotomy on one side at a single low-back level"


@pytest.fixture(autouse=True)
def metering(app, monkeypatch):
    monkeypatch.setitem(app.config, "CODE_METERING", True)
    monkeypatch.setitem(app.config, "CODE_VIEWS_GUEST", 1)
    monkeypatch.setitem(app.config, "CODE_VIEWS_FREE", 5)


def test_a_guest_reads_one_code_page_then_is_asked_to_register(app, guest):
    first = guest.get("/codes/cpt/63030").data.decode()
    assert DESCRIPTION_63030 in first
    assert "0 free code pages left this month" in first

    second = guest.get("/codes/icd10cm/M51.16")
    html = second.data.decode()
    assert second.status_code == 200
    assert "Create a free account" in html
    assert "Intervertebral disc disorders" not in html  # never the descriptions
    assert "M51.16" in html

    again = guest.get("/codes/cpt/63030").data.decode()
    assert DESCRIPTION_63030 in again  # reloading a page already read costs nothing

    colleague = app.test_client()  # another guest at the same address has their own view
    colleagues_page = colleague.get("/codes/cpt/63047").data.decode()
    assert "You have read your free code page" not in colleagues_page


def test_a_new_account_reads_five_more(app, user):
    user.client.get("/codes/cpt/63030")
    user.register("new@example.com")

    remaining = []
    for code in ("63020", "63035", "63040", "63042", "63043"):
        html = user.client.get(f"/codes/cpt/{code}").data.decode()
        assert "Create a free account" not in html
        remaining.append(html.split(" free code page")[0].rsplit("have ", 1)[-1])
    assert remaining == ["4", "3", "2", "1", "0"]

    sixth = user.client.get("/codes/cpt/63044").data.decode()
    assert "You have read the 5 code pages of your free account this month" in sixth
    assert "Each further low-back level" not in sixth


def test_employers_read_without_limit(user):
    EmployerFactory(email="owner@ridgeline.example")
    user.login("owner@ridgeline.example")
    for code in ("63020", "63030", "63035", "63040", "63042", "63043", "63044", "63047"):
        html = user.client.get(f"/codes/cpt/{code}").data.decode()
        assert "free code page" not in html
        assert "Create a free account" not in html


def test_metering_can_be_turned_off(app, guest, monkeypatch):
    monkeypatch.setitem(app.config, "CODE_METERING", False)
    for code in ("63020", "63030", "63035"):
        assert "Create a free account" not in guest.get(f"/codes/cpt/{code}").data.decode()


def test_signing_up_from_a_locked_code_page_comes_back_to_that_code(app, user, mailbox):
    """The locked page's "Create a free account" carries the page along: the confirmation
    link signs the new account in on the code it was reading, now shown."""
    import re

    from tests.support.people import PASSWORD

    user.client.get("/codes/cpt/63030")
    locked = user.client.get("/codes/icd10cm/M51.16").data.decode()
    link = re.search(r'href="([^"]*/register[^"]*)">Create a free account', locked).group(1)
    form = user.client.get(link.replace("&amp;", "&")).data.decode()
    start = re.search(r'name="next"[^>]*value="([^"]*)"', form).group(1)
    assert start == "/codes/icd10cm/M51.16"
    user.submit(
        "/register",
        {
            "email": "new@example.com",
            "name": "Pat",
            "role": "seeker",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "next": start,
        },
    )
    confirmed = user.client.get(mailbox.link_in_last("new@example.com", "/account/verify/"))
    assert confirmed.status_code == 302 and confirmed.headers["Location"].endswith(start)
    page = user.client.get(start).data.decode()
    assert "Intervertebral disc disorders" in page and "Create a free account" not in page
