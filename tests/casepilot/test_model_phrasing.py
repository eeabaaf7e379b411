"""With ASK_MODEL_URL set, a model phrases CasePilot's answer from the facts alone; the board
checks the reply and shows its own answer when the model invents a code or a number, is
slow, or fails. The model is a local double named as such."""

from __future__ import annotations

import pytest

from tests.support.chat_model_double import ChatModelDouble

QUESTION = "Is 63035 an add-on?"


@pytest.fixture(autouse=True)
def unmetered(app, monkeypatch):
    monkeypatch.setitem(app.config, "ASK_METERING", False)
    monkeypatch.setitem(app.config, "ASK_MODEL", "coder-helper")
    monkeypatch.setitem(app.config, "ASK_MODEL_KEY", "secret-key")


def ask(client) -> dict:
    response = client.get("/api/v1/ask", query_string={"q": QUESTION})
    assert response.status_code == 200
    return response.json


def test_a_model_phrases_the_answer_from_the_facts_it_is_given(app, client, monkeypatch):
    good = "Yes: 63035 is an add-on [1], reported with 63020 or 63030 [2]."
    double = ChatModelDouble(good)
    with double as url:
        monkeypatch.setitem(app.config, "ASK_MODEL_URL", url)
        reply = ask(client)
    assert reply["answer"] == good
    assert any("63020, 63030" in fact["text"] for fact in reply["facts"])  # facts unchanged
    assert double.invalid == []  # every request in the published request shape
    (sent,) = double.requests
    assert sent["model"] == "coder-helper" and sent["temperature"] == 0
    prompt = sent["messages"][-1]["content"]
    assert QUESTION in prompt and "[1] 63035 is an add-on code" in prompt


@pytest.mark.parametrize(
    ("reply", "delay", "status"),
    [
        ("63035 is an add-on reported with 63047 [2].", 0, 200),  # a code no fact holds
        ("63035 is an add-on paid at 13.5 RVUs [1].", 0, 200),  # a number no fact holds
        ("", 0, 200),
        ("Fine.", 0, 500),  # the server fails
        ("Too late.", 2.5, 200),  # slower than ASK_MODEL_TIMEOUT
    ],
)
def test_the_board_keeps_its_own_answer_when_the_model_cannot_be_trusted(
    app, client, monkeypatch, reply, delay, status
):
    monkeypatch.setitem(app.config, "ASK_MODEL_TIMEOUT", 1)
    with ChatModelDouble(reply, delay=delay, status=status) as url:
        monkeypatch.setitem(app.config, "ASK_MODEL_URL", url)
        answer = ask(client)
    assert answer["answer"].startswith("63035 is an add-on code: it is never reported alone")


def test_without_a_model_the_board_answers_on_its_own(client):
    assert ask(client)["answer"].startswith("63035 is an add-on code")
