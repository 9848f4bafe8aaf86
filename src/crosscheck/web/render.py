"""What the story page draws, computed server-side: cited text segments, word diffs, the attribution graph
and the timeline as inline SVG. Every piece of article text passes through ``markupsafe.escape``."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise

from markupsafe import Markup, escape

from crosscheck.model import Article, Claim, Quote, Story

DIFF_TOKEN = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}", re.DOTALL)
# SVG geometry, in user units; the SVGs scale to the page width through their viewBox.
GRAPH_ROW = 28
GRAPH_WIDTH = 640
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


def diff_parts(diff: str) -> list[tuple[str, str]]:
    """``[-removed-]`` and ``{+added+}`` markup as ("del" | "ins" | "same", text) runs."""
    parts: list[tuple[str, str]] = []
    position = 0
    for match in DIFF_TOKEN.finditer(diff):
        if match.start() > position:
            parts.append(("same", diff[position : match.start()]))
        if match.group(1) is not None:
            parts.append(("del", match.group(1)))
        else:
            parts.append(("ins", match.group(2)))
        position = match.end()
    if position < len(diff):
        parts.append(("same", diff[position:]))
    return parts


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
    """Outlets on the left, the sources they credit on the right, one edge per (outlet, source) credited."""
    outlet_of = {a.id: a.outlet for a in articles}
    edges: Counter[tuple[str, str]] = Counter()
    for attribution in story.attributions:
        outlet = outlet_of.get(attribution.article_id)
        if outlet is not None:
            edges[(outlet, attribution.source)] += 1
    for claim in story.claims:
        for source in claim.upstream_sources:
            for outlet in claim_outlets(claim, outlet_of):
                if (outlet, source) not in edges and outlet != source:
                    edges[(outlet, source)] += 0
    if not edges:
        return Markup('<p class="empty">No outlet credits another source in this story.</p>')
    outlets = sorted({o for o, _ in edges} | set(outlet_of.values()))
    sources = sorted({s for _, s in edges})
    rows = max(len(outlets), len(sources))
    height = rows * GRAPH_ROW + GRAPH_ROW
    left_x, right_x = 200, GRAPH_WIDTH - 200
    y_outlet = {o: GRAPH_ROW * (i + 1) for i, o in enumerate(outlets)}
    y_source = {s: GRAPH_ROW * (i + 1) for i, s in enumerate(sources)}
    parts = [
        f'<svg class="graph" viewBox="0 0 {GRAPH_WIDTH} {height}" role="img" '
        'aria-label="Which outlets credit which sources">'
    ]
    for (outlet, source), count in sorted(edges.items()):
        weight = "edge strong" if count > 1 else "edge"
        ends = f'x1="{left_x}" y1="{y_outlet[outlet]}" x2="{right_x}" y2="{y_source[source]}"'
        parts.append(
            f'<line class="{weight}" {ends}>'
            f"<title>{escape(outlet)} credits {escape(source)} ({count}×)</title></line>"
        )
    for outlet, y in y_outlet.items():
        parts.append(f'<circle class="node outlet" cx="{left_x}" cy="{y}" r="5"></circle>')
        label = escape(_short(outlet))
        parts.append(f'<text class="label" x="{left_x - 10}" y="{y + 4}" text-anchor="end">{label}</text>')
    for source, y in y_source.items():
        parts.append(f'<circle class="node source" cx="{right_x}" cy="{y}" r="5"></circle>')
        parts.append(f'<text class="label" x="{right_x + 10}" y="{y + 4}">{escape(_short(source))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


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
