"""Behind a reverse proxy every visitor is still their own visitor, and without one nobody
can pick the address that limits count by."""

from __future__ import annotations

import pytest

from careercenter.codes.models import CodeView
from careercenter.extensions import db
from tests.support.factories import UserFactory
from tests.support.people import UserActions

DESCRIPTION_63030 = "Laminotomy on one side at a single low-back level"
DESCRIPTION_63047 = "Laminectomy with facet removal and foraminal widening"
LOCKED = "You have read your free code page"
OFFICE = "203.0.113.7"
HOME = "198.51.100.9"


@pytest.fixture
def proxied(app_with):
    return app_with(
        TRUSTED_PROXIES=1, CODE_METERING=True, CODE_VIEWS_GUEST=1, LOGIN_RATE_LIMIT="2 per minute"
    )


def code_page(client, code: str, address: str | None = None) -> str:
    headers = {"X-Forwarded-For": address} if address else {}
    return client.get(f"/codes/cpt/{code}", headers=headers).data.decode()


def test_two_guests_behind_the_proxy_each_get_their_free_code_page(proxied):
    office, home = proxied.test_client(), proxied.test_client()
    assert DESCRIPTION_63030 in code_page(office, "63030", OFFICE)
    assert DESCRIPTION_63047 in code_page(home, "63047", HOME)
    assert LOCKED in code_page(office, "63047", OFFICE)  # one each
    addresses = {view.address_hash for view in db.session.scalars(db.select(CodeView))}
    assert len(addresses) == 2


def test_two_guests_behind_the_proxy_each_have_their_own_log_in_limit(proxied):
    UserFactory(email="office@example.com")
    UserFactory(email="home@example.com")
    office, home = UserActions(proxied.test_client()), UserActions(proxied.test_client())

    def attempt(actions: UserActions, email: str, address: str) -> int:
        form = {"email": email, "password": "wrong guess"}
        return actions.submit("/login", form, headers={"X-Forwarded-For": address}).status_code

    assert [attempt(office, "office@example.com", OFFICE) for _ in range(3)] == [200, 200, 429]
    assert attempt(home, "home@example.com", HOME) == 200


def test_without_trusted_proxies_forwarded_headers_are_ignored(app_with):
    direct = app_with(CODE_METERING=True, CODE_VIEWS_GUEST=1, CODE_VIEWS_PER_ADDRESS=1)
    first, second = direct.test_client(), direct.test_client()
    assert DESCRIPTION_63030 in code_page(first, "63030", OFFICE)
    # A new browser claiming another address is still counted at the real one.
    assert LOCKED in code_page(second, "63047", HOME)


def test_an_office_shares_an_address_but_not_an_allowance_up_to_a_ceiling(app_with):
    office = app_with(CODE_METERING=True, CODE_VIEWS_GUEST=1, CODE_VIEWS_PER_ADDRESS=3)
    for code in ("63020", "63030", "63035"):
        assert LOCKED not in code_page(office.test_client(), code)
    # The fourth guest from the same address, or the first with cookies cleared, is asked
    # to register: clearing cookies does not give unlimited views.
    assert LOCKED in code_page(office.test_client(), "63040")
