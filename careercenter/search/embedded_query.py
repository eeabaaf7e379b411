"""From a SearchQuery to tantivy queries, for the embedded backend.

Words match title, company, credential/specialty terms, description and the meaning of the
job's codes with field boosts (BM25); quoted words are phrases; a coding synonym is an
alternative to its term; the last word still being typed is a prefix. Codes are raw terms in
``code_match``, one per code and leading part of a code, marked with the tier at which the
job names it. Filters are term sets and ranges on fast fields. User text only ever becomes
terms, never query syntax, so nothing typed can break or steer the query.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import tantivy
from rapidfuzz import distance, process
from tantivy import Filter, Occur, Query, TextAnalyzerBuilder, Tokenizer

from careercenter.codes.meaning import TIERS
from careercenter.jobs.vocabulary import CREDENTIALS
from careercenter.search.query import (
    FACET_FIELDS,
    NO_CODE,
    SearchQuery,
    code_filter_terms,
    tiers_above,
)
from careercenter.search.synonyms import synonym_map

# Field -> boost for words; the title says most about a job.
# The meaning of a job's codes counts for less than anything the employer wrote, and what a
# family or range covers for less than the codes the job names.
TEXT_FIELDS = {
    "title": 4.0,
    "terms": 2.0,
    "company": 1.5,
    "body": 1.0,
    "code_text": 0.5,
    "family_text": 0.25,
}
WORDS_ONLY_FIELDS = frozenset({"code_text", "family_text"})  # indexed without positions
# What sets a job that is not a coding job apart among its code_match terms, and what it
# takes off a match's score: more than any match earns (BM25 scores here stay under 100),
# so coding jobs matching a search come before the nurse or scheduler postings matching it
# too. Marking the few other jobs, not the many coding ones, keeps the clause cheap: a
# clause matching most of the board would be walked in full on every search. A query
# naming such a job ("infusion nurse", "data analyst") matches no coding job, and finds it
# first anyway. Meilisearch does the same with its ranking rule "coding_job:desc".
NOT_CODING_JOB = "job:not-coding"
NOT_CODING_PENALTY = -1000.0
FOREVER = 2**62  # expires_at of a job without an end date
WORD = re.compile(r"\w+", re.UNICODE)
QUERY_PART = re.compile(r'"([^"]*)"|([^\s"]+)')
SYNONYMS = synonym_map()
# Quoted parts, or any known phrase (longest first), in one left-to-right pass: a phrase
# inside a longer one ("risk adjustment" in "certified risk adjustment coder") stays inside.
KNOWN_PHRASES = re.compile(
    r'"[^"]*"|(?<![\w"])(?:'
    + "|".join(
        r"\s+".join(map(re.escape, phrase.split()))
        for phrase in sorted((term for term in SYNONYMS if " " in term), key=len, reverse=True)
    )
    + r')(?![\w"])',
    re.IGNORECASE,
)
PREFIX_EXPANSIONS = 30  # terms a prefix is shown as in highlights

Group = tuple[list[list[str]], bool]  # alternatives (each a list of tokens), is a prefix

# Word forms: "levels" meets "level" and "leveling", "DRGs" meets "DRG". The index keeps
# words as written (highlights, corrections and phrases stay exact); a query word gains, as
# alternatives, the words of the index that share its English stem (tantivy's own Snowball
# stemmer) or, for an acronym's plural, its singular. Credentials stay whole: CCS is not
# the plural of CC.
STEMS = (
    TextAnalyzerBuilder(Tokenizer.simple())
    .filter(Filter.lowercase())
    .filter(Filter.ascii_fold())
    .filter(Filter.stemmer("english"))
    .build()
)
KEPT_WHOLE = frozenset(value.lower() for value, _ in CREDENTIALS)
VOWELS = frozenset("aeiouy")
FORM_FIELDS = ("title", "body", "code_text")
FORM_CANDIDATES = 64  # index words read per field that start like the stem
FORMS_KEPT = 6  # alternatives a word gains, the most frequent first


def words_of(text: str) -> list[str]:
    """Tokens as the index's "words" analyzer makes them (it also folds accents)."""
    return [word.lower() for word in WORD.findall(text) if word != "_"]


