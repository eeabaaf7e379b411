"""Checks on uploaded files by their content, never by the name the browser sent."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from werkzeug.datastructures import FileStorage


class UploadError(ValueError):
    """The file cannot be accepted; the message says why in the user's terms."""


@dataclass(frozen=True)
class FileKind:
    mime: str
    label: str
    extension: str
    signatures: tuple[bytes, ...]
    check: Callable[[bytes], bool] | None = None  # a closer look at the whole file

    def matches(self, data: bytes) -> bool:
        if not any(data.startswith(signature) for signature in self.signatures):
            return False
        return self.check is None or self.check(data)


def _is_webp(data: bytes) -> bool:
    return data[8:12] == b"WEBP"


def _is_word_document(data: bytes) -> bool:
    """A .docx is a zip holding word/document.xml; other zips are not resumes."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return False


PNG = FileKind("image/png", "PNG", "png", (b"\x89PNG\r\n\x1a\n",))
JPEG = FileKind("image/jpeg", "JPEG", "jpg", (b"\xff\xd8\xff",))
WEBP = FileKind("image/webp", "WebP", "webp", (b"RIFF",), check=_is_webp)
IMAGE_KINDS = (PNG, JPEG, WEBP)
PDF = FileKind("application/pdf", "PDF", "pdf", (b"%PDF-",))
DOCX = FileKind(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "Word (.docx)",
    "docx",
    (b"PK\x03\x04",),
    check=_is_word_document,
)
RESUME_KINDS = (PDF, DOCX)


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
        if kind.matches(data):
            return data, kind
    labels = [kind.label for kind in kinds]
    allowed = ", ".join(labels[:-1]) + " or " + labels[-1] if len(labels) > 1 else labels[0]
    raise UploadError(f"This file is not a {allowed} file.")
