"""The OpenAPI 3 description of the JSON API, built from the same whitelists the API uses."""

from __future__ import annotations

from typing import Any

from careercenter.codes.tags import SYSTEMS
from careercenter.pay.service import WINDOWS as PAY_WINDOWS
from careercenter.search.query import FACET_VALUES, MAX_PAGE, MAX_PER_PAGE, SORTS

ERROR = {"$ref": "#/components/schemas/Error"}


# Text may hold anything but NUL, which every request refuses (careercenter.security).
NO_NUL = "^[^\\x00]*$"


def _param(
    name: str, schema: dict[str, Any], description: str, repeat: bool = False
) -> dict[str, Any]:
    if schema.get("type") == "string" and "enum" not in schema:
        schema = {**schema, "pattern": NO_NUL}
    if repeat:
        schema = {"type": "array", "items": schema}
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
        "style": "form",
        "explode": True,
    }


def search_parameters() -> list[dict[str, Any]]:
    params = [
        _param(
            "q",
            {"type": "string", "maxLength": 200},
            "Words, codes (63035, M51.16) or families (630xx, 630, M51.*).",
        )
    ]
    for facet, allowed in FACET_VALUES.items():
        params.append(
            _param(
                facet,
                {"type": "string", "enum": sorted(allowed)},
                f"Filter on {facet}; repeat for OR.",
                repeat=True,
            )
        )
    params += [
        _param("code", {"type": "string"}, "A code, family or range; repeat for OR.", repeat=True),
        _param(
            "salary_min",
            {"type": "integer", "minimum": 0, "maximum": 10_000_000},
            "Pay at least this, per `salary_unit` (compared with each job's yearly equivalent).",
        ),
        _param(
            "salary_unit",
            {"type": "string", "enum": ["year", "hour"], "default": "year"},
            "What `salary_min` is per: a year, or an hour (a full-time year is 2,080 hours).",
        ),
        _param(
            "posted_within",
            {"type": "integer", "minimum": 1, "maximum": 365},
            "Posted within this many days.",
        ),
        _param("sort", {"type": "string", "enum": list(SORTS), "default": "relevance"}, "Order."),
        _param(
            "page",
            {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
            "Page number.",
        ),
        _param(
            "per_page",
            {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 20},
            "Hits per page.",
        ),
    ]
    return params


def pay_parameters() -> list[dict[str, Any]]:
    """The search's facets and codes, and the window in months."""
    params = [param for param in search_parameters() if param["name"] in (*FACET_VALUES, "code")]
    params.append(
        _param(
            "months",
            {"type": "integer", "enum": list(PAY_WINDOWS), "default": 12},
            "Jobs listed at any time in this many months back, open or closed.",
        )
    )
    return params


def pay_schemas() -> dict[str, Any]:
    number, nullable_number = {"type": "number"}, {"type": ["number", "null"]}
    spread = {
        "type": ["object", "null"],
        "description": "Null below the minimum of jobs a figure stands on.",
        "required": ["p25", "median", "p75"],
        "properties": {"p25": number, "median": number, "p75": number},
    }
    bar = {
        "type": "object",
        "required": ["value", "label", "postings", "median"],
        "properties": {
            "value": {"type": "string"},
            "label": {"type": "string"},
            "postings": {"type": "integer", "minimum": 0},
            "median": nullable_number,
        },
    }
    return {
        "PayFigures": {
            "type": "object",
            "required": [
                "question",
                "postings",
                "with_pay",
                "without_pay",
                "min_postings",
                "hours_a_year",
                "annual",
                "hourly",
                "distribution",
                "by",
                "window",
                "broader",
            ],
            "properties": {
                "question": {"type": "string"},
                "postings": {"type": "integer", "minimum": 0},
                "with_pay": {"type": "integer", "minimum": 0},
                "without_pay": {"type": "integer", "minimum": 0},
                "min_postings": {"type": "integer", "minimum": 1},
                "hours_a_year": {"type": "integer"},
                "annual": spread,
                "hourly": spread,
                "distribution": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["low", "high", "postings"],
                        "properties": {
                            "low": {"type": "integer"},
                            "high": {"type": "integer"},
                            "postings": {"type": "integer"},
                        },
                    },
                },
                "by": {"type": "object", "additionalProperties": {"type": "array", "items": bar}},
                "window": {
                    "type": "object",
                    "required": ["months", "from", "to"],
                    "properties": {
                        "months": {"type": "integer"},
                        "from": {"type": "string", "format": "date-time"},
                        "to": {"type": "string", "format": "date-time"},
                    },
                },
                "broader": {
                    "type": ["object", "null"],
                    "required": ["text", "url", "with_pay"],
                    "properties": {
                        "text": {"type": "string"},
                        "url": {"type": "string"},
                        "with_pay": {"type": "integer"},
                    },
                },
            },
        }
    }


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def openapi_document(server_url: str) -> dict[str, Any]:
    string, nullable_string = {"type": "string"}, {"type": ["string", "null"]}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "CareerCenter API",
            "version": "1",
            "description": "Search medical coding jobs and look up codes.",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/api/v1/jobs": {
                "get": {
                    "operationId": "searchJobs",
                    "summary": "Search open jobs",
                    "parameters": search_parameters(),
                    "responses": {
                        "200": _json({"$ref": "#/components/schemas/SearchResult"}, "Hits"),
                        "400": _json(ERROR, "Invalid parameters"),
                        "503": _json(ERROR, "Search unavailable"),
                    },
                }
            },
            "/api/v1/jobs/{id}": {
                "get": {
                    "operationId": "getJob",
                    "summary": "One open job",
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
                        }
                    ],
                    "responses": {
                        "200": _json({"type": "object"}, "The job"),
                        "404": _json(ERROR, "No open job has this id"),
                    },
                }
            },
            "/api/v1/codes/{system}/{code}": {
                "get": {
                    "operationId": "getCode",
                    "summary": "One code and its open jobs",
                    "parameters": [
                        {
                            "name": "system",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "enum": list(SYSTEMS)},
                        },
                        {
                            "name": "code",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "maxLength": 16},
                        },
                    ],
                    "responses": {
                        "200": _json({"type": "object"}, "The code"),
                        "404": _json(ERROR, "Unknown code"),
                    },
                }
            },
            "/api/v1/pay": {
                "get": {
                    "operationId": "payFigures",
                    "summary": "What the jobs a question reaches pay: quartiles, spread, facets",
                    "parameters": pay_parameters(),
                    "responses": {
                        "200": _json({"$ref": "#/components/schemas/PayFigures"}, "The figures"),
                        "400": _json(ERROR, "Invalid parameters"),
                        "503": _json(ERROR, "Pay figures are unavailable for a moment"),
                    },
                }
            },
            "/api/v1/ask": {
                "get": {
                    "operationId": "askCasePilot",
                    "summary": "A question about codes, answered only from cited facts",
                    "parameters": [
                        {
                            "name": "q",
                            "in": "query",
                            "required": True,
                            "schema": {
                                "type": "string",
                                "minLength": 1,
                                "maxLength": 1000,
                                "pattern": "\\S",
                            },
                            "description": "The question, as a coder would ask it. Never "
                            "patient information: such questions are refused, not kept.",
                        }
                    ],
                    "responses": {
                        "200": _json({"$ref": "#/components/schemas/Answer"}, "The answer"),
                        "400": _json(ERROR, "Empty, or holds patient information"),
                        "429": _json(ERROR, "This month's answers are used"),
                    },
                }
            },
        },
        "components": {
            "schemas": {
                **pay_schemas(),
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["code", "message", "fields"],
                            "properties": {
                                "code": string,
                                "message": string,
                                "fields": {"type": "object", "additionalProperties": string},
                            },
                        }
                    },
                },
                "Hit": {
                    "type": "object",
                    "required": [
                        "id",
                        "title",
                        "company",
                        "url",
                        "work_mode",
                        "location",
                        "salary",
                        "tags",
                        "codes",
                        "posted_at",
                        "highlight",
                    ],
                    "properties": {
                        "id": string,
                        "title": string,
                        "company": string,
                        "url": string,
                        "work_mode": string,
                        "location": {"type": "object"},
                        "salary": {"type": "object"},
                        "tags": {"type": "array", "items": string},
                        "codes": {"type": "array", "items": string},
                        "posted_at": nullable_string,
                        "highlight": {"type": "object"},
                        "code_match": {
                            **nullable_string,
                            "description": "On a code search, how the job names the code: "
                            "tags 63035, tags 63001-63048, tags 630xx or mentions 63035.",
                        },
                    },
                },
                "Answer": {
                    "type": "object",
                    "required": [
                        "question",
                        "answered",
                        "answer",
                        "facts",
                        "codes",
                        "follow_up",
                        "consultant_url",
                    ],
                    "properties": {
                        "question": string,
                        "answered": {"type": "boolean"},
                        "answer": {
                            "type": "string",
                            "description": "The facts' sentences, or why it cannot answer",
                        },
                        "facts": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["text", "source", "codes"],
                                "properties": {
                                    "text": string,
                                    "source": string,
                                    "codes": {"type": "array", "items": string},
                                },
                            },
                        },
                        "codes": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["system", "code", "url"],
                                "properties": {
                                    "system": {"type": "string", "enum": list(SYSTEMS)},
                                    "code": string,
                                    "url": string,
                                },
                            },
                        },
                        "follow_up": {"type": "array", "items": string},
                        "consultant_url": nullable_string,
                        "disclaimer": string,
                    },
                },
                "SearchResult": {
                    "type": "object",
                    "required": ["hits", "total", "page", "per_page", "facets", "suggestion"],
                    "properties": {
                        "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}},
                        "total": {"type": "integer"},
                        "total_capped": {
                            "type": "boolean",
                            "description": "True when the search engine counted no further "
                            "than total (Meilisearch stops at 10,000): at least that many jobs "
                            "match, and pages reach that far.",
                        },
                        "pages": {"type": "integer", "description": "Pages that can be asked."},
                        "page": {"type": "integer"},
                        "per_page": {"type": "integer"},
                        "facets": {
                            "type": "object",
                            "additionalProperties": {
                                "type": "object",
                                "additionalProperties": {"type": "integer"},
                            },
                        },
                        "suggestion": nullable_string,
                        "notices": {"type": "array", "items": string},
                    },
                },
            }
        },
    }
