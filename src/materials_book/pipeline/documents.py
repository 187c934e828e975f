"""The five source documents: their catalogue (documents.yaml) and the proof that data/raw/ is what it pins.

Every ``data check`` and ``data build`` starts by verifying the raw files, so a changed document stops the
pipeline before any row is checked against it.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache

import yaml

from .. import paths


class RawDocumentError(ValueError):
    """A raw document that is missing or differs from the SHA-256 pinned in documents.yaml."""


@lru_cache(maxsize=1)
def catalogue() -> dict:
    """Document id -> file, sha256, title, title_en, authors, publication, date, note."""
    with open(paths.DOCUMENTS_FILE, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def verify_raw() -> None:
    """Raise RawDocumentError naming the file and both hashes when a raw document differs from its pin."""
    for doc_id, doc in catalogue().items():
        path = paths.RAW / doc["file"]
        try:
            actual = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as exc:
            raise RawDocumentError(f"data/raw/{doc['file']} (document {doc_id}): cannot read ({exc.strerror})") from None
        if actual != doc["sha256"]:
            raise RawDocumentError(f"data/raw/{doc['file']} (document {doc_id}) changed: expected SHA-256 {doc['sha256']}, "
                                   f"found {actual}; raw documents are immutable (data/sources/documents.yaml pins them)")
