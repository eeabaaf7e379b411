"""Where things land on a phone (375 × 812) and a desktop (1280 × 800), read from the page:
the first search result and the job page's pay and Apply button in the first screen, five
results above the fold on a desktop, a one-row header, employer tables as cards on a phone.
Positions are printed (`pytest -s`) for the record in the closing note."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.support.factories import EmployerFactory, JobFactory, UserFactory
from tests.support.files import PDF, upload

pytestmark = [pytest.mark.browser, pytest.mark.once]

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}
SCREENSHOTS = "test-artifacts"


@pytest.fixture
def board():
    owner = EmployerFactory(email="owner@ridgeline.example")
    long_description = "Code spine decompression and fusion cases from operative notes. " * 40
    jobs = [
        JobFactory(
            company=owner.company,
            title=f"Spine Surgery Coder {number}",
            description=long_description,
            salary_min=Decimal(29),
            salary_max=Decimal(35),
            salary_unit="HOUR",
            credentials_required=["CPC", "COC", "CRC"],
            specialties=["spine", "neurosurgery", "orthopedics"],
        )
        for number in range(8)
    ]
    return owner, jobs


def top_of(page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not shown"
    return box["y"]


def open_at(browser, viewport, url):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(url)
    return context, page


def test_a_phone_shows_the_first_result_and_the_apply_button_in_the_first_screen(
    browser, live_server, board
):
    _, jobs = board
    context, page = open_at(browser, PHONE, f"{live_server}/jobs?q=spine")
    try:
        first_result = top_of(page, ".job-card")
        header = page.locator("header.site-header").first.bounding_box()
        print(f"phone: first result at {first_result:.0f} px, header {header['height']:.0f} px")
        assert first_result + 60 < PHONE["height"], "the first result is below the first screen"
        assert header["height"] < 80, "the header wraps to more than one row"
        filters = page.locator("details.filters summary")
        assert filters.inner_text().startswith("Filters")
        filters.click()  # the filters open in place, JavaScript or not
        assert page.locator('input[name="work_mode"]').first.is_visible()

        page.goto(f"{live_server}/jobs/{jobs[0].path_key}")
        apply_at = top_of(page, ".apply-bar .button")
        pay_at = top_of(page, ".pay")
        print(f"phone: job page Apply at {apply_at:.0f} px, pay at {pay_at:.0f} px")
        assert apply_at + 40 < PHONE["height"] and pay_at + 20 < PHONE["height"]
        page.mouse.wheel(0, 3000)
        page.wait_for_timeout(200)
        still = page.locator(".apply-bar .button").first.bounding_box()
        assert 0 <= still["y"] < PHONE["height"], "the Apply button does not stay in view"
    except AssertionError:
        page.screenshot(path=f"{SCREENSHOTS}/phone-layout.png", full_page=True)
        raise
    finally:
        context.close()


def test_a_desktop_shows_five_results_and_the_apply_button_above_the_fold(
    browser, live_server, board
):
    _, jobs = board
    context, page = open_at(browser, DESKTOP, f"{live_server}/jobs?q=spine")
    try:
        tops = [
            box["y"] for box in (card.bounding_box() for card in page.locator(".job-card").all())
        ]
        above = [top for top in tops if top + 40 < DESKTOP["height"]]
        print(f"desktop: {len(above)} results start above the fold, first at {tops[0]:.0f} px")
        assert len(above) >= 5
        page.goto(f"{live_server}/jobs/{jobs[0].path_key}")
        apply_at, pay_at = top_of(page, ".apply .button"), top_of(page, ".pay")
        print(f"desktop: job page Apply at {apply_at:.0f} px, pay at {pay_at:.0f} px")
        assert apply_at + 40 < DESKTOP["height"] and pay_at + 20 < DESKTOP["height"]
    except AssertionError:
        page.screenshot(path=f"{SCREENSHOTS}/desktop-layout.png", full_page=True)
        raise
    finally:
        context.close()


def test_employer_tables_are_cards_on_a_phone(browser, live_server, board, app):
    owner, jobs = board
    seeker = UserFactory(email="dana@example.com")
    from tests.support.people import UserActions

    applicant = UserActions(app.test_client())
    applicant.login(seeker.email)
    applicant.submit(f"/jobs/{jobs[0].id}/apply", {"resume": upload(PDF, "cv.pdf")})

    context, page = open_at(browser, PHONE, f"{live_server}/login")
    try:
        page.get_by_label("E-mail").fill(owner.email)
        page.get_by_label("Password").fill("correct horse battery staple")
        page.get_by_role("button", name="Log in").click()
        for path in ("/employer", f"/employer/jobs/{jobs[0].id}/applicants"):
            page.goto(f"{live_server}{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            print(f"phone: {path} is {width} px wide")
            assert width <= PHONE["width"], f"{path} scrolls sideways ({width} px)"
        assert page.get_by_text("Stage", exact=True).first.is_visible()
        assert page.get_by_role("link", name="Download").first.is_visible()
    except AssertionError:
        page.screenshot(path=f"{SCREENSHOTS}/phone-employer.png", full_page=True)
        raise
    finally:
        context.close()


def test_a_signed_in_seeker_s_links_fold_behind_a_menu_on_a_phone(browser, live_server, board):
    """Seven links do not fit a phone's header: one row, a Menu that opens and closes, no
    sideways scrolling; a desktop shows the links themselves."""
    seeker = UserFactory(email="dana@example.com")
    context, page = open_at(browser, PHONE, f"{live_server}/login")
    try:
        page.get_by_label("E-mail").fill(seeker.email)
        page.get_by_label("Password").fill("correct horse battery staple")
        page.get_by_role("button", name="Log in").click()
        page.goto(f"{live_server}/jobs?q=spine")
        header = page.locator("header.site-header").first.bounding_box()
        nav_overflow = page.evaluate(
            "(() => { const nav = document.querySelector('header nav');"
            " return nav.scrollWidth - nav.clientWidth; })()"
        )
        print(f"phone, signed in: header {header['height']:.0f} px, nav overflow {nav_overflow} px")
        assert header["height"] < 80 and nav_overflow <= 0
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        applications = page.get_by_role("link", name="Applications")
        assert not applications.is_visible()

        menu = page.get_by_role("button", name="Menu")
        menu.click()
        assert menu.get_attribute("aria-expanded") == "true"
        assert applications.is_visible() and page.get_by_role("button", name="Log out").is_visible()
        box = applications.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        page.keyboard.press("Escape")
        assert not applications.is_visible() and menu.get_attribute("aria-expanded") == "false"

        menu.click()
        applications.click()
        page.wait_for_url(f"{live_server}/me/applications*")

        page.set_viewport_size(DESKTOP)
        page.goto(f"{live_server}/jobs")
        assert page.get_by_role("link", name="Applications").is_visible()
        assert not page.get_by_role("button", name="Menu").is_visible()
    except AssertionError:
        page.screenshot(path=f"{SCREENSHOTS}/phone-menu.png", full_page=True)
        raise
    finally:
        context.close()


OVERFLOW = """() => {
  // Elements whose right edge passes the main column's content edge, outside any box that
  // scrolls or clips them itself and outside bars pinned to the screen.
  const main = document.querySelector('main');
  const style = getComputedStyle(main);
  const limit = main.getBoundingClientRect().right - parseFloat(style.paddingRight) + 1;
  const found = [];
  for (const element of main.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.right <= limit) continue;
    let contained = getComputedStyle(element).position === 'fixed';
    for (let up = element.parentElement; up && up !== main && !contained; up = up.parentElement) {
      const around = getComputedStyle(up);
      contained = around.overflowX !== 'visible' || around.position === 'fixed';
    }
    const past = Math.round(box.right - limit);
    if (!contained) found.push(`${element.tagName.toLowerCase()}.${element.className} +${past}px`);
  }
  return found.slice(0, 5);
}"""


def test_nothing_overflows_the_column_on_a_phone_or_a_desktop(browser, live_server, board, app):
    owner, jobs = board
    seeker = UserFactory(email="dana@example.com")
    from tests.support.people import UserActions

    applicant = UserActions(app.test_client())
    applicant.login(seeker.email)
    applicant.submit(f"/jobs/{jobs[0].id}/apply", {"resume": upload(PDF, "cv.pdf")})
    applicant.submit("/alerts", {"query": "q=spine&work_mode=remote", "frequency": "daily"})
    JobFactory(  # a card as crowded as the demo board's: a long title, many code chips
        company=owner.company,
        title="Inpatient Spine Coder, DRG Validation and Clinical Documentation Integrity Lead",
        code_tags=["M51.16", "M48.061", "S32.001A", "0SG00A0", "22551", "63030", "J9xxx", "99223"],
        work_mode="hybrid",
        city="Birmingham",
        state="AL",
    )
    JobFactory(  # a remote job open in many states: its one-line meta is long
        company=owner.company,
        title="Remote Spine Coder for many states",
        remote_states=["AL", "AZ", "CO", "FL", "GA", "ID", "IL", "IN", "KS", "KY", "MI", "MN"],
    )
    pages = [
        "/jobs?q=spine",
        f"/jobs/{jobs[0].path_key}",
        "/codes/icd10cm/M51.16",
        "/codes/icd10cm/S32.0",
        "/me/applications",
        "/me/alerts",
    ]
    for viewport in (PHONE, DESKTOP):
        context, page = open_at(browser, viewport, f"{live_server}/login")
        try:
            page.get_by_label("E-mail").fill(seeker.email)
            page.get_by_label("Password").fill("correct horse battery staple")
            page.get_by_role("button", name="Log in").click()
            page.wait_for_url(lambda url: "/login" not in url)
            for path in pages:
                page.goto(f"{live_server}{path}")
                width = page.evaluate("document.documentElement.scrollWidth")
                sticking_out = page.evaluate(OVERFLOW)
                print(f"{viewport['width']} px: {path} is {width} px wide, {sticking_out}")
                assert width <= viewport["width"], f"{path} scrolls sideways ({width} px)"
                assert sticking_out == [], f"{path} at {viewport['width']} px: {sticking_out}"
        except AssertionError:
            page.screenshot(path=f"{SCREENSHOTS}/overflow-{viewport['width']}.png", full_page=True)
            raise
        finally:
            context.close()


def test_on_a_phone_show_results_closes_the_filters_and_the_alert_is_one_tap_away(
    browser, live_server, board
):
    context, page = open_at(browser, PHONE, f"{live_server}/jobs?q=spine")
    try:
        page.locator("details.filters summary").click()
        page.locator('input[name="work_mode"][value="remote"]').check()
        page.wait_for_url("**work_mode=remote**")
        done = page.locator("#filters-done")
        assert done.inner_text().startswith("Show ") and done.inner_text().endswith("jobs")
        done.click()
        assert page.locator("details.filters").get_attribute("open") is None
        first = page.locator(".job-card").first.bounding_box()
        assert 0 <= first["y"] < PHONE["height"], "the results are not in view"

        page.get_by_role("link", name="E-mail me new jobs like these").click()
        form = page.locator("#search-alert").bounding_box()
        assert 0 <= form["y"] < PHONE["height"], "the alert form is not in view"
    except AssertionError:
        page.screenshot(path=f"{SCREENSHOTS}/phone-filters.png", full_page=True)
        raise
    finally:
        context.close()
