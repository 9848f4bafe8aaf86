"""The pages in headless Chromium (Debian's, driven by Playwright): hostile text stays text, citations
highlight their spans."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.web.server import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE = (
    "Officials confirmed the evacuation of the harbour district on Tuesday. "
    "<script>window.__pwned = 'script';</script> "
    '<img src="x" onerror="window.__pwned = \'onerror\'"> '
    "Residents were told to leave before the storm surge.\n\n"
    "Harbour officials said the <b>surge</b> could reach two metres, "
    "<svg onload=\"window.__pwned = 'svg'\"></svg> according to Coastguard."
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        pytest.skip("Debian's chromium is not installed (scripts/setup-test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    # Any alert/confirm would mean injected script ran.
    opened.on("dialog", lambda dialog: errors.append(f"dialog: {dialog.message}"))
    opened.errors = errors
    yield opened
    context.close()


def test_hostile_article_text_shows_as_text_and_never_runs(live: LiveServer, page: Any) -> None:
    posted = httpx.post(
        f"{live.base_url}/api/ingest",
        json={
            "text": HOSTILE,
            "outlet": "<script>alert('outlet')</script>",
            "title": "<img src=x onerror=alert(1)>",
        },
    )
    assert posted.status_code == 200, posted.text
    article_id = posted.json()["added"][0]
    story_id = posted.json()["stories"][0]

    for path in (f"/articles/{article_id}", f"/stories/{story_id}", "/search?q=evacuation+harbour", "/"):
        page.goto(f"{live.base_url}{path}")
        assert page.evaluate("window.__pwned === undefined"), path
        assert page.locator("script:not([src])").count() == 0, path
        assert page.locator("main img, main svg[onload]").count() == 0, path
    page.goto(f"{live.base_url}/articles/{article_id}")
    body = page.inner_text("main")
    assert "<script>window.__pwned = 'script';</script>" in body
    assert "onerror=\"window.__pwned = 'onerror'\"" in body
    assert "<img src=x onerror=alert(1)>" in page.inner_text("h1")
    page.goto(f"{live.base_url}/stories/{story_id}")
    assert "<script>window.__pwned" in page.inner_text("#articles")
    assert page.errors == []


def test_clicking_a_citation_highlights_its_span(live: LiveServer, page: Any, nato_story_id: str) -> None:
    story = httpx.get(f"{live.base_url}/api/stories/{nato_story_id}").json()
    texts = {a["id"]: a["text"] for a in story["articles"]}
    page.goto(f"{live.base_url}/stories/{nato_story_id}")
    assert page.locator(".seg.hl").count() == 0
    citation = page.locator("#brief a.cite").nth(1)
    index = int(citation.get_attribute("data-article"))
    start, end = int(citation.get_attribute("data-s")), int(citation.get_attribute("data-e"))
    citation.click()
    highlighted = page.locator(f"#article-{index} .seg.hl")
    assert highlighted.count() >= 1
    shown = "".join(highlighted.all_inner_texts())
    article_id = page.locator(f"#article-{index}").get_attribute("data-article-id")
    assert shown == texts[article_id][start:end]
    assert page.locator(".seg.hl").count() == highlighted.count()
    # Hovering another citation moves the highlight to its span.
    other = page.locator("#brief a.cite").nth(0)
    other.hover()
    other_index = other.get_attribute("data-article")
    assert page.locator(f"#article-{other_index} .seg.hl").count() >= 1
    assert page.errors == []


def test_story_page_sections_render(live: LiveServer, page: Any, nato_story_id: str) -> None:
    story = httpx.get(f"{live.base_url}/api/stories/{nato_story_id}").json()
    page.goto(f"{live.base_url}/stories/{nato_story_id}")
    for section in ("#brief", "#coverage", "#discrepancies", "#quotes", "#sources", "#timeline", "#articles"):
        assert page.locator(section).count() == 1
    outlets = page.locator("table.matrix th.outlet").all_inner_texts()
    assert outlets == sorted({a["outlet"] for a in story["articles"]}) and {"Guardian", "Telegraph"} <= set(
        outlets
    )
    assert page.locator("#discrepancies .diff del").inner_text() == "40,000"
    assert page.locator("#discrepancies .diff ins").inner_text() == "4,000"
    assert page.locator("#discrepancies blockquote.side").count() == 2
    assert "Jens Stoltenberg" in page.locator("#quotes h3").all_inner_texts()
    assert page.locator("#sources svg path[marker-end]").count() >= 2
    assert "Reuters" in page.locator("#sources svg").text_content()
    assert page.locator("#timeline svg circle.event").count() == sum(
        1 for a in story["articles"] if a["published"]
    )
    assert page.errors == []


def test_the_brief_is_grouped_under_the_reports_section_titles(
    live: LiveServer, page: Any, nato_story_id: str
) -> None:
    # A flat numbered list hid what is confirmed, what rests on one outlet and what differs.
    from crosscheck.report import SECTION_TITLES

    story = httpx.get(f"{live.base_url}/api/stories/{nato_story_id}").json()
    page.goto(f"{live.base_url}/stories/{nato_story_id}")
    expected = [SECTION_TITLES[s] for s in SECTION_TITLES if any(b["section"] == s for b in story["brief"])]
    assert page.locator("#brief h3.brief-section").all_text_contents() == expected
    for section in {b["section"] for b in story["brief"]}:
        assert page.locator(f"#brief ul.brief.section-{section} > li").count() == sum(
            1 for b in story["brief"] if b["section"] == section
        )
    # Statuses read as the reports word them, on one line.
    assert "one outlet only" in page.locator("table.matrix td.status").all_inner_texts()
    assert page.errors == []


def test_article_page_strikes_through_removed_furniture(live: LiveServer, page: Any) -> None:
    text = (
        "The council approved the new bridge over the river after a two-hour debate on Monday.\n"
        "Advertisement\n"
        "Construction is expected to begin in the spring and last eighteen months."
    )
    posted = httpx.post(f"{live.base_url}/api/ingest", json={"text": text, "outlet": "Gazette"}).json()
    page.goto(f"{live.base_url}/articles/{posted['added'][0]}")
    assert page.locator(".removed del").all_inner_texts() == ["Advertisement"]
    assert "Advertisement" not in page.inner_text(".body")
