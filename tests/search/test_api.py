"""The JSON API answers with the documented shapes, and every error in one shape."""

from __future__ import annotations

from openapi_spec_validator import validate

from tests.support.factories import JobFactory

HIT_KEYS = {
    "id",
    "code_match",
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
}


def test_job_search_returns_hits_facets_and_totals(client, board):
    body = client.get("/api/v1/jobs?q=63035&per_page=5").get_json()

    assert set(body) == {
        "hits",
        "total",
        "total_capped",
        "pages",
        "page",
        "per_page",
        "facets",
        "suggestion",
        "notices",
    }
    assert body["total"] == 2 and body["page"] == 1 and body["per_page"] == 5
    assert body["pages"] == 1 and body["total_capped"] is False
    assert {hit["title"] for hit in body["hits"]} == {
        "Spine Surgery Coder",
        "Neurosurgery Coding Specialist",
    }
    hit = body["hits"][0]
    assert set(hit) == HIT_KEYS
    assert "63035" in hit["codes"]
    assert hit["url"].startswith("http://localhost/jobs/")
    assert hit["salary"]["yearly_max"] in (75000, 79040)
    assert body["facets"]["work_mode"] == {"remote": 2}


def test_a_typo_comes_back_as_the_suggestion(client, board):
    body = client.get("/api/v1/jobs?q=lamnotomy").get_json()
    assert body["suggestion"] == "laminotomy"
    assert body["total"] == 2  # the 630xx job, and the range job through its codes' meaning


def test_bad_parameters_are_a_400_naming_each_field(client):
    response = client.get("/api/v1/jobs?work_mode=underwater&page=0&sort=best&salary_min=lots")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_parameters"
    assert set(error["fields"]) == {"work_mode", "page", "sort", "salary_min"}


def test_one_job_by_id_and_a_json_404_for_closed_or_unknown(client):
    job = JobFactory(title="API Spine Coder", code_tags=["630xx"])
    closed = JobFactory(status="closed")

    body = client.get(f"/api/v1/jobs/{job.id}").get_json()
    assert body["title"] == "API Spine Coder"
    assert body["tags"] == ["630xx"]

    for path in (f"/api/v1/jobs/{closed.id}", "/api/v1/jobs/999999", "/api/v1/nothing"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"
    wrong_method = client.post("/api/v1/jobs")
    assert wrong_method.status_code in (400, 405)
    assert "error" in wrong_method.get_json()


def test_a_code_with_its_relations_and_job_count(app, client, board, monkeypatch):
    monkeypatch.setitem(app.config, "CODE_METERING", False)
    body = client.get("/api/v1/codes/cpt/63035").get_json()
    assert body["code"] == "63035"
    assert body["is_addon"] is True
    assert body["reported_with"] == ["63020", "63030"]
    assert body["open_jobs"] == 2
    assert body["description"] is None and body["plain_description"]

    icd = client.get("/api/v1/codes/icd10cm/m51.16").get_json()
    assert icd["description"] == "Intervertebral disc disorders with radiculopathy, lumbar region"
    assert [parent["code"] for parent in icd["parents"]] == [
        "M00-M99",
        "M40-M54",
        "M50-M54",
        "M51",
        "M51.1",
    ]

    assert client.get("/api/v1/codes/cpt/63036").status_code == 404
    assert client.get("/api/v1/codes/xyz/63035").status_code == 404


def test_the_code_api_respects_metering(client):
    client.get("/api/v1/codes/cpt/63030")
    locked = client.get("/api/v1/codes/cpt/63047").get_json()
    assert locked["locked"] is True
    assert "plain_description" not in locked


def test_the_openapi_document_is_valid_and_lists_every_parameter(client):
    document = client.get("/api/v1/openapi.json").get_json()
    validate(document)
    names = {param["name"] for param in document["paths"]["/api/v1/jobs"]["get"]["parameters"]}
    assert {
        "q",
        "work_mode",
        "state",
        "employment_type",
        "setting",
        "credential",
        "specialty",
        "code_system",
        "experience",
        "apprentice",
        "ehr",
        "code",
        "salary_min",
        "salary_unit",
        "posted_within",
        "sort",
        "page",
        "per_page",
    } == names
