"""The HTML report: self-contained, escaped, and with every part present when Chromium renders it."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from crosscheck.model import Report
from crosscheck.report.html import render_html
from tests.brief_fixtures import briefed, flood_story

CHROMIUM = Path("/usr/bin/chromium")


class _Tags(HTMLParser):
    """Every start tag with its attributes, to check what the page would load or run."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _render() -> tuple[Report, str]:
    report = briefed(flood_story()).report()
    return report, render_html(report)


def test_page_is_self_contained_and_needs_no_script() -> None:
    _, page = _render()
    parser = _Tags()
    parser.feed(page)
    names = [tag for tag, _ in parser.tags]
    assert "script" not in names
    for tag, attrs in parser.tags:
        for key in ("src", "href"):
            value = attrs.get(key) or ""
            assert not re.match(r"(?i)(https?:)?//", value), (tag, key, value)
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
    assert "<svg" in page and "@import" not in page and "url(http" not in page


def test_article_text_is_escaped_everywhere() -> None:
    report, page = _render()
    assert any("<script>" in s.text for s in report.stories[0].brief)
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page


def test_hostile_outlet_names_are_escaped_inside_the_pictures() -> None:
    flood = briefed(flood_story())
    hostile = flood.times.model_copy(update={"outlet": "<img src=x onerror=alert(1)>"})
    articles = [hostile if a.id == hostile.id else a for a in flood.articles.values()]
    page = render_html(Report(articles=articles, stories=[flood.story]))
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_hostile_text_beside_a_date_is_escaped_in_the_timeline() -> None:
    from datetime import UTC, datetime

    from crosscheck.model import Story
    from tests.helpers import article

    hostile = article(
        "The levee broke on Sunday <script>alert(1)</script> near the <b>harbour</b>.",
        "<img src=x onerror=alert(2)>",
        published=datetime(2026, 3, 2, 9, tzinfo=UTC),
    )
    story = Story(id="h", title="levee", article_ids=[hostile.id])
    page = render_html(Report(articles=[hostile], stories=[story]))
    timeline = page.split('id="story-1-timeline"', 1)[1].split("</section>", 1)[0]
    assert "2026-03-01" in timeline
    assert "<script>" not in page and "<b>harbour" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in timeline.split("</svg>", 1)[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in timeline.split("</svg>", 1)[1]


def test_rendering_is_deterministic() -> None:
    report, page = _render()
    assert render_html(report) == page


def test_parts_are_in_the_page() -> None:
    _, page = _render()
    for part in (
        "-brief",
        "-coverage",
        "-attribution",
        "-timeline",
        "-quotes",
        "-discrepancies",
        "-articles",
    ):
        assert f'id="story-1{part}"' in page
    assert 'class="w">before,</del>' in page and 'class="w">ever,</ins>' in page


def test_timeline_carries_the_event_days_as_a_second_series() -> None:
    from crosscheck.report.html import EVENT_SERIES

    _, page = _render()
    timeline = page.split('id="story-1-timeline"', 1)[1].split("</section>", 1)[0]
    svg = timeline.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert EVENT_SERIES in svg
    labels = re.findall(r'<desc class="label">([^<]*)</desc>', svg)
    # Three publication points, then one point per mentioned day: Sunday 1, Monday 2, Wednesday 4 March.
    events = [label for label in labels if "“" in label]
    assert len(events) == 3
    assert "Harbour Gazette: “Flood barriers failed in the port city of Elmsford on Sunday night" in events[0]
    assert (
        events[2]
        == "Valley Times: “Schools in the city will stay closed until Wednesday while the water recedes.”"
    )
    listed = re.findall(r'<time datetime="([0-9-]+)">', timeline)
    assert listed == ["2026-03-01"] * 3 + ["2026-03-02", "2026-03-04"]
    assert '<mark class="span">Wednesday</mark>' in timeline
    # The chart's style rules apply to the chart alone (an empty id made them rules of the whole page), and
    # the publication times say their zone.
    assert 'id=""' not in svg and "UTC)" in svg
    style = svg.split("<style", 1)[1].split("</style>", 1)[0]
    assert all(
        rule.strip().startswith("#timeline-") for rule in style.split(">", 1)[1].split("}") if rule.strip()
    )
    assert re.search(r"<li>2026-03-0\d \d\d:\d\d UTC — ", timeline)
    # The rows are named on the axis, not told apart by legend colour alone.
    assert re.search(r">Published</text>", svg) and re.search(r">Mentioned</text>", svg)


@pytest.mark.slow
def test_chromium_renders_every_part(tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's chromium (scripts/setup-test does)")
    from playwright.sync_api import sync_playwright

    report, page = _render()
    path = tmp_path / "report.html"
    path.write_text(page, encoding="utf-8")
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        try:
            tab = browser.new_page(viewport={"width": 1280, "height": 2000}, java_script_enabled=False)
            tab.on("request", lambda request: requests.append(request.url))
            tab.goto(path.as_uri())
            story = report.stories[0]
            assert tab.locator("#story-1-brief li").count() == len(story.brief)
            assert tab.locator("#story-1-brief h4").first.inner_text().lower() == (
                "confirmed by several independent sources"
            )
            coverage = tab.locator("#story-1-coverage table.coverage")
            assert coverage.locator("tbody tr").count() == len(story.claims)
            assert coverage.locator("th.outlet").count() == 3
            assert coverage.locator("td.yes.alone").count() == 2
            graph = tab.locator("#story-1-attribution svg").first
            assert graph.is_visible() and graph.bounding_box()["width"] > 400  # type: ignore[index]
            graph_text = graph.text_content() or ""
            assert "Reuters" in graph_text and "Anna Ruiz" in graph_text and "Valley Times" in graph_text
            timeline = tab.locator("#story-1-timeline svg").first
            assert timeline.is_visible()
            timeline_text = timeline.text_content() or ""
            assert "Coast Herald" in timeline_text and "Events the reports mention" in timeline_text
            # The event series is drawn: one dot per mentioned day, beside the three publication dots.
            assert timeline.locator(".series .dot").count() == 3 + 3
            events = tab.locator("#story-1-timeline ul.events li")
            assert events.count() == 5
            assert "until Wednesday" in events.last.inner_text()
            assert tab.locator("#story-1-quotes .side").count() == 2
            assert tab.locator("#story-1-quotes del.w").first.inner_text() == "before,"
            assert tab.locator("#story-1-discrepancies .side").count() == 4
            assert tab.locator("#story-1-discrepancies mark.span").first.inner_text() == "12 million euros"
            assert tab.locator("#story-1-articles details").count() == 3
            # Escaped text is shown to the reader as text.
            assert "<script>alert('x')</script>" in tab.locator("#story-1-brief").inner_text()
            shot = tab.screenshot(full_page=True)
            assert len(shot) > 10_000
        finally:
            browser.close()
    assert all(url.startswith("file://") for url in requests), requests


def test_element_ids_are_unique_when_several_stories_have_timelines() -> None:
    flood = briefed(flood_story())
    stories = [flood.story, flood.story.model_copy(update={"id": f"{flood.story.id}-again"})]
    page = render_html(Report(articles=list(flood.articles.values()), stories=stories))
    parser = _Tags()
    parser.feed(page)
    ids = [str(attrs["id"]) for _, attrs in parser.tags if attrs.get("id")]
    assert page.count("<svg") >= 4  # each story's attribution graph and timeline
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_syndicated_copies_are_listed_as_the_markdown_and_terminal_reports_list_them() -> None:
    from crosscheck.model import DuplicateGroup

    flood = briefed(flood_story())
    original, copy = list(flood.articles.values())[:2]
    hostile = copy.model_copy(update={"outlet": "<b>Wire</b> Copy"})
    articles = [hostile if a.id == copy.id else a for a in flood.articles.values()]
    duplicates = [DuplicateGroup(canonical=original.id, copies=[copy.id])]
    page = render_html(Report(articles=articles, stories=[flood.story], duplicates=duplicates))
    copies = page.split("<h3>Copies</h3>", 1)[1].split("</section>", 1)[0]
    assert original.outlet in copies and "&lt;b&gt;Wire&lt;/b&gt; Copy" in copies and "<b>Wire" not in page


def test_each_citation_leads_to_its_own_highlighted_span_in_an_open_article() -> None:
    # A chip linked to the top of a closed <details>: the reader landed on a one-line summary and had to hunt.
    report, page = _render()
    parser = _Tags()
    parser.feed(page)
    ids = {attrs["id"]: (tag, attrs) for tag, attrs in parser.tags if attrs.get("id")}
    chips = [attrs["href"] for tag, attrs in parser.tags if tag == "a" and attrs.get("class") == "cite"]
    brief = page.split('-brief"', 1)[1].split("</section>", 1)[0]
    brief_chips = re.findall(r'<a class="cite" href="#([^"]+)"', brief)
    assert brief_chips and all(href and href[1:] in ids for href in chips)
    texts = {a.id: a.text for a in report.articles}
    story = report.stories[0]
    for sentence, target in zip(
        (s for _, group in _sections(story) for s in group),
        _grouped(brief_chips, story),
        strict=True,
    ):
        for citation, anchor in zip(sentence.citations, target, strict=True):
            tag, _ = ids[anchor]
            assert tag == "mark" and anchor.endswith(f"-{citation.start}")
            shown = page.split(f'id="{anchor}">', 1)[1].split("</mark>", 1)[0]
            assert texts[citation.article_id][citation.start :].startswith(_unescape(shown))
    assert all("open" in attrs for tag, attrs in parser.tags if tag == "details")
    assert "mark.cited:target" in page


def _sections(story: Any) -> list[tuple[str, list[Any]]]:
    from crosscheck.report import sorted_sections

    return [(section, [story.brief[i] for i in indices]) for section, indices in sorted_sections(story)]


def _grouped(chips: list[str], story: Any) -> list[list[str]]:
    out, position = [], 0
    for _, group in _sections(story):
        for sentence in group:
            out.append(chips[position : position + len(sentence.citations)])
            position += len(sentence.citations)
    return out


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)
