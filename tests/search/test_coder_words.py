"""Words coders use for a kind of job find it though the posting says it another way: "ob gyn
coder" finds an Obstetrics and Gynecology Coder, "entry level" the jobs that welcome
apprentices."""

from __future__ import annotations

from tests.support.factories import JobFactory
from tests.support.pages import text_of


def test_ob_gyn_and_entry_level_find_the_jobs_coders_mean(client):
    JobFactory(title="Obstetrics and Gynecology Coder", description="Code deliveries and visits.")
    JobFactory(
        title="Outpatient Coder",
        description="Apprentice coders (CPC-A) are welcome; we pair you with a mentor.",
    )
    JobFactory(title="Cardiology Coder", description="Code catheterizations for five physicians.")

    ob_gyn = text_of(client.get("/jobs?q=ob+gyn+coder"))
    assert "Obstetrics and Gynecology Coder" in ob_gyn and "Cardiology Coder" not in ob_gyn
    entry = text_of(client.get("/jobs?q=entry+level"))
    assert "Outpatient Coder" in entry and "Cardiology Coder" not in entry
