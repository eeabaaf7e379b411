"""A spine coder reads the CPT pages: our own words, complete around 630xx, and no dead ends."""

from __future__ import annotations

import re

import pytest

from careercenter.codes.tags import CPT, EXACT, parse_tag
from careercenter.demo.content import ROLES, SPINE_FAMILY_SETS
from tests.support.pages import employer_posts, text_of

SPINE_NEIGHBOURS = [
    "22551",
    "22552",
    "22554",
    "22585",
    "22586",
    "22600",
    "22610",
    "22612",
    "22614",
    "22630",
    "22632",
    "22633",
    "22634",
    "22840",
    "22841",
    "22842",
    "22843",
    "22844",
    "22845",
    "22846",
    "22847",
    "22848",
    "22849",
    "22850",
    "22852",
    "22853",
    "62320",
    "62321",
    "62322",
    "62323",
    "64479",
    "64480",
    "64483",
    "64484",
    "64490",
    "64491",
    "64492",
    "64493",
    "64494",
    "64495",
    "22510",
    "22511",
    "22512",
    "22513",
    "22514",
    "22515",
]


@pytest.fixture(autouse=True)
def no_metering(app, monkeypatch):
    monkeypatch.setitem(app.config, "CODE_METERING", False)


def plain_text(guest, code: str) -> str:
    html = guest.get(f"/codes/cpt/{code}").data.decode()
    match = re.search(r"<h2>In plain language</h2>\s*<p>(.*?)</p>", html, re.S)
    assert match, f"{code} has no plain-language text"
    return match.group(1)


@pytest.mark.parametrize("code", SPINE_NEIGHBOURS)
def test_the_spine_codes_beside_630xx_have_our_own_words(guest, code):
    assert len(plain_text(guest, code)) > 40


def test_every_code_a_demo_job_tags_has_a_page_in_our_words_or_official_text(guest):
    tags = {tag for role in ROLES for tag in role.tags} | {t for s in SPINE_FAMILY_SETS for t in s}
    exact = [parse_tag(tag) for tag in tags if parse_tag(tag).kind == EXACT]
    assert len(exact) > 10
    for tag in exact:
        html = guest.get(f"/codes/{tag.system}/{tag.text}").data.decode()
        if tag.system == CPT:
            assert "In plain language" in html, tag.text
        else:
            assert "Official description" in html, tag.text


def test_63295_names_the_procedures_it_is_added_to(guest):
    html = guest.get("/codes/cpt/63295").data.decode()
    primaries = re.search(r"report it with (.*?)\.</p>", html).group(1)
    for code in ("63172", "63185", "63250", "63290"):
        assert f'<a href="/codes/cpt/{code}">{code}</a>' in primaries


def test_the_corrected_texts(guest):
    assert "at any level" not in plain_text(guest, "63170")
    assert "neck, the mid-back" in plain_text(guest, "63170")
    for code in ("63052", "63053"):
        assert "beyond what" in plain_text(guest, code)
    for code in ("63001", "63003", "63005", "63011", "63015", "63016", "63017"):
        assert "without facetectomy, foraminotomy or discectomy" in plain_text(guest, code)


def test_the_faults_an_assistant_would_repeat_are_corrected(guest):
    """Issue #27's list: add-on links CPT's guidance forbids, the missing cordotomy codes, a
    grouping named for a fraction of its span, titles promising a disc removal the codes do
    not require, 64483's anesthetic, and keywords on the wrong ICD-10-CM codes."""
    from careercenter.codes.models import AddOnRelation, Code
    from careercenter.extensions import db

    forbidden = {"22840", "22848", "22853", "22854", "22859"}
    primaries_of_22586 = set(
        db.session.scalars(db.select(AddOnRelation.addon).where(AddOnRelation.primary == "22586"))
    )
    assert not forbidden & primaries_of_22586
    for code in ("63194", "63195", "63196", "63197", "63198", "63199"):
        assert "cordotomy" in plain_text(guest, code)
    heading = text_of(guest.get("/codes/cpt/27130-27447"))
    assert "Hip and knee joint replacement and revision" not in heading
    assert "pelvis, hip, thigh and knee" in heading
    for code in ("63020", "63030"):
        title = db.session.scalar(db.select(Code.short_title).where(Code.code == code))
        assert "disc removal" not in title and "free a nerve root" in title
    assert "Anesthetic and/or steroid" in plain_text(guest, "64483")

    def keywords(code: str) -> str:
        found = db.session.scalar(
            db.select(Code.keywords).where(Code.system == "icd10cm", Code.code == code)
        )
        return (found or "").lower()

    assert "sciatica" not in keywords("M51.1") and "sciatica" in keywords("M54.3")
    assert "cervical radiculopathy" in keywords("M54.12")
    assert "bmi" not in keywords("E66") and "bmi" in keywords("Z68")


def test_project_groupings_say_whose_grouping_they_are(guest):
    page = text_of(guest.get("/codes/cpt/63001-63048"))
    assert "CPT codes grouped by CareerCenter" in page and "CPT range" not in page


def test_a_left_out_code_says_why(guest):
    deleted = guest.get("/codes/cpt/22851")
    assert deleted.status_code == 200
    assert "Deleted from CPT in 2017" in text_of(deleted)
    assert "transversus abdominis plane" in text_of(guest.get("/codes/cpt/64487"))


def test_a_tagged_code_without_text_places_itself_and_lists_its_jobs(user, guest):
    # 27137 falls in our 27130-27447 grouping, 27486 in none we know
    employer_posts(user, {"Revision Knee Coder": "27486", "Hip Revision Coder": "27137"})

    placed = guest.get("/codes/cpt/27137")
    assert placed.status_code == 200
    html = placed.data.decode()
    assert 'href="/codes/cpt/27130-27447"' in html
    assert "Hip Revision Coder" in html
    assert "codes import-cpt" in html

    unplaced = guest.get("/codes/cpt/27486")
    assert unplaced.status_code == 200  # a job needs it: never a dead end
    assert "Revision Knee Coder" in unplaced.data.decode()


def test_lists_show_short_titles_and_leave_the_explanation_to_the_code_page(guest):
    explanation = plain_text(guest, "63001")
    range_page = guest.get("/codes/cpt/63001-63048").data.decode()
    assert "Laminectomy, 1-2 cervical segments" in range_page
    assert explanation not in range_page
    lookup = guest.get("/codes", query_string={"q": "laminectomy"}).data.decode()
    assert "Laminectomy, 1-2 cervical segments" in lookup
    assert explanation not in lookup
