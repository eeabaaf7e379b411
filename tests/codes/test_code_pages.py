"""A coder follows a code link: the code page explains it and lists the jobs that need it."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from tests.support.factories import EmployerFactory
from tests.support.pages import job_form, post_job, text_of


@pytest.fixture(autouse=True)
def no_metering(app, monkeypatch):
    monkeypatch.setitem(app.config, "CODE_METERING", False)


def test_a_job_tagged_630xx_is_listed_on_the_pages_of_63035_and_63044(user, guest):
    EmployerFactory(email="owner@ridgeline.example")
    user.login("owner@ridgeline.example")
    post_job(user, title="Spine Family Coder", code_tags="630xx")
    post_job(user, title="Spine Range Coder", code_tags="63001-63048")
    post_job(user, title="Heart Coder", code_tags="93xxx")

    for code in ("63035", "63044"):
        page = text_of(guest.get(f"/codes/cpt/{code}"))
        assert "Spine Family Coder" in page
        assert "Spine Range Coder" in page
        assert "Heart Coder" not in page
    assert "Spine Range Coder" not in text_of(guest.get("/codes/cpt/63053"))
    search = text_of(guest.get("/jobs?code=63035"))
    assert "Spine Family Coder" in search and "Heart Coder" not in search


def test_63035_names_its_primary_codes_and_63030_its_add_on(guest):
    addon = guest.get("/codes/cpt/63035")
    assert addon.status_code == 200
    html = addon.data.decode()
    assert re.search(
        r"report it with <a href=\"/codes/cpt/63020\">63020</a> or "
        r"<a href=\"/codes/cpt/63030\">63030</a>",
        html,
    )
    assert "add-on code" in html
    assert "CareerCenter to explain the code" in html

    primary = guest.get("/codes/cpt/63030").data.decode()
    addons = re.search(r"Add-on codes reported with 63030: (.*?)</p>", primary).group(1)
    assert '<a href="/codes/cpt/63035">63035</a>' in addons
    assert '<a href="/codes/cpt/22842">22842</a>' in addons  # instrumentation
    assert "63044" in text_of(guest.get("/codes/cpt/63042"))


def test_an_icd_10_cm_page_shows_the_official_text_and_its_hierarchy(guest):
    html = guest.get("/codes/icd10cm/M51.16").data.decode()

    assert "Intervertebral disc disorders with radiculopathy, lumbar region" in html
    assert "ICD-10-CM FY2026 (April 1, 2026 update, CDC), public domain" in html
    for link in (
        "/codes/icd10cm/M00-M99",
        "/codes/icd10cm/M50-M54",
        "/codes/icd10cm/M51",
        "/codes/icd10cm/M51.1",
    ):
        assert f'href="{link}"' in html
    assert "Diseases of the musculoskeletal system" in html
    assert "M51.17" in html  # a sibling


def test_ranges_blocks_and_chapters_list_what_they_hold(guest):
    spine = text_of(guest.get("/codes/cpt/63001-63048"))
    assert "Decompression from the back" in spine
    assert "63030" in spine and "63048" in spine and "63050" not in spine

    block = text_of(guest.get("/codes/icd10cm/M50-M54"))
    assert "M51" in block and "Dorsalgia" in block

    family = text_of(guest.get("/codes/cpt/63000-63099"))
    assert "63001" in family and "63091" in family and "63101" not in family


def test_job_pages_link_every_tag_to_its_code_or_range_page(user, guest):
    EmployerFactory(email="owner@ridgeline.example")
    user.login("owner@ridgeline.example")
    path = post_job(user, code_tags="63035, 630xx, 63001-63048, M51.16, m51.*")

    html = guest.get(path).data.decode()

    assert 'href="/codes/cpt/63035">63035<' in html
    assert 'href="/codes/cpt/63000-63099">630xx<' in html
    assert 'href="/codes/cpt/63001-63048">63001-63048<' in html
    assert 'href="/codes/icd10cm/M51.16">M51.16<' in html
    assert 'href="/codes/icd10cm/M51">m51.*<' in html
    assert "Spine Surgery Coder (CPC)" in text_of(guest.get("/codes/icd10cm/M51"))


def test_malformed_tags_are_refused_on_the_job_form(user):
    EmployerFactory(email="owner@ridgeline.example")
    user.login("owner@ridgeline.example")

    page = user.submit(
        "/employer/jobs/new", job_form(code_tags="63035, 6303, <script>, 63048-63001")
    )

    html = page.data.decode()
    assert "“6303” is not a code tag" in html
    assert "“&lt;script&gt;” is not a code tag" in html
    assert "runs backwards" in html
    assert "a family (630xx, 630**, M51.*)" in html


def test_an_unknown_code_gets_a_helpful_404_with_near_matches(guest):
    response = guest.get("/codes/cpt/19346")  # in no family we know
    assert response.status_code == 404
    assert "19346" in text_of(response)
    placed = guest.get("/codes/cpt/63036")  # inside 63001-63048: placed, with near codes
    assert placed.status_code == 200
    assert 'href="/codes/cpt/63001-63048"' in placed.data.decode()
    assert "63030" in text_of(placed)
    assert guest.get("/codes/nosuchsystem/63035").status_code == 404
    assert guest.get("/codes/cpt/63048-63001").status_code == 404
    assert "runs backwards" in text_of(guest.get("/codes/cpt/63048-63001"))


def test_a_code_without_its_system_redirects_when_unambiguous(guest):
    assert guest.get("/codes/63035").headers["Location"] == "/codes/cpt/63035"
    assert guest.get("/codes/m51.16").headers["Location"] == "/codes/icd10cm/M51.16"
    assert guest.get("/codes/cpt/m51.16").status_code in (301, 404)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("63035", "63035"),
        ("630", "63001"),
        ("laminotomy", "63030"),
        ("herniated disc", "63030"),
        ("M51.1", "M51.16"),
        ("radiculopathy lumbar", "M51.16"),
    ],
)
def test_code_lookup_finds_by_number_prefix_or_words(guest, query, expected):
    page = guest.get("/codes", query_string={"q": query})
    assert page.status_code == 200
    assert f">{expected}<" in page.data.decode()


def test_code_lookup_survives_hostile_text(guest):
    for query in ["%", "_", "'; drop table codes; --", "<script>", "a" * 500, "NEAR(", "*"]:
        response = guest.get("/codes", query_string={"q": query})
        assert response.status_code == 200
        assert b"<script>" not in response.data.split(b"</header>")[1]


def test_an_icd_10_cm_page_warns_when_the_loaded_release_is_older_than_the_one_in_force(
    guest, monkeypatch
):
    """The shipped release is FY2026's April update; from October 1, 2026 FY2027 applies."""
    import careercenter.codes.releases as releases
    from careercenter.codes.service import forget_code_pages

    monkeypatch.setattr(releases, "utcnow", lambda: datetime(2026, 12, 3, tzinfo=UTC))
    forget_code_pages(words=False)
    warned = text_of(guest.get("/codes/icd10cm/M51.16"))
    assert "This board holds the FY2026 ICD-10-CM release; FY2027 codes apply" in warned
    monkeypatch.setattr(releases, "utcnow", lambda: datetime(2026, 9, 30, tzinfo=UTC))
    forget_code_pages(words=False)
    assert "This board holds" not in text_of(guest.get("/codes/icd10cm/M51.16"))
    assert "This board holds" not in text_of(guest.get("/codes/cpt/63030"))
    forget_code_pages(words=False)
