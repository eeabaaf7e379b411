"""A coder on a code page asks CasePilot and reads the answer in place, without leaving the
page; on /ask the address keeps the question. Without JavaScript the box opens /ask."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.once]


def test_the_answer_appears_under_the_box_on_the_code_page(app, page, live_server, monkeypatch):
    monkeypatch.setitem(app.config, "ASK_METERING", False)
    monkeypatch.setitem(app.config, "CODE_METERING", False)
    page.goto(f"{live_server}/codes/cpt/63035")
    page.get_by_label("Ask about 63035").fill("Is 63035 an add-on?")
    page.get_by_role("button", name="Ask").click()
    answer = page.locator(".ask-result section.answer")
    answer.wait_for()
    assert "63035 is an add-on code" in answer.inner_text()
    assert page.url == f"{live_server}/codes/cpt/63035"  # still on the code page

    page.get_by_label("Ask about 63035").fill("patient DOB 01/02/1950, is 63035 an add-on?")
    page.get_by_role("button", name="Ask").click()
    page.locator("#ask-q-error").wait_for()
    assert "a date of birth" in page.locator("#ask-q-error").inner_text()

    page.goto(f"{live_server}/ask")
    page.get_by_label("Ask about a code").fill("What is the 7th character for S72.001?")
    page.get_by_role("button", name="Ask").click()
    page.locator(".ask-result section.answer").wait_for()
    assert "S72.001" in page.url
