"""Mark what changed inside generated tables and figures, cell by cell.

latexdiff compares words; inside a tabular its markup breaks the table, and a
figure is drawing commands it cannot mark at all. A generated part, though, can
be rendered twice by the same template and view, once from each revision's
data, and the two renderings then differ exactly where the data differs. This
module compares those two renderings: table rows are matched by their first
cell, so an added initiative is one added row rather than every row below it
shifted; a changed cell shows the old value struck through beside the new one;
added and removed rows and each new drawing command of a figure are coloured;
and the caption counts the changes. The macros and TikZ styles it
writes (\\DIFcell…, DIFadded, DIFaddednode, \\DIFcaptionnote) are defined by the
diff's preamble, paper/templates/diff-preamble.tex.j2.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

TABLE = re.compile(r"\\begin\{(tabular|tabularx|longtable)\}")
FIGURE = re.compile(r"\\begin\{tikzpicture\}")
# What may stand between one row's \\ and the next row's first cell: the star and the
# optional space of \\*[3pt], rules, longtable's head and foot markers, comment lines.
RULES = re.compile(
    r"^(?:\s|\*|%[^\n]*\n|\\(?:toprule|midrule|bottomrule|hline|endfirsthead|endhead|endfoot|endlastfoot)\b"
    r"|\\(?:cmidrule|addlinespace)(?:\([^)]*\))?(?:\[[^\]]*\])?(?:\{[^}]*\})?|\[[^\]]*\])*"
)
LINK = re.compile(r"\\hyperref\[[^\]]*\]|\\label\{[^}]*\}")
COMMAND = re.compile(r"\\[A-Za-z]+\*?(?:\[[^\]]*\])*(?:\{[^{}]*\})*|~")
# Rows that are not data: a longtable caption, an environment ending inside a row.
KEEP = ("\\caption", "\\end")


@dataclass
class Changes:
    """What one generated part gained, lost and changed between the two renderings."""

    cells: int = 0
    rows_added: int = 0
    rows_removed: int = 0
    drawn_added: int = 0
    drawn_removed: int = 0
    caption: str = ""  # the old caption, when the caption changed

    def __bool__(self) -> bool:
        return any(vars(self).values())

    def add(self, other: Changes) -> None:
        for name, value in vars(other).items():
            setattr(self, name, getattr(self, name) + value if name != "caption" else value or self.caption)


def split_top(text: str, separator: str) -> list[str]:
    """text split at each separator outside braces and not escaped by a backslash."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        char = text[i]
        if char == "\\" and not text.startswith(separator, i):
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif depth == 0 and text.startswith(separator, i):
            parts.append(text[start:i])
            i += len(separator)
            start = i
            continue
        i += 1
    parts.append(text[start:])
    return parts


def braced(text: str, start: int) -> int:
    """The index just after the balanced {…} group that opens at text[start]."""
    depth, i = 0, start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise ValueError("unbalanced braces")


def environments(text: str, opening: re.Pattern) -> list[tuple[int, int]]:
    """(start, end) of each environment body that opening begins, its arguments skipped."""
    spans = []
    for match in opening.finditer(text):
        name = match.group(0)[len("\\begin{") : -1]
        start = match.end()
        while True:
            rest = text[start:]
            if rest.startswith("["):
                start = text.index("]", start) + 1
            elif rest.startswith("{"):
                start = braced(text, start)
            else:
                break
        spans.append((start, text.index(f"\\end{{{name}}}", start)))
    return spans


def _plain(cell: str) -> str:
    return " ".join(cell.split())


def _struck(cell: str) -> str:
    """An old cell, without link targets or labels, which would point nowhere or twice."""
    return LINK.sub("", cell).strip()


