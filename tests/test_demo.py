"""`flask demo load` fills an empty board with realistic coding jobs, once."""

from careercenter.accounts.models import User
from careercenter.extensions import db
from careercenter.jobs import service as jobs
from careercenter.jobs.models import Job

SPINE_CODES = {
    "63020",
    "63030",
    "63035",
    "63040",
    "63042",
    "63043",
    "63044",
    "63047",
    "63048",
    "63052",
    "63053",
}


def test_demo_load_creates_employers_and_sixty_open_jobs(app, client):
    result = app.test_cli_runner().invoke(args=["demo", "load"])

    assert result.exit_code == 0, result.output
    assert "Loaded 6 companies" in result.output
    open_jobs = list(db.session.scalars(jobs.open_jobs_query()))
    assert len(open_jobs) >= 60
    assert len({job.company_id for job in open_jobs}) == 6
    assert len({specialty for job in open_jobs for specialty in job.specialties}) >= 12

    spine = [job for job in open_jobs if any(tag.startswith("630") for tag in job.code_tags)]
    assert len(spine) >= 12
    tagged = {tag for job in open_jobs for tag in job.code_tags}
    assert tagged >= SPINE_CODES
    assert "630xx" in tagged

    assert client.get("/").status_code == 200
    for job in open_jobs[:10]:
        assert client.get(f"/jobs/{job.path_key}").status_code == 200


def test_a_newcomer_can_ask_casepilot_about_two_codes_on_the_demo_board(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "ASK_METERING", False)
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert "Loaded the demo CMS files" in result.output
    reply = client.get(
        "/api/v1/ask", query_string={"q": "can 22633 and 63030 be billed together?"}
    ).json
    assert "column 1 22633, column 2 63030" in reply["answer"]
    cited = " ".join(fact["source"] for fact in reply["facts"])
    assert "demonstration figures, not CMS's numbers" in cited
    again = app.test_cli_runner().invoke(args=["demo", "load"])
    assert "Loaded the demo CMS files" not in again.output  # never over an operator's own


def test_demo_load_leaves_a_board_with_jobs_alone(app):
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "load"])
    count = db.session.scalar(db.select(db.func.count(Job.id)))

    again = runner.invoke(args=["demo", "load"])

    assert "already has jobs" in again.output
    assert db.session.scalar(db.select(db.func.count(Job.id))) == count
    assert "Demo logins (password: careercenter-demo)" in again.output  # at every start


def test_every_demo_login_printed_and_in_the_readme_signs_in(app, user):
    from pathlib import Path

    from careercenter.demo.load import demo_logins

    app.test_cli_runner().invoke(args=["demo", "load"])
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    for email, _who in demo_logins():
        assert email in readme, f"{email} is not in the README"
        page = user.login(email, password="careercenter-demo")
        assert b"Logged in as" in page.data, email
        user.logout()


def test_an_operator_account_is_made_from_the_command_line(app, user):
    result = app.test_cli_runner().invoke(
        args=["users", "create-admin", "ops@example.com", "--password", "an operator passphrase"]
    )

    assert "ops@example.com is an operator." in result.output
    user.login("ops@example.com", "an operator passphrase")
    assert user.client.get("/admin/jobs").status_code == 200


def test_an_operator_password_meets_the_sign_up_rule(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create-admin", "ops@example.com", "--password", "password"]
    )

    assert result.exit_code == 1
    assert "password refused" in result.output and "Traceback" not in result.output
    assert db.session.scalar(db.select(User).where(User.email == "ops@example.com")) is None


def test_demo_generate_adds_many_varied_jobs_and_indexes_them(app):
    from werkzeug.datastructures import MultiDict

    from careercenter.search.backend import get_backend
    from careercenter.search.query import parse_search_args

    result = app.test_cli_runner().invoke(args=["demo", "generate", "--jobs", "300"])

    assert result.exit_code == 0, result.output
    assert "Generated 300 jobs." in result.output
    assert "Indexed 300 open jobs." in result.output
    jobs = list(db.session.scalars(db.select(Job)))
    assert len({job.title for job in jobs}) > 20
    assert len({job.company_id for job in jobs}) >= 6
    spine = get_backend().search(parse_search_args(MultiDict({"q": "63035"})))
    assert 0 < spine.total < 300


def test_demo_data_is_refused_on_a_production_board(app_with):
    production = app_with(ENVIRONMENT="production")
    runner = production.test_cli_runner()

    for command in (["demo", "load"], ["demo", "generate", "--jobs", "5"]):
        with production.app_context():  # the command runs in the app that is current
            refused = runner.invoke(args=command)
        assert refused.exit_code == 1 and "CAREERCENTER_ENV=production" in refused.output
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0
    assert db.session.scalar(db.select(db.func.count(Job.id))) == 0


def test_every_demo_job_states_facts_that_agree_with_themselves(app, client):
    """Each demo job's city is in its state and its text asks the years its facts box does,
    in the page and in its JobPosting data — open, closed and expired jobs alike."""
    from careercenter.jobs.facts import years_in_text
    from careercenter.jobs.places import place_problem
    from tests.support.pages import job_posting_of

    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    every_job = list(db.session.scalars(db.select(Job)))
    assert len(every_job) >= 64
    for job in every_job:
        assert place_problem(job.city, job.state) is None, (job.title, job.city, job.state)
        stated = years_in_text(job.description)
        assert stated in (set(), {job.min_years_experience}), (job.title, stated)
        if job.is_open:
            posting = job_posting_of(client, job)
            place = posting.get("jobLocation", {}).get("address", {})
            assert (place.get("addressLocality"), place.get("addressRegion")) in (
                (None, None),
                (job.city, job.state),
            )
            months = posting.get("experienceRequirements", {}).get("monthsOfExperience")
            assert months in (None, (job.min_years_experience or 0) * 12)


def test_the_demo_board_has_a_consultant_and_two_published_answers(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "CODE_METERING", False)
    app.test_cli_runner().invoke(args=["demo", "load"])
    page = client.get("/codes/cpt/63030").data.decode()
    assert "Questions coders asked about 63030" in page and "<strong>63035</strong>" in page
    assert "Questions coders asked about M51.16" in client.get("/codes/icd10cm/M51.16").text


def test_the_demo_pay_page_has_figures_for_five_specialties_or_more(app, client):
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    with_figures = []
    for specialty in (
        "spine",
        "neurosurgery",
        "orthopedics",
        "anesthesia",
        "emergency",
        "cardiology",
        "oncology",
        "pathology",
        "obgyn",
        "hcc",
        "primary_care",
    ):
        reply = client.get(f"/api/v1/pay?specialty={specialty}").get_json()
        if reply["annual"] is not None:
            with_figures.append(specialty)
    assert len(with_figures) >= 5, with_figures
    page = client.get("/pay?specialty=spine")
    assert page.status_code == 200 and b"25th percentile" in page.data
