"""A coder asks CasePilot about codes and gets answers the board can prove: every sentence
from a fact with its source, every code linked, and a plain "cannot answer" when the data
does not say. Patient information is refused before anything is kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from careercenter.casepilot.models import AskedQuestion
from careercenter.extensions import db
from tests.support.factories import JobFactory, UserFactory
from tests.support.pages import text_of

SAMPLES = Path(__file__).resolve().parent.parent / "codes" / "cms_samples"


@pytest.fixture(autouse=True)
def unmetered(app, monkeypatch):
    monkeypatch.setitem(app.config, "ASK_METERING", False)


@pytest.fixture
def cms_loaded(app):
    runner = app.test_cli_runner()
    for command, name in (
        ("import-pfs", "PPRRVU26_JAN.csv"),
        ("import-ncci", "ccipra-v321r0-f1.txt"),
        ("import-mue", "MCR_MUE_PractitionerServices.csv"),
    ):
        result = runner.invoke(args=["codes", command, str(SAMPLES / name)])
        assert result.exit_code == 0, result.output


def answer(client, question: str) -> dict:
    response = client.get("/api/v1/ask", query_string={"q": question})
    assert response.status_code == 200, response.json
    return response.json


def sources(reply: dict) -> set[str]:
    return {fact["source"] for fact in reply["facts"]}


def test_what_a_cpt_code_is_comes_in_our_own_words_with_its_jobs(client):
    JobFactory(title="Spine Coder", code_tags=["63030"])
    reply = answer(client, "What is CPT 63030?")
    assert reply["answered"] is True
    assert "Laminotomy on one side at a single low-back level" in reply["answer"]
    assert "CareerCenter's own description (not the AMA's CPT descriptor)" in sources(reply)
    assert "1 open job needs 63030 on this board." in reply["answer"]
    assert {"system": "cpt", "code": "63030"}.items() <= reply["codes"][0].items()
    assert reply["codes"][0]["url"].endswith("/codes/cpt/63030")


def test_an_add_on_question_names_its_primaries(client):
    reply = answer(client, "is 63035 an add on code? what primary does it go with")
    assert "63035 is an add-on code: it is never reported alone" in reply["answer"]
    assert "63035 is reported with: 63020, 63030." in reply["answer"]
    not_addon = answer(client, "Can 63030 be reported alone?")
    assert "63030 is not an add-on code" in not_addon["answer"]


def test_billing_two_codes_together_cites_the_ncci_edit_and_its_file(client, cms_loaded):
    reply = answer(client, "Can 22633 and 63030 be billed together?")
    text = reply["answer"]
    assert "column 1 22633, column 2 63030" in text
    assert "modifier indicator 1" in text and "59, XE, XS, XP, XU" in text and "LT, RT" in text
    assert any(
        source.startswith("CMS NCCI practitioner procedure-to-procedure edits, version 32.1")
        for source in sources(reply)
    )
    assert "63030's MUE (practitioner): at most 2 units" in text
    none = answer(client, "can 63030 and 63045 be billed together")
    assert "No current NCCI practitioner edit pairs 63030 and 63045" in none["answer"]
    assert "not a statement that both are payable" in none["answer"]


def test_without_cms_files_the_answer_says_what_is_missing(client):
    reply = answer(client, "Can 22633 and 63030 be billed together?")
    assert "This board has not loaded CMS's NCCI procedure-to-procedure edits" in reply["answer"]
    global_period = answer(client, "global period for 63030")
    assert "has not loaded CMS's Physician Fee Schedule" in global_period["answer"]


def test_medicare_facts_come_from_the_fee_schedule_file(client, cms_loaded):
    reply = answer(client, "What is the global period of 63030?")
    assert "63030's global period is 090: Major surgery" in reply["answer"]
    rvus = answer(client, "63030 RVUs")
    assert "work 13.18" in rvus["answer"] and "28.38 (facility)" in rvus["answer"]
    assert any("Physician Fee Schedule relative values, 2026-01" in s for s in sources(rvus))


def test_two_diagnoses_are_checked_against_the_excludes_notes_above_them(client):
    reply = answer(client, "Can M51.16 and M54.16 be coded together?")
    assert "Excludes1" in reply["answer"] and "M54.16" in reply["answer"]
    assert "unless the two conditions are unrelated" in reply["answer"]
    assert any(source.startswith("ICD-10-CM FY2026") for source in sources(reply))


def test_a_seventh_character_question_lists_the_characters(client):
    reply = answer(client, "does S72.001 need a 7th character")
    assert "S72.001 needs a 7th character" in reply["answer"]
    assert "A initial encounter for closed fracture" in reply["answer"]


def test_undotted_codes_and_words_are_understood(client):
    assert "M51.16" in answer(client, "what is m5116")["answer"]
    found = answer(client, "ICD-10 code for lumbar disc herniation with radiculopathy")
    assert found["answered"] and "M51.16" in [code["code"] for code in found["codes"]]


def test_a_question_outside_the_data_is_answered_honestly(client):
    reply = answer(client, "How much does Aetna pay for 99214?")
    assert reply["answered"] is False
    assert "payer" in reply["answer"] and reply["facts"] == []
    assert "/consult?q=How+much+does+Aetna" in reply["consultant_url"]  # a person can
    unknown = answer(client, "what is 99999")
    assert unknown["answered"] is False and "99999 is not a code" in unknown["answer"]


def test_patient_information_is_refused_and_nothing_is_kept(client):
    response = client.get(
        "/api/v1/ask", query_string={"q": "pt DOB 01/02/1954, MRN 4455667, can I code M51.16?"}
    )
    assert response.status_code == 400
    message = response.json["error"]["fields"]["q"]
    assert "a date of birth" in message and "a medical record number" in message
    page = client.get("/ask", query_string={"q": "call 555-123-4567 about 63030"})
    assert page.status_code == 400 and "a phone number" in text_of(page)
    assert db.session.scalar(db.select(db.func.count(AskedQuestion.id))) == 0


def test_a_question_keeps_only_the_account_the_time_and_the_text(user):
    seeker = UserFactory(email="dana@example.com")
    user.login(seeker.email)
    user.client.get("/ask", query_string={"q": "What is 63030?"})
    kept = db.session.scalars(db.select(AskedQuestion)).one()
    assert (kept.user_id, kept.text) == (seeker.id, "What is 63030?")
    assert set(AskedQuestion.__table__.columns.keys()) == {"id", "user_id", "asked_at", "text"}


def test_guests_get_three_answers_a_month_and_the_same_question_costs_nothing(
    app, client, monkeypatch
):
    monkeypatch.setitem(app.config, "ASK_METERING", True)
    for question in ("What is 63030?", "What is 63035?", "What is 63030?", "What is 63047?"):
        assert client.get("/ask", query_string={"q": question}).status_code == 200
    page = text_of(client.get("/ask", query_string={"q": "What is 63048?"}))
    assert "You have used this month's answers" in page
    assert client.get("/api/v1/ask", query_string={"q": "What is 63020?"}).status_code == 429
    # code pages are counted apart
    assert "Read the full entry" not in text_of(client.get("/codes/cpt/63030"))


def test_every_code_page_has_a_question_box_and_the_page_works_without_javascript(client):
    html = client.get("/codes/cpt/63035").data.decode()
    assert 'action="/ask"' in html and "Ask about 63035" in html
    page = client.get("/ask?q=Is+63035+an+add-on%3F").data.decode()
    assert "63035 is an add-on code" in page
    assert 'href="/codes/cpt/63020"' in page  # every code named links to its page
    assert "not billing advice" in page
