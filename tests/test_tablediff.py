"""Marking changes in generated tables and figures, and preparing prose for latexdiff (no TeX needed)."""

from __future__ import annotations

from scripts import difftex, tablediff

MATRIX = r"""\begin{table}
\caption{Matrix.}\label{tab:matrix}
\begin{tabular}{l|cc|c}
\toprule
Initiative & A & B & F \\
\midrule
GPT & \hyperref[finding:gpt:a]{\disclosure{full}} & \disclosure{none} & 1 \\
Qwen & \hyperref[finding:qwen:a]{\disclosure{partial}} & \disclosure{none} & 0 \\
Gemma & \disclosure{none} & \disclosure{none} & 0 \\
\bottomrule
\end{tabular}
\end{table}
"""


def test_an_unchanged_part_is_returned_as_it_was():
    text, marked = tablediff.mark_part(MATRIX, MATRIX, "v1")
    assert text == MATRIX and marked == []


def test_only_the_changed_cells_are_marked_with_the_old_value():
    new = MATRIX.replace(
        r"[finding:qwen:a]{\disclosure{partial}} & \disclosure{none} & 0",
        r"[finding:qwen:a]{\disclosure{full}} & \disclosure{none} & 1",
    )
    text, marked = tablediff.mark_part(MATRIX, new, "v1")
    qwen = next(line for line in text.splitlines() if line.startswith("Qwen"))
    assert r"\DIFcellchanged{{\disclosure{partial}}}{\hyperref[finding:qwen:a]{\disclosure{full}}}" in qwen
    assert r"\DIFcellchanged{0}{1}" in qwen and r"& \disclosure{none} &" in qwen
    untouched = [line for line in text.splitlines() if line.startswith(("GPT", "Gemma"))]
    assert untouched == [line for line in MATRIX.splitlines() if line.startswith(("GPT", "Gemma"))]
    assert r"\caption{Matrix. \DIFcaptionnote{Since v1: 2 cells changed.}}" in text
    assert [(m.label, m.changes.cells) for m in marked] == [("tab:matrix", 2)]


def test_an_added_row_shifts_nothing_and_a_removed_row_is_struck():
    new = MATRIX.replace("Qwen &", "Mistral & \\disclosure{none} & \\disclosure{none} & 0 \\\\\nQwen &")
    new = new.replace("Gemma & \\disclosure{none} & \\disclosure{none} & 0 \\\\\n", "")
    text, marked = tablediff.mark_part(MATRIX, new, "v1")
    assert r"\DIFcelladded{Mistral} & \DIFcelladded{\disclosure{none}}" in text
    assert r"\DIFcellremoved{Gemma}" in text
    assert "DIF" not in next(line for line in text.splitlines() if line.startswith("Qwen"))
    assert marked[0].changes.rows_added == 1 and marked[0].changes.rows_removed == 1


def test_a_removed_row_carries_no_link_target_or_label():
    old = MATRIX.replace("Gemma & \\disclosure{none}", "Gemma\\label{row:gemma} & \\hyperref[x]{\\disclosure{none}}")
    new = old.replace("Gemma\\label{row:gemma} & \\hyperref[x]{\\disclosure{none}} & \\disclosure{none} & 0 \\\\\n", "")
    text, _ = tablediff.mark_part(old, new, "v1")
    removed = next(line for line in text.splitlines() if "Gemma" in line)
    assert "\\label" not in removed and "\\hyperref" not in removed


LONGTABLE = r"""\begin{longtable}{ll}
\caption{Summary.}\label{tab:summary}\\
\toprule
Initiative & Finding \\
\midrule
\endhead
% source: findings/gpt.yaml
\textbf{GPT} & Some words \\

\addlinespace[3pt]
% source: findings/qwen.yaml
\textbf{Qwen} & Other words \\*

\end{longtable}
"""


def test_rows_keep_their_identity_when_the_last_row_marker_moves():
    # The template stars the last row (\\*); adding a row moves the star to the row before.
    new = LONGTABLE.replace(
        "Other words \\\\*\n",
        "Other words \\\\*\n\n\\addlinespace[3pt]\n% source: findings/mistral.yaml\n"
        "\\textbf{Mistral} & New words \\\\\n",
    )
    text, marked = tablediff.mark_part(LONGTABLE, new, "v1")
    assert [(m.changes.cells, m.changes.rows_added, m.changes.rows_removed) for m in marked] == [(0, 1, 0)]
    assert r"\DIFcelladded{\textbf{Mistral}}" in text and "Since v1: 1 row added." in text


