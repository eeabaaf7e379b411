"""A local double of an OpenAI-compatible chat-completions server, named as such: no model
server can run on these machines. It checks every request the board sends against the
vendored ``CreateChatCompletionRequest`` schema (OpenAI's published description, MIT, in
tests/casepilot/vendor/openai) and answers in ``CreateChatCompletionResponse``'s shape, with
whatever reply, delay or failure a test asks for."""

from __future__ import annotations

import functools
import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

SPEC = (
    Path(__file__).parent.parent
    / "casepilot"
    / "vendor"
    / "openai"
    / "openai-chat-completions-openapi.json"
)


@functools.cache
def validator(schema: str) -> Draft202012Validator:
    document = json.loads(SPEC.read_text())
    root = {"$ref": f"#/components/schemas/{schema}", "components": document["components"]}
    return Draft202012Validator(root)


def problems(instance: Any, schema: str) -> list[str]:
    return [error.message for error in validator(schema).iter_errors(instance)]


class ChatModelDouble:
    """Answers POST /chat/completions with ``reply(request_json)``; ``delay`` seconds late,
    or with ``status`` when it is not 200."""

    def __init__(
        self, reply: Callable[[dict[str, Any]], str] | str, delay: float = 0, status: int = 200
    ) -> None:
        self.reply = reply if callable(reply) else (lambda _request, text=reply: text)
        self.delay, self.status = delay, status
        self.requests: list[dict[str, Any]] = []
        self.invalid: list[str] = []  # what was wrong with a request or our own response

    def app(self, environ: Any, start_response: Any) -> Any:
        request = Request(environ)
        if request.method != "POST" or request.path != "/v1/chat/completions":
            return Response("not found", 404)(environ, start_response)
        body = request.get_json(force=True, silent=True)
        self.requests.append(body)
        self.invalid += problems(body, "CreateChatCompletionRequest")
        if self.delay:
            time.sleep(self.delay)
        if self.status != 200:
            return Response(json.dumps({"error": {"message": "down"}}), self.status)(
                environ, start_response
            )
        answer = {
            "id": f"chatcmpl-{len(self.requests)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "double") if isinstance(body, dict) else "double",
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "logprobs": None,
                    "message": {"role": "assistant", "content": self.reply(body), "refusal": None},
                }
            ],
        }
        self.invalid += problems(answer, "CreateChatCompletionResponse")
        return Response(json.dumps(answer), 200, content_type="application/json")(
            environ, start_response
        )

    def __enter__(self) -> str:
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_port}/v1"

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
