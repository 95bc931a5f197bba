"""Every path the build reads or writes, relative to the working directory.

Snakemake runs with the repository (or a test copy of it) as working directory, so
relative paths keep error messages short (``findings/llama.yaml:12:5``) and keep
the build free of absolute paths that would leak into logs and release tarballs.
"""

from pathlib import Path

CONFIG = Path("config.yaml")
SCRIPTS = Path("scripts")
SCHEMAS = Path("schemas")
CONFIG_SCHEMA = SCHEMAS / "config.schema.json"
CODEBOOK_SCHEMA = SCHEMAS / "codebook.schema.json"
FINDINGS_SCHEMA = SCHEMAS / "findings.schema.json"
REVISIONS_SCHEMA = SCHEMAS / "revisions.schema.json"
DOCUMENTS_LOCK_SCHEMA = SCHEMAS / "documents-lock.schema.json"

CODEBOOK = Path("codebook.yaml")
FINDINGS = Path("findings")

BIB = Path("bib")
DOCUMENTATION_BIB = BIB / "documentation.bib"
REFERENCES_BIB = BIB / "references.bib"
ORGANISATIONS = BIB / "organisations.txt"
# What `snakemake verify --config update_lock=true` last verified (scripts/documents_lock.py).
DOCUMENTS_LOCK = BIB / "documents.lock"

PAPER = Path("paper")
MAIN_TEX = PAPER / "main.tex"
PREAMBLE = PAPER / "preamble.tex"
HANDWRITTEN_SECTIONS = PAPER / "sections"
TEMPLATES = PAPER / "templates"
# Every LaTeX template prints citations through this one (the `cite` filter).
CITATION_TEMPLATE = TEMPLATES / "citation.tex.j2"
REVISIONS = PAPER / "revisions.yaml"
LEADS = HANDWRITTEN_SECTIONS / "leads"

BUILD = Path("build")
DATA = BUILD / "data"
RECORDS = DATA / "records"
BIBLIOGRAPHY_JSON = DATA / "bibliography.json"
CODEBOOK_JSON = DATA / "codebook.json"
FINDINGS_JSON = DATA / "findings.json"
FINDINGS_CSV = DATA / "findings.csv"
DOCUMENTS_CSV = DATA / "documents.csv"
DATA_PACKAGE = DATA / "datapackage.json"
INITIATIVES_JSON = DATA / "initiatives.json"
REVISIONS_JSON = DATA / "revisions.json"
DATA_README = DATA / "README.md"
# How many quotes the lock says were found verbatim in their sources: for the paper and the site.
VERIFICATION_JSON = DATA / "verification.json"
GENERATED = BUILD / "generated"
GENERATED_SECTIONS = GENERATED / "sections"
LATEX_OUT = BUILD / "latex"
# The bib files as BibTeX reads them (scripts/bibtex_sources.py), and their template.
BIBTEX_SOURCES = BUILD / "bib"
BIBTEX_TEMPLATE = TEMPLATES / "bibtex-sources.bib.j2"
LATEX_PDF = LATEX_OUT / "main.pdf"
LOGS = BUILD / "logs"
LATEXMK_LOG = LOGS / "latexmk.log"
ARXIV_OUT = BUILD / "arxiv"
ARXIV_TARBALL = ARXIV_OUT / "arxiv.tar.gz"
ARXIV_COMMENTS = ARXIV_OUT / "comments.txt"
ARXIV_REPORT = ARXIV_OUT / "report.json"
DIST = Path("dist")
# The evidence explorer: its templates and assets, and where the built site goes.
SITE_SOURCES = Path("site")
SITE_TEMPLATES = SITE_SOURCES / "templates"
SITE_STATIC = SITE_SOURCES / "static"
SITE = BUILD / "site"
PAPER_PDF = BUILD / "paper.pdf"
# `snakemake verify`: its report, and the template it is written with.
VERIFY_OUT = BUILD / "verify"
VERIFY_REPORT_MD = VERIFY_OUT / "report.md"
VERIFY_REPORT_JSON = VERIFY_OUT / "report.json"
VERIFY_TEMPLATE = TEMPLATES / "verify-report.md.j2"
# Set by the Snakefile for the jobs of one run; see problems.first_time.
RUN_ID_VARIABLE = "DECODING_ALIGNMENT_RUN"
REPORTED = LOGS / "reported"


def findings_file(initiative: str) -> Path:
    return FINDINGS / f"{initiative}.yaml"


def generated_section(initiative: str) -> Path:
    return GENERATED_SECTIONS / f"{initiative}.tex"


def generated_ledger(initiative: str) -> Path:
    return GENERATED / "ledger" / f"{initiative}.tex"


def changelog(ref_name: str, suffix: str) -> Path:
    """The findings changelog against a ref (its file-name form), as .md or .tex."""
    return BUILD / f"changelog-{ref_name}{suffix}"


def diff_pdf(ref_name: str) -> Path:
    return BUILD / f"diff-{ref_name}.pdf"


def lead(initiative: str) -> Path:
    """The hand-written introduction of an initiative's section (optional)."""
    return LEADS / f"{initiative}.tex"


# TeX finds \\input files under these folders (TEXINPUTS), and the arXiv tarball and the
# flattened diff keep the names relative to them: sections/…, generated/….
TEX_SEARCH_ROOTS = (PAPER, BUILD)


def tex_name(path: Path) -> str:
    """The name \\input takes for a file under a TeX search root, e.g. generated/sections/llama."""
    for root in TEX_SEARCH_ROOTS:
        if root in path.parents:
            return path.relative_to(root).with_suffix("").as_posix()
    raise ValueError(f"{path} is not under a TeX search root")
