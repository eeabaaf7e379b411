"""Neither the time a form takes nor its answer tells whether an address has an account.

Each pair is asked in turns (known, unknown, known, …) so the machine's noise falls on both
alike, and the medians are compared. Before the fix a reset for an unknown address skipped
the work (no link made, no message rendered or queued) and answered in well under half the
time; a registration for a known address skipped the password hash."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.support.factories import UserFactory
from tests.support.people import PASSWORD, UserActions, without_csrf_tokens

ROUNDS = 15
# The medians may differ by this share of the slower one, plus a little for the clock.
SHARE, SLACK_SECONDS = 0.25, 0.002


def median_seconds(ask: Callable[[str], Any], known: str, unknown: str) -> tuple[float, float]:
    times: dict[str, list[float]] = {known: [], unknown: []}
    ask(known), ask(unknown)  # warm both paths (templates compiled, statements prepared)
    for _ in range(ROUNDS):
        for address in (known, unknown):
            start = time.perf_counter()
            ask(address)
            times[address].append(time.perf_counter() - start)
    return statistics.median(times[known]), statistics.median(times[unknown])


def assert_alike(known: float, unknown: float, what: str) -> None:
    print(f"{what}: known {known * 1000:.1f} ms, unknown {unknown * 1000:.1f} ms")
    assert abs(known - unknown) <= SHARE * max(known, unknown) + SLACK_SECONDS, (
        f"{what}: {known * 1000:.1f} ms for a known address, {unknown * 1000:.1f} ms for "
        "an unknown one"
    )


@pytest.fixture
def known_address() -> str:
    return UserFactory(email="dana@example.com").email


def test_a_password_reset_takes_as_long_for_an_unknown_address(app, known_address):
    guest = UserActions(app.test_client())
    answers = {}

    def ask(address: str) -> None:
        answers[address] = without_csrf_tokens(
            guest.submit("/account/reset", {"email": address}).data
        )

    known, unknown = median_seconds(ask, known_address, "nobody@example.com")
    assert answers[known_address] == answers["nobody@example.com"]
    assert_alike(known, unknown, "reset")


def test_registering_takes_as_long_for_an_address_that_has_an_account(app, known_address):
    fresh = iter(f"new{n}@example.com" for n in range(ROUNDS + 1))
    answers = {}

    def ask(address: str) -> None:
        address = next(fresh) if address == "new" else address
        browser = UserActions(app.test_client())  # each sign-up from a fresh browser
        page = browser.register(address, confirm=False).data
        answers["known" if address == known_address else "new"] = without_csrf_tokens(
            page.replace(address.encode(), b"ADDRESS")
        )

    known, new = median_seconds(ask, known_address, "new")
    assert answers["known"] == answers["new"]
    assert_alike(known, new, "registration")


def test_logging_in_takes_as_long_for_an_address_that_has_no_account(app, known_address):
    guest = UserActions(app.test_client())

    def ask(address: str) -> None:
        page = guest.login(address, password=PASSWORD + " wrong").data
        assert b"Wrong e-mail or password" in page or b"not match" in page, page[:200]

    known, unknown = median_seconds(ask, known_address, "nobody@example.com")
    assert_alike(known, unknown, "log-in")
