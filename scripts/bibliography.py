"""Load and check the two bibliographies; write the index the other steps read.

``documentation.bib`` lists every document the audit read (the evidence base),
``references.bib`` the literature the prose cites. BibTeX passes field text to
LaTeX unchanged, so fields are checked here: a contributor's typo gives a
``file:line`` message instead of a BibTeX warning buried in a log, and a LaTeX
command that could read files or run code never reaches TeX.
"""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from scripts import paths
from scripts.characters import character_list, raw_unsupported
from scripts.errors import InputError
from scripts.patterns import KEY_PATTERN, URL_PATTERN
from scripts.problems import Problem, excerpt
from scripts.sources import read_text

DOCUMENT_TYPES = (
    "technical report",
    "paper",
    "model card",
    "system card",
    "specification",
    "constitution",
    "policy",
    "guide",
    "blog post",
    "dataset",
    "documentation",
)
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_NAMES = {dt.date(2000, n, 1).strftime("%B").lower(): n for n in range(1, 13)}

DOCUMENTATION_REQUIRED = ("title", "year", "month", "url", "urldate", "doctype")
REFERENCES_REQUIRED = ("title", "year")

# Commands that only typeset characters; anything else could read or write files.
ACCENTS = ["'", '"', "`", "^", "~", "=", ".", "u", "v", "H", "c", "d", "b", "t"]
LETTERS = ["i", "j", "o", "O", "l", "L", "ss", "ae", "AE", "oe", "OE", "aa", "AA"]
ESCAPED = ["&", "%", "$", "#", "_", "{", "}"]
DASHES = ["textendash", "textemdash"]
ALLOWED_COMMANDS = frozenset(ACCENTS + LETTERS + ESCAPED + DASHES)
COMMAND = re.compile(r"\\([A-Za-z]+|.)")
ENTRY_START = re.compile(r"@\s*([A-Za-z]+)\s*[{(]\s*([^,\s]*)\s*,")
FIELD_START = re.compile(r"(?m)^\s*([A-Za-z][\w-]*)\s*=")
ARXIV_ID = re.compile(r"^\d{4}\.\d{4,5}$")
ARXIV_URL = re.compile(r"^https?://arxiv\.org/abs/(\d{4}\.\d{4,5})(?:v\d+)?$")


@dataclass
class BibEntry:
    key: str
    entry_type: str
    file: str
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    field_lines: dict[str, int] = field(default_factory=dict)

    def problem(self, field_name: str, message: str, severity: str = "error") -> Problem:
        line = self.field_lines.get(field_name, self.line)
        return Problem(self.file, line, 1, f"{self.key}.{field_name}" if field_name else self.key, message, severity)


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _locate_entries(text: str) -> list[tuple[str, str, int, dict[str, int]]]:
    """Key, type, line and field lines of each entry, found in the raw text."""
    starts = [m for m in ENTRY_START.finditer(text) if m.group(1).lower() not in {"string", "preamble", "comment"}]
    located = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(text)
        field_lines = {}
        for field_match in FIELD_START.finditer(text, match.end(), end):
            field_lines.setdefault(field_match.group(1).lower(), _line_of(text, field_match.start(1)))
        located.append((match.group(2), match.group(1).lower(), _line_of(text, match.start()), field_lines))
    return located


def load(path: Path | str) -> tuple[list[BibEntry], list[Problem]]:
    """Parse a .bib file; syntax errors and duplicate keys become problems."""
    file = str(path)
    try:
        text = read_text(path)
    except InputError as error:
        return [], error.problems

    problems = []
    located = _locate_entries(text)
    first_line: dict[str, int] = {}
    for key, _, line, _ in located:
        folded = key.lower()
        if folded in first_line:
            problems.append(Problem(file, line, 1, key, f"duplicate key (first defined on line {first_line[folded]})"))
        else:
            first_line[folded] = line
        if not KEY_PATTERN.match(key):
            problems.append(Problem(file, line, 1, key, "key may contain only letters, digits and _ : . + -"))

    import pybtex.errors  # 0.1 s to import; the Snakefile imports this module only for its paths
    from pybtex.database.input.bibtex import Parser

    with pybtex.errors.capture() as captured:
        data = Parser(person_fields=()).parse_string(text)
    for error in captured:
        if "repeated bibliography entry" in str(error):
            continue
        line = getattr(error, "lineno", None) or 1
        problems.append(Problem(file, line, 1, "", f"BibTeX syntax: {error}"))

    entries = []
    for key, entry_type, line, field_lines in located:
        parsed = data.entries.get(key)
        if parsed is None or key.lower() != parsed.key.lower() or first_line.get(key.lower()) != line:
            continue
        fields = {name.lower(): value for name, value in parsed.fields.items()}
        entries.append(BibEntry(key, entry_type, file, line, fields, field_lines))
    return entries, problems


def _wholly_braced(value: str) -> bool:
    """Whether one brace group spans the whole value, protecting its case from the style."""
    if not (value.startswith("{") and value.endswith("}")):
        return False
    depth = 0
    for index, char in enumerate(value):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and index < len(value) - 1:
            return False
    return True


