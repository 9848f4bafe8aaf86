"""The brief in the terminal: rich text, sections in reading order, citations as numbered sources."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.rule import Rule
from rich.text import Text

from crosscheck.model import Article, Report, Story
from crosscheck.report import SECTION_TITLES, counted

SECTION_STYLE = {
    "confirmed": "green",
    "relayed": "yellow",
    "single_source": "cyan",
    "disputed": "red",
    "differences": "red",
    "quotes": "magenta",
    "sources": "blue",
}


def _story_view(story: Story, articles: dict[str, Article], copy_of: dict[str, str]) -> RenderableType:
    numbers = {aid: n for n, aid in enumerate(story.article_ids, 1)}
    # The headline opens the panel rather than titling its border, where a long one would be cut off.
    parts: list[RenderableType] = [Text(story.title, style="bold")]

    def listed(article_id: str) -> str:
        # A copy is cited where its outlet printed a claim, but never as a source of its own: said here, so
        # that "[2][3]" is read as one report printed twice.
        original = numbers.get(copy_of.get(article_id, ""))
        copied = f" (copy of [{original}])" if original else ""
        return f"[{numbers[article_id]}] {escape(articles[article_id].outlet)}{copied}"

    outlets = ", ".join(listed(a) for a in story.article_ids)
    parts.append(Text.from_markup(f"[dim]{counted(len(story.article_ids), 'article')}: {outlets}[/dim]"))
    by_section: dict[str, list[Text]] = defaultdict(list)
    for sentence in story.brief:
        cites = sorted({numbers.get(c.article_id, 0) for c in sentence.citations})
        line = Text("• ")
        line.append(sentence.text)
        line.append(" " + "".join(f"[{n}]" for n in cites), style="dim")
        by_section[sentence.section].append(line)
    for section, title in SECTION_TITLES.items():
        lines = by_section.get(section, [])
        if section == "differences" and story.discrepancies:
            lines = []
            for d in story.discrepancies:
                cites = sorted({numbers.get(s.article_id, 0) for s in d.sides})
                line = Text(f"• [{d.kind}] ", style="bold red")
                line.append(d.explanation)
                line.append(" " + "".join(f"[{n}]" for n in cites), style="dim")
                lines.append(line)
                if d.diff:
                    lines.append(Text("    " + d.diff, style="italic"))
        if not lines:
            continue
        parts.append(Text(""))
        parts.append(Text(title, style=f"bold {SECTION_STYLE[section]}"))
        parts.extend(lines)
    return Panel(Group(*parts), expand=True)


def render_text(report: Report, console: Console) -> None:
    articles = {a.id: a for a in report.articles}
    copy_of = {copy: group.canonical for group in report.duplicates for copy in group.copies}
    stories = sorted(report.stories, key=lambda s: -len(s.article_ids))
    for number, story in enumerate(stories, 1):
        if number > 1:
            console.print(Rule(style="dim"))
        console.print(_story_view(story, articles, copy_of))
    if report.duplicates:
        copies = sum(len(g.copies) for g in report.duplicates)
        console.print(
            Text(
                f"{counted(copies, 'syndicated or duplicate copy', 'syndicated or duplicate copies')}: each "
                "speaks with its original's sources and is never counted as an independent one.",
                style="dim",
            )
        )
