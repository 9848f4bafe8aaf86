"""The Markdown report: the brief by section with its citations, then claims, differences, quotations,
sources, publication times and the days the reports mention, readable as plain text in a terminal and
rendered on a code forge. Article text is escaped."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote as url_quote

from crosscheck.errors import OutputError
from crosscheck.model import Article, BriefSentence, Report, Story
from crosscheck.report import (
    SECTION_TITLES,
    STATUS_TITLES,
    articles_by_id,
    citation_label,
    clock,
    context,
    counted,
    coverage_matrix,
    diff_parts,
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
from crosscheck.report.events import event_dates

# Characters that would turn article text into markup (emphasis, links, raw HTML, table cells, headings).
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#~&!])")
# Marks that open a list item or a heading underline where a line starts ("- Libraries…", "+ ", "1. ", "="): in
# a list item of the report, article text starting so would nest a list in it. The mark itself is escaped.
BLOCK_START = re.compile(r"^(\d*)([-+=.)])(?=\s|$)")


def escape(text: str) -> str:
    """Article text as literal Markdown, on one line. A space at either end is kept (as one): a context
    ending before "**span**" must not glue its last word to the span."""
    flat = MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    flat = BLOCK_START.sub(
        lambda m: m.group(1) + "\\" + m.group(2) if m.group(1) or m.group(2) in "-+=" else m.group(0), flat
    )
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() and flat else ""
    return lead + flat + trail


def _cell(text: str, limit: int = 160) -> str:
    return escape(shortened(text, limit))


def _citations(sentence: BriefSentence, articles: Mapping[str, Article]) -> str:
    return "; ".join(escape(citation_label(articles, c)) for c in sentence.citations)


def _brief(story: Story, articles: Mapping[str, Article]) -> list[str]:
    lines: list[str] = []
    for section, indices in sorted_sections(story):
        lines += [f"### {SECTION_TITLES[section]}", ""]
        for index in indices:
            sentence = story.brief[index]
            why = explanation_of(sentence, story)
            lead = f"**{escape(why)}** " if why else ""
            lines.append(f"- {lead}{escape(sentence.text)} \\[{_citations(sentence, articles)}\\]")
        lines.append("")
    return lines


def _coverage(story: Story, articles: Mapping[str, Article]) -> list[str]:
    outlets, rows = coverage_matrix(story, articles)
    if not rows:
        return []
    lines = [
        "### Who reports what",
        "",
        "| Claim | Status | Independent sources | " + " | ".join(escape(o) for o in outlets) + " |",
        "|---|---|---:|" + "|".join(":-:" for _ in outlets) + "|",
    ]
    for row in rows:
        marks = ["●" if outlet in row.reported_by else "" for outlet in outlets]
        status = STATUS_TITLES[row.claim.status] + (" (alone)" if row.alone and len(outlets) > 1 else "")
        lines.append(
            f"| {_cell(row.claim.text)} | {status} | {row.claim.independent_sources} | "
            + " | ".join(marks)
            + " |"
        )
    lines.append("")
    return lines


def _marked(diff: str | list[tuple[str, str]]) -> str:
    """A word diff in Markdown's own marks: removed words struck through, added words in bold (the plain
    ``[-…-]`` and ``{+…+}`` markup read as noise on a rendered page). Given as runs where the renderer has
    them (a quotation pair), so that article words are never read as diff markup."""
    out = []
    runs = diff_parts(diff) if isinstance(diff, str) else [(k, f" {w} ") for k, w in diff]
    for kind, text in runs:
        words = text.strip()
        if kind == "same" or not words:
            out.append(escape(text))
        else:
            mark = "~~" if kind == "del" else "**"
            out.append((" " if text[:1].isspace() else "") + f"{mark}{escape(words)}{mark}")
    return re.sub(r" {2,}", " ", "".join(out)).strip()


def _differences(story: Story, articles: Mapping[str, Article]) -> list[str]:
    if not story.discrepancies:
        return []
    lines = ["### Discrepancies", ""]
    for discrepancy in story.discrepancies:
        lines.append(f"- **{discrepancy.kind.replace('_', ' ')}**: {escape(discrepancy.explanation)}")
        for side in discrepancy.sides:
            before, span, after = context(articles.get(side.article_id), side.start, side.end, width=60)
            lines.append(
                f"  - {escape(outlet_of(articles, side.article_id))} ({side.start}–{side.end}): "
                f"{escape(before)}**{escape(span)}**{escape(after)}"
            )
        diff = discrepancy.diff or (d.marked() if (d := discrepancy_diff(discrepancy)) else None)
        if diff:
            lines.append(f"  - wording: {_marked(diff)}")
    lines.append("")
    return lines


def _quotes(story: Story, articles: Mapping[str, Article]) -> list[str]:
    if not story.quotes:
        return []
    pairs = quote_pairs(story)
    others = unpaired_quotes(story, pairs, articles)
    if not pairs and not others:
        return []
    lines = ["### Quotations", ""]
    for pair in pairs:
        left, right = outlet_of(articles, pair.left.article_id), outlet_of(articles, pair.right.article_id)
        verdict = pair.diff.verdict()
        if pair.diff.reworded:
            verdict += f": {_marked(pair.diff.parts())}"
        lines += [
            f"- **{escape(pair.speaker)}**, as quoted by {escape(left)} and {escape(right)}: {verdict}",
            f"  - {escape(left)}: “{escape(pair.left.text)}”",
            f"  - {escape(right)}: “{escape(pair.right.text)}”",
        ]
    for quote in others:
        speaker = escape(quote.speaker) if quote.speaker else "unnamed speaker"
        # Reported speech is the outlet's paraphrase: quotation marks would present it as the speaker's words.
        kind, opening, closing = ("", "“", "”") if quote.direct else (" (reported speech)", "‹", "›")
        outlet = escape(outlet_of(articles, quote.article_id))
        lines.append(f"- **{speaker}**{kind} in {outlet}: {opening}{escape(quote.text)}{closing}")
    lines.append("")
    return lines


def _sources(story: Story, articles: Mapping[str, Article]) -> list[str]:
    relied = sources_relied_on(story, articles)
    if not relied:
        return []
    lines = ["### Credited sources", ""]
    for source, outlets in relied:
        lines.append(f"- {escape(source)} — credited by {', '.join(escape(o) for o in outlets)}")
    lines.append("")
    return lines


def _timeline(story: Story, articles: Mapping[str, Article]) -> list[str]:
    points = timeline(story, articles)
    if not points:
        return []
    lines = ["### Publication", ""]
    for point in points:
        lines.append(
            f"- {clock(point.published)} — {escape(point.outlet)}"
            + (f": {escape(point.title)}" if point.title else "")
        )
    lines.append("")
    return lines


def _events(story: Story, articles: Mapping[str, Article]) -> list[str]:
    """The days the reports say things happened, each with the words that say so and where."""
    events = event_dates(story, articles)
    if not events:
        return []
    lines = ["### Events the reports mention", ""]
    for event in events:
        how = " (read against the publication date)" if event.resolved else ""
        lines.append(
            f"- {event.day.isoformat()}{how} — {escape(event.outlet)}: “{escape(event.before)}"
            f"**{escape(event.mention)}**{escape(event.after)}” \\[{escape(event.outlet)} {event.start}–{event.end}\\]"
        )
    lines.append("")
    return lines


@dataclass
class Pictures:
    """Where the pictures of a Markdown report go: SVG files in ``folder``, linked as ``link/NAME``. Markdown
    holds no drawing of its own, so the attribution graph and the timeline are files beside the report."""

    folder: Path
    link: str

    def add(self, name: str, svg: str | None, caption: str) -> list[str]:
        """Write one picture and return the lines that show it (none when there is nothing to draw)."""
        if not svg:
            return []
        path = self.folder / name
        # A command checks the folder before its work; what it cannot foresee (a full disk) is still one line.
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path.write_text(svg, encoding="utf-8")
        except OSError as err:
            raise OutputError(str(path), err.strerror or str(err)) from err
        # The caption also as text under the picture: a rendered page shows an image's alt text to no one.
        return [
            f"![{escape(caption)}]({url_quote(self.link)}/{url_quote(name)})",
            "",
            f"*{escape(caption)}.*",
            "",
        ]


def _pictures(
    story: Story, articles: Mapping[str, Article], index: int, pictures: Pictures | None
) -> list[str]:
    if pictures is None:
        return []
    from crosscheck.report import attribution_graph
    from crosscheck.report.html import graph_svg, timeline_svg

    graph = attribution_graph(story, articles)
    lines = pictures.add(
        f"story-{index}-sources.svg",
        graph_svg(graph, f"s{index}g") if graph.edges else None,
        "Who relied on whom: outlets, the sources they credit, the speakers they quote; a thicker arrow, more "
        "reliance",
    )
    lines += pictures.add(
        f"story-{index}-timeline.svg",
        timeline_svg(story, articles),
        "When each outlet published (top row), and the days the reports mention (bottom row)",
    )
    return (["### Pictures", "", *lines]) if lines else []


def render_story(
    story: Story, articles: Mapping[str, Article], index: int = 1, pictures: Pictures | None = None
) -> str:
    outlets = story_outlets(story, articles)
    lines = [
        f"## {escape(story.title)}",
        "",
        f"{counted(len(story.article_ids), 'article')} from {counted(len(outlets), 'outlet')}: "
        f"{', '.join(escape(o) for o in outlets)}.",
        "",
    ]
    lines += _brief(story, articles)
    lines += _coverage(story, articles)
    lines += _differences(story, articles)
    lines += _quotes(story, articles)
    lines += _sources(story, articles)
    lines += _timeline(story, articles)
    lines += _events(story, articles)
    lines += _pictures(story, articles, index, pictures)
    return "\n".join(lines)


def render_markdown(report: Report, pictures: Pictures | None = None) -> str:
    """The whole report as Markdown: one section per story; citations read ``outlet start–end``. With
    ``pictures``, each story's attribution graph and timeline are written there as SVG and linked."""
    articles = articles_by_id(report)
    outlets = {a.outlet for a in report.articles}
    parts = [
        "# crosscheck report",
        "",
        f"{counted(len(report.articles), 'article')} from {counted(len(outlets), 'outlet')}, "
        f"{counted(len(report.stories), 'story', 'stories')}. Citations give the outlet and the character "
        "range of the clean article text each sentence comes from.",
        "",
    ]
    for index, story in enumerate(report.stories, start=1):
        parts.append(render_story(story, articles, index, pictures))
    if report.duplicates:
        parts += ["## Copies", ""]
        for group in report.duplicates:
            copies = ", ".join(escape(outlet_of(articles, c)) for c in group.copies)
            parts.append(f"- {escape(outlet_of(articles, group.canonical))} copied by {copies}")
        parts.append("")
    if report.rejected:
        parts += ["## Inputs not read", ""]
        parts += [f"- {escape(r.path)}: {escape(r.error)}" for r in report.rejected]
        parts.append("")
    return "\n".join(parts).rstrip() + "\n"
