"""Rules added from the per-outlet error buckets of big9: premature document ends, archived URLs, glued teaser
lists, gallery teasers, site notices; and the cross-fitting of learned furniture in the evaluation."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosscheck.evaluate.extraction import big9_by_outlet, fold_of_pages
from crosscheck.ingest.html import (
    Block,
    ExtractionConfig,
    drop_document_ends,
    extract_page,
    original_url,
    select_lines,
)
from tests.ingest.pages import STORY, news_page

STORY_BLOCK = (
    "The council voted to close the bridge after engineers found corrosion in three supports. " * 5
).strip()


def test_a_premature_document_end_does_not_hide_the_story() -> None:
    # An ad pasted whole into the page closes the document before the story; browsers read on, and so do we.
    ad = "<div><script>var ad = 1;</script><noscript><a href='/ad'>Ad</a></noscript></body>\n</html></div>"
    html = news_page().replace("<main>", ad + "<main>")
    page = extract_page(html.encode())
    assert STORY[1] in page.lines
    assert drop_document_ends(b"<p>a</p></BODY ></html>") == b"<p>a</p>"
    assert drop_document_ends("<p>a</p></body></html>") == "<p>a</p>"


def test_archived_url_with_a_collapsed_scheme_names_the_original() -> None:
    archived = "https://web-beta.archive.org/web/20051230052639/http:/arstechnica.com/news.ars/post/1.html"
    assert original_url(archived) == "http://arstechnica.com/news.ars/post/1.html"
    assert original_url("https://web.archive.org/web/2009id_/https://www.bbc.co.uk/news") == (
        "https://www.bbc.co.uk/news"
    )
    assert original_url("https://news.example/a") == "https://news.example/a"


def test_site_furniture_found_on_big9_is_dropped() -> None:
    blocks = [
        Block(STORY_BLOCK, 0, False),
        # Teasers glued together by the page: "... - 13 hrs agoGuardian Unlimited ...".
        Block(
            "MSNBC Apple shares down - 13 hrs agoGuardian Unlimited Apple setback - 19 hrs agoCNN", 0, False
        ),
        Block("The BBC is not responsible for the content of external internet sites", 0, False),
        Block("The BBC may edit your comments and not all emails will be published.", 0, False),
        Block(
            "A pop star once was defined by caricature that relied on costume. And we loved it. Photos",
            0,
            False,
        ),
        Block("U.S. indexes are delayed at least 15 minutes with the exception of S&P 500.", 0, False),
        Block("Market data provided by Reuters.", 0, False),
    ]
    lines, removed = select_lines(blocks, ExtractionConfig())
    assert lines == [STORY_BLOCK]
    assert [r.reason for r in removed] == [
        "teaser list",
        "legal notice",
        "legal notice",
        "gallery teaser",
        "legal notice",
        "legal notice",
    ]


def test_reporting_that_resembles_the_new_rules_is_kept() -> None:
    kept = [
        "Police said the suspect left the scene 20 minutes ago, according to witnesses.",
        "The museum showed the photos to reporters on Tuesday.",
        "The ministry is responsible for the content of the national curriculum.",
    ]
    lines, _ = select_lines(
        [Block(STORY_BLOCK, 0, False)] + [Block(k, 0, False) for k in kept], ExtractionConfig()
    )
    assert lines == [STORY_BLOCK, *kept]


def test_cross_fitting_deals_each_outlets_pages_over_the_folds() -> None:
    outlets = ["a", "a", "b", "a", "b", "a", None]
    keys = ["a4", "a1", "b2", "a3", "b1", "a2", "x"]
    fold = fold_of_pages(outlets, keys, 2)
    # Sorted by key within each outlet, then dealt round-robin: a1 a2 a3 a4 -> 0 1 0 1; b1 b2 -> 0 1.
    assert fold == [1, 0, 1, 0, 0, 1, 0]
    assert fold_of_pages(outlets, keys, 1) == [0] * 7


def test_per_outlet_scores_cover_every_system(tmp_path: Path) -> None:
    # A miniature big9: two snapshot folders, one outlet, gold text beside each page.
    for year, n in (("05", 1), ("09", 2)):
        html_dir, gold_dir = tmp_path / f"big5-{year}" / "html", tmp_path / f"big5-{year}" / "gold"
        html_dir.mkdir(parents=True)
        gold_dir.mkdir(parents=True)
        (html_dir / f"bridge ({n}).htm").write_text(news_page(), encoding="utf-8")
        (gold_dir / f"bridge ({n}).txt").write_text("\n".join(STORY), encoding="utf-8")
    rows = big9_by_outlet(tmp_path, workers=1)
    assert [(r.benchmark, r.pages) for r in rows] == [("big9 harbourgazette.example", 2)] * 3
    ours, furnished, plain = rows
    assert ours.system == "crosscheck" and plain.system == "trafilatura"
    assert "2-fold cross-fitted" in furnished.system
    assert ours.recall > 0.9 and ours.failures == 0


def test_a_page_is_read_again_with_the_fallbacks_only_when_they_may_change_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from crosscheck.ingest import html as page_reader

    readings: list[bool] = []
    read_once = page_reader._extract_once

    def counted(tree: object, config: ExtractionConfig, recall: bool, fast: bool) -> object:
        readings.append(fast)
        return read_once(tree, config, recall, fast)

    monkeypatch.setattr(page_reader, "_extract_once", counted)
    # A full story in paragraphs (over 1,000 characters): the fast reading stands.
    long_story = [*STORY, *(f"{paragraph} (Update {n}.)" for n, paragraph in enumerate(STORY))]
    extract_page(news_page(story=long_story))
    assert readings == [True]
    # A short one (a brief of two sentences in table cells): read again with the fallbacks.
    readings.clear()
    short = "<html><body><table><tr><td>Council closes bridge.</td><td>Engineers found rust.</td></tr>"
    extract_page(short + "</table></body></html>")
    assert readings[:2] == [True, False]
    # Always with the fallbacks when asked, in one reading.
    readings.clear()
    extract_page(news_page(), config=ExtractionConfig(second_reading_below_chars=None))
    assert readings == [False]
