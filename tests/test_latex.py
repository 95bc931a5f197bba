"""Every data value reaches LaTeX as literal text; only validated citations become commands."""

from __future__ import annotations

import re

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scripts.characters import FALLBACK, unsupported
from scripts.latex import Latex, escape, escape_by_character
from scripts.templates import environment, language_of
from tests.helpers import REPO

SPECIALS = "\\{}$&#^_~%"


def unescaped_specials(latex: str) -> list[str]:
    """Special characters not part of an escape sequence this module emits."""
    stripped = re.sub(r"\\(textbackslash|textasciicircum|textasciitilde|textless|textgreater|textbar)\{\}", "", latex)
    stripped = re.sub(r"\\[{}$&#_%]", "", stripped)
    return [c for c in stripped if c in SPECIALS]


@pytest.mark.parametrize("char", list(SPECIALS))
def test_each_special_character_is_escaped(char):
    assert unescaped_specials(escape(f"a{char}b")) == []


def test_known_escapes():
    assert escape("50% of $5 & #1_a^b~c") == r"50\% of \$5 \& \#1\_a\textasciicircum{}b\textasciitilde{}c"
    assert escape("a\\b{c}") == r"a\textbackslash{}b\{c\}"


def test_input_attempt_becomes_literal_text():
    escaped = escape(r"\input{/etc/hostname}\write18{rm -rf /}")
    assert "\\input" not in escaped.replace("\\textbackslash{}input", "")
    assert escaped == r"\textbackslash{}input\{\slash{}etc\slash{}hostname\}\textbackslash{}write18\{rm -rf \slash{}\}"


def test_unicode_mapping():
    assert escape("≥ α – “q” …") == r"\ensuremath{\geq} \ensuremath{\alpha} -- ``q'' \dots{}"
    assert escape("Müller, Łódź, São Paulo") == "Müller, Łódź, São Paulo"


def test_combining_marks_are_composed():
    assert escape("e\u0301") == "é"


def test_unsupported_characters_fall_back_and_are_listed():
    assert escape("a中b") == f"a{FALLBACK}b"
    assert unsupported("a中b😀") == ["中", "😀"]
    assert unsupported("plain ≥ text") == []


def test_whitespace_collapses_so_blank_lines_cannot_end_a_paragraph():
    assert escape("one\n\n\ntwo\tthree") == "one two three"


def with_citations(text: str) -> str:
    return environment(REPO / "paper" / "templates", "tex").from_string(r"\VAR{text|cite}").render(text=text)


def test_citations_become_natbib_commands():
    assert with_citations("As shown [@a2020; @b_c] and [@d].") == r"As shown \citep{a2020,b_c} and \citep{d}."


def test_text_around_citations_is_still_escaped():
    assert with_citations("100% [@a] & more") == r"100\% \citep{a} \& more"


def test_template_escapes_values_but_not_latex_objects(tmp_path):
    (tmp_path / "t.tex.j2").write_text(r"\textbf{\VAR{plain}} \VAR{safe} \VAR{text|cite}", encoding="utf-8")
    template = environment(tmp_path, "tex").get_template("t.tex.j2")
    rendered = template.render(plain="a_b", safe=Latex(r"\emph{x}"), text="see [@k]")
    assert rendered == r"\textbf{a\_b} \emph{x} see \citep{k}"


def test_missing_values_fail_the_render(tmp_path):
    (tmp_path / "t.tex.j2").write_text(r"\VAR{missing.field}", encoding="utf-8")
    with pytest.raises(jinja2.UndefinedError):
        environment(tmp_path, "tex").get_template("t.tex.j2").render()


def test_repository_templates_compile_as_jinja():
    for template in (REPO / "paper" / "templates").glob("*.j2"):
        environment(template.parent, language_of(template)).get_template(template.name)


def test_tex_paths_are_checked_not_escaped():
    from scripts.latex import tex_path

    assert tex_path("generated/sections/llama_3") == "generated/sections/llama_3"
    for bad in ("/etc/hostname", "../secret", "a b", "x}\\input{y"):
        with pytest.raises(ValueError):
            tex_path(bad)


def test_straight_quotes_open_and_close_and_apostrophes_stay_apostrophes():
    assert escape("'Helpful' and 'honest'") == "`Helpful' and `honest'"
    assert escape('the "Model Spec" (the "spec")') == "the ``Model Spec'' (the ``spec'')"
    assert escape("the model's and developers' rules") == "the model's and developers' rules"
    assert escape("\"'nested'\"") == "``{}`nested'{}''"


ALPHABET = [*"ab Z09.:;()[]=+*@-,'`!?\"/\\{}&%$#_~^<>|\t\n", "é", "ﬁ", "\u0301", "“", "–"]


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(ALPHABET)))
def test_the_fast_path_for_plain_runs_prints_what_the_character_loop_prints(text: str):
    assert escape(text) == escape_by_character(text)
