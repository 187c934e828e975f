"""Every path the project uses, resolved from the package location (never the cwd)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"
SOURCES = ROOT / "data" / "sources"
# The built data set: <name>.parquet, <name>.meta.json and manifest.json, written whole by `materials-book data build`
# (a new folder switched in one step); read only through materials_book.data.
DATA = ROOT / "data" / "built"
GLOSSARY = SOURCES / "glossary.yaml"  # bilingual names of every entity and indicator
TAXONOMY = SOURCES / "taxonomy.yaml"  # which entities each material profile gathers
UNITS = SOURCES / "units.yaml"
DOCUMENTS_FILE = SOURCES / "documents.yaml"  # the five documents: file, SHA-256, title, authors
DIFFERENCES = SOURCES / "differences.yaml"  # differences between and within the documents, with their reason
COVERAGE_DIR = SOURCES / "coverage"  # per document: its numbers that are not data, each with a reason
CHAPTERS = ROOT / "chapters"
EN = ROOT / "en"  # the English edition: its own _config.yml and _toc.yml, chapters executed with lang=en
EN_CHAPTERS = EN / "chapters"
STATIC = ROOT / "_static"
BUILD = ROOT / "_build"
HTML = BUILD / "html"
RERUNS = ROOT / "reruns"
CACHE = ROOT / ".cache"  # what a clean build may reuse, keyed by content (search segmentations, the vega bundle)
DOWNLOADS = STATIC / "downloads"


def shown(path) -> str:
    """A path as messages show it: relative to the project root when inside it, else in full."""
    try:
        return str(Path(path).relative_to(ROOT))
    except ValueError:
        return str(path)


def raw_document(doc_id: str) -> Path:
    """Path of the raw source document whose file name starts with ``doc_id``."""
    matches = sorted(RAW.glob(f"{doc_id}_*.txt"))
    if len(matches) != 1:
        raise FileNotFoundError(f"no single raw document {doc_id}_*.txt in {RAW}")
    return matches[0]


def generated(lang: str) -> Path:
    """The folder of the pages generated at build time for the ``lang`` edition (git-ignored)."""
    return (ROOT if lang == "zh" else EN) / "generated"


def parquet(name: str) -> Path:
    return DATA / f"{name}.parquet"


def metadata(name: str) -> Path:
    return DATA / f"{name}.meta.json"
