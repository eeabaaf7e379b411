"""A coder checks an ICD-10-CM code before assigning it: is it billable, what do the notes
say, which 7th character, and which jobs need it or a code beneath it."""

from __future__ import annotations

import re

import pytest

from tests.support.pages import employer_posts, text_of


@pytest.fixture(autouse=True)
def no_metering(app, monkeypatch):
    monkeypatch.setitem(app.config, "CODE_METERING", False)


def section(html: str, heading: str) -> str:
    """The HTML from a heading to the next heading of the same or a higher level."""
    start = re.search(rf"<h([23])[^>]*>\s*{heading}", html)
    assert start, f"no section {heading!r}"
    level = int(start.group(1))
    end = re.compile(rf"<h[1-{level}][ >]").search(html, start.end())
    return html[start.start() : end.start() if end else len(html)]


def test_m51_16_is_billable_and_shows_the_excludes1_that_sends_radiculitis_to_m54_16(guest):
    html = guest.get("/codes/icd10cm/M51.16").data.decode()

    assert "Billable" in html and "Header" not in html
    notes = section(html, r"Notes from <a href=\"/codes/icd10cm/M51.1\">M51.1</a> that apply here")
    assert "Excludes1" in notes
    assert '<a href="/codes/icd10cm/M54.16">M54.16</a>' in notes
    assert "lumbar radiculitis NOS" in notes
    assert "April 1, 2026 update" in html


def test_m54_16_shows_the_excludes1_of_m54_1_linking_to_the_disc_codes(guest):
    html = guest.get("/codes/icd10cm/M54.16").data.decode()

    notes = section(html, r"Notes from <a href=\"/codes/icd10cm/M54.1\">M54.1</a> that apply here")
    assert "radiculopathy with lumbar and other intervertebral disc disorder" in notes
    assert '<a href="/codes/icd10cm/M51.1">M51.1-</a>' in notes
    # and the notes of the category above it
    assert "psychogenic dorsalgia" in section(html, r"Notes from <a href=\"/codes/icd10cm/M54\">")


def test_s32_0_is_a_header_with_its_billable_codes_the_7th_character_and_the_notes_of_s32(guest):
    html = guest.get("/codes/icd10cm/S32.0").data.decode()

    assert "Header" in html and 'href="#billable-beneath"' in html
    beneath = section(html, r"Billable codes under S32.0")
    assert 'id="billable-beneath"' in beneath
    assert 'href="/codes/icd10cm/S32.000A"' in beneath
    assert 'href="/codes/icd10cm/S32.000"' not in beneath  # a header itself

    seventh = section(html, "7th character")
    assert 'defined at <a href="/codes/icd10cm/S32">S32</a>' in seventh
    assert re.search(r"<strong>A</strong></td><td>initial encounter for closed fracture", seventh)
    assert re.search(r"<strong>S</strong></td><td>sequela", seventh)

    s32 = section(html, r"Notes from <a href=\"/codes/icd10cm/S32\">S32</a>")
    assert "Includes" in s32 and "fracture of lumbosacral neural arch" in s32
    assert "Excludes2" in s32 and '<a href="/codes/icd10cm/S72.0">S72.0-</a>' in s32
    assert "Code first" in s32 and '<a href="/codes/icd10cm/S34">S34.-</a>' in s32
    assert "should be coded to displaced" in s32  # a plain note
    assert "Inclusion terms" in html and "Fracture of lumbar spine NOS" in html


def test_m1a_shows_its_notes_its_7th_character_and_sits_in_m05_m14(guest):
    html = guest.get("/codes/icd10cm/M1A").data.decode()

    assert "Header" in html
    notes = section(html, "Notes on M1A")
    assert '<a href="/codes/icd10cm/M10">M10.-</a>' in notes  # gout NOS, Excludes1
    assert "Use additional code" in notes and '<a href="/codes/icd10cm/N08">N08</a>' in notes
    assert "without tophus" in section(html, "7th character")
    assert 'href="/codes/icd10cm/M05-M14"' in html  # breadcrumb


def test_a_code_also_note_links_every_code_it_names(guest):
    notes = section(guest.get("/codes/icd10cm/E20.810").data.decode(), "Notes on E20.810")
    assert "Code also" in notes
    for code in ("N20.0", "N18", "J80", "R06", "G40", "R56.9"):
        assert f'href="/codes/icd10cm/{code}"' in notes