def quote_known_phrases(words: str) -> str:
    """Treat a multi-word term we know ("certified professional coder") as one phrase, so
    its synonyms (CPC) apply to it."""
    if " " not in words.strip():
        return words

    def quoted(match: re.Match[str]) -> str:
        text = match.group(0)
        return text if text.startswith('"') else '"' + " ".join(text.split()) + '"'

    return KNOWN_PHRASES.sub(quoted, words)


def form_keys(words: list[str]) -> list[str]:
    """What each word shares with its other forms: its stem, or an acronym's singular."""
    stems = STEMS.analyze(" ".join(words))
    if len(stems) != len(words):  # not one token a word: compare each on its own
        stems = [(STEMS.analyze(word) or [word])[0] for word in words]
    return [
        word[:-1] if word.endswith("s") and len(word) >= 3 and not VOWELS & set(word[:-1]) else stem
        for word, stem in zip(words, stems, strict=True)
    ]


def forms_of(word: str, index_words: Callable[[str], dict[str, int]]) -> list[str]:
    """The other forms of a word that the index holds (most frequent first); none for
    credentials, codes and words too short to have forms. ``index_words(prefix)`` gives the
    index's words starting with a prefix, with their frequencies."""
    if len(word) < 3 or not word.isalpha() or not word.isascii() or word in KEPT_WHOLE:
        return []
    if word in SYNONYMS:  # coder, coding, audit…: their group names the forms coders use
        return []
    (key,) = form_keys([word])
    prefix = key.rstrip("i") if len(key.rstrip("i")) >= 3 else key  # laminotomy: laminotomi
    found = {term: count for term, count in index_words(prefix).items() if term != word}
    candidates = sorted(term for term in found if term.isalpha() and term not in KEPT_WHOLE)
    if not candidates:
        return []
    same = [term for term, k in zip(candidates, form_keys(candidates), strict=True) if k == key]
    return sorted(same, key=lambda term: -found[term])[:FORMS_KEPT]


def parse_words(
    words: str,
    is_known: Callable[[str], bool],
    forms: Callable[[str], list[str]] | None = None,
) -> list[Group]:
    """Each group of the query: its alternatives (synonyms, word forms) and whether it is a
    prefix.

    The last bare word matches as a prefix (search as you type) unless it is already a word
    the index knows."""
    words = quote_known_phrases(words)
    parts = list(QUERY_PART.finditer(words))
    groups: list[Group] = []
    for index, part in enumerate(parts):
        phrase, bare = part.group(1), part.group(2)
        tokens = words_of(phrase if phrase is not None else bare)
        if not tokens:
            continue
        is_prefix = (
            index == len(parts) - 1
            and phrase is None
            and len(tokens) == 1
            and not words.endswith(" ")
            and len(tokens[0]) >= 2
            and not is_known(tokens[0])
        )
        key = (phrase if phrase is not None else bare).lower()
        synonyms = SYNONYMS.get(key, SYNONYMS.get(" ".join(tokens), []))
        alternatives = [tokens] + [words_of(synonym) for synonym in synonyms]
        if forms is not None and phrase is None and len(tokens) == 1:
            alternatives += [[form] for form in forms(tokens[0])]
        groups.append((alternatives, is_prefix))
    return groups


def _field_query(schema: tantivy.Schema, field: str, tokens: list[str], prefix: bool) -> Query:
    if prefix:
        return Query.fuzzy_term_query(schema, field, tokens[0], distance=0, prefix=True)
    if len(tokens) == 1:
        return Query.term_query(schema, field, tokens[0])
    if field in WORDS_ONLY_FIELDS:  # no positions: every word of the phrase, in any order
        return Query.boolean_query(
            [(Occur.Must, Query.term_query(schema, field, token)) for token in tokens]
        )
    return Query.phrase_query(schema, field, tokens)


def _either(queries: list[Query]) -> Query:
    return (
        queries[0]
        if len(queries) == 1
        else Query.boolean_query([(Occur.Should, query) for query in queries])
    )


