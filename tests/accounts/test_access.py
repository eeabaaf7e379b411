"""The redirect rule that keeps log-in from sending people to other sites."""

import pytest

from careercenter.accounts.access import safe_next_url


@pytest.mark.parametrize("target", ["/jobs", "/jobs?q=630xx&page=2", "/account"])
def test_local_paths_are_followed(target):
    assert safe_next_url(target, "/") == target


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "https://evil.example",
        "//evil.example/path",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "jobs",
        "/\tevil",
        "http:/evil.example",
    ],
)
def test_anything_else_goes_to_the_fallback(target):
    assert safe_next_url(target, "/home") == "/home"
