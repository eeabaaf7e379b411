"""What the Meilisearch backend sends, checked without a server (none can run here)."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from careercenter.search.meili import (
    FILTERABLE,
    build_filter,
    filter_in,
    filter_value,
    index_settings,
    sort_for,
)
from careercenter.search.query import parse_search_args


def test_filter_values_are_quoted_and_escaped():
    assert filter_value("remote") == '"remote"'
    assert filter_value('a"b') == '"a\\"b"'
    assert filter_value("back\\slash") == '"back\\\\slash"'
    assert filter_value('" OR 1 = 1') == '"\\" OR 1 = 1"'
    assert filter_value(60000) == "60000"


def test_only_whitelisted_attributes_can_be_filtered():
    assert filter_in("work_mode", ["remote"]) == 'work_mode IN ["remote"]'
    with pytest.raises(ValueError, match="not a filterable attribute"):
        filter_in("title = 'x' OR id", ["1"])


def test_a_search_becomes_one_filter_per_facet_with_or_inside():
    query = parse_search_args(
        MultiDict(
            [
                ("q", "630xx coder"),
                ("work_mode", "remote"),
                ("work_mode", "hybrid"),
                ("state", "AL"),
                ("code", "63035"),
                ("salary_min", "60000"),
                ("posted_within", "7"),
            ]
        )
    )
    expressions = build_filter(query, now=1_000_000)
    assert expressions[0] == "expires_at > 1000000 OR expires_at NOT EXISTS OR expires_at IS NULL"
    assert 'states IN ["AL"]' in expressions
    assert 'work_mode IN ["hybrid", "remote"]' in expressions
    codes = next(str(e) for e in expressions if str(e).startswith("code_match IN"))
    assert '"1:cpt:63035"' in codes and '"4:cpt:63035"' in codes  # the code at every tier
    assert '"1:cpt:630xx="' in codes and '"3:cpt:630"' in codes  # the family, tagged or covering
    assert '"3:cpt:630*"' in codes  # a family tag kept by shape covers 63035 too
    assert "salary_yearly_max >= 60000" in expressions
    assert f"posted_at >= {1_000_000 - 7 * 86400}" in expressions
    assert query.words == "coder"


def test_a_facet_is_counted_without_its_own_filter():
    query = parse_search_args(MultiDict([("work_mode", "remote"), ("state", "WI")]))
    without_state = build_filter(query, now=0, skip_facet="state")
    assert 'work_mode IN ["remote"]' in without_state
    assert not any("states" in str(expression) for expression in without_state)


def test_settings_cover_what_the_searches_use():
    settings = index_settings()
    assert settings["typoTolerance"]["disableOnNumbers"] is True
    assert settings["pagination"]["maxTotalHits"] >= 1000
    assert {
        "code_match",
        "states",
        "work_mode",
        "salary_yearly_max",
        "posted_at",
        "expires_at",
    } <= set(settings["filterableAttributes"])
    assert settings["sortableAttributes"] == ["posted_at", "salary_yearly_max"]
    assert settings["searchableAttributes"][0] == "title"
    assert "hemilaminectomy" in settings["synonyms"]["laminotomy"]
    assert set(FILTERABLE) == set(settings["filterableAttributes"])


def test_sorting_rules():
    assert sort_for(parse_search_args(MultiDict({"sort": "newest"}))) == ["posted_at:desc"]
    assert sort_for(parse_search_args(MultiDict({"sort": "salary"})))[0] == "salary_yearly_max:desc"
    assert sort_for(parse_search_args(MultiDict({"q": "spine"}))) is None
    assert sort_for(parse_search_args(MultiDict())) == ["posted_at:desc"]


def test_highlights_from_meilisearch_are_escaped_before_they_become_html():
    from careercenter.search.meili import MeiliBackend

    hit = MeiliBackend._hit(
        {
            "id": "7",
            "title": "<img src=x onerror=alert(1)> Coder",
            "_formatted": {
                "title": "<img src=x onerror=alert(1)> \x02Coder\x03",
                "description": "…\x02spine\x03 & <b>more</b>",
            },
        }
    )
    assert hit.title_html == "&lt;img src=x onerror=alert(1)&gt; <mark>Coder</mark>"
    assert hit.snippet_html == "…<mark>spine</mark> &amp; &lt;b&gt;more&lt;/b&gt;"
    assert "_formatted" not in hit.document


def test_one_tier_of_a_code_search_excludes_the_better_tiers():
    query = parse_search_args(MultiDict([("code", "M51.16")]))
    query.code_tier = "3"
    expressions = [str(e) for e in build_filter(query, now=0)]
    reach = next(e for e in expressions if e.startswith("code_match IN"))
    better = next(e for e in expressions if e.startswith("NOT code_match IN"))
    for term in ("1:icd10cm:M51.1=", "1:icd10cm:M51=", "3:icd10cm:M51.16", "3:icd10cm:M51*"):
        assert f'"{term}"' in reach
    assert '"1:icd10cm:M51.16"' in better and '"2:icd10cm:M51.16"' in better
    assert '"3:' not in better


def test_a_code_box_entry_that_is_no_code_filters_to_nothing_not_everything():
    query = parse_search_args(MultiDict([("code", "spine")]))
    assert query.bad_codes == ["spine"]
    assert 'code_match IN ["!"]' in build_filter(query, now=0)


def test_a_category_typed_without_its_dot_also_reaches_the_icd_code():
    query = parse_search_args(MultiDict([("q", "M5116")]))
    (term,) = query.codes
    assert set(term.parts) == {"M5116", "M51.16"}
    assert "1:icd10cm:M51=" in term.terms("3")
    assert "3:hcpcs:M5116" in term.terms("3")  # and the HCPCS code of that shape


# ---- issue #12: defects a real server would show, checked on what the backend sends ----


def test_newest_and_salary_sorts_are_strict_even_with_words():
    """Meilisearch applies ranking rules in order: "sort" first makes a chosen sort strict
    (with no sort asked for, the rule does nothing)."""
    assert index_settings()["rankingRules"][0] == "sort"


def test_title_and_description_come_back_highlighted():
    from careercenter.search.meili import MeiliBackend

    backend = MeiliBackend("http://127.0.0.1:9", None)
    request = backend._request(parse_search_args(MultiDict({"q": "spine"})), now=0)
    assert {"title", "description"} <= set(request["attributesToHighlight"])


def test_jobs_without_an_expiry_date_are_listed():
    """A null expires_at exists for Meilisearch, so NOT EXISTS alone misses it."""
    (listed, *_) = build_filter(parse_search_args(MultiDict()), now=1000)
    assert listed == "expires_at > 1000 OR expires_at NOT EXISTS OR expires_at IS NULL"


def test_facet_counts_of_a_chosen_facet_use_the_hits_matching_strategy():
    from careercenter.search.meili import MeiliBackend

    backend = MeiliBackend("http://127.0.0.1:9", None)
    query = parse_search_args(MultiDict({"q": "spine coder", "work_mode": "remote"}))
    facet_request = backend._request(query, now=0, skip_facet="work_mode", facets_only=True)
    assert facet_request["matchingStrategy"] == backend._request(query, 0)["matchingStrategy"]


class RecordingIndex:
    """A named stand-in for the client's Index at the network boundary: it records calls."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple, dict]] = []

    def delete_documents(self, *args, **kwargs):
        self.calls.append(("delete_documents", args, kwargs))
        return type("TaskInfo", (), {"task_uid": 1})()


