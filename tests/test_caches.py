"""Process state lives on the app: two apps in one process keep their own caches, and a
cache holds no more than it is allowed, for no longer than it is allowed."""

from __future__ import annotations

from careercenter.caches import BoundedCache, cache


def test_two_apps_in_one_process_never_share_a_cache(app, app_with):
    other = app_with()
    with app.app_context():
        cache("code-pages-test", 10).put(("cpt", "63035"), "this app's page")
    with other.app_context():
        assert cache("code-pages-test", 10).get(("cpt", "63035")) is None
    with app.app_context():
        assert cache("code-pages-test", 10).get(("cpt", "63035")) == "this app's page"


def test_a_full_cache_drops_its_oldest_entry_and_an_expired_one_is_not_served():
    kept = BoundedCache(entries=2)
    for key in ("first", "second", "third"):
        kept.put(key, key.upper())
    assert kept.get("first") is None
    assert (kept.get("second"), kept.get("third"), len(kept)) == ("SECOND", "THIRD", 2)

    stale = BoundedCache(entries=2, seconds=0)
    stale.put("page", "old")
    assert stale.get("page") is None
