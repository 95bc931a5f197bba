"""Every template is rendered here, and every template error becomes one positioned problem.

LaTeX templates (``*.tex.j2``) use ``\\VAR{…}`` and ``\\BLOCK{…}`` so jinja2 syntax never
collides with LaTeX braces, print every value through ``latex.finalize`` (escaped
unless already LaTeX) and fail on a missing value (``StrictUndefined``). Markdown
templates (``*.md.j2``) use jinja2's usual delimiters and print values as written;
HTML templates (``*.html.j2``) use them too, with every value autoescaped.
Whatever the language, an error names the template file and line.
"""

from __future__ import annotations

import functools
import re
import traceback
from collections.abc import Callable
from pathlib import Path

import jinja2

from scripts import citations, html, latex, paths
from scripts.errors import InputError
from scripts.problems import Problem

# Templates of any folder (the tests' too) find the citation template among the project's own.
PROJECT_TEMPLATES = Path(__file__).resolve().parents[1] / paths.TEMPLATES


def _defined(value_filter: Callable[..., object]) -> Callable[..., object]:
    """The filter, failing with jinja2's "is undefined" error when given an undefined value.

    StrictUndefined raises only when printed or iterated; a filter that calls a regular
    expression on it raises a TypeError instead, which names neither the variable
    nor the template line.
    """

    @functools.wraps(value_filter)
    def checked(*args: object) -> object:
        value = args[-1]
        if isinstance(value, jinja2.Undefined):
            value._fail_with_undefined_error()
        return value_filter(*args)

    return checked


@jinja2.pass_environment
def _with_citations(env: jinja2.Environment, text: str) -> latex.Latex:
    """Text escaped, each validated ``[@key]`` turned into the citation template's LaTeX."""
    out = []
    for segment in citations.split(text):
        if segment.is_citation:
            cited = env.get_template(paths.CITATION_TEMPLATE.name).render(keys=segment.keys)
            out.append(cited.rstrip("\n"))
        else:
            out.append(latex.escape(segment.text))
    return latex.Latex("".join(out).strip())


def _finalize_as_written(value: object) -> object:
    if value is None:
        raise ValueError("a template printed None; the data is missing a value")
    return value


# Delimiters that never collide with the braces of LaTeX and BibTeX.
BRACE_DELIMITERS = {
    "block_start_string": r"\BLOCK{",
    "block_end_string": "}",
    "variable_start_string": r"\VAR{",
    "variable_end_string": "}",
    "comment_start_string": r"\#{",
    "comment_end_string": "}",
    "line_comment_prefix": "%#",
}
COMMON = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
    "autoescape": False,
    "undefined": jinja2.StrictUndefined,
}


@functools.cache
@functools.cache
def environment(folder: Path, language: str) -> jinja2.Environment:
    """The jinja2 environment for templates of one output language ("tex", "bib", "md" or "html") in folder.

    One per folder and language for the whole process, so each template is compiled once
    (jinja2 recompiles it when the file changes, which the watch mode relies on).
    """
    folders = [jinja2.FileSystemLoader(str(folder)), jinja2.FileSystemLoader(str(PROJECT_TEMPLATES))]
    loader = jinja2.ChoiceLoader(folders)
    if language == "md":
        return jinja2.Environment(loader=loader, finalize=_finalize_as_written, **COMMON)
    if language == "html":
        env = jinja2.Environment(loader=loader, finalize=_finalize_as_written, **{**COMMON, "autoescape": True})
        env.filters["cite"] = _defined(html.with_citations)
        env.filters["url"] = _defined(html.safe_url)
        env.filters["anchor"] = _defined(html.document_anchor)
        return env
    if language == "bib":
        # Bib fields are validated BibTeX already (scripts/bibliography.py) and print as written.
        return jinja2.Environment(loader=loader, finalize=_finalize_as_written, **BRACE_DELIMITERS, **COMMON)
    env = jinja2.Environment(loader=loader, finalize=latex.finalize, **BRACE_DELIMITERS, **COMMON)
    env.filters["cite"] = _defined(_with_citations)
    env.filters["key"] = _defined(latex.bib_key)
    env.filters["texpath"] = _defined(latex.tex_path)
    env.filters["label"] = _defined(latex.tex_label)
    env.filters["href"] = _defined(latex.href_url)
    return env


def language_of(template: Path) -> str:
    """The output language a template's name declares: NAME.tex.j2 or NAME.md.j2."""
    return Path(template.stem).suffix.lstrip(".")


def render_file(template: Path, context: dict) -> str:
    """The template rendered with context; any error in it is an InputError at its line."""
    try:
        env = environment(template.parent, language_of(template))
        return env.get_template(template.name).render(**context)
    except (jinja2.TemplateError, ValueError, TypeError) as error:
        raise InputError([template_problem(error, template)]) from None


CHARACTER_OFFSET = re.compile(r" at (\d+)$")


def template_problem(error: Exception, template: Path) -> Problem:
    """`paper/templates/NAME.j2:LINE: template error: message`, for whichever template failed.

    jinja2 rewrites tracebacks so that frames point into templates: the innermost
    template frame is where a runtime error happened. The lexer reports some syntax
    errors as a character offset, which is turned into the line it falls on.
    """
    file, line = str(template), 0
    if isinstance(error, jinja2.TemplateSyntaxError):
        file = error.filename or file
        line = error.lineno or 0
        message = error.message or str(error)
        if offset := CHARACTER_OFFSET.search(message):
            source = error.source if error.source is not None else Path(file).read_text(encoding="utf-8")
            line = source.count("\n", 0, int(offset.group(1))) + 1
            message = message[: offset.start()]
    else:
        for frame in traceback.extract_tb(error.__traceback__):
            if frame.filename.endswith(".j2"):
                file, line = frame.filename, frame.lineno or line
        message = str(error)
    return Problem(_relative(file), line, 0, "", f"template error: {message}")


def _relative(file: str) -> str:
    path = Path(file)
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return file
