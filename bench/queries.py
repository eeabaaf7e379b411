"""The fixed, varied query mix the search benchmark runs, by class."""

from __future__ import annotations

QUERY_MIX: dict[str, list[dict[str, str]]] = {
    "rare words": [{"q": "laminotomy"}, {"q": "infusion"}, {"q": "syrinx"}, {"q": "appeal"}],
    "common words": [{"q": "coder"}, {"q": "coding"}, {"q": "remote"}, {"q": "code cases"}],
    "codes": [{"q": "63035"}, {"q": "M51.16"}, {"q": "99283"}, {"code": "63047"}],
    "families": [{"q": "630xx"}, {"q": "630"}, {"q": "93xxx"}, {"code": "M51.*"}],
    "filters only": [
        {"work_mode": "remote", "credential": "CPC"},
        {"state": "AL"},
        {"employment_type": "contract", "setting": "inpatient"},
        {"specialty": "spine", "salary_min": "60000"},
    ],
    "typos": [{"q": "lamnotomy"}, {"q": "cardiolgy"}, {"q": "radiolgy coder"}, {"q": "oncolgy"}],
    "words + filters": [
        {"q": "remote CPC", "state": "AL"},
        {"q": "spine", "work_mode": "remote", "sort": "newest"},
        {"q": "coder", "credential": "CCS", "sort": "salary"},
        {"q": "audit", "posted_within": "7"},
    ],
    "empty (facets)": [{}, {"sort": "newest"}, {"sort": "salary"}, {"page": "3"}],
}