def _wrap(cell: str, macro: str, old: str | None = None) -> str:
    """cell with its content inside macro; \\multicolumn keeps its first two arguments outside."""
    lead = cell[: len(cell) - len(cell.lstrip())]
    body = cell.strip()
    if body.startswith("\\multicolumn"):
        first = braced(body, body.index("{"))
        second = braced(body, first)
        return f"{lead}{body[:second]}{{{_wrap(body[second + 1 : -1], macro, old)}}}"
    if not body:
        return cell
    if macro == "DIFcellchanged" and old is not None and (words := _changed_words(old, body)):
        return f"{lead}\\DIFcellshade {words} "
    struck = body if macro == "DIFcellremoved" else old
    if struck is not None and " " in _plain(COMMAND.sub("", struck)):
        # Words break across lines only outside a box: ulem strikes them word by word, and
        # takes each command (a symbol, a citation) whole when it is grouped.
        macro += "text"
        struck = COMMAND.sub(lambda match: "{" + match.group(0) + "}", struck)
        body = struck if macro == "DIFcellremovedtext" else body
        old = struck if old is not None else None
    arguments = f"{{{old}}}{{{body}}}" if old is not None else f"{{{body}}}"
    return f"{lead}\\{macro}{arguments} "


def _tokens(text: str) -> list[str]:
    """Words of a cell, a tie (~) its own token, braces never split."""
    return [t for t in split_top(text.replace("~", " ~ "), " ") if t.strip()]


def _joined(tokens: list[str]) -> str:
    return " ".join(tokens).replace(" ~ ", "~").replace("~ ", "~").replace(" ~", "~")


def _struck_words(tokens: list[str]) -> str:
    text = _joined(tokens)
    if " " in _plain(COMMAND.sub("", text)):
        return "\\DIFcelloldtext{" + COMMAND.sub(lambda m: "{" + m.group(0) + "}", text) + "}"
    return "\\DIFcellold{" + text + "}"


def _changed_words(old: str, new: str) -> str:
    """A changed cell marked word by word when most of it stayed: only what changed is struck
    or added; "" when the cell changed too much for that to help."""
    old_tokens, new_tokens = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    if len(new_tokens) < 3 or matcher.ratio() < 0.5:
        return ""
    out = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(_joined(new_tokens[j1:j2]))
            continue
        if i2 > i1:
            out.append(_struck_words(old_tokens[i1:i2]))
        if j2 > j1:
            out.append("\\DIFcellnew{" + _joined(new_tokens[j1:j2]) + "}")
    return " ".join(out).replace(" ~", "~")


def _split_row(row: str) -> tuple[str, list[str]]:
    prefix = RULES.match(row).group(0)
    return prefix, split_top(row[len(prefix) :], "&")


def _keys(rows: list[str]) -> list[str]:
    keys, seen = [], {}
    for row in rows:
        _, cells = _split_row(row)
        key = _plain(cells[0]) or _plain(row)
        seen[key] = seen.get(key, 0) + 1
        keys.append(f"{key}#{seen[key]}")
    return keys


def _markable(row: str) -> bool:
    prefix, cells = _split_row(row)
    rest = row[len(prefix) :]
    return len(cells) > 1 and not any(word in rest for word in KEEP) and "\\toprule" not in prefix


def _added(row: str) -> str:
    prefix, cells = _split_row(row)
    return prefix + "&".join(_wrap(cell, "DIFcelladded") for cell in cells)


def _removed(row: str) -> str:
    prefix, cells = _split_row(row)
    return "\n" + "&".join(_wrap(_struck(cell), "DIFcellremoved") for cell in cells)


