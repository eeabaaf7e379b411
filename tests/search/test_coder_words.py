"""Words coders use for a kind of job find it though the posting says it another way: "ob gyn
coder" finds an Obstetrics and Gynecology Coder, "entry level" the jobs that welcome
apprentices, "levels" a leveling auditor, "N184" the job tagging N18.4; coding jobs come
before the nurse posted beside them, and the jobs about a code before those that list it
among many."""

from __future__ import annotations

from tests.support.factories import JobFactory, jobs_indexed_once
from tests.support.pages import text_of


def titles(client, query: str) -> list[str]:
    return [hit["title"] for hit in client.get(f"/api/v1/jobs?{query}").json["hits"]]


def test_ob_gyn_and_entry_level_find_the_jobs_coders_mean(client):
    with jobs_indexed_once():
        JobFactory(
            title="Obstetrics and Gynecology Coder", description="Code deliveries and visits."
        )
        JobFactory(
            title="Outpatient Coder",
            description="Apprentice coders (CPC-A) are welcome; we pair you with a mentor.",
        )
        JobFactory(
            title="Cardiology Coder", description="Code catheterizations for five physicians."
        )

    ob_gyn = text_of(client.get("/jobs?q=ob+gyn+coder"))
    assert "Obstetrics and Gynecology Coder" in ob_gyn and "Cardiology Coder" not in ob_gyn
    assert "Obstetrics and Gynecology Coder" in titles(client, "q=obgyn")
    entry = text_of(client.get("/jobs?q=entry+level"))
    assert "Outpatient Coder" in entry and "Cardiology Coder" not in entry


def test_what_the_form_records_is_searched_as_words(client):
    with jobs_indexed_once():
        JobFactory(
            title="Radiology Coder I",
            description="Outpatient imaging charts.",
            min_years_experience=0,
            employment_type="part_time",
        )
        JobFactory(
            title="Radiology Coder III",
            description="Outpatient imaging charts.",
            min_years_experience=5,
        )
    assert titles(client, "q=no+experience") == ["Radiology Coder I"]
    assert titles(client, "q=new+grad") == ["Radiology Coder I"]
    assert titles(client, "q=part+time+radiology") == ["Radiology Coder I"]


def test_word_forms_meet_but_credentials_stay_whole(client):
    with jobs_indexed_once():
        JobFactory(
            title="E/M Leveling Auditor",
            description="Audit visit leveling and validate DRGs for the clinics.",
            credentials_required=["CPMA"],
        )
        JobFactory(
            title="Facility Coder",
            description="Assign the CC and MCC on each inpatient claim.",
            credentials_required=["RHIT"],
        )
    assert titles(client, "q=levels") == ["E/M Leveling Auditor"]
    assert titles(client, "q=drg") == ["E/M Leveling Auditor"]
    assert titles(client, "q=ccs") == []  # CCS is a credential, not the plural of CC


def test_the_corrector_leaves_real_words_alone(client):
    JobFactory(title="Pediatric Coder", description="Well visits and vaccines; fewer denials.")
    page = client.get("/api/v1/jobs?q=vaccine").json
    assert [hit["title"] for hit in page["hits"]] == ["Pediatric Coder"]
    assert page["suggestion"] is None
    # "fever" is a word of the code reference (R50.9): no job uses it, and search says so
    # rather than answering for "fewer"
    answer = text_of(client.get("/jobs?q=fever"))
    assert "Did you mean" not in answer and "Showing results for" not in answer
    assert "Pediatric Coder" not in answer
    # a word neither knows is still corrected
    assert "Showing results for" in text_of(client.get("/jobs?q=vacines"))


def test_undotted_codes_of_any_length_are_read(client):
    with jobs_indexed_once():
        JobFactory(title="CKD Coder", code_tags=["N18.4"])
        JobFactory(title="Hip Fracture Coder", code_tags=["S72.001A"])
    assert titles(client, "q=N184") == ["CKD Coder"]
    assert titles(client, "q=s72001a") == ["Hip Fracture Coder"]
    assert titles(client, "q=H1N1") == []  # a word, not a code


def test_coding_jobs_come_before_other_postings_that_match_as_well(client):
    with jobs_indexed_once():
        JobFactory(
            title="Infusion Nurse",
            description="Run our oncology infusion chairs.",
            code_tags=[],
            credentials_required=[],
            specialties=["oncology"],
        )
        JobFactory(
            title="Oncology Coder",
            description="Infusion and chemotherapy charges.",
            code_tags=["96413"],
        )
    assert titles(client, "q=infusion") == ["Oncology Coder", "Infusion Nurse"]
    assert titles(client, "q=infusion+nurse") == ["Infusion Nurse"]  # named, it is found


def test_the_jobs_about_a_code_come_before_those_listing_it_among_many(client):
    many = ["99202", "99203", "99204", "99205", "99212", "99213", "99214", "99215", "36415"]
    with jobs_indexed_once():
        JobFactory(title="Primary Care Coder", code_tags=["99213", "99214"])
        JobFactory(title="Charge Entry Coder", code_tags=many)  # the newer
        JobFactory(title="Wellness Coder", code_tags=["99395", "99396"])
    found = titles(client, "q=99214")
    assert found == ["Primary Care Coder", "Charge Entry Coder"]
