"""Builders shared by the tests: articles from literal text, and the faithfulness checks every output obeys."""

from __future__ import annotations

from collections.abc import Iterable

from crosscheck.clean import clean
from crosscheck.model import Article, Document, Report, Span


def article(text: str, outlet: str = "Example Outlet", **fields: object) -> Article:
    return clean(Document(text=text, outlet=outlet, path=f"{outlet}.txt", **fields))  # type: ignore[arg-type]


def report_spans(report: Report) -> Iterable[tuple[str, int, int, str]]:
    """Every (article id, start, end, text) that a report asserts, wherever it appears."""
    for story in report.stories:
        for claim in story.claims:
            for s in claim.support:
                yield s.article_id, s.start, s.end, s.text
        for d in story.discrepancies:
            for s in d.sides:
                yield s.article_id, s.start, s.end, s.text
        for q in story.quotes:
            yield q.article_id, q.start, q.end, q.text
        for a in story.attributions:
            yield a.article_id, a.start, a.end, a.text
        for b in story.brief:
            for c in b.citations:
                yield c.article_id, c.start, c.end, b.text if len(b.citations) == 1 else ""


def assert_faithful(report: Report) -> None:
    """Spans are verbatim, every brief sentence is cited, no claim leans twice on one article."""
    texts = {a.id: a.text for a in report.articles}
    for article_id, start, end, text in report_spans(report):
        assert article_id in texts, f"span cites unknown article {article_id}"
        assert 0 <= start < end <= len(texts[article_id])
        if text:
            assert texts[article_id][start:end] == text, (article_id, start, end, text)
    for story in report.stories:
        for b in story.brief:
            assert b.citations, f"uncited brief sentence: {b.text!r}"
        for claim in story.claims:
            ids = [s.article_id for s in claim.support]
            assert len(ids) == len(set(ids)), f"claim {claim.id} supported twice by one article"


def span(article: Article, fragment: str) -> Span:
    start = article.text.index(fragment)
    return Span(article_id=article.id, start=start, end=start + len(fragment), text=fragment)
