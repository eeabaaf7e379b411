"""CasePilot's judged questions: 100+ questions as coders ask them, each with the phrases its
answer must and must not hold (bench/casepilot.py reads them). The suite reports how many
pass and the p95 time."""

from __future__ import annotations

import pytest

from bench.casepilot import CMS_SAMPLES, SAMPLE_IMPORTS, judge_questions
from careercenter.casepilot.answers import answer


@pytest.fixture
def cms_samples(app):
    runner = app.test_cli_runner()
    for command, name in SAMPLE_IMPORTS:
        assert runner.invoke(args=["codes", command, str(CMS_SAMPLES / name)]).exit_code == 0


def test_casepilot_answers_the_judged_questions_from_cited_facts(cms_samples, record_property):
    answer("code for lumbar laminotomy")  # builds the lookup's word index, as a running board has
    judged = judge_questions()
    record_property(
        "relevance",
        f"CasePilot judged questions: {judged.passed} of {judged.asked} pass, "
        f"p95 {judged.percentile(0.95):.1f} ms (median {judged.percentile(0.5):.1f} ms)",
    )
    assert judged.asked >= 100
    assert not judged.failures, "\n".join(judged.failures)