def test_deleting_documents_uses_the_current_client_call_not_the_deprecated_one(monkeypatch):
    from careercenter.search.meili import MeiliBackend

    backend = MeiliBackend("http://127.0.0.1:9", None)
    index = RecordingIndex()
    monkeypatch.setattr(backend, "_index", lambda: index)
    monkeypatch.setattr(backend, "_await", lambda task: None)
    backend.delete(["12", "13"])
    ((name, args, kwargs),) = index.calls
    assert name == "delete_documents" and not args
    assert kwargs == {"filter": 'id IN ["12", "13"]'}
    assert "id" in FILTERABLE


def test_hits_carry_only_what_a_result_card_the_api_and_alerts_read():
    from careercenter.search.meili import MeiliBackend

    backend = MeiliBackend("http://127.0.0.1:9", None)
    request = backend._request(parse_search_args(MultiDict({"q": "spine"})), now=0)
    retrieved = set(request["attributesToRetrieve"])
    assert not retrieved & {"code_text", "family_text", "code_match"}
    needed = {"id", "title", "url", "company", "company_slug", "work_mode", "states"}
    needed |= {"location", "employment_type", "salary", "salary_yearly_min", "salary_yearly_max"}
    needed |= {"tags", "codes", "posted_at", "credentials_required", "specialties"}
    assert needed <= retrieved


class RecordingClient:
    """A named stand-in for the official client at the network boundary: it records every
    call by name and answers searches with no hits."""

    def __init__(self, version: str = "1.16.0") -> None:
        self.calls: list[str] = []
        self.version = version

    def multi_search(self, requests):
        self.calls.append("multi_search")
        return {
            "results": [{"hits": [], "totalHits": 0, "facetDistribution": {}} for _ in requests]
        }

    def get_version(self):
        self.calls.append("get_version")
        return {"pkgVersion": self.version}

    def __getattr__(self, name):  # any other call is a write or a settings read
        def record(*args, **kwargs):
            self.calls.append(name)
            raise AssertionError(f"the web tier called {name}")

        return record


def test_a_search_only_reads_and_uses_the_search_key(monkeypatch):
    from careercenter.search.meili import MeiliBackend

    backend = MeiliBackend("http://127.0.0.1:9", "admin-key", search_key="search-key")
    assert backend.reader.config.api_key == "search-key"
    assert backend.client.config.api_key == "admin-key"
    reader = RecordingClient()
    monkeypatch.setattr(backend, "reader", reader)
    result = backend.search(parse_search_args(MultiDict({"q": "spine", "work_mode": "remote"})))
    assert result.total == 0
    assert reader.calls == ["multi_search"]  # no index creation, no settings, no task polling


