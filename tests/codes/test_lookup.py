"""A coder types a code the way it comes to mind, or the words for it, and lands on it."""

from __future__ import annotations

import re

import pytest

from careercenter.codes.lookup import lookup


def codes_found(guest, query: str) -> list[str]:
    page = guest.get("/codes", query_string={"q": query})
    assert page.status_code == 200
    return re.findall(r'class="code-number" href="[^"]+">([^<]+)<', page.data.decode())


@pytest.mark.parametrize("typed", ["M51.16", "M5116", "m5116", "m51.16", " M51 .16 "])
def test_a_code_is_found_first_with_or_without_its_dot_in_any_case(guest, typed):
    assert codes_found(guest, typed)[0] == "M51.16"


def test_a_seventh_character_code_without_its_dot(app):
    assert lookup("s32000a")[0].code == "S32.000A"


def test_exact_code_then_codes_beneath_then_words(app):
    found = [row.code for row in lookup("M51")]
    assert found[0] == "M51"
    beneath = found[1:]
    assert "M51.9" in beneath and all(code.startswith("M51.") for code in beneath)
    # shorter (higher) codes come before the longer ones beneath them
    assert beneath.index("M51.1") < beneath.index("M51.16")


def test_the_words_coders_use_find_the_disc_codes(guest):
    found = codes_found(guest, "herniated disc")
    assert "M51.2" in found and "M51.1" in found and "63030" in found


def test_inclusion_terms_are_searched(app):
    assert "M51.1" in [row.code for row in lookup("sciatica due to intervertebral disc")]
    assert "S32.0" in [row.code for row in lookup("fracture of lumbar spine NOS")]


def test_word_forms_match(app):
    """ "fractures" finds "fracture", "herniated" the keyword "herniated disc"."""
    assert "S32.0" in [row.code for row in lookup("lumbar spine fractures")]


def test_every_word_must_match(app):
    found = [row.code for row in lookup("radiculopathy lumbar")]
    assert "M54.16" in found and "M51.16" in found
    assert "M54.12" not in found  # cervical


def test_new_code_data_is_seen_without_a_restart(app):
    from careercenter.codes.lookup import word_index
    from careercenter.codes.models import Code
    from careercenter.extensions import db

    assert lookup("zorblaxian") == []
    db.session.add(Code(system="hcpcs", code="Z9999", description="Zorblaxian test supply"))
    db.session.commit()
    try:
        word_index().forget()
        assert [row.code for row in lookup("zorblaxian")] == ["Z9999"]
    finally:
        db.session.delete(db.session.get(Code, lookup("zorblaxian")[0].id))
        db.session.commit()
        word_index().forget()
