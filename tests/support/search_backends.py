"""Empty search indexes of each kind the contract tests run on."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from careercenter.search.embedded import EmbeddedBackend

# Every backend the contract runs on: the embedded index always, Meilisearch when a server
# is named by MEILI_URL.
BACKENDS = ["embedded"] + (["meilisearch"] if os.environ.get("MEILI_URL") else [])


@contextmanager
def fresh_backend(kind: str, directory: Path, name: str) -> Iterator[object]:
    """An empty index of one kind for one test, removed afterwards."""
    if kind == "embedded":
        yield EmbeddedBackend(directory / name)
        return
    from careercenter.search.meili import MeiliBackend

    backend = MeiliBackend(
        os.environ["MEILI_URL"],
        os.environ.get("MEILI_API_KEY") or None,
        index_name=f"test_{name}_{uuid.uuid4().hex[:8]}",
    )
    try:
        yield backend
    finally:
        backend.client.delete_index(backend.index_name)