def test_changed_words_in_a_paragraph_cell_are_struck_so_they_can_break_across_lines():
    new = LONGTABLE.replace("Some words", r"\disclosure{full}~New words \citep{a}")
    text, _ = tablediff.mark_part(LONGTABLE.replace("Some words", r"\disclosure{partial}~Some words"), new, "v1")
    assert r"\DIFcellchangedtext{{\disclosure{partial}}{~}Some words}{\disclosure{full}~New words \citep{a}}" in text


def test_multicolumn_cells_keep_their_span_outside_the_mark():
    assert tablediff._wrap(r" \multicolumn{2}{c}{Five} ", "DIFcellchanged", "Four") == (
        r" \multicolumn{2}{c}{\DIFcellchanged{Four}{Five} }"
    )


def test_tables_pair_by_the_heading_before_them():
    old = "\\subsection*{GPT}\n\\begin{longtable}{ll}\na & b \\\\\n\\end{longtable}\n"
    new = old + "\\subsection*{Mistral}\n\\begin{longtable}{ll}\nc & d \\\\\n\\end{longtable}\n"
    text, marked = tablediff.mark_part(old, new, "v1")
    assert text.startswith(old) and r"\DIFcelladded{c} & \DIFcelladded{d}" in text
    assert [m.changes.rows_added for m in marked] == [1]


FIGURE = r"""\begin{figure}
\begin{tikzpicture}
\draw[gray] (0,0) -- (1,0);
\node[anchor=east] at (0,0) {GPT};
\filldraw[fill=barfull] (0,0) rectangle ++(2,0.3);
\end{tikzpicture}
\caption{Bars.}\label{fig:bars}
\end{figure}
"""


def test_new_drawing_commands_are_styled_and_gone_ones_counted():
    new = FIGURE.replace("++(2,0.3)", "++(3,0.3)").replace(
        "\\end{tikzpicture}", "\\node at (0,1) {Mistral};\n\\end{tikzpicture}"
    )
    text, marked = tablediff.mark_part(FIGURE, new, "v1")
    assert r"\draw[gray] (0,0) -- (1,0);" in text and r"\node[anchor=east] at (0,0) {GPT};" in text
    assert r"\filldraw[fill=barfull,DIFadded] (0,0) rectangle ++(3,0.3);" in text
    assert r"\node[DIFaddednode] at (0,1) {Mistral};" in text
    assert "++(2,0.3)" not in text
    assert (marked[0].label, marked[0].changes.drawn_added, marked[0].changes.drawn_removed) == ("fig:bars", 2, 1)


def test_generated_numbers_are_compared_as_words_in_the_body_only():
    macros = {"nInitiatives": "7", "listOpen": "Llama and \\nInitiativesWord", "nInitiativesWord": "seven"}
    tex = "\\title{\\nInitiatives}\\begin{document}\n\\numword{\\nInitiatives} initiatives: \\listOpen{}.\n"
    expanded = difftex.expand_macros(tex, macros)
    assert expanded == "\\title{\\nInitiatives}\\begin{document}\n\\numword{7} initiatives: Llama and seven.\n"


def test_run_in_headings_are_set_before_a_marked_first_word():
    tex = r"\paragraph{Values {are} declared.} All six initiatives"
    assert difftex.settle_run_in_headings(tex) == r"\paragraph{Values {are} declared.}\leavevmode{} All six initiatives"


def test_a_changed_caption_is_quoted_as_it_read():
    new = FIGURE.replace(r"\caption{Bars.}", r"\caption{Bars for the open-weight initiatives (4).}")
    text, marked = tablediff.mark_part(FIGURE.replace("Bars.", "Bars for the open-weight initiatives (3)."), new, "v1")
    assert r"\DIFcaptionnote{Since v1: The caption read: Bars for the open-weight initiatives (3).}" in text
    assert marked[0].changes.caption == "Bars for the open-weight initiatives (3)."


def test_header_rows_of_an_added_table_are_not_counted_as_data():
    old = (
        "\\subsection*{GPT}\n\\begin{longtable}{ll}\n\\toprule\nDate & Title \\\\\n"
        "\\midrule\na & b \\\\\n\\end{longtable}\n"
    )
    new = old + old.replace("GPT", "Mistral").replace("a & b", "c & d")
    _, marked = tablediff.mark_part(old, new, "v1")
    assert [m.changes.rows_added for m in marked] == [1]


def test_a_cell_that_mostly_stayed_marks_only_its_changed_words():
    old = r"\disclosure{partial}~A guideline is mentioned; only criteria published."
    new = r"\disclosure{full}~A guideline is mentioned; only criteria published."
    marked = tablediff._wrap(new, "DIFcellchanged", old)
    assert marked == (
        r"\DIFcellshade \DIFcellold{\disclosure{partial}} \DIFcellnew{\disclosure{full}}"
        r"~A guideline is mentioned; only criteria published. "
    )