def test_setup_refuses_a_server_older_than_the_settings_need(monkeypatch):
    from careercenter.search.backend import SearchUnavailable
    from careercenter.search.meili import MINIMUM_SERVER, MeiliBackend

    backend = MeiliBackend("http://127.0.0.1:9", "admin-key")
    monkeypatch.setattr(backend, "client", RecordingClient(version="1.14.2"))
    with pytest.raises(SearchUnavailable, match=f"needs Meilisearch {MINIMUM_SERVER}"):
        backend.setup()


def test_the_setup_command_says_the_embedded_index_needs_none(app):
    result = app.test_cli_runner().invoke(args=["search", "setup"])
    assert result.exit_code == 0 and "needs no setup" in result.output


def test_both_backends_search_the_same_labels_not_slugs():
    """ "Per diem" and "ICD-10-PCS" are what a seeker types; both backends index the labels
    from one place in the search document."""
    from careercenter.search.documents import searchable_labels
    from careercenter.search.meili import SEARCHABLE

    document = {
        "credentials": ["CPC"],
        "specialties": ["interventional_radiology"],
        "settings": ["profee"],
        "code_systems": ["icd10pcs"],
        "work_mode": "remote",
        "employment_type": "per_diem",
        "tags": ["630xx"],
    }
    labels = searchable_labels(document)
    for shown in ("CPC", "Interventional radiology", "Professional fee", "ICD-10-PCS", "Per diem"):
        assert shown in labels
    assert "interventional_radiology" not in labels and "per_diem" not in labels
    assert "terms" in SEARCHABLE
    assert not {"specialties", "settings", "work_mode", "credentials"} & set(SEARCHABLE)


def test_a_reindex_that_cannot_reach_the_engine_says_so_in_one_line(app, monkeypatch):
    from careercenter.search import follower
    from careercenter.search.backend import SearchUnavailable

    def unreachable(*args, **kwargs):
        raise SearchUnavailable("Meilisearch: connection refused")

    monkeypatch.setattr(follower, "reindex", unreachable)
    result = app.test_cli_runner().invoke(args=["search", "reindex"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        "Error: search index not rebuilt: Meilisearch: connection refused"
    )
    assert "Traceback" not in result.output


class BatchIndex:
    """A named stand-in for the fresh index: it notes each batch sent in ``events``."""

    def __init__(self, events: list) -> None:
        self.events = events

    def add_documents(self, batch, primary_key=None):
        self.events.append(("send", len(batch)))
        return type("TaskInfo", (), {"task_uid": "batch"})()


def test_reindex_sends_every_batch_before_waiting_on_any(monkeypatch):
    from careercenter.search import meili

    backend = meili.MeiliBackend("http://127.0.0.1:9", "admin-key")
    events: list = []
    fresh = BatchIndex(events)
    monkeypatch.setattr(backend, "claim_writer", lambda: True)
    monkeypatch.setattr(backend, "_prepare", lambda name: fresh)
    monkeypatch.setattr(backend, "_index", lambda: None)
    monkeypatch.setattr(backend, "_await", lambda task: events.append(("await", task.task_uid)))
    monkeypatch.setattr(meili.changelog, "store_position", lambda *args: None)

    class Client:
        def get_version(self):
            return {"pkgVersion": "1.16.0"}

        def get_index(self, name):
            return name  # a leftover from a failed run, deleted first

        def swap_indexes(self, pairs):
            return type("TaskInfo", (), {"task_uid": "swap"})()

        def delete_index(self, name):
            return type("TaskInfo", (), {"task_uid": "delete"})()

    monkeypatch.setattr(backend, "client", Client())
    documents = [{"id": str(n)} for n in range(meili.BATCH * 2 + 5)]
    assert backend.rebuild(documents, len(documents)) == len(documents)
    batches = [event for event in events if event[0] == "send" or event[1] == "batch"]
    assert batches == [("send", 1000), ("send", 1000), ("send", 5)] + [("await", "batch")] * 3


def test_a_typo_meilisearch_read_past_is_shown_as_the_words_it_matched():
    """Meilisearch finds "spine" for "spnie" by itself; the page says so, as the embedded
    backend does when it corrects a word."""
    from careercenter.search.meili import corrected_words

    assert corrected_words("spnie coder", ["Spine", "Coder", "spine"]) == "spine coder"
    assert corrected_words("laminectmy", ["laminectomy"]) == "laminectomy"
    assert corrected_words("spine", ["Spine"]) is None  # found as typed
    assert corrected_words("lumb", ["lumb"]) is None  # a prefix of what was marked
    assert corrected_words("cpc", ["CPT"]) is None  # too short for a typo
    assert corrected_words("spnie", []) is None
