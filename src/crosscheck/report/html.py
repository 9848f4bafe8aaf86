"""The HTML report: one self-contained page per run, readable without script or network.

Holds, per story: the cited brief, the coverage matrix (outlets × claims), the attribution graph (SVG drawn
with drawsvg), the timeline of publication and of the events the articles date (SVG charted with pygal),
quotations side by side with their word differences, and discrepancies side by side. Jinja2 autoescaping escapes all article text; the SVG libraries
escape the names they draw.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from itertools import pairwise
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from crosscheck.model import Article, Report, Story
from crosscheck.report import (
    KIND_RANK,
    SECTION_TITLES,
    STATUS_TITLES,
    AttributionGraph,
    articles_by_id,
    attribution_graph,
    citation_label,
    clock,
    context,
    counted,
    coverage_matrix,
    discrepancy_diff,
    explanation_of,
    outlet_of,
    quote_pairs,
    shortened,
    sorted_sections,
    sources_relied_on,
    story_outlets,
    timeline,
    unpaired_quotes,
)
from crosscheck.report.events import event_dates, plotted

# Generated SVG only: a library's inline script and comments carry nothing a reader needs, and the comment
# holds the generation date, which would make two renders of one report differ.
SVG_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.DOTALL)
SVG_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
XML_DECLARATION = re.compile(r"<\?xml[^>]*\?>\s*")
NODE_WIDTH, NODE_HEIGHT, ROW_GAP, COLUMN_GAP, MARGIN = 210, 30, 16, 130, 24
NAME_LIMIT = 30
# Rows of the timeline: publications above, the days the reports mention below, on one time axis.
PUBLICATION_ROW, EVENT_ROW = 1.3, 0.6
EVENT_SERIES = "Events the reports mention"
NODE_COLOURS = {"outlet": "#dbe9f6", "source": "#fde7c8", "speaker": "#dcefdc"}
COLUMN_TITLES = {"outlet": "Outlets", "source": "Credited sources", "speaker": "Original speakers"}


def _short(name: str) -> str:
    return shortened(name, NAME_LIMIT)


def graph_svg(graph: AttributionGraph, prefix: str) -> str:
    """Outlets, credited sources and speakers in three columns, an arrow from each to what it relied on."""
    import drawsvg as draw  # type: ignore[import-untyped]

    kinds = sorted(KIND_RANK, key=lambda k: KIND_RANK[k])
    columns = {kind: graph.of_kind(kind) for kind in kinds}
    tallest = max((len(names) for names in columns.values()), default=0)
    width = MARGIN * 2 + len(kinds) * NODE_WIDTH + (len(kinds) - 1) * COLUMN_GAP
    height = MARGIN * 2 + 28 + max(tallest, 1) * (NODE_HEIGHT + ROW_GAP)
    # A font and a background of its own: the Markdown report's copy is a file on its own, which a viewer drew
    # in a serif font, and a forge's dark theme showed its black names on black.
    drawing = draw.Drawing(width, height, id_prefix=prefix, font_family="sans-serif")
    drawing.append(draw.Title("Attribution graph: who relied on whom"))
    drawing.append(draw.Rectangle(0, 0, width, height, fill="white"))
    position: dict[str, tuple[float, float]] = {}
    nodes: list[Any] = []
    for column, kind in enumerate(kinds):
        x = MARGIN + column * (NODE_WIDTH + COLUMN_GAP)
        drawing.append(
            draw.Text(
                COLUMN_TITLES[kind],
                14,
                x + NODE_WIDTH / 2,
                MARGIN + 10,
                text_anchor="middle",
                font_weight="bold",
            )
        )
        names = columns[kind]
        top = MARGIN + 28 + (tallest - len(names)) * (NODE_HEIGHT + ROW_GAP) / 2
        for row, name in enumerate(names):
            y = top + row * (NODE_HEIGHT + ROW_GAP)
            position[name] = (x, y)
            group = draw.Group()
            group.append(draw.Title(name))
            group.append(
                draw.Rectangle(x, y, NODE_WIDTH, NODE_HEIGHT, rx=6, fill=NODE_COLOURS[kind], stroke="#6b7785")
            )
            group.append(draw.Text(_short(name), 13, x + NODE_WIDTH / 2, y + 20, text_anchor="middle"))
            nodes.append(group)
    arrow = draw.Marker(-0.1, -0.5, 0.9, 0.5, scale=9, orient="auto", markerUnits="userSpaceOnUse")
    arrow.append(draw.Lines(-0.1, -0.5, -0.1, 0.5, 0.9, 0, fill="#4a5562", close=True))
    for (origin, target), count in sorted(graph.edges.items()):
        if origin not in position or target not in position:
            continue
        (x1, y1), (x2, y2) = position[origin], position[target]
        path = draw.Path(
            stroke="#4a5562", stroke_width=1 + min(count, 5) * 0.6, fill="none", marker_end=arrow
        )
        if x1 == x2:
            # Both in one column: a loop out to the right keeps the arrow off the other boxes.
            right = x1 + NODE_WIDTH
            path.M(right, y1 + NODE_HEIGHT / 2).C(
                right + 60,
                y1 + NODE_HEIGHT / 2,
                right + 60,
                y2 + NODE_HEIGHT / 2,
                right + 6,
                y2 + NODE_HEIGHT / 2,
            )
        else:
            start, end = (x1 + NODE_WIDTH, y1 + NODE_HEIGHT / 2), (x2 - 6, y2 + NODE_HEIGHT / 2)
            middle = (start[0] + end[0]) / 2
            path.M(*start).C(middle, start[1], middle, end[1], *end)
        path.append_title(f"{origin} → {target}: {count}")
        drawing.append(path)
    # Boxes go over the arrows, so an arrow that skips a column passes behind the boxes in it.
    for group in nodes:
        drawing.append(group)
    return XML_DECLARATION.sub("", drawing.as_svg())


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def timeline_svg(story: Story, articles: Mapping[str, Article]) -> str | None:
    """Publication times, one pygal series per outlet, and below them the days the articles say events
    happened, one point per day labelled with the cited text; None when neither is known."""
    import pygal  # type: ignore[import-untyped]
    from pygal.style import Style  # type: ignore[import-untyped]

    points = timeline(story, articles)
    events = plotted(event_dates(story, articles), [p.published for p in points])
    if not points and not events:
        return None
    moments = [p.published for p in points] + [e.moment for e in events]
    # A story told over months needs the year on the axis; one told over days needs the hour.
    span = max(moments) - min(moments)
    long_span = span > timedelta(days=60)
    # Over several days an hour on the axis ("26 Mar 13:46") is a tick's accident, not a time anything happened.
    axis_format = "%d %b %Y" if long_span else "%d %b" if span > timedelta(days=3) else "%d %b %H:%M"
    series = len({p.outlet for p in points}) + (1 if events else 0)
    style = Style(background="white", plot_background="white", font_family="sans-serif", label_font_size=12)
    chart = pygal.DateTimeLine(
        js=[],
        style=style,
        width=960,
        # Room for every row of the legend, which pygal otherwise cuts off at the bottom.
        height=260 + 22 * -(-series // 3),
        margin_bottom=24,
        stroke=False,
        dots_size=7,
        # The two rows are named on the axis: without it the reader had only the legend's colours to tell a
        # publication from a day the reports mention.
        show_y_labels=True,
        y_labels=[
            {"label": label, "value": row}
            for label, row, shown in (
                ("Published", PUBLICATION_ROW, points),
                ("Mentioned", EVENT_ROW, events),
            )
            if shown
        ],
        show_y_guides=False,
        range=(0, 2),
        x_label_rotation=15,
        x_value_formatter=lambda moment: moment.strftime(axis_format),
        legend_at_bottom=True,
        # Three columns of names cut at 30 characters fit the width; four at 40 ran into one another.
        legend_at_bottom_columns=3,
        truncate_legend=30,
        title=_sentence_case(
            " and ".join(
                part
                for part, shown in (
                    ("When each outlet published (UTC)", points),
                    ("the days the reports mention", events),
                )
                if shown
            )
        ),
        disable_xml_declaration=True,
    )
    by_outlet: dict[str, list[dict[str, Any]]] = {}
    for point in points:
        by_outlet.setdefault(point.outlet, []).append(
            {"value": (point.published, PUBLICATION_ROW), "label": point.title or point.outlet}
        )
    for outlet, values in by_outlet.items():
        chart.add(outlet, values)
    if events:
        by_day: dict[datetime, list[str]] = {}
        for event in events:
            by_day.setdefault(event.moment, []).append(f"{event.outlet}: “{' '.join(event.cited.split())}”")
        chart.add(
            EVENT_SERIES,
            [
                {"value": (moment, EVENT_ROW), "label": " | ".join(cited)}
                for moment, cited in sorted(by_day.items())
            ],
            dots_size=5,
        )
    svg = chart.render(is_unicode=True)
    svg = re.sub(r'id="chart-[0-9a-f-]+"', f'id="timeline-{story.id}"', svg)
    svg = re.sub(r"#chart-[0-9a-f-]+", f"#timeline-{story.id}", svg)
    # pygal numbers its legend entries from 0 in every chart; a report of several stories holds several.
    svg = re.sub(r'id="activate-serie-(\d+)"', rf'id="timeline-{story.id}-serie-\1"', svg)
    return SVG_COMMENT.sub("", SVG_SCRIPT.sub("", svg))


@dataclass(frozen=True)
class Side:
    outlet: str
    article_id: str
    start: int
    end: int
    before: str
    text: str
    after: str


def _sides(discrepancy_sides: Any, articles: Mapping[str, Article]) -> list[Side]:
    sides = []
    for side in discrepancy_sides:
        before, text, after = context(articles.get(side.article_id), side.start, side.end)
        sides.append(
            Side(
                outlet=outlet_of(articles, side.article_id),
                article_id=side.article_id,
                start=side.start,
                end=side.end,
                before=before,
                text=text or side.text,
                after=after,
            )
        )
    return sides


def story_view(story: Story, articles: Mapping[str, Article], index: int) -> dict[str, Any]:
    """Everything the template shows for one story, with article text left as plain strings to escape."""
    outlets, rows = coverage_matrix(story, articles)
    graph = attribution_graph(story, articles)
    pairs = quote_pairs(story)
    cited: dict[str, list[tuple[int, int]]] = {}
    for sentence in story.brief:
        for citation in sentence.citations:
            cited.setdefault(citation.article_id, []).append((citation.start, citation.end))
    marked = [_marked_article(articles[a], cited.get(a, [])) for a in story.article_ids if a in articles]
    return {
        "story": story,
        "anchor": f"story-{index}",
        "anchored": {item["article"].id: item["starts"] for item in marked},
        "outlets": outlets,
        "sections": [
            (SECTION_TITLES[section], [story.brief[i] for i in indices])
            for section, indices in sorted_sections(story)
        ],
        "coverage": rows,
        "graph_svg": Markup(graph_svg(graph, f"s{index}g")) if graph.edges else None,
        "graph_edges": sorted(graph.edges.items()),
        "timeline_svg": (Markup(svg) if (svg := timeline_svg(story, articles)) else None),
        "timeline": timeline(story, articles),
        "events": event_dates(story, articles),
        "discrepancies": [
            {"discrepancy": d, "sides": _sides(d.sides, articles), "diff": discrepancy_diff(d)}
            for d in story.discrepancies
        ],
        "quote_pairs": pairs,
        "other_quotes": unpaired_quotes(story, pairs, articles),
        "sources": sources_relied_on(story, articles),
        "articles": marked,
    }


def _marked_article(article: Article, spans: list[tuple[int, int]]) -> dict[str, Any]:
    """The article's paragraphs as (text, cited, start) pieces, so cited spans can be highlighted after
    escaping. The text is cut at every cited span's ends, so each citation starts a piece: a citation links to
    its own piece (``start``), not to the top of the article, where the reader had to hunt for the words."""
    starts = {start for start, _ in spans}
    cuts = sorted({point for span in spans for point in span})
    covered = sorted(spans)
    paragraphs = article.paragraphs or []
    ranges = [(p.start, p.end) for p in paragraphs] or [(0, len(article.text))]
    pieces_by_paragraph = []
    for p_start, p_end in ranges:
        pieces: list[tuple[str, bool, int]] = []
        points = [p_start, *(c for c in cuts if p_start < c < p_end), p_end]
        for start, end in pairwise(points):
            if start >= end:
                continue
            cited = any(a <= start and end <= b for a, b in covered)
            pieces.append((article.text[start:end], cited, start))
        pieces_by_paragraph.append(pieces)
    # Only a start that begins a shown piece can carry an id (one between paragraphs begins none).
    shown = {
        start for pieces in pieces_by_paragraph for _, cited, start in pieces if cited and start in starts
    }
    return {"article": article, "paragraphs": pieces_by_paragraph, "starts": shown}


@lru_cache(maxsize=1)
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("crosscheck.report", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.globals["status_titles"] = STATUS_TITLES
    environment.globals["counted"] = counted
    environment.globals["clock"] = clock
    return environment


def render_html(report: Report) -> str:
    """The report as one HTML page with inline CSS and SVG: no script, no external resource."""
    articles = articles_by_id(report)
    stories = [story_view(story, articles, n) for n, story in enumerate(report.stories, start=1)]
    template = _environment().get_template("report.html.j2")
    return template.render(
        report=report,
        stories=stories,
        outlet_count=len({a.outlet for a in report.articles}),
        label=lambda citation: citation_label(articles, citation),
        why=explanation_of,
        outlet=lambda article_id: outlet_of(articles, article_id),
        all_outlets=lambda story: story_outlets(story, articles),
    )
