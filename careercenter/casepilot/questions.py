"""What a coder asked: the codes named in it (each checked against the reference data) and
what they want to know about them, read from the words coders use."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from careercenter.codes.models import Code
from careercenter.codes.service import get_code
from careercenter.search.query import code_term

# What a question asks, tried in this order; the first that matches wins. Each is a set of
# the words coders use for it.
PAIR_BILLING = "pair_billing"  # can 22633 and 63030 be billed together
PAIR_CODING = "pair_coding"  # can M51.16 and M54.16 be coded together (Excludes notes)
ADDON = "addon"
SEVENTH = "seventh"
GLOBAL = "global"
RVU = "rvu"
UNITS = "units"
INDICATORS = "indicators"
NOTES = "notes"
FIND = "find"  # from words to codes
WHAT = "what"  # what a code is
OUTSIDE = "outside"  # payer policy, documentation advice, a case

INTENTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        OUTSIDE,
        re.compile(
            r"\b(?:aetna|cigna|humana|united ?health(?:care)?|uhc|bcbs|blue cross|anthem|"
            r"payer|payor|prior auth\w*|pre-?auth\w*|denied|denial|appeal|reimburse\w*|"
            r"how much (?:will|does|do)|get paid|document(?:ation)? (?:advice|tips?)|"
            r"should (?:i|we) (?:document|query|bill|code)|my (?:patient|provider|doctor)|"
            r"lawsuit|audit risk|compliant)\b",
            re.I,
        ),
    ),
    (
        PAIR_BILLING,
        re.compile(
            r"\b(?:bill(?:ed)?|report(?:ed)?|charge[ds]?|submit(?:ted)?)\b.*\btogether\b|"
            r"\btogether\b.*\b(?:bill|report)|\bbundl\w*|\bncci\b|\bptp\b|\bunbundl\w*|"
            r"\bmodifier 59\b|\bcolumn (?:1|2|one|two)\b",
            re.I,
        ),
    ),
    (
        ADDON,
        re.compile(
            r"\badd[- ]?on\b|\bprimary (?:code|procedure)s?\b|\b(?:reported|billed|used) "
            r"(?:alone|by itself|on its own)\b|\bstand[- ]?alone\b|\bwhich primar",
            re.I,
        ),
    ),
    (
        PAIR_CODING,
        re.compile(
            r"\btogether\b|\bexcludes ?[12]?\b|\bsame (?:claim|encounter|record)\b|\bboth\b",
            re.I,
        ),
    ),
    (SEVENTH, re.compile(r"\b(?:7th|seventh) (?:character|digit)\b|\bplaceholder\b", re.I)),
    (
        GLOBAL,
        re.compile(r"\bglobal(?: period| days| surgery)?\b|\bpost[- ]?op(?:erative)?\b", re.I),
    ),
    (RVU, re.compile(r"\brvus?\b|\brelative value\b|\bwork value\b", re.I)),
    (UNITS, re.compile(r"\bmues?\b|\bunits?\b|\bmedically unlikely\b|\bhow many times\b", re.I)),
    (
        INDICATORS,
        re.compile(
            r"\bbilateral\b|\bassistant(?: at)? surg\w*|\bco-?surg\w*|\bteam surg\w*|"
            r"\bmultiple procedure\w*|\bmodifier (?:50|51|62|66|80|82)\b|\bmedicare\b|"
            r"\bstatus indicator\b",
            re.I,
        ),
    ),
    (
        NOTES,
        re.compile(
            r"\bcode first\b|\buse additional\b|\bcode also\b|\bexcludes\b|\bincludes\b|"
            r"\binclusion terms?\b|\bnotes?\b|\bsequenc\w*",
            re.I,
        ),
    ),
    (
        FIND,
        re.compile(
            r"\b(?:code|cpt|icd(?:-?10)?(?:-?cm)?|hcpcs|dx|diagnosis|procedure)\s+(?:code\s+)?"
            r"(?:for|to use for|when)\b|\bwhat (?:code|cpt|icd)|\bwhich (?:code|cpt|icd)|"
            r"\bhow (?:do|to) (?:i )?code\b",
            re.I,
        ),
    ),
)
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.*\-–]*[A-Za-z0-9*]|[A-Za-z0-9]")
MAX_LENGTH = 500
BILL_WITH = re.compile(r"\b(?:bill|report|charge|code|use)\w*\b.*\b(?:with|and)\b", re.I)
SYSTEM_NAMES = re.compile(r"icd-?10(?:-?(?:cm|pcs))?|icd-?9|cpt-?4?|hcpcs(?:-?ii)?", re.I)


@dataclass
class NamedCode:
    """A code the question names, as the reference data holds it."""

    typed: str
    record: Code

    @property
    def system(self) -> str:
        return self.record.system

    @property
    def code(self) -> str:
        return self.record.code


@dataclass
class Question:
    text: str
    intent: str
    codes: list[NamedCode] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # code-shaped words no data holds
    words: str = ""  # what is left once the codes are taken out


def named_codes(text: str) -> tuple[list[NamedCode], list[str], list[str]]:
    """The codes a question names, each found in the reference data (M5116 is M51.16; a
    word that reads as HCPCS and as ICD-10-CM is whichever exists), the code-shaped words no
    data holds, and the other words."""
    found: list[NamedCode] = []
    unknown: list[str] = []
    words: list[str] = []
    for word in WORD.findall(text):
        if SYSTEM_NAMES.fullmatch(word):
            words.append(word)
            continue
        term = code_term(word.strip(".,;:?!"))
        if term is not None and term.span:  # a range: the grouping the data holds for it
            system, first, last = term.span
            group = get_code(system, f"{first}-{last}")
            if group is not None:
                found.append(NamedCode(word, group))
                continue
        if term is None or term.is_family or term.span:
            words.append(word)
            continue
        records = [
            record
            for system, part in zip(term.systems, term.parts, strict=True)
            if (record := get_code(system, part)) is not None
        ]
        if records:
            if all(record.code != named.code for named in found for record in records[:1]):
                found.append(NamedCode(word, records[0]))
        else:
            unknown.append(term.label)
    return found, unknown, words


def understand(text: str) -> Question:
    """Read a question: its codes and its intent."""
    text = " ".join(text.split())[:MAX_LENGTH]
    codes, unknown, words = named_codes(text)
    procedures = [named for named in codes if named.system in ("cpt", "hcpcs")]
    intent = WHAT
    for name, pattern in INTENTS:
        if name == PAIR_BILLING and len(procedures) < 2:
            continue  # "bundled" about one code is a question about that code
        if name == PAIR_CODING and not _two_diagnoses(codes):
            continue
        if pattern.search(text):
            intent = name
            break
    if intent == WHAT and len(procedures) >= 2 and BILL_WITH.search(text):
        intent = PAIR_BILLING  # "can I bill 63030 with 22633"
    if intent == WHAT and _two_diagnoses(codes) and re.search(r"\bwith\b", text, re.I):
        intent = PAIR_CODING
    if intent == WHAT and not codes and (words or unknown):
        intent = FIND if not unknown else WHAT
    return Question(text, intent, codes, unknown, " ".join(words))


def _two_diagnoses(codes: list[NamedCode]) -> bool:
    return sum(1 for named in codes if named.system == "icd10cm") >= 2