def mark_table(old: str, new: str) -> tuple[str, Changes]:
    """The new table body with changed cells, added rows and removed rows marked."""
    old_rows, new_rows = split_top(old, "\\\\"), split_top(new, "\\\\")
    changes = Changes()
    marked: list[str] = []
    matcher = difflib.SequenceMatcher(None, _keys(old_rows), _keys(new_rows), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for old_row, new_row in zip(old_rows[i1:i2], new_rows[j1:j2], strict=True):
                marked.append(_mark_row(old_row, new_row, changes))
            continue
        for old_row in old_rows[i1:i2]:
            if _markable(old_row):
                marked.append(_removed(old_row))
                changes.rows_removed += 1
        for new_row in new_rows[j1:j2]:
            if _markable(new_row):
                marked.append(_added(new_row))
                changes.rows_added += 1
            else:
                marked.append(new_row)
    return "\\\\".join(marked), changes


def _mark_row(old_row: str, new_row: str, changes: Changes) -> str:
    _, old_cells = _split_row(old_row)
    prefix, new_cells = _split_row(new_row)
    if [_plain(c) for c in old_cells] == [_plain(c) for c in new_cells] or not _markable(new_row):
        return new_row
    if len(old_cells) != len(new_cells):
        changes.rows_removed += 1
        changes.rows_added += 1
        return _removed(old_row) + "\\\\" + _added(new_row)
    cells = []
    for old_cell, new_cell in zip(old_cells, new_cells, strict=True):
        if _plain(old_cell) == _plain(new_cell):
            cells.append(new_cell)
        else:
            changes.cells += 1
            cells.append(_wrap(new_cell, "DIFcellchanged", _struck(old_cell)))
    return prefix + "&".join(cells)


def _statement_with_style(statement: str, style: str) -> str:
    """A TikZ path command with style appended to its options, so it overrides their colours."""
    match = re.match(r"(\s*\\\w+)(\[)?", statement)
    if not match or match.group(1).strip() in ("\\pgfmathsetmacro", "\\def"):
        return statement
    if match.group(2):
        depth, i = 0, match.end(1)
        for i in range(match.end(1), len(statement)):
            depth += {"[": 1, "]": -1}.get(statement[i], 0)
            if depth == 0:
                break
        return f"{statement[:i]},{style}{statement[i:]}"
    return f"{match.group(1)}[{style}]{statement[match.end(1) :]}"


def mark_figure(old: str, new: str) -> tuple[str, Changes]:
    """The new picture with each drawing command the old one lacks in the added style.

    Commands that only the old picture had are counted, not drawn: in a chart whose
    bars all shift, ghosts of the old bars would hide the new ones.
    """
    old_statements = {_plain(s) for s in split_top(old, ";") if s.strip()}
    new_statements = split_top(new, ";")
    tail = new_statements.pop() if new_statements and not new_statements[-1].strip() else ""
    changes = Changes(drawn_removed=len(old_statements - {_plain(s) for s in new_statements}))
    marked = []
    for statement in new_statements:
        if _plain(statement) in old_statements:
            marked.append(statement)
            continue
        style = "DIFaddednode" if statement.lstrip().startswith("\\node") else "DIFadded"
        marked.append(_statement_with_style(statement, style))
        changes.drawn_added += 1
    return ";".join(marked) + ";" + tail, changes


def describe(changes: Changes) -> str:
    """The changes in words: "1 cell changed, 1 row added"."""
    counts = [
        (changes.cells, "cell changed", "cells changed"),
        (changes.rows_added, "row added", "rows added"),
        (changes.rows_removed, "row removed", "rows removed"),
        (changes.drawn_added, "element new or moved (blue)", "elements new or moved (blue)"),
        (changes.drawn_removed, "element gone or moved", "elements gone or moved"),
    ]
    return ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts if n)


def caption_note(changes: Changes, base: str) -> str:
    """The sentences a changed table or figure adds to its caption, the old caption quoted when it changed."""
    counted = describe(changes)
    note = f"Since {base}: {counted}." if counted else f"Since {base}:"
    return note + (f" The caption read: {changes.caption}" if changes.caption else "")


def _caption_text(text: str, caption: int | None) -> str | None:
    if caption is None:
        return None
    start = caption + len("\\caption")
    return text[start + 1 : braced(text, start) - 1].strip()


