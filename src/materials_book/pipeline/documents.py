"""The five source documents: their catalogue (documents.yaml) and the proof that data/raw/ is what it pins.

Every ``data check`` and ``data build`` starts by verifying the raw files, so a changed document stops the
pipeline before any row is checked against it.
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from .. import paths
from .yamlio import SourceError, field_problems, load_yaml, name, text_problems

FIELDS = ("file", "sha256", "title", "title_en", "authors", "publication", "date", "note")


class RawDocumentError(SourceError):
    """A raw document that is missing or differs from the SHA-256 pinned in documents.yaml."""


@lru_cache(maxsize=1)
def catalogue() -> dict:
    """Document id -> file, sha256, title, title_en, authors, publication, date, note; SourceError names the
    document and field of a bad entry."""
    docs = load_yaml(paths.DOCUMENTS_FILE)
    where = name(paths.DOCUMENTS_FILE)
    if not isinstance(docs, dict) or not docs:
        raise SourceError(f"{where}: must map each document id ('000') to its file, sha256, title, …")
    problems = []
    for doc_id, doc in docs.items():
        at = f"{where} document {doc_id!r}"
        if not isinstance(doc_id, str) or not re.fullmatch(r"\d{3}", doc_id):
            problems.append(f"{at}: an id is three digits in quotes ('000')")
            continue
        if not isinstance(doc, dict):
            problems.append(f"{at}: needs {', '.join(FIELDS)}")
            continue
        problems += field_problems(at, doc, dict.fromkeys(FIELDS, str))
        if problems:
            continue
        if not re.fullmatch(rf"{doc_id}_[0-9a-f]+\.txt", doc["file"]):
            problems.append(f"{at}: file {doc['file']!r} must be a file of data/raw/ named {doc_id}_<hex>.txt")
        if not re.fullmatch(r"[0-9a-f]{64}", doc["sha256"]):
            problems.append(f"{at}: sha256 must be 64 lowercase hex digits")
        problems += [p for f in FIELDS for p in text_problems(at, f, doc[f])]
    if problems:
        raise SourceError("\n".join(problems))
    return docs


def verify_raw() -> None:
    """Raise RawDocumentError naming the file and both hashes when a raw document differs from its pin."""
    for doc_id, doc in catalogue().items():
        path = paths.RAW / doc["file"]
        try:
            actual = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as exc:
            raise RawDocumentError(f"data/raw/{doc['file']} (document {doc_id}): cannot read "
                                   f"({exc.strerror})") from None
        if actual != doc["sha256"]:
            raise RawDocumentError(f"data/raw/{doc['file']} (document {doc_id}) changed: expected SHA-256 "
                                   f"{doc['sha256']}, found {actual}; raw documents are immutable "
                                   "(data/sources/documents.yaml pins them)")
