"""The tag grammar: what parses, what is refused, and that normal forms are stable."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careercenter.codes.tags import EXPECTED_FORMS, TagError, parse_tag

CPT_CODES = st.from_regex(r"\d{5}|\d{4}[FT]", fullmatch=True)
ICD10CM_CODES = st.from_regex(r"[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?", fullmatch=True)
HCPCS_CODES = st.from_regex(r"[A-V]\d{4}", fullmatch=True)
PCS_CODES = st.from_regex(r"[0-9BCDFGHX][0-9A-HJ-NP-Z]{6}", fullmatch=True)


@pytest.mark.parametrize(
    ("typed", "system", "kind", "normal"),
    [
        ("63035", "cpt", "exact", "63035"),
        ("630xx", "cpt", "family", "630xx"),
        ("630XX", "cpt", "family", "630xx"),
        ("630**", "cpt", "family", "630xx"),
        ("63001-63048", "cpt", "range", "63001-63048"),
        (" 63001 - 63048 ", "cpt", "range", "63001-63048"),
        ("0274T", "cpt", "exact", "0274T"),
        ("0274t", "cpt", "exact", "0274T"),
        ("G0283", "hcpcs", "exact", "G0283"),
        ("j9xxx", "hcpcs", "family", "J9xxx"),
        ("M51.16", "icd10cm", "exact", "M51.16"),
        ("m51.16", "icd10cm", "exact", "M51.16"),
        ("m51.*", "icd10cm", "family", "M51.*"),
        ("M51*", "icd10cm", "family", "M51.*"),
        ("S06.0X0A", "icd10cm", "exact", "S06.0X0A"),
        ("0SG00A0", "icd10pcs", "exact", "0SG00A0"),
        ("0SG0*", "icd10pcs", "family", "0SG0*"),
    ],
)
def test_the_forms_employers_type_are_understood(typed, system, kind, normal):
    tag = parse_tag(typed)
    assert (tag.system, tag.kind, tag.text) == (system, kind, normal)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("6303", "is not a code tag"),
        ("630xxx", "is not a code tag"),
        ("63048-63001", "runs backwards"),
        ("<script>", "is not a code tag"),
        ("63035-M51.16", "mixes two code systems"),
        ("", "cannot be empty"),
        ("x" * 80, "at most 40 characters"),
        ("630", "is not a code tag"),
        ("M51.16.1", "is not a code tag"),
    ],
)
def test_malformed_tags_are_refused_with_the_expected_forms(typed, reason):
    with pytest.raises(TagError) as refused:
        parse_tag(typed)
    assert reason in str(refused.value)
    if reason == "is not a code tag":
        assert EXPECTED_FORMS in str(refused.value)


@given(st.one_of(CPT_CODES, ICD10CM_CODES, HCPCS_CODES, PCS_CODES))
def test_every_well_formed_code_parses_to_a_stable_normal_form(code):
    tag = parse_tag(code)
    assert tag.kind == "exact"
    assert parse_tag(tag.text) == tag
    assert tag.covers(tag.text)


@given(
    st.one_of(CPT_CODES, ICD10CM_CODES),
    st.lists(st.booleans(), min_size=8, max_size=8),
    st.sampled_from(["", " ", "  "]),
)
def test_case_and_spacing_do_not_change_a_tag(code, uppers, padding):
    typed = (
        "".join(ch.lower() if flip else ch for ch, flip in zip(code, uppers, strict=False))
        + code[len(uppers) :]
    )
    assert parse_tag(padding + typed + padding) == parse_tag(code)


@given(st.from_regex(r"\d{1,4}", fullmatch=True), st.data())
def test_a_cpt_family_covers_exactly_the_five_digit_codes_it_starts(prefix, data):
    wildcard = data.draw(st.sampled_from(["x", "X", "*"]))
    tag = parse_tag(prefix + wildcard * (5 - len(prefix)))
    assert tag.kind == "family"
    assert tag.text == prefix + "x" * (5 - len(prefix))
    code = data.draw(CPT_CODES)
    assert tag.covers(code) == code.startswith(prefix)


@given(CPT_CODES, CPT_CODES)
def test_a_range_runs_low_to_high_and_covers_its_ends(a, b):
    low, high = sorted((a, b))
    if low == high:
        assert parse_tag(f"{low}-{high}").kind == "exact"
        return
    tag = parse_tag(f"{low}-{high}")
    assert tag.covers(low) and tag.covers(high)
    with pytest.raises(TagError, match="runs backwards"):
        parse_tag(f"{high}-{low}")


@given(st.text(max_size=60))
def test_any_text_either_parses_or_is_refused_with_a_message(text):
    try:
        tag = parse_tag(text)
    except TagError as refused:
        assert str(refused)
    else:
        assert parse_tag(tag.text) == tag


def test_a_digit_only_family_after_02_is_icd_10_pcs_not_cpt():
    # No CPT code starts with 02-09; ICD-10-PCS's heart tables do (027: dilation).
    assert parse_tag("027*").system == "icd10pcs"
    assert parse_tag("630*").system == "cpt" and parse_tag("01*").system == "cpt"
