"""An answer built from facts: each sentence one fact with its source, every code named in
the reference data, and a plain "cannot answer" when the question is outside the data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from careercenter.casepilot import facts as f
from careercenter.casepilot.questions import (
    ADDON,
    FIND,
    GLOBAL,
    INDICATORS,
    NOTES,
    OUTSIDE,
    PAIR_BILLING,
    PAIR_CODING,
    RVU,
    SEVENTH,
    UNITS,
    Question,
    understand,
)
from careercenter.codes.lookup import LOOKUP_LIMIT, lookup
from careercenter.codes.models import Code
from careercenter.codes.service import billable_codes_beneath, systems_of
from careercenter.codes.tags import ICD10CM, SYSTEM_LABELS

DISCLAIMER = (
    "Information from the code sets and CMS files this board holds, not billing advice: "
    "payer policy and the documentation decide."
)
LOOKUP_SHOWN = 5
INCLUSION = re.compile(r"\binclusion|\bincludes\b", re.I)


@dataclass
class Answer:
    question: str
    answered: bool
    facts: list[f.Fact] = field(default_factory=list)
    codes: list[tuple[str, str]] = field(default_factory=list)  # (system, code) named
    follow_up: list[str] = field(default_factory=list)
    reason: str = ""  # why it was not answered, in one line
    phrased: str = ""  # a model's wording of the facts, checked against them

    @property
    def text(self) -> str:
        """The answer as plain text: the model's checked wording, or the facts' sentences."""
        if not self.answered:
            return self.reason
        return self.phrased or " ".join(fact.text for fact in self.facts)


def answer(text: str) -> Answer:
    """Answer a coder's question from the board's data (or say why it cannot)."""
    question = understand(text)
    built = _answer(question)
    built.codes = _named_codes(question, built)
    return built


def _answer(question: Question) -> Answer:
    asked, codes = question.text, question.codes
    if question.intent == OUTSIDE:
        return Answer(
            asked,
            False,
            reason=(
                "That depends on a payer's policy, a chart or a judgement call, which this "
                "board's code data cannot answer: a credentialed consultant can."
            ),
        )
    if question.unknown and not codes:
        return Answer(
            asked,
            False,
            reason=(
                f"{', '.join(question.unknown)} is not a code in the data this board holds"
                " (check the number, or the system it belongs to)."
            ),
            follow_up=[f"codes like {code}" for code in question.unknown[:1]],
        )
    if question.intent == FIND or not codes:
        return _find(question)
    first = codes[0].record
    facts: list[f.Fact] = []
    if question.intent == PAIR_BILLING and len(codes) >= 2:
        facts = f.pair_billing(first, codes[1].record)
    elif question.intent == PAIR_CODING and len(codes) >= 2:
        diagnoses = [named.record for named in codes if named.system == ICD10CM]
        facts = f.pair_coding(diagnoses[0], diagnoses[1])
    elif question.intent == ADDON:
        facts = f.addon(first)
    elif question.intent == SEVENTH:
        facts = f.seventh(first)
    elif question.intent == GLOBAL:
        facts = f.medicare_rows(first, "global")
    elif question.intent == RVU:
        facts = f.medicare_rows(first, "rvu")
    elif question.intent == UNITS:
        facts = f.units(first)
    elif question.intent == INDICATORS:
        facts = f.medicare_rows(first, "indicators")
    elif question.intent == NOTES:
        asks_terms = INCLUSION.search(question.text)
        facts = f.inclusion_terms(first) if asks_terms else f.notes(first)
    else:
        for named in codes[:3]:
            facts += f.describe(named.record) + f.open_jobs(named.record)
    if question.unknown:
        facts.append(
            f.Fact(
                f"{', '.join(question.unknown)} is not a code in the data this board holds.",
                f.NOT_LOADED,
                [],
            )
        )
    return Answer(asked, True, facts, follow_up=_follow_up(question))


# Words of the question itself, not of what is being looked for.
ASKING_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "code",
        "codes",
        "coding",
        "cpt",
        "dx",
        "for",
        "hcpcs",
        "how",
        "i",
        "icd",
        "icd10",
        "icd-10",
        "icd-10-cm",
        "icd-10-pcs",
        "is",
        "it",
        "of",
        "the",
        "to",
        "use",
        "used",
        "what",
        "whats",
        "what's",
        "which",
        "do",
        "does",
        "should",
        "we",
        "when",
        "procedure",
        "diagnosis",
        "number",
        "cm",
        "pcs",
        "10",
        "me",
        "please",
        "find",
        "give",
        "tell",
    ]
)
SYSTEM_HINTS = (("icd", ICD10CM), ("dx", ICD10CM), ("diagnos", ICD10CM), ("cpt", "cpt"))


def _find(question: Question) -> Answer:
    typed = question.words.lower().replace("?", " ").split()
    words = " ".join(word for word in typed if word.strip(".,;:!") not in ASKING_WORDS)
    system = next((s for hint, s in SYSTEM_HINTS if any(w.startswith(hint) for w in typed)), "")
    candidates = _candidates(words, system)
    if not candidates:
        return Answer(
            question.text,
            False,
            reason=(
                "No code in this board's data matches those words. Name a code, or describe "
                "the procedure or condition in other words."
            ),
        )
    facts = f.looked_up(candidates, words)
    lead = f.Fact(
        f"The codes whose text best matches \u201c{words}\u201d, best first (pick the one the "
        "documentation supports):",
        "the board's code lookup",
        [],
    )
    follow_up = [f"What is {record.code}?" for record in candidates[:3]]
    return Answer(question.text, True, [lead, *facts], follow_up=follow_up)


def _candidates(words: str, system: str) -> list[Code]:
    """The lookup's best codes for the words (of the system asked for, when one was), and
    when nothing matches every word, for all but the last ones."""
    terms = words.split()
    while terms:
        found = lookup(" ".join(terms), limit=LOOKUP_LIMIT)
        if system:
            found = [record for record in found if record.system == system] or found
        found = _billable_first([record for record in found if not record.is_group], terms)
        if found:
            return found[:LOOKUP_SHOWN]
        terms = terms[:-1] if len(terms) > 1 else []
    return []


def _billable_first(found: list[Code], terms: list[str]) -> list[Code]:
    """A header found by the words stands for the billable codes beneath it that share
    them (M51.1 for "lumbar … radiculopathy" brings M51.16 first)."""
    ranked: list[Code] = []
    for record in found:
        if len(ranked) >= LOOKUP_SHOWN:
            break
        if record.system == ICD10CM and not record.billable:
            beneath, _ = billable_codes_beneath(record)
            ranked += [
                code
                for code in beneath
                if all(term in (code.description or "").lower() for term in terms[:1])
                or any(term in (code.description or "").lower() for term in terms)
            ][:3]
        ranked.append(record)
    seen: set[tuple[str, str]] = set()
    return [
        r for r in ranked if (r.system, r.code) not in seen and not seen.add((r.system, r.code))
    ]


def _follow_up(question: Question) -> list[str]:
    code = question.codes[0].code
    asked = {
        ADDON: f"Is {code} an add-on?",
        GLOBAL: f"What is the global period of {code}?",
        UNITS: f"How many units of {code} can be billed?",
    }
    return [text for intent, text in asked.items() if intent != question.intent][:2]


def _named_codes(question: Question, built: Answer) -> list[tuple[str, str]]:
    """Every code the answer names that the reference data holds, in order (looked up in
    one query: a note can name dozens)."""
    named = {named.code: named.system for named in question.codes}
    wanted = [code for fact in built.facts for code in fact.codes if code not in named]
    known = systems_of(set(wanted))
    seen: dict[tuple[str, str], None] = {}
    for one in question.codes:
        seen.setdefault((one.system, one.code), None)
    for fact in built.facts:
        for code in fact.codes:
            system = named.get(code) or known.get(code)
            if system:
                seen.setdefault((system, code), None)
    return list(seen)


def system_label(system: str) -> str:
    return SYSTEM_LABELS.get(system, system)
