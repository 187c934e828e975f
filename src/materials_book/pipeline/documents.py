"""The five source documents: their catalogue (documents.yaml) and the proof that data/raw/ is what it pins.

Every ``data check`` and ``data build`` starts by verifying the raw files, so a changed document stops the
pipeline before any row is checked against it.
"""

from __future__ import annotations

import hashlib
import re

from .. import paths
from ..files import read_regular
from ..yamlfile import SourceError, load_yaml, name
from .yamlio import entry_problems

FIELDS = ("file", "sha256", "title", "title_en", "authors", "publication", "date", "note")


class RawDocumentError(SourceError):
    """A raw document that is missing or differs from the SHA-256 pinned in documents.yaml."""


@paths.cached
def catalogue() -> dict:
    """Document id -> file, sha256, title, title_en, authors, publication, date, note; SourceError names the
    document and field of a bad entry."""
    docs = load_yaml(paths.DOCUMENTS_FILE)
    where = name(paths.DOCUMENTS_FILE)
    if not isinstance(docs, dict) or not docs:
        raise SourceError(f"{where}: must map each document id ('000') to its file, sha256, title, …")
    bad = [k for k in docs if not isinstance(k, str) or not re.fullmatch(r"\d{3}", k)]
    problems = [f"{where} document {k!r}: an id is three digits in quotes ('000')" for k in bad]
    problems += entry_problems(
        where,
        {k: v for k, v in docs.items() if k not in bad},
        "document",
        dict.fromkeys(FIELDS, str),
        check=_pin_problems,
    )
    if problems:
        raise SourceError("\n".join(problems))
    return docs


def _pin_problems(at: str, doc_id: str, doc: dict) -> list[str]:
    """What makes a pin unusable: a file name that is not the document's, a hash that is not SHA-256."""
    problems = []
    if not re.fullmatch(rf"{doc_id}_[0-9a-f]+\.txt", doc["file"]):
        problems.append(f"{at}: file {doc['file']!r} must be a file of data/raw/ named {doc_id}_<hex>.txt")
    if not re.fullmatch(r"[0-9a-f]{64}", doc["sha256"]):
        problems.append(f"{at}: sha256 must be 64 lowercase hex digits")
    return problems


def verify_raw() -> None:
    """Raise RawDocumentError naming the file and both hashes when a raw document differs from its pin."""
    for doc_id, doc in catalogue().items():
        path = paths.RAW / doc["file"]
        try:
            actual = hashlib.sha256(read_regular(path)).hexdigest()
        except OSError as exc:
            raise RawDocumentError(
                f"data/raw/{doc['file']} (document {doc_id}): cannot read ({exc.strerror})"
            ) from None
        if actual != doc["sha256"]:
            raise RawDocumentError(
                f"data/raw/{doc['file']} (document {doc_id}) changed: expected SHA-256 "
                f"{doc['sha256']}, found {actual}; raw documents are immutable "
                "(data/sources/documents.yaml pins them)"
            )
