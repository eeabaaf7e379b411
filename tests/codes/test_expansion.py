"""Tags expand to the known codes they cover, so a code finds every job that needs it."""

from __future__ import annotations

import pytest

from careercenter.codes.expansion import expand_tag
from careercenter.codes.models import Code
from careercenter.codes.tags import parse_tag
from careercenter.extensions import db
from careercenter.jobs.by_code import open_jobs_needing_tag
from careercenter.jobs.job_codes import refresh_job_codes
from careercenter.jobs.models import JobCode
from tests.support.factories import JobFactory

SPINE_TAGS = ["630xx", "6302x", "630**", "63001-63048", "63040-63044", "632xx", "63035"]
ICD_TAGS = ["M51.*", "M51.1*", "M50-M54", "S06.0X*", "M51.16"]


def known_codes(system: str) -> set[str]:
    rows = db.session.scalars(
        db.select(Code.code).where(Code.system == system, Code.kind.in_(["code", "category"]))
    )
    return set(rows)


@pytest.mark.parametrize("text", SPINE_TAGS + ICD_TAGS)
def test_expansion_in_the_database_agrees_with_the_grammar(text):
    tag = parse_tag(text)
    expanded = expand_tag(tag)
    expected = {code for code in known_codes(tag.system) if tag.covers(code)}
    if tag.is_exact:
        expected = {tag.text}
    assert expanded == expected


def test_the_630xx_family_covers_the_spine_codes():
    expanded = expand_tag(parse_tag("630xx"))
    assert {"63020", "63030", "63035", "63043", "63044", "63053"} <= expanded
    assert "63250" not in expanded
    assert {"63001", "63048"} <= expand_tag(parse_tag("63001-63048"))
    assert "63050" not in expand_tag(parse_tag("63001-63048"))


def test_an_unknown_but_well_formed_code_is_kept():
    assert expand_tag(parse_tag("99499")) == {"99499"}


def test_a_job_gets_its_expanded_code_set():
    job = JobFactory(code_tags=["630xx", "M51.16", "not a code", "99499"])
    refresh_job_codes(job)
    db.session.commit()

    codes = set(
        db.session.execute(
            db.select(JobCode.system, JobCode.code).where(JobCode.job_id == job.id)
        ).all()
    )
    assert ("cpt", "63035") in codes
    assert ("cpt", "63044") in codes
    assert ("icd10cm", "M51.16") in codes
    assert ("cpt", "99499") in codes
    assert len([c for c in codes if c[0] == "cpt" and c[1].startswith("630")]) >= 30


def test_jobs_tagged_by_family_or_range_are_found_by_a_code_filter():
    family_job = JobFactory(title="Family job", code_tags=["630xx"])
    range_job = JobFactory(title="Range job", code_tags=["63001-63048"])
    other_job = JobFactory(title="Cardiology job", code_tags=["93xxx"])
    for job in (family_job, range_job, other_job):
        refresh_job_codes(job)
    db.session.commit()

    found = {job.title for job in db.session.scalars(open_jobs_needing_tag("63035"))}
    assert found == {"Family job", "Range job"}
    by_family = {job.title for job in db.session.scalars(open_jobs_needing_tag("630xx"))}
    assert by_family == {"Family job", "Range job"}
    assert list(db.session.scalars(open_jobs_needing_tag("<script>"))) == []
