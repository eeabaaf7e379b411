"""CasePilot's judged questions: 100+ questions as coders ask them, each with the phrases its
answer must and must not hold. The suite reports how many pass and the p95 time."""

from __future__ import annotations

import time
import tomllib
from pathlib import Path

import pytest

from careercenter.casepilot.answers import answer
from tests.casepilot.test_ask import SAMPLES

QUESTIONS = tomllib.loads((Path(__file__).parent / "questions.toml").read_text("utf-8"))["q"]


@pytest.fixture
def cms_samples(app):
    runner = app.test_cli_runner()
    for command, name in (
        ("import-pfs", "PPRRVU26_JAN.csv"),
        ("import-ncci", "ccipra-v321r0-f1.txt"),
        ("import-mue", "MCR_MUE_PractitionerServices.csv"),
    ):
        assert runner.invoke(args=["codes", command, str(SAMPLES / name)]).exit_code == 0


def verdict(item: dict, reply) -> list[str]:
    """What is wrong with an answer, as readable lines; empty when it is right."""
    said = reply.text + " " + " ".join(fact.source for fact in reply.facts)
    wrong = []
    if reply.answered != item.get("answered", True):
        wrong.append(f"answered={reply.answered}")
    wrong += [f"lacks {phrase!r}" for phrase in item.get("must", []) if phrase not in said]
    wrong += [f"holds {phrase!r}" for phrase in item.get("must_not", []) if phrase in said]
    return wrong


def test_casepilot_answers_the_judged_questions_from_cited_facts(cms_samples, record_property):
    answer("warm up the code word index: What is 63030?")
    failures, times = [], []
    for item in QUESTIONS:
        started = time.perf_counter()
        reply = answer(item["q"])
        times.append((time.perf_counter() - started) * 1000)
        wrong = verdict(item, reply)
        if wrong:
            failures.append(f"{item['q']!r}: {'; '.join(wrong)} — said: {reply.text[:300]}")
        for fact in reply.facts:  # every fact has a source
            assert fact.source, (item["q"], fact.text)
    times.sort()
    p95 = times[round(0.95 * (len(times) - 1))]
    passed = len(QUESTIONS) - len(failures)
    record_property(
        "relevance",
        f"CasePilot judged questions: {passed} of {len(QUESTIONS)} pass, "
        f"p95 {p95:.1f} ms (median {times[len(times) // 2]:.1f} ms)",
    )
    assert len(QUESTIONS) >= 100
    assert not failures, "\n".join(failures)
