"""Distinct searches, each asked once, drawn like a board's real traffic: the words of the
job board itself (coder, coding, remote, spine: each matches much of the board), broad and
rare words from the postings' own Zipf-spread vocabulary, two-word searches, typos, codes and
families, filters alone and words with filters. No answer can come from a cache."""

from __future__ import annotations

import random
import re
from collections import Counter
from typing import Any

from sqlalchemy import select

from careercenter.codes.models import Code
from careercenter.demo.generate import case_vocabulary
from careercenter.extensions import db
from careercenter.jobs.models import Job, JobCode
from careercenter.search.query import FACET_VALUES

CLASSES = (
    "board word",
    "broad word",
    "two words",
    "rare word",
    "words + filters",
    "typos",
    "codes",
    "filters only",
)
FILTER_FACETS = ("work_mode", "state", "employment_type", "credential", "setting", "specialty")


def _typo(word: str, rng: random.Random) -> str:
    at = rng.randrange(1, len(word) - 1)
    return word[:at] + word[at + 1 :] if rng.random() < 0.5 else word[:at] + "x" + word[at:]


def _filters(rng: random.Random, count: int) -> dict[str, str]:
    chosen = rng.sample(FILTER_FACETS, count)
    return {facet: rng.choice(sorted(FACET_VALUES[facet])) for facet in chosen}


def board_words(count: int = 60) -> list[str]:
    """The commonest words of the board's job titles: coder, coding, spine, remote…"""
    titles = db.session.scalars(select(Job.title).limit(20_000))
    words = Counter(word for title in titles for word in re.findall(r"[a-z]{3,}", title.lower()))
    return [word for word, _ in words.most_common(count)] + ["coder", "coding", "remote"]


def distinct_queries(count: int, seed: int = 7) -> list[tuple[str, dict[str, Any]]]:
    """``count`` different searches, spread over CLASSES (needs an app context)."""
    rng = random.Random(seed)
    words, _ = case_vocabulary()
    broad, rare = words[:300], words[1000:]
    long_words = [word for word in words[:3000] if len(word) >= 6]
    board = board_words()
    codes = list(db.session.scalars(select(JobCode.code).distinct().limit(5000)))
    codes += list(db.session.scalars(select(Code.code).where(Code.kind == "code").limit(20000)))
    seen: set[str] = set()
    queries: list[tuple[str, dict[str, Any]]] = []
    misses = dict.fromkeys(CLASSES, 0)
    turn = 0
    while len(queries) < count:
        open_classes = [name for name in CLASSES if misses[name] < 200]
        kind = open_classes[turn % len(open_classes)]
        turn += 1
        if kind == "board word":
            one, other = rng.choice(board), rng.choice(board)
            args: dict[str, Any] = {"q": one if rng.random() < 0.3 else f"{one} {other}"}
        elif kind == "broad word":
            args = {"q": rng.choice(broad)}
        elif kind == "two words":
            args = {"q": f"{rng.choice(broad)} {rng.choice(words)}"}
        elif kind == "rare word":
            args = {"q": rng.choice(rare)}
        elif kind == "words + filters":
            args = {"q": rng.choice(words[:2000]), **_filters(rng, rng.randint(1, 2))}
        elif kind == "typos":
            args = {"q": _typo(rng.choice(long_words), rng)}
        elif kind == "codes":
            code = rng.choice(codes)
            args = {"q": code} if rng.random() < 0.5 else {"code": code[:3] + "*"}
        else:
            args = _filters(rng, rng.randint(1, 3))
            args["sort"] = rng.choice(["newest", "salary", "relevance"])
        args["page"] = str(rng.choice([1, 1, 1, 2, 3]))
        key = repr(sorted(args.items()))
        if key in seen:
            misses[kind] += 1  # a class with no new searches left drops out
            turn -= 1
            continue
        seen.add(key)
        queries.append((kind, args))
    return queries
