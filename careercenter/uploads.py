"""Checks on uploaded files by their content, never by the name the browser sent."""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import FileStorage


class UploadError(ValueError):
    """The file cannot be accepted; the message says why in the user's terms."""


@dataclass(frozen=True)
class FileKind:
    mime: str
    label: str
    signatures: tuple[bytes, ...]
    extra_check: bytes | None = None  # bytes that must also appear at offset 8 (WebP)

    def matches(self, head: bytes) -> bool:
        if not any(head.startswith(signature) for signature in self.signatures):
            return False
        return self.extra_check is None or head[8:12] == self.extra_check


PNG = FileKind("image/png", "PNG", (b"\x89PNG\r\n\x1a\n",))
JPEG = FileKind("image/jpeg", "JPEG", (b"\xff\xd8\xff",))
WEBP = FileKind("image/webp", "WebP", (b"RIFF",), extra_check=b"WEBP")
IMAGE_KINDS = (PNG, JPEG, WEBP)


def read_checked_upload(
    upload: FileStorage, kinds: tuple[FileKind, ...], max_bytes: int
) -> tuple[bytes, FileKind]:
    """Read an upload whole and say which allowed kind its first bytes show it to be."""
    data = upload.stream.read(max_bytes + 1)
    if not data:
        raise UploadError("The file is empty.")
    if len(data) > max_bytes:
        raise UploadError(f"The file is larger than {max_bytes // (1024 * 1024) or 1} MB.")
    for kind in kinds:
        if kind.matches(data[:16]):
            return data, kind
    allowed = ", ".join(kind.label for kind in kinds)
    raise UploadError(f"This file is not a {allowed} file.")
