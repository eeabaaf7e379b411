"""CasePilot's judged questions (tests/casepilot/questions.toml): each question as coders
ask it, with the phrases its answer must and must not hold. The test enforces them; the
benchmark prints how many pass and how long each distinct question takes to answer."""

from __future__ import annotations

import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS_FILE = ROOT / "tests" / "casepilot" / "questions.toml"
CMS_SAMPLES = ROOT / "tests" / "codes" / "cms_samples"
SAMPLE_IMPORTS = (
    ("import-pfs", "PPRRVU26_JAN.csv"),
    ("import-ncci", "ccipra-v321r0-f1.txt"),
    ("import-mue", "MCR_MUE_PractitionerServices.csv"),
)


def questions() -> list[dict[str, Any]]:
    return tomllib.loads(QUESTIONS_FILE.read_text("utf-8"))["q"]


def verdict(item: dict[str, Any], reply: Any) -> list[str]:
    """What is wrong with an answer, as readable lines; empty when it is right."""
    said = reply.text + " " + " ".join(fact.source for fact in reply.facts)
    wrong = []
    if reply.answered != item.get("answered", True):
        wrong.append(f"answered={reply.answered}")
    wrong += [f"lacks {phrase!r}" for phrase in item.get("must", []) if phrase not in said]
    wrong += [f"holds {phrase!r}" for phrase in item.get("must_not", []) if phrase in said]
    return wrong


@dataclass
class Judged:
    asked: int
    failures: list[str]
    times_ms: list[float]

    @property
    def passed(self) -> int:
        return self.asked - len(self.failures)

    def percentile(self, share: float) -> float:
        ordered = sorted(self.times_ms)
        return ordered[round(share * (len(ordered) - 1))]


def judge_questions() -> Judged:
    """Ask every judged question once (needs an app context with the data loaded)."""
    from careercenter.casepilot.answers import answer

    failures, times = [], []
    for item in questions():
        started = time.perf_counter()
        reply = answer(item["q"])
        times.append((time.perf_counter() - started) * 1000)
        wrong = verdict(item, reply)
        if wrong:
            failures.append(f"{item['q']!r}: {'; '.join(wrong)} (said: {reply.text[:200]})")
    return Judged(len(times), failures, times)