def _brace_balance_ok(value: str) -> bool:
    depth = 0
    for char in value.replace("\\{", "").replace("\\}", ""):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def month_number(value: str) -> int | None:
    folded = value.strip().lower()
    if folded.isdigit() and 1 <= int(folded) <= 12:
        return int(folded)
    if folded[:3] in MONTHS and (len(folded) == 3 or folded in MONTH_NAMES):
        return MONTHS.index(folded[:3]) + 1
    return None


RAW_FIELDS = {"url", "urldate", "eprint"}
# Longer values cannot be set in a table cell or a reference entry of the appendix:
# a title of thousands of characters runs off the page without a TeX warning.
FIELD_LIMITS = {"author": 2000, "title": 300, "url": 500}
DEFAULT_FIELD_LIMIT = 200
UNESCAPED = re.compile(r"(?<!\\)[#$%&_^]")


def _check_fields_safe(entry: BibEntry) -> list[Problem]:
    """BibTeX copies fields into LaTeX verbatim, so only plain text may pass."""
    problems = []
    for name, value in entry.fields.items():
        limit = FIELD_LIMITS.get(name, DEFAULT_FIELD_LIMIT)
        if len(value) > limit:
            problems.append(entry.problem(name, f"{len(value):,} characters; at most {limit} fit here"))
            continue
        if name not in RAW_FIELDS:
            for char in sorted(set(UNESCAPED.findall(value))):
                problems.append(entry.problem(name, f"'{char}' must be written \\{char} in bib fields"))
        unusable = raw_unsupported(value)
        if unusable:
            message = f"pdflatex cannot typeset {character_list(unusable)} here; transliterate or use an accent command"
            problems.append(entry.problem(name, message))
        if "^^" in value:
            problems.append(entry.problem(name, "'^^' character escapes are not allowed"))
        for command in COMMAND.findall(value):
            if command not in ALLOWED_COMMANDS:
                problems.append(
                    entry.problem(name, f"LaTeX command \\{command} is not allowed in bib fields; write plain text")
                )
        if not _brace_balance_ok(value):
            problems.append(entry.problem(name, "unbalanced braces"))
    return problems


def check_common(entry: BibEntry, required: tuple[str, ...]) -> list[Problem]:
    problems = _check_fields_safe(entry)
    for name in required:
        if not entry.fields.get(name, "").strip():
            problems.append(entry.problem("", f"missing required field '{name}'"))
    if (arxiv := ARXIV_URL.match(entry.fields.get("url", ""))) and entry.fields.get("eprint") != arxiv.group(1):
        message = f"an arXiv paper: give its identifier as eprint = {{{arxiv.group(1)}}} (the paper prints it)"
        problems.append(entry.problem("eprint" if "eprint" in entry.fields else "url", message))
    problems += author_list_problems(entry)
    title = entry.fields.get("title", "")
    if title and not _wholly_braced(title):
        message = "brace the whole title, title = {{…}}, so that it prints as published"
        problems.append(entry.problem("title", message))
    if entry.fields.get("doi"):
        message = "write the DOI as url = {https://doi.org/…}, so that every link prints the same way"
        problems.append(entry.problem("doi", message))
    # A document is credited to people or, for model cards and policies, to an organisation.
    if not (entry.fields.get("author", "").strip() or entry.fields.get("organization", "").strip()):
        problems.append(entry.problem("", "missing required field 'author' or 'organization'"))
    year = entry.fields.get("year")
    if year and not re.fullmatch(r"\d{4}", year):
        problems.append(entry.problem("year", f"{excerpt(year)} is not a four-digit year"))
    month = entry.fields.get("month")
    if month and month_number(month) is None:
        problems.append(entry.problem("month", f"{excerpt(month)} is not a month (use jan … dec)"))
    url = entry.fields.get("url")
    if url and not URL_PATTERN.match(url):
        problems.append(entry.problem("url", f"{excerpt(url)} is not an http(s) URL"))
    urldate = entry.fields.get("urldate")
    if urldate:
        try:
            dt.date.fromisoformat(urldate)
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", urldate):
                raise ValueError
        except ValueError:
            problems.append(entry.problem("urldate", f"{excerpt(urldate)} is not a date written YYYY-MM-DD"))
    return problems


# Long author lists are cut the same way everywhere: this many names, then "and others".
MAX_AUTHORS = 10


def author_list_problems(entry: BibEntry) -> list[Problem]:
    """An author list names at most MAX_AUTHORS people and ends with "and others" when cut."""
    names = [name.strip() for name in re.split(r"\s+and\s+", entry.fields.get("author", "")) if name.strip()]
    if any(re.fullmatch(r"et\.? al\.?", name) for name in names) or "others" in names[:-1]:
        return [entry.problem("author", "write a shortened author list as its first names followed by 'and others'")]
    named = [name for name in names if name != "others"]
    if len(named) > MAX_AUTHORS:
        message = f"{len(named)} authors; list the first {MAX_AUTHORS}, then 'and others'"
        return [entry.problem("author", message)]
    return []


