"""Optional model phrasing: when ``ASK_MODEL_URL`` names an OpenAI-compatible chat-completions
endpoint, a model is given the question and only the retrieved facts, and asked to phrase an
answer citing them. The board checks the reply — every code and every number in it must
appear in the facts — and otherwise (or on a timeout or an error) keeps the answer it built
itself. The model never sees anything but the question and the facts."""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.request
from typing import Any

from careercenter.casepilot.answers import Answer

log = logging.getLogger(__name__)

SYSTEM_PROMPT = (
    "You phrase answers for medical coders. Use only the numbered facts given; cite each fact "
    "you use as [n]. Do not add codes, numbers, dates or rules that are not in the facts. If "
    "the facts do not answer the question, say so. Two to five sentences, plain text."
)
# Codes and numbers a reply may only repeat, never invent: CPT/HCPCS (63030, J9271, 0274T),
# ICD-10-CM (M51.16), ICD-10-PCS (0SG00A0), and any figure (13.18, 090, 2).
CODE_OR_NUMBER = re.compile(
    r"\b(?:[A-Z]\d[0-9A-Z](?:\.[0-9A-Z]{1,4})?|\d{4}[0-9FTU]|[A-V]\d{4}|[0-9A-HJ-NP-Z]{7}|"
    r"\d+(?:\.\d+)?)\b"
)
CITATION = re.compile(r"\[\d+\]")


def phrase(answer: Answer, config: Any) -> str | None:
    """The model's phrasing of an answered question, checked; None to keep the board's own."""
    url = config.get("ASK_MODEL_URL", "")
    if not url or not answer.answered or not answer.facts:
        return None
    if not url.startswith(("http://", "https://")):
        log.warning("ASK_MODEL_URL must be an http(s) address; the board's own answer is shown")
        return None
    facts = "\n".join(
        f"[{n}] {fact.text} (source: {fact.source})" for n, fact in enumerate(answer.facts, 1)
    )
    body = {
        "model": config.get("ASK_MODEL") or "default",
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": f"Question: {answer.question}\n\nFacts:\n{facts}"},
        ],
        "temperature": 0,
        "max_completion_tokens": 400,
    }
    headers = {"Content-Type": "application/json"}
    if config.get("ASK_MODEL_KEY"):
        headers["Authorization"] = f"Bearer {config['ASK_MODEL_KEY']}"
    request = urllib.request.Request(  # noqa: S310 - an http(s) address, checked above
        url.rstrip("/") + "/chat/completions",
        data=json.dumps(body).encode(),
        headers=headers,
        method="POST",
    )
    try:
        timeout = config.get("ASK_MODEL_TIMEOUT", 8)
        with urllib.request.urlopen(request, timeout=timeout) as reply:  # noqa: S310
            content = json.load(reply)["choices"][0]["message"]["content"]
    except (OSError, ValueError, KeyError, IndexError, TypeError) as error:
        log.warning("the answer model failed (%s); the board's own answer is shown", error)
        return None
    if not isinstance(content, str) or not content.strip():
        return None
    invented = unsupported(content, answer)
    if invented:
        log.warning("the answer model said %s, which no fact holds; not shown", invented[:5])
        return None
    return content.strip()


def unsupported(reply: str, answer: Answer) -> list[str]:
    """The codes and numbers in a reply that none of the facts holds (citations aside)."""
    said = " ".join(fact.text + " " + " ".join(fact.codes) for fact in answer.facts)
    held = set(CODE_OR_NUMBER.findall(said)) | set(CODE_OR_NUMBER.findall(answer.question))
    return [
        token for token in CODE_OR_NUMBER.findall(CITATION.sub(" ", reply)) if token not in held
    ]
