"""What the story page draws, computed server-side: cited text segments, word diffs, the attribution graph
and the timeline as inline SVG. Every piece of article text passes through ``markupsafe.escape``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise

from markupsafe import Markup, escape

from crosscheck.model import Article, Claim, Quote, Story

# Timeline geometry, in user units; the SVG scales to the page width through its viewBox.
TIMELINE_WIDTH = 640
TIMELINE_HEIGHT = 70
LABEL_CHARS = 32


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    text: str
    anchor: bool
    """A cited span starts here: the segment carries the id that citation links point at."""


def segments(text: str, spans: Iterable[tuple[int, int]]) -> list[Segment]:
    """The text cut at every span boundary, so that any span is a run of whole segments."""
    starts: set[int] = set()
    cuts = {0, len(text)}
    for start, end in spans:
        if 0 <= start < end <= len(text):
            starts.add(start)
            cuts.update((start, end))
    points = sorted(cuts)
    return [Segment(start=a, end=b, text=text[a:b], anchor=a in starts) for a, b in pairwise(points) if b > a]


def story_spans(story: Story) -> dict[str, list[tuple[int, int]]]:
    """Every span the story page can point at, per article."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for sentence in story.brief:
        for citation in sentence.citations:
            spans[citation.article_id].append((citation.start, citation.end))
    for claim in story.claims:
        for span in claim.support:
            spans[span.article_id].append((span.start, span.end))
    for discrepancy in story.discrepancies:
        for span in discrepancy.sides:
            spans[span.article_id].append((span.start, span.end))
    for quote in story.quotes:
        spans[quote.article_id].append((quote.start, quote.end))
    for attribution in story.attributions:
        spans[attribution.article_id].append((attribution.start, attribution.end))
    return spans


def claim_outlets(claim: Claim, outlet_of: dict[str, str]) -> set[str]:
    found = set(claim.outlets)
    found.update(outlet_of[s.article_id] for s in claim.support if s.article_id in outlet_of)
    return found


def quotes_by_speaker(quotes: Sequence[Quote]) -> list[tuple[str, list[Quote]]]:
    groups: dict[str, list[Quote]] = defaultdict(list)
    for quote in quotes:
        groups[quote.speaker or "Unattributed"].append(quote)
    return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def attribution_graph(story: Story, articles: Sequence[Article]) -> Markup:
    """Who relied on whom (outlets → credited sources → speakers), drawn by the HTML report's own SVG code.

    Its SVG carries presentation attributes only (no style element or attribute, no script), so the page's
    Content-Security-Policy lets it render as it is; drawsvg escapes every name it draws.
    """
    from crosscheck.report import attribution_graph as graph_of
    from crosscheck.report.html import graph_svg

    by_id = {a.id: a for a in articles}
    graph = graph_of(story, by_id)
    if not graph.edges:
        return Markup('<p class="empty">No outlet credits another source or speaker in this story.</p>')
    return Markup(graph_svg(graph, prefix="graph-"))


def timeline(articles: Sequence[Article]) -> Markup:
    """Each dated report as a dot on one time axis, labelled by outlet."""

    def stamp(moment: datetime) -> float:
        # Undeclared zones are read as UTC, as everywhere in crosscheck.
        return (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).timestamp()

    dated = sorted(
        ((a.published, a) for a in articles if a.published is not None), key=lambda item: stamp(item[0])
    )
    if not dated:
        return Markup('<p class="empty">None of these reports carries a publication time.</p>')

    first, last = stamp(dated[0][0]), stamp(dated[-1][0])
    span = (last - first) or 1.0
    margin = 40
    usable = TIMELINE_WIDTH - 2 * margin
    parts = [
        f'<svg class="timeline" viewBox="0 0 {TIMELINE_WIDTH} {TIMELINE_HEIGHT}" role="img" '
        'aria-label="When each outlet published">',
        f'<line class="axis" x1="{margin}" y1="40" x2="{TIMELINE_WIDTH - margin}" y2="40"></line>',
    ]
    for index, (moment, article) in enumerate(dated):
        x = margin + usable * ((stamp(moment) - first) / span) if len(dated) > 1 else TIMELINE_WIDTH / 2
        y_label = 25 if index % 2 == 0 else 62
        parts.append(
            f'<circle class="event" cx="{x:.1f}" cy="40" r="5"><title>{escape(article.outlet)}: '
            f"{escape(moment.isoformat())}</title></circle>"
        )
        label = escape(_short(article.outlet))
        parts.append(f'<text class="label" x="{x:.1f}" y="{y_label}" text-anchor="middle">{label}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def snippet_markup(snippet: str) -> Markup:
    """A search snippet with its match markers as ``<mark>``, everything else escaped."""
    from crosscheck.store.search import MARK_CLOSE, MARK_OPEN

    escaped = str(escape(snippet))
    return Markup(escaped.replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>"))