def _contexts(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """What precedes each environment since the one before it (a heading, a caption): its identity."""
    ends = [0, *(end for _, end in spans)][: len(spans)]
    return [_plain(text[after:start])[-300:] for after, (start, _) in zip(ends, spans, strict=True)]


def _pairs(old: str, new: str, opening: re.Pattern) -> list[tuple[tuple[int, int] | None, tuple[int, int] | None]]:
    """Old and new environments paired by what precedes them; None where one side has no partner."""
    old_spans, new_spans = environments(old, opening), environments(new, opening)
    matcher = difflib.SequenceMatcher(None, _contexts(old, old_spans), _contexts(new, new_spans), autojunk=False)
    pairs: list = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            pairs += zip(old_spans[i1:i2], new_spans[j1:j2], strict=True)
        else:
            pairs += [(span, None) for span in old_spans[i1:i2]] + [(None, span) for span in new_spans[j1:j2]]
    return pairs


CAPTION = re.compile(r"\\caption\{")
LABEL = re.compile(r"\\label\{([^}]+)\}")


FLOAT_BEGIN = re.compile(r"\\begin\{(?:table|figure)\*?\}")
FLOAT_END = re.compile(r"\\end\{(?:table|figure)\*?\}")


def _caption_of(text: str, start: int, end: int) -> int | None:
    """Where the caption of the environment text[start:end] opens: inside it (a longtable) or
    in the table or figure float around it; None when it has none."""
    inside = CAPTION.search(text, start, end)
    if inside:
        return inside.start()
    opened = [m.end() for m in FLOAT_BEGIN.finditer(text, 0, start)]
    closed = FLOAT_END.search(text, end)
    if not opened or not closed or FLOAT_END.search(text, opened[-1], start):
        return None
    caption = CAPTION.search(text, opened[-1], closed.start())
    return caption.start() if caption else None


def _note_edit(text: str, caption: int, note: str) -> tuple[int, int, str]:
    """The insertion (start, end, text) that ends the caption opening at index caption with note."""
    close = braced(text, caption + len("\\caption")) - 1
    return close, close, f" \\DIFcaptionnote{{{note}}}"


def _noted(text: str, caption: int, note: str) -> str:
    """text with note added at the end of the caption that opens at index caption."""
    start, _, insertion = _note_edit(text, caption, note)
    return text[:start] + insertion + text[start:]


@dataclass
class Marked:
    """One table or figure of a part that changed: its label (for links) and its changes."""

    label: str
    changes: Changes


def mark_part(old: str, new: str, base: str) -> tuple[str, list[Marked]]:
    """A generated part's new rendering with every table and figure marked against the old one.

    Tables and figures are paired by what precedes them in the part (a per-initiative
    heading, for instance), so an added initiative's table is one added table; a table
    only the old rendering has is counted as removed rows, as there is nowhere to show
    it. Each changed table or figure counts its changes in its own caption.
    """
    edits: list[tuple[int, int, str]] = []
    marked: list[Marked] = []
    for opening, marker in ((TABLE, mark_table), (FIGURE, mark_figure)):
        for old_span, new_span in _pairs(old, new, opening):
            if new_span is None:
                removed = sum(map(_markable, split_top(old[old_span[0] : old_span[1]], "\\\\")))
                marked.append(Marked("", Changes(rows_removed=removed)))
                continue
            before = old[old_span[0] : old_span[1]] if old_span else ""
            body, changes = marker(before, new[new_span[0] : new_span[1]])
            caption = _caption_of(new, *new_span)
            old_caption = _caption_text(old, _caption_of(old, *old_span)) if old_span else None
            if caption is not None and old_caption is not None and old_caption != _caption_text(new, caption):
                changes.caption = old_caption
            if not changes:
                caption = None
            else:
                # A table without a caption is found by the section it stands in.
                labels = (
                    [LABEL.search(new, caption)] if caption is not None else list(LABEL.finditer(new, 0, new_span[0]))
                )
                marked.append(Marked(labels[-1].group(1) if labels and labels[-1] else "", changes))
            if caption is not None and new_span[0] <= caption < new_span[1]:
                body = _noted(body, CAPTION.search(body).start(), caption_note(changes, base))
            elif caption is not None:
                edits.append(_note_edit(new, caption, caption_note(changes, base)))
            edits.append((*new_span, body))
    out, position = [], 0
    for start, end, body in sorted(edits):
        out += [new[position:start], body]
        position = end
    out.append(new[position:])
    by_label: dict[str, Marked] = {}
    for table in marked:  # an appendix of one table per initiative reads as one entry
        if table.label in by_label:
            by_label[table.label].changes.add(table.changes)
        else:
            by_label[table.label] = table
    return "".join(out), list(by_label.values())


def is_table_or_figure(text: str) -> bool:
    return bool(TABLE.search(text) or FIGURE.search(text))
