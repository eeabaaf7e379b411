"""Feed readers and sitemap readers get well-formed documents with the right jobs."""

from __future__ import annotations

import feedparser
from usp.objects.sitemap import IndexWebsiteSitemap
from usp.tree import sitemap_tree_for_homepage

from careercenter.extensions import db
from tests.support.factories import CompanyFactory, JobFactory, jobs_indexed_once


def parse(response):
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.bozo_exception
    return feed


def test_the_search_feed_for_630xx_parses_and_holds_the_matching_jobs(client):
    JobFactory(title="Family Spine Coder", code_tags=["630xx"], work_mode="remote")
    JobFactory(
        title="Range Spine Coder",
        code_tags=["63001-63048"],
        work_mode="onsite",
        city="Tampa",
        state="FL",
    )
    JobFactory(title="Heart Coder", code_tags=["93xxx"])
    JobFactory(title="Closed Spine Coder", code_tags=["630xx"], status="closed")

    atom = parse(client.get("/jobs/feed.atom?q=630xx"))
    assert atom.version == "atom10"
    titles = [entry.title for entry in atom.entries]
    assert sorted(title.split(" at ")[0] for title in titles) == [
        "Family Spine Coder",
        "Range Spine Coder",
    ]
    assert all("Heart" not in title and "Closed" not in title for title in titles)
    assert atom.feed.id.startswith("http://localhost/jobs/feed.atom")
    assert all(entry.id.startswith("tag:localhost,") for entry in atom.entries)
    assert all(entry.updated_parsed for entry in atom.entries)
    assert any(entry.link.startswith("http://localhost/jobs/") for entry in atom.entries)

    remote = parse(client.get("/jobs/feed.rss?q=630xx&work_mode=remote"))
    assert remote.version.startswith("rss")
    assert [entry.title.split(" at ")[0] for entry in remote.entries] == ["Family Spine Coder"]


def test_company_and_code_pages_have_feeds_and_link_them(client, app):
    app.config["CODE_METERING"] = False
    company = CompanyFactory(name="Ridgeline Spine", slug="ridgeline-spine")
    JobFactory(company=company, title="Ridgeline Coder", code_tags=["630xx"])

    company_feed = parse(client.get("/companies/ridgeline-spine/feed.atom"))
    assert [entry.title for entry in company_feed.entries] == ["Ridgeline Coder at Ridgeline Spine"]
    code_feed = parse(client.get("/codes/cpt/63035/feed.rss"))
    assert len(code_feed.entries) == 1
    assert (
        'href="/companies/ridgeline-spine/feed.atom"'
        in client.get("/companies/ridgeline-spine").data.decode()
    )
    assert 'href="/codes/cpt/63035/feed.atom"' in client.get("/codes/cpt/63035").data.decode()
    assert 'type="application/atom+xml"' in client.get("/jobs?q=spine").data.decode()
    assert client.get("/jobs/feed.json").status_code == 404
    app.config["CODE_METERING"] = True


def test_robots_txt_points_to_the_sitemap(client):
    robots = client.get("/robots.txt").data.decode()
    assert "Sitemap: http://localhost/sitemap.xml" in robots
    assert "Disallow: /employer/" in robots


def test_the_sitemap_lists_every_open_job_exactly_once(app, live_server):
    company = CompanyFactory(slug="ridgeline-spine")
    with jobs_indexed_once():
        open_jobs = [
            JobFactory(company=company, title=f"Mapped Coder {n}", code_tags=["63035"])
            for n in range(5)
        ]
    JobFactory(company=company, title="Closed Coder", status="closed")
    JobFactory(company=company, title="Draft Coder", draft=True)
    db.session.commit()

    pages = list(sitemap_tree_for_homepage(live_server + "/", use_known_paths=False).all_pages())

    urls = [page.url for page in pages]
    job_urls = [url for url in urls if "/jobs/" in url]
    assert sorted(job_urls) == sorted(f"{live_server}/jobs/{job.path_key}" for job in open_jobs)
    assert f"{live_server}/companies/ridgeline-spine" in urls
    assert f"{live_server}/codes/cpt/63035" in urls
    assert all(page.last_modified for page in pages)


def test_a_large_sitemap_becomes_an_index_of_files(app, live_server, monkeypatch):
    monkeypatch.setitem(app.config, "SITEMAP_URLS_PER_FILE", 2)
    with jobs_indexed_once():
        jobs = [JobFactory(title=f"Indexed Coder {n}") for n in range(5)]

    tree = sitemap_tree_for_homepage(live_server + "/", use_known_paths=False)
    indexes = [s for s in tree.sub_sitemaps if isinstance(s, IndexWebsiteSitemap)] or [tree]

    urls = [page.url for page in tree.all_pages()]
    assert sorted(url for url in urls if "/jobs/" in url) == sorted(
        f"{live_server}/jobs/{job.path_key}" for job in jobs
    )
    assert len(urls) == len(set(urls))
    assert indexes


def test_characters_xml_cannot_carry_never_stop_a_feed(client):
    JobFactory(title="Spine Coder \ufffe\uffff", code_tags=["63030"])
    company = JobFactory(title="Pain Coder\x0b").company
    pages = [
        "/jobs/feed.rss",
        "/jobs/feed.atom",
        "/jobs/feed.rss?q=%01",
        "/jobs/feed.atom?q=%EF%BF%BF",
        "/codes/cpt/63030/feed.rss",
        f"/companies/{company.slug}/feed.atom",
    ]
    for page in pages:
        answer = client.get(page)
        assert answer.status_code == 200, page
        parsed = feedparser.parse(answer.data)
        assert not parsed.bozo, (page, parsed.bozo_exception)
    titles = [entry.title for entry in feedparser.parse(client.get("/jobs/feed.rss").data).entries]
    assert any(title.startswith("Spine Coder") for title in titles)


def test_page_numbers_beyond_any_list_are_bounded(client):
    company = JobFactory(title="Paged Coder").company
    for page in (
        f"/companies/{company.slug}?page=9223372036854775807",
        "/codes/cpt/63001-63295?page=9223372036854775807",
        f"/companies/{company.slug}?page=-5",
    ):
        assert client.get(page).status_code == 200, page