def not_coding_penalty(schema: tantivy.Schema) -> Query:
    """Matches the jobs that are not coding jobs with a negative constant score, added to
    what their words earn."""
    return Query.const_score_query(
        Query.term_query(schema, "code_match", NOT_CODING_JOB), NOT_CODING_PENALTY
    )


def words_query(schema: tantivy.Schema, groups: list[Group]) -> Query | None:
    """Every group must match in some field; alternatives of a group are ORed."""
    musts = []
    for alternatives, is_prefix in groups:
        options = [
            Query.boost_query(_field_query(schema, field, tokens, is_prefix and not n), boost)
            for n, tokens in enumerate(alternatives)
            for field, boost in TEXT_FIELDS.items()
        ]
        musts.append((Occur.Must, _either(options)))
    return Query.boolean_query(musts) if musts else None


def highlight_query(
    schema: tantivy.Schema, field: str, groups: list[Group], expand: Callable[[str], list[str]]
) -> Query | None:
    """The terms to mark in one field: every token, and a prefix as the words it stands for."""
    terms: set[str] = set()
    for alternatives, is_prefix in groups:
        for n, tokens in enumerate(alternatives):
            terms.update(expand(tokens[0]) if is_prefix and not n else tokens)
    if not terms:
        return None
    return _either([Query.term_query(schema, field, term) for term in sorted(terms)])


def filter_clauses(
    schema: tantivy.Schema, query: SearchQuery, now: int, skip_facet: str | None = None
) -> list[tuple[Occur, Query]]:
    """Listed now, codes, pay, date and every facet filter but ``skip_facet``."""
    clauses = [
        (
            Occur.Must,
            Query.range_query(
                schema,
                "expires_at",
                tantivy.FieldType.Integer,
                lower_bound=now,
                include_lower=False,
            ),
        )
    ]
    for facet, chosen in sorted(query.filters.items()):
        if facet != skip_facet and chosen:
            clauses.append((Occur.Must, Query.term_set_query(schema, FACET_FIELDS[facet], chosen)))
    if query.codes or query.bad_codes:
        tier = query.code_tier
        reach = code_filter_terms(query.codes, (tier,) if tier else TIERS)
        clauses.append((Occur.Must, Query.term_set_query(schema, "code_match", reach or [NO_CODE])))
        better = code_filter_terms(query.codes, tiers_above(tier)) if tier else []
        if better:
            clauses.append((Occur.MustNot, Query.term_set_query(schema, "code_match", better)))
        if query.bad_codes:  # a code box entry that is no code finds nothing, never all jobs
            clauses.append((Occur.Must, Query.term_query(schema, "code_match", NO_CODE)))
    if query.salary_floor:
        clauses.append(
            (
                Occur.Must,
                Query.range_query(
                    schema,
                    "salary_yearly_max",
                    tantivy.FieldType.Integer,
                    lower_bound=query.salary_floor,
                ),
            )
        )
    if query.posted_within:
        clauses.append(
            (
                Occur.Must,
                Query.range_query(
                    schema,
                    "posted_at",
                    tantivy.FieldType.Integer,
                    lower_bound=now - int(query.posted_within) * 86400,
                ),
            )
        )
    return clauses


def correct_words(
    words: str, is_known: Callable[[str], bool], candidates: Callable[[str], list[str]]
) -> str | None:
    """Replace each word the index does not know with the nearest word it does (one typo
    up to five letters, two beyond); candidates come most frequent first."""
    changed, corrected = False, []
    for word in words.split():
        plain = word.strip('"').lower()
        if len(plain) < 4 or not plain.isalpha() or plain in SYNONYMS or is_known(plain):
            corrected.append(word)
            continue
        limit = 1 if len(plain) <= 5 else 2
        best = process.extractOne(
            plain, candidates(plain), scorer=distance.Levenshtein.distance, score_cutoff=limit
        )
        if best is None:
            corrected.append(word)
        else:
            corrected.append(best[0])
            changed = True
    return " ".join(corrected) if changed else None