def check_documentation(entry: BibEntry) -> list[Problem]:
    problems = check_common(entry, DOCUMENTATION_REQUIRED)
    doctype = entry.fields.get("doctype")
    if doctype and doctype not in DOCUMENT_TYPES:
        problems.append(entry.problem("doctype", f"{excerpt(doctype)} is not one of {', '.join(DOCUMENT_TYPES)}"))
    eprint = entry.fields.get("eprint")
    if eprint and not ARXIV_ID.match(eprint):
        problems.append(entry.problem("eprint", f"{excerpt(eprint)} is not an arXiv identifier such as 2307.09288"))
    return problems


def check_references(entry: BibEntry) -> list[Problem]:
    return check_common(entry, REFERENCES_REQUIRED)


def plain_text(value: str) -> str:
    """A BibTeX field as Unicode text for tables: accents decoded, protective braces dropped."""
    import latexcodec  # noqa: F401  (registers the "ulatex" codec)

    return codecs.decode(re.sub(r"(?<!\\)[{}]", "", value), "ulatex")


def index_record(entry: BibEntry, source: str) -> dict:
    """What later steps need from an entry, with the date normalised to YYYY-MM."""
    month = month_number(entry.fields.get("month", "")) or 1
    year = entry.fields.get("year", "")
    return {
        "key": entry.key,
        "source": source,
        "entry_type": entry.entry_type,
        "doctype": entry.fields.get("doctype", ""),
        "title": entry.fields.get("title", ""),
        "title_text": plain_text(entry.fields.get("title", "")),
        "author": entry.fields.get("author", "") or entry.fields.get("organization", ""),
        "organization": plain_text(entry.fields.get("organization", "")),
        "year": year,
        "date": f"{year}-{month:02d}" if year else "",
        "url": entry.fields.get("url", ""),
        "urldate": entry.fields.get("urldate", ""),
        "urldate_line": entry.field_lines.get("urldate", entry.line),
        "eprint": entry.fields.get("eprint", ""),
        "line": entry.line,
    }


def check_window(entry: BibEntry, window: tuple[str, str]) -> list[Problem]:
    """An audited document must be published inside the audit window of config.yaml.

    Moving the window is a deliberate decision of a revision, so a document outside it
    is an error rather than something the build silently includes.
    """
    month = month_number(entry.fields.get("month", ""))
    year = entry.fields.get("year", "")
    if not (month and re.fullmatch(r"\d{4}", year)):
        return []
    published = f"{year}-{month:02d}"
    start, end = window[0][:7], window[1][:7]
    if start <= published <= end:
        return []
    return [
        entry.problem(
            "year",
            f"published {published}, outside the audit window {window[0]} to {window[1]} (config.yaml audit_window)",
        )
    ]


# The organisations a document may be credited to, one name each, beside documentation.bib.
ORGANISATIONS_FILE = paths.ORGANISATIONS.name
CORPORATE_AUTHOR = re.compile(r"^\{([^{}]+)\}$")


def organisation_problems(entry: BibEntry, canonical: list[str]) -> list[Problem]:
    """Corporate authors and organisations must use the one name the organisations file lists."""
    problems = []
    names = [("organization", entry.fields["organization"])] if entry.fields.get("organization") else []
    for author in re.split(r"\s+and\s+", entry.fields.get("author", "")):
        if corporate := CORPORATE_AUTHOR.match(author.strip()):
            names.append(("author", corporate.group(1)))
    for field_name, name in names:
        parts = [part.strip() for part in re.split(r"\s+and\s+", name)] if field_name == "organization" else [name]
        for part in parts:
            if part not in canonical:
                near = difflib.get_close_matches(part, canonical, n=1, cutoff=0.6)
                hint = f"; write {near[0]!r}" if near else f"; add it to bib/{ORGANISATIONS_FILE} if it is new"
                message = f"{excerpt(part)} is not one of the organisation names in bib/{ORGANISATIONS_FILE}{hint}"
                problems.append(entry.problem(field_name, message))
    return problems


def read_organisations(documentation: Path) -> list[str] | None:
    """The canonical organisation names listed beside the documentation bib, or None when there is no list."""
    path = documentation.parent / ORGANISATIONS_FILE
    if not path.exists():
        return None
    lines = read_text(path).splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def build_index(
    documentation: Path, references: Path, window: tuple[str, str] | None = None
) -> tuple[dict[str, dict], list[Problem]]:
    """Check both files; index every entry by key. A key in both files is an error."""
    index: dict[str, dict] = {}
    problems: list[Problem] = []
    canonical = read_organisations(documentation)
    for path, source, check in (
        (documentation, "documentation", check_documentation),
        (references, "references", check_references),
    ):
        entries, load_problems = load(path)
        problems += load_problems
        for entry in entries:
            problems += check(entry)
            if window and source == "documentation":
                problems += check_window(entry, window)
            if canonical is not None and source == "documentation":
                problems += organisation_problems(entry, canonical)
            if entry.key in index:
                other = index[entry.key]
                problems.append(
                    entry.problem("", f"key also defined in bib/{other['source']}.bib line {other['line']}")
                )
                continue
            index[entry.key] = index_record(entry, source)
    return index, problems
