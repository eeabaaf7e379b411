"""Codes sort as the tabular list orders them, so spans and lists hold what they should."""

from __future__ import annotations

import simple_icd_10_cm as icd

from careercenter.codes.tags import ICD10CM, sort_key, span_bounds


def test_sort_keys_follow_the_tabular_order_of_every_chapter():
    """A new release that places another letter category (a K5A) fails here until it is
    added to ICD10CM_PLACED_AFTER."""
    chapters: dict[str, list[str]] = {}
    for item in icd.get_all_codes(True):
        if icd.is_category(item) and not icd.is_chapter_or_block(item):
            chapter = icd.get_ancestors(item)[-1]
            chapters.setdefault(chapter, [])
            if item not in chapters[chapter]:
                chapters[chapter].append(item)
    assert len(chapters) >= 22
    for chapter, categories in chapters.items():
        assert sorted(categories, key=lambda code: sort_key(ICD10CM, code)) == categories, chapter


def test_a_span_holds_its_last_code_s_subtree_and_nothing_placed_after_it():
    low, high = span_bounds(ICD10CM, "C40", "C43")
    assert low <= sort_key(ICD10CM, "C43.9") <= high
    assert not low <= sort_key(ICD10CM, "C4A.0") <= high
    low, high = span_bounds(ICD10CM, "C43", "C44")
    assert low <= sort_key(ICD10CM, "C4A.0") <= high
    low, high = span_bounds(ICD10CM, "C75", "C7A")
    assert low <= sort_key(ICD10CM, "C7A.1") <= high
    assert not low <= sort_key(ICD10CM, "C7B.0") <= high


def test_other_systems_sort_as_written():
    assert sort_key("cpt", "63030") == "63030"
    low, high = span_bounds("cpt", "63001", "63048")
    assert low <= "63048" <= high and not low <= "63050" <= high