@pytest.mark.parametrize(
    ("block", "before", "letter_category", "after"),
    [
        ("C43-C44", "C43", "C4A", "C44"),
        ("M05-M14", "M08", "M1A", "M10"),
        ("Z30-Z39", "Z36", "Z3A", "Z37"),
    ],
)
def test_a_block_lists_its_letter_category_in_tabular_order(
    guest, block, before, letter_category, after
):
    page = text_of(guest.get(f"/codes/icd10cm/{block}"))
    assert f" {before} " in page and f" {letter_category} " in page and f" {after} " in page
    assert page.index(f" {before} ") < page.index(f" {letter_category} ") < page.index(f" {after} ")


def test_super_blocks_nest_their_sub_blocks(guest):
    malignant = text_of(guest.get("/codes/icd10cm/C00-C96"))
    assert "C00-C75" in malignant and "C00-C14" not in malignant
    assert "C00-C14" in text_of(guest.get("/codes/icd10cm/C00-C75"))

    lip = guest.get("/codes/icd10cm/C00").data.decode()
    trail = re.search(r'<nav class="breadcrumbs".*?</nav>', lip, re.S).group(0)
    assert trail.index("C00-D49") < trail.index("C00-C96") < trail.index("C00-C75")
    assert trail.index("C00-C75") < trail.index("C00-C14")


def test_category_and_block_pages_list_jobs_needing_any_code_beneath_with_that_code(user, guest):
    employer_posts(
        user,
        {
            "Disc Coder": "630xx, M51.16",
            "Gout Coder": "M05-M14",
            "Skin Cancer Coder": "C43-C44",
        },
    )

    for page in ("/codes/icd10cm/M51", "/codes/icd10cm/M51.1", "/codes/icd10cm/M50-M54"):
        html = guest.get(page).data.decode()
        assert "Disc Coder" in html, page
        assert re.search(r'Needs <a class="code-number" href="/codes/icd10cm/M51.16">M51.16', html)
        assert "Gout Coder" not in html
    assert "No open job needs" not in text_of(guest.get("/codes/icd10cm/M51"))

    # A range tag reaches the letter categories inside it, on their pages and in search.
    chronic_gout = text_of(guest.get("/codes/icd10cm/M1A.0"))
    assert "Gout Coder" in chronic_gout
    assert "Gout Coder" in text_of(guest.get("/codes/icd10cm/M1A.0110"))
    assert "Skin Cancer Coder" in text_of(guest.get("/codes/icd10cm/C4A"))
    assert "Skin Cancer Coder" in text_of(guest.get("/jobs?code=C4A.4"))


def test_a_range_may_start_at_a_letter_category(guest):
    from careercenter.codes.tags import parse_tag

    tag = parse_tag("M1A-M10")
    assert tag.covers("M1A.0110") and tag.covers("M10.9")
    assert not tag.covers("M11.0") and not tag.covers("M08.0")


def test_an_icd10cm_code_typed_without_its_dot_opens_the_dotted_page(client):
    moved = client.get("/codes/icd10cm/M5116")
    assert moved.status_code == 301 and moved.headers["Location"].endswith("/codes/icd10cm/M51.16")
    assert client.get("/codes/icd10cm/m5116").headers["Location"].endswith("/codes/icd10cm/M51.16")
    assert client.get("/codes/icd10cm/M51.16").status_code == 200


def test_block_and_chapter_notes_apply_to_every_code_beneath(guest):
    """Under the guidelines a block's and a chapter's notes reach every code under them."""
    html = guest.get("/codes/icd10cm/M51.16").data.decode()
    from_block = section(html, r"Notes from <a[^>]*>M50-M54</a>")
    assert "Excludes1" in from_block and "discitis NOS" in from_block
    injury = guest.get("/codes/icd10cm/S72.001A").data.decode()
    assert "Use secondary code(s) from Chapter 20" in injury  # chapter 19's note
    poisoning = guest.get("/codes/icd10cm/T36.0X1A").data.decode()
    assert re.search(r"Notes from <a[^>]*>T36-T50</a>", poisoning)
    block_page = guest.get("/codes/icd10cm/M50-M54").data.decode()
    assert "Notes on M50-M54" in block_page and "discitis NOS" in block_page
    assert "unless the two conditions are unrelated" in block_page  # Excludes1's exception


def test_a_block_of_one_category_shows_its_own_notes_not_the_categorys(guest):
    block = text_of(guest.get("/codes/icd10cm/T07-T07"))
    assert "burns and corrosions" in block  # the block's Excludes1
    category = text_of(guest.get("/codes/icd10cm/T07"))
    assert "injury NOS" in category  # the category's own
