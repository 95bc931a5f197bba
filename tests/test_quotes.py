"""Finding quotes in extracted text: each normalisation, near matches and what they report."""

from __future__ import annotations

import pytest

from scripts import documents_lock, quotes

QUOTE = 'the final reward model\'s labels were well-known to "all" staff - every one of them'


def found(quote: str, text: str) -> quotes.Match:
    return quotes.find(quotes.normalise(quote), quotes.prepare(text))


@pytest.mark.parametrize(
    "text",
    [
        # ligature glyphs as PDFs and some pages encode them
        'the \ufb01nal reward model\'s labels were well-known to "all" staff - every one of them',
        # soft hyphens inside words, and a zero-width space
        'the fi\u00adnal reward model\'s la\u00adbels were well-known to "all" staff -\u200b every one of them',
        # a word broken at a line end, and a compound broken at its own hyphen
        'the final re-\nward model\'s labels were well-\nknown to "all" staff - every one of them',
        # curly quotes and an en dash for the spaced hyphen
        "the final reward model\u2019s labels were well-known to \u201call\u201d staff \u2013 every one of them",
        # no-break spaces, tabs and line breaks for single spaces; a Unicode hyphen in the compound
        'the\u00a0final  reward\tmodel\'s\nlabels were well\u2010known to "all" staff - every\r\none of them',
    ],
)
def test_a_quote_is_verified_through_each_typographic_difference(text: str):
    match = found(QUOTE, f"Some text before. {text}. Some text after.")
    assert match.status == quotes.VERIFIED
    assert match.score == 100


def test_a_changed_word_is_near_and_says_which_words_differ():
    text = "Intro. Maximizing helpfulness and freedom for our users, minimizing harm. More."
    match = found("Maximising helpfulness and freedom for our users", text)
    assert match.status == quotes.NEAR
    assert 90 <= match.score < 100
    assert quotes.differences(quotes.normalise("Maximising helpfulness and freedom for our users"), match.passage) == [
        ("Maximising", "Maximizing")
    ]
    assert "Intro. »Maximizing helpfulness and freedom for our users«, minimizing" in match.context


def test_a_quote_the_document_does_not_hold_is_missing_with_its_closest_passage():
    text = "The model card describes the training data and the evaluation in general terms only. " * 20
    match = found("labellers were paid above the minimum wage in every country", text)
    assert match.status == quotes.MISSING
    assert match.score < quotes.NEAR_SCORE
    assert match.passage


def test_passages_are_shown_as_the_document_writes_them():
    text = "Above all else, the assistant must follow platform-level instructions\nprovided in system messages."
    match = found("the assistant must follow platform-level instruction provided", text)
    assert match.status == quotes.NEAR
    assert "platform-level" in match.passage  # the compared form drops the hyphen; the report keeps it
    assert "\n" not in match.context


def test_case_is_not_normalised_away():
    assert found("in section 2 and appendix D", "specifically in Section 2 and Appendix D.").status == quotes.NEAR


def test_fingerprints_follow_the_words_not_the_typography():
    assert quotes.fingerprint("the model\u2019s \ufb01nal  labels") == quotes.fingerprint("the model's final labels")
    assert quotes.fingerprint("the model's final labels") != quotes.fingerprint("the model's first labels")


def test_the_lock_counts_only_quotes_verified_as_they_read_now():
    findings = [
        {"evidence": [{"doc": "a", "quote": "one two three"}, {"doc": "a", "quote": "four five"}]},
        {"evidence": [{"doc": "b", "quote": "six"}]},
    ]
    lock = {
        "a": {"verified_on": "2026-11-01", "quotes_verified": [quotes.fingerprint("one two three")]},
        "c": {"verified_on": "2026-11-20", "quotes_verified": []},
    }
    summary = documents_lock.summary(lock, findings, audited=3)
    assert summary == {
        "quotes": 3,
        "quotes_checked": 2,
        "quotes_verified": 1,
        "documents": 3,
        "documents_verified": 2,
        "last_verified_on": "2026-11-20",
    }
    findings[0]["evidence"][0]["quote"] = "one two three four"  # edited after the verification
    assert documents_lock.summary(lock, findings, audited=3)["quotes_verified"] == 0


def test_a_broken_lock_is_reported_at_its_line_and_a_stale_entry_is_dropped(tmp_path):
    entry = '"source": "url", "resolved": "https://x.org/a", "verified_on": "2026-11-30", "quotes_verified": []'
    lock = tmp_path / "documents.lock"
    lock.write_text(
        '{\n  "documents": {\n'
        f'    "a": {{{entry}, "text_sha256": "{"0" * 64}"}},\n'
        f'    "gone": {{{entry}, "text_sha256": "{"1" * 64}"}}\n'
        "  }\n}\n",
        encoding="utf-8",
    )
    bibliography = {"a": {"source": "documentation"}}
    documents, problems = documents_lock.load(lock, bibliography)
    assert list(documents) == ["a"]
    assert [(p.line, p.severity) for p in problems] == [(4, "warning")]
    assert "'gone' is not in bib/documentation.bib" in problems[0].message
    lock.write_text(lock.read_text(encoding="utf-8").replace('"0000', '"00zz'), encoding="utf-8")
    documents, problems = documents_lock.load(lock, bibliography)
    assert documents == {}
    assert [(p.file, p.line, p.field) for p in problems] == [(str(lock), 3, "documents.a.text_sha256")]


def test_a_quote_shortened_with_an_ellipsis_is_verified_when_its_parts_appear_in_order():
    text = "We hired about 40 contractors on Upwork and through ScaleAI to label the data for us."
    assert found("We hired about 40 contractors \u2026 to label the data", text).status == quotes.VERIFIED
    assert found("We hired about 40 contractors ... to label the data", text).passage == (
        "We hired about 40 contractors on Upwork and through ScaleAI to label the data"
    )
    assert found("to label the data ... We hired about 40 contractors", text).status != quotes.VERIFIED
