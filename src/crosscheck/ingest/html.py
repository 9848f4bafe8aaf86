"""HTML pages: the article body of a ``.html``/``.htm`` page (optionally gzip-compressed) and its metadata.

trafilatura finds the main content; crosscheck then walks the blocks it kept and drops what news pages wrap
around the story (navigation cells of table layouts, link lists, time stamps of teaser boxes, photo credits),
recording each removal with its reason. Settings were chosen by measurement on the extraction benchmarks in
``../shared/eval/extraction`` (``crosscheck evaluate extraction``).
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import re
import warnings
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from crosscheck.clean import fold, front_page, plain, url_parts
from crosscheck.errors import InputError
from crosscheck.ingest import ReadOptions, register_reader
from crosscheck.model import Document, Provenance, Rejected, Removed, zoned_time
from crosscheck.settings import Settings


@dataclass(frozen=True)
class ExtractionConfig:
    """How the main text is found. Each default was chosen on ``crosscheck evaluate extraction``.

    include_comments off: comments are not the story (big9 F1 0.947 -> 0.951 for trafilatura alone).
    favor_precision off: with crosscheck's block filters below, the balanced mode scored big9 0.966 and
    trafilatura_eval 0.927, against 0.967 and 0.922 precision-first, so the balanced mode wins overall.
    """

    favor_precision: bool = False
    # trafilatura's fast mode skips its fallback extractors (readability, jusText) on every page.
    fast: bool = False
    # Otherwise the fallbacks run only where they are likely to change the result: trafilatura keeps their
    # text instead of its own mostly when its own is short, holds no paragraph, is mostly tables, or kept
    # page chrome (forms, navigation, figures). So a page is first read in fast mode, and read again with
    # the fallbacks only when that first reading is one of those. Measured with 1,000 characters: 4% of
    # big9's pages and 11% of trafilatura_eval's are read twice, catching 35 of the 59 pages where a
    # fallback's text was kept (10 of 11 on big9). It costs 12% less CPU a page than always running the
    # fallbacks, for F1 −0.0002 on big9 and −0.0014 on trafilatura_eval. None: always run them.
    second_reading_below_chars: int | None = 1000
    include_comments: bool = False
    include_tables: bool = True
    # A block whose characters are mostly link text is navigation or a teaser list (measured 0.5-0.7 flat).
    max_link_density: float = 0.6
    # Link-dense blocks longer than this are kept: a paragraph quoting a linked source is still reporting.
    link_block_max_words: int = 40
    # The tail rail is cut only after this many words of story, so that a marker at the top cuts nothing.
    tail_min_words_before: int = 60
    # A table cell this short and without a sentence ending is a layout cell (menu, section name). Measured:
    # 8 words cost trafilatura_eval recall (data tables' cells); 3 kept big9 within 0.0002 and te +0.002.
    table_cell_max_words: int = 3
    # Recovery when the first pass finds less than a story: try the recall-first pass.
    fallback_on_empty: bool = True
    min_story_words: int = 40


DEFAULT_EXTRACTION = ExtractionConfig()

# Embedded posts from social networks are quoted material shown by the page, not the outlet's text.
EMBEDS = [
    "//blockquote[contains(@class, 'twitter-tweet')]",
    "//blockquote[contains(@class, 'instagram-media')]",
    "//blockquote[contains(@class, 'tiktok-embed')]",
    "//blockquote[contains(@class, 'twitter-video')]",
]

# Time stamps of the page or of teaser boxes ("updated 3:49 PM EST, Fri January 4, 2013", "- posted Mar 15").
STAMP = re.compile(
    r"^[-–—•|\s]*(updated|posted|published|last updated|page last updated( at)?|first published|"
    r"modified)\b[^.!?]{0,80}\d[^.!?]{0,60}$",
    re.IGNORECASE,
)
WAYBACK_BANNER = re.compile(
    r"<!-- BEGIN WAYBACK TOOLBAR INSERT -->.*?<!-- END WAYBACK TOOLBAR INSERT -->", re.DOTALL
)
WAYBACK_BANNER_BYTES = re.compile(WAYBACK_BANNER.pattern.encode(), re.DOTALL)
# The archived page's own URL follows the capture time; archive.org often collapses its "//" to "/".
ARCHIVED_URL = re.compile(r"^https?://(?:web(?:-beta)?\.)?archive\.org/web/\d+[a-z_]*/(https?):/+(.*)$")
# End tags of the document. Ad snippets pasted whole into a page close it early; browsers ignore a premature
# end and keep reading, but libxml2 drops what follows (15 of big9's 360 pages hold one; on one of them the
# whole story came after it, and trafilatura found nothing).
DOCUMENT_END = re.compile(r"</\s*(?:body|html)\s*>", re.IGNORECASE)
DOCUMENT_END_BYTES = re.compile(DOCUMENT_END.pattern.encode(), re.IGNORECASE)
# A numeric character reference, decimal or hex, with or without its semicolon (browsers take both), to a
# character XML cannot hold: a C0 control but tab and line breaks, U+FFFE or U+FFFF. Spelt out rather than
# every reference matched and its value tested, which cost a tenth of a page's extraction time.
CHARACTER_REFERENCE = re.compile(
    r"&#(?:[xX]0*([0-8bBcCeEfF]|1[0-9a-fA-F]|[fF]{3}[eEfF])(?![0-9a-fA-F])"
    r"|0*([0-8]|1[124-9]|2[0-9]|3[01]|6553[45])(?![0-9]));?"
)
CHARACTER_REFERENCE_BYTES = re.compile(CHARACTER_REFERENCE.pattern.encode())
NONCHARACTER = re.compile("[\ufffe\uffff]")
# Headings that open the rail after a story: everything from one on is other stories, not this one.
TAIL_MARKER = re.compile(
    r"^(recommended( for you| stories| reading)?|related (stories|articles|coverage|content|links|news|topics)|"
    r"more (from|stories|news|top stories|coverage)\b.{0,40}|most (popular|read|viewed|emailed|e-mailed|shared)"
    r"\b.{0,40}|trending( now| stories)?|you (may|might) (also )?(like|be interested in)|also( read| see)?|"
    r"(from )?around the web|sponsored (stories|links|content)|latest (news|stories|headlines)|top stories|"
    r"what'?s hot|popular (now|stories)|in case you missed it|editors'? picks?|promoted stories|"
    r"more on this story|top stories now|"
    r"(national|world|sports|business|real estate|entertainment|local|top) headlines)[:.]?$",
    re.IGNORECASE,
)
ARCHIVED_FROM = re.compile(
    rb'id="wmtbURL" value="(https?://[^"]{1,2000})"|wbCurrentUrl\s*=\s*"(https?://[^"]{1,2000})"'
)
# Country-code domains whose second label is generic: bbc.co.uk, smh.com.au, asahi.co.jp.
SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "ne", "or", "go"})
# Photo credits: "Mandel Ngan / AFP/Getty Images", "Mel Melcon / Los Angeles Times", "(AP Photo/Evan Vucci)".
PHOTO_CREDIT = re.compile(
    r"^\(?((?i:ap photo)\b.*|.{0,60}\b(?i:getty images|afp|reuters|ap|epa|shutterstock|pa wire|pa media)\)?|"
    r"[A-Z][\w.'’-]+( [A-Z][\w.'’-]+){0,3} ?/ ?[A-Z][^.!?]{0,60})$"
)
# Section and tag labels: "From the section Technology", "Filed under: Politics", "Tags: election".
SECTION_LABEL = re.compile(
    r"^(from the section|filed under|posted in|categories|category|tags|topics)\b:?.{0,80}$", re.I
)
# Bylines above the story; the author is metadata, and a byline line is no statement of the story.
BYLINE = re.compile(r"^(?i:by|von|par|por|di)\s+[A-ZÀ-Ý][^.!?]{1,120}$")
CONTRIBUTORS = re.compile(
    r"^.{0,200}\b(contributed|contributing) (to )?(this|the) (report|story|article)\.?$|^additional reporting by .{0,200}$",
    re.IGNORECASE,
)
# Prompts to follow, tip off or write to the newsroom.
READER_PROMPT = re.compile(
    r"^(follow (@?\w+|[A-Z][\w.]+( [A-Z][\w.]+){0,3}) on (twitter|facebook|instagram|x|threads|bluesky)\b|"
    r"got a (news )?tip\??|have you been affected by|are you in the area\?|share your (story|experience|views)|"
    r"send (us )?your (pictures|photos|videos|stories)|email us at)",
    re.IGNORECASE,
)
# Teaser lists that carry their ages: "Mexico eases flu restrictions - 1 hr ago".
# The next teaser often follows without a space ("13 hrs agoGuardian Unlimited ..."), hence no closing \b.
AGES = re.compile(r"\b\d+\s*(mins?|minutes?|hrs?|hours?|days?)\s+ago(?-i:(?![a-z]))", re.IGNORECASE)
# Legal and service notices of the site: rights, reprint bans, terms, delayed market data.
LEGAL_NOTICE = re.compile(
    r"all rights reserved|may not be (re)?published,? broadcast|terms of (use|service).{0,40}privacy|"
    r"privacy (policy|statement).{0,40}terms of|"
    r"(quotes|market data|indexes|indices) (are )?delayed( at least)? \d+ minutes|market data provided by|"
    r"not responsible for the content of external|(may edit|selection of) your comments",
    re.IGNORECASE,
)
# Teasers of photo galleries: a one-line summary that ends in a link word ("... And we loved it. Photos").
GALLERY_TEASER = re.compile(
    r"[.!?][\"'”’)]?\s+(\w+\s+){0,2}(photos|video|gallery)(\s*\|\s*show photos)?$", re.IGNORECASE
)
DATE_WORDS = re.compile(
    r"\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|oct(ober)?|"
    r"nov(ember)?|dec(ember)?|(mon|tues?|wednes|thu(rs)?|fri|satur|sun)(day)?|wed|sat)\b\.?|"
    r"\b(am|pm|a\.m\.|p\.m\.|et|est|edt|gmt|bst|utc|pst|pdt|cet|cest|uk|at|on|last|updated|published|posted)\b|"
    r"\d+(st|nd|rd|th)?",
    re.IGNORECASE,
)
TERMINAL = re.compile(r"[.!?…:;][\"'”’)\]]*$")
WORD = re.compile(r"\w+", re.UNICODE)
INLINE_TAGS = frozenset(
    {
        "hi",
        "ref",
        "a",
        "span",
        "b",
        "i",
        "em",
        "strong",
        "u",
        "font",
        "small",
        "sup",
        "sub",
        "abbr",
        "time",
        "del",
        "s",
        "mark",
        "cite",
        "q",
        "code",
        "big",
        "tt",
        "label",
        "nobr",
        "ins",
        "dfn",
        "kbd",
        "var",
        "acronym",
    }
)
LINK_TAGS = frozenset({"ref", "a"})
BREAK_TAGS = frozenset({"lb", "br"})
TABLE_CELL_TAGS = frozenset({"cell", "td", "th"})
SKIP_TAGS = frozenset({"script", "style", "noscript", "graphic", "img", "iframe", "form", "button", "select"})


@dataclass
class Block:
    """One paragraph-like piece of the extracted body, with what is needed to judge it."""

    text: str
    link_chars: int
    in_table: bool

    @property
    def words(self) -> int:
        return len(WORD.findall(self.text))

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))


@dataclass
class Page:
    """What extraction found in one page: body lines in reading order, metadata, and what was dropped."""

    lines: list[str]
    removed: list[Removed] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    sitename: str | None = None
    hostname: str | None = None
    url: str | None = None
    description: str | None = None


def _space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def blocks_of(body: Any) -> list[Block]:
    """Flatten an extracted body (trafilatura XML or a fallback's HTML) into blocks in reading order."""
    blocks: list[Block] = []
    parts: list[str] = []
    link_chars = [0]

    def flush(in_table: bool) -> None:
        text = _space("".join(parts))
        if text:
            linked = min(link_chars[0], len(text))
            blocks.append(Block(text=text, link_chars=linked, in_table=in_table))
        parts.clear()
        link_chars[0] = 0

    def walk(element: Any, in_table: bool, in_link: bool) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in SKIP_TAGS or not tag:
            return
        inline = tag in INLINE_TAGS
        link = in_link or tag in LINK_TAGS
        table = in_table or tag in TABLE_CELL_TAGS or tag in {"table", "row", "tr"}
        if tag in BREAK_TAGS:
            flush(in_table)
            return
        if not inline:
            flush(in_table)
        if element.text:
            parts.append(element.text)
            if link:
                link_chars[0] += len(_space(element.text))
        for child in element:
            walk(child, table, link)
            if child.tail:
                parts.append(child.tail)
                if link:
                    link_chars[0] += len(_space(child.tail))
        if not inline:
            flush(table)

    walk(body, False, False)
    flush(False)
    return blocks


def _furniture_reason(block: Block, config: ExtractionConfig) -> str | None:
    words = block.words
    if words == 0:
        return "no words"
    if STAMP.match(block.text):
        return "time stamp"
    if not any(c.isalpha() for c in block.text):
        return "numbers only"
    if words <= 12 and not WORD.search(DATE_WORDS.sub(" ", block.text).replace("_", "")):
        return "date line"
    if words <= 16 and BYLINE.match(block.text):
        return "byline"
    if CONTRIBUTORS.match(block.text):
        return "contributor credit"
    if words <= 40 and READER_PROMPT.match(block.text):
        return "reader prompt"
    if words <= 80 and LEGAL_NOTICE.search(block.text):
        return "legal notice"
    if len(AGES.findall(block.text)) >= 2:
        return "teaser list"
    if words <= 40 and GALLERY_TEASER.search(block.text):
        return "gallery teaser"
    if words <= 10 and PHOTO_CREDIT.match(block.text) and not TERMINAL.search(block.text):
        return "photo credit"
    if words <= 14 and SECTION_LABEL.match(block.text):
        return "section label"
    if block.link_density > config.max_link_density and words <= config.link_block_max_words:
        return "link list"
    if block.in_table and words <= config.table_cell_max_words and not TERMINAL.search(block.text):
        return "layout table cell"
    return None


def select_lines(blocks: list[Block], config: ExtractionConfig) -> tuple[list[str], list[Removed]]:
    """Keep the blocks that read as the story; name the reason for each one dropped."""
    lines: list[str] = []
    removed: list[Removed] = []
    stamps = sum(1 for b in blocks if STAMP.match(b.text))
    after_stamp = False
    story_words = 0
    for position, block in enumerate(blocks):
        if story_words >= config.tail_min_words_before and TAIL_MARKER.match(block.text):
            removed.extend(
                Removed(text=b.text, reason="after end of article") for b in blocks[position:] if b.text
            )
            break
        reason = _furniture_reason(block, config)
        # Three or more stamps mark a teaser rail: the block under each stamp is another story's summary.
        if reason is None and after_stamp and stamps >= 3:
            reason = "teaser under a time stamp"
        after_stamp = reason == "time stamp"
        if reason is not None:
            if block.text:
                removed.append(Removed(text=block.text, reason=reason))
            continue
        lines.append(block.text)
        story_words += block.words
    return lines, removed


TITLE_SEPARATOR = re.compile(r"\s+[-|–—:·•»]+\s+|\s*::\s*|^([\w.]+\.(com|org|net|co\.uk)):\s*", re.IGNORECASE)


def _site_words(sitename: str | None, url: str | None) -> set[str]:
    words = {w.lower() for w in WORD.findall(sitename or "")}
    host = parts.hostname if (parts := url_parts(url)) else None
    if host:
        words |= {label for label in registered_domain(host).split(".")[:1]}
    return words - {"the", "news", "com"}


def _better_title(meta_title: str | None, page_title: str | None, lines: list[str]) -> str | None:
    """The meta tags' title, unless the ``<title>`` element names what the story is about and they do not:
    some sites put a section's name in every page's meta title ("Financial News - Business News") while the
    element says "AMD More Fleet-Footed Than Intel". Judged by the content words each shares with the
    story's opening: the meta title must share at most two, the element at least two more, and the element
    must not merely add to the meta title ("Smear tactics - Los Angeles Times" only names the site after it).
    On big9's 360 pages this renames 21: Forbes's and Ars Technica's section titles and two photo captions
    become the stories' headlines; one restaurant review becomes "New York Magazine Resaurant Review", and
    one "nukes" becomes "nuclear weapons"."""
    if not page_title or not meta_title or fold(meta_title) in fold(page_title):
        return meta_title or page_title
    opening = {w.lower() for line in lines[:8] for w in WORD.findall(line) if len(w) > 2}

    def shared(title: str) -> int:
        return len({w.lower() for w in WORD.findall(title) if len(w) > 2} & opening)

    # A meta title sharing three or more words with the story is about it: an editor's choice between two
    # headlines ("...axed from 'Real Housewives'" or "...axed even as she moves on") is left alone.
    unrelated = shared(meta_title) <= 2
    return page_title if unrelated and shared(page_title) >= shared(meta_title) + 2 else meta_title


def headline(title: str | None, lines: list[str], sitename: str | None, url: str | None) -> str | None:
    """The story's headline: the page title without the site's name, section or date around it, or the
    body's first line when that is the same headline as shown on the page (or the title is only a section)."""
    site = _site_words(sitename, url)
    best: str | None = None
    if title:
        segments = [
            _space(part)
            for part in TITLE_SEPARATOR.split(title)
            if part and not TITLE_SEPARATOR.fullmatch(part)
        ]
        kept = [
            seg
            for seg in segments
            if seg
            and WORD.search(seg)
            and not (site and {w.lower() for w in WORD.findall(seg)} & site and len(WORD.findall(seg)) <= 4)
            and WORD.search(DATE_WORDS.sub(" ", seg).replace("_", ""))
            and not re.fullmatch(r"[\w.-]+\.(com|org|net|co\.uk)", seg, re.IGNORECASE)
        ]
        best = max(kept, key=lambda seg: len(WORD.findall(seg)), default=None) or _space(title)
    first = lines[0] if lines else None
    if first and 2 <= len(WORD.findall(first)) <= 25 and not re.search(r"[.!:;,]$", first):
        first_words = {w.lower() for w in WORD.findall(first)}
        best_words = {w.lower() for w in WORD.findall(best or "")}
        overlap = len(first_words & best_words) / max(1, len(best_words))
        if best is None or overlap >= 0.6 or (len(best_words) <= 3 and not best_words & first_words):
            return first
    return best


def byline_author(removed: list[Removed]) -> str | None:
    """The name in a byline the block filters took out: "By Maria Lopez, Harbour Gazette" → "Maria Lopez"."""
    for item in removed:
        if item.reason == "byline":
            name = re.split(
                r",|\s+(?:and|und|et|y)\s+(?=[A-Z][a-z]+ (?:[A-Z]|$))|\s+[-|–—]\s+|\s{2,}",
                item.text,
                maxsplit=1,
            )[0]
            name = re.sub(r"^(?i:by|von|par|por|di)\s+", "", name).strip()
            if 1 <= len(name.split()) <= 5:
                return name
    return None


def _words(lines: list[str]) -> int:
    return sum(len(WORD.findall(line)) for line in lines)


# How a page writes the first of January, when it does: "January 1", "1 Jan", "2019-01-01", "01/01/2019".
NEW_YEARS_DAY = re.compile(
    r"\b(?:jan(?:uary|\.)?\s+0?1(?!\d)|0?1(?:st)?\s+jan(?:uary|\.)?\b|\d{4}[-/.]01[-/.]01\b|01[-/.]01[-/.]\d{4})",
    re.IGNORECASE,
)


def _only_a_year(date: str, tree: Any) -> bool:
    """Whether the text search's date is a year only: htmldate falls back on the footer's copyright year or a
    lone year and gives it as the first of January, which is not the day a story was published."""
    if not date.endswith("-01-01"):
        return False
    return NEW_YEARS_DAY.search(" ".join(tree.itertext())) is None


# An ISO time of day and zone after a day the date search found, as meta tags, <time> and JSON-LD write it.
TIME_OF_DAY = r"[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
# Where a page states its own publication time: the meta tags and <time> elements htmldate reads first, and the
# JSON-LD it reads after them.
TIME_SOURCES = ".//meta[@content]|.//time[@datetime]|.//script[@type='application/ld+json']"
# A stamp's name says it is the publication's ("article:published_time", "datePublished", "dc.date.created"),
# not the last modification's.
PUBLICATION_STAMP = re.compile(r"publish|creat|issued|release", re.IGNORECASE)


def _with_time_of_day(date: str, tree: Any) -> str:
    """The day htmldate found with the time and zone the page's markup gives for that day, when it does.

    htmldate returns a day only (its time format drops the zone), so every page read as published at midnight
    UTC and two reports of one morning fell in file-name order. A stamp named as the publication's is taken
    first, else the first stamp of that day (a modification on another day does not match).
    """
    stamp = re.compile(re.escape(date) + TIME_OF_DAY)
    named = re.compile(r'"date(?:Published|Created)"\s*:\s*"(' + stamp.pattern + ")")
    first: str | None = None
    for element in tree.xpath(TIME_SOURCES):
        if element.tag == "script":
            found = named.search(element.text or "")
            if found and _parse_date(found.group(1)) is not None:
                return found.group(1)
            continue
        match = stamp.search(element.get("content") or element.get("datetime") or "")
        if match is None or _parse_date(match.group()) is None:
            continue
        name = " ".join(element.get(key) or "" for key in ("property", "name", "itemprop", "class"))
        if PUBLICATION_STAMP.search(name):
            return match.group()
        first = first or match.group()
    return first or date


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return zoned_time(datetime.fromisoformat(value))
    except ValueError:
        return None


# What trafilatura's own reading may hold that makes it consult its fallback extractors (page chrome).
CHROME = (
    ".//aside|.//audio|.//button|.//fieldset|.//figure|.//footer|.//iframe|.//input|.//label|.//link|.//nav"
    "|.//noscript|.//object|.//option|.//select|.//source|.//svg|.//time"
)


def _fallbacks_may_change(result: Any, short_chars: int) -> bool:
    """Whether a fast-mode reading is one trafilatura's fallback extractors are likely to replace."""
    if result is None or result.body is None:
        return True
    body = result.body
    if len(result.text or "") < short_chars:
        return True
    if not body.xpath(".//p//text()") or len(body.findall(".//table")) > len(body.findall(".//p")):
        return True
    return bool(body.xpath(CHROME))


def _extract(tree: Any, config: ExtractionConfig, recall: bool) -> Any:
    """trafilatura's main-text pass on a parsed page (it works on its own copy of the tree): in fast mode
    first, then with its fallback extractors when they could change the reading."""
    short_chars = config.second_reading_below_chars
    if config.fast or short_chars is None:
        return _extract_once(tree, config, recall, fast=config.fast)
    first = _extract_once(tree, config, recall, fast=True)
    if not _fallbacks_may_change(first, short_chars):
        return first
    return _extract_once(tree, config, recall, fast=False)


def _extract_once(tree: Any, config: ExtractionConfig, recall: bool, fast: bool) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(
        tree,
        # No URL: trafilatura would resolve every link target against it, and only link text is used here.
        url=None,
        favor_precision=config.favor_precision and not recall,
        favor_recall=recall,
        fast=fast,
        include_comments=config.include_comments,
        include_tables=config.include_tables,
        include_links=True,
        with_metadata=False,
        prune_xpath=EMBEDS,
    )


@dataclass
class Metadata:
    title: str | None = None
    author: str | None = None
    url: str | None = None
    sitename: str | None = None
    date: str | None = None
    description: str | None = None
    page_title: str | None = None
    """The ``<title>`` element's own text, beside ``title`` (which meta tags give first)."""


# Languages the date search reads month and day names in. htmldate's own parser tries every one of
# dateparser's ~200 locales on each text date, which cost 13 ms a page on the big9 pages that need the text
# search (a fifth of them); these eleven found the same dates on all 75 of them in 7 ms.
DATE_LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "ru", "ar", "zh", "ja")


@functools.cache
def _news_date_parser() -> Any:
    """dateparser set up as htmldate sets it up, but reading only ``DATE_LANGUAGES``."""
    from dateparser import DateDataParser

    return DateDataParser(
        languages=list(DATE_LANGUAGES),
        settings={
            "NORMALIZE": True,
            "PARSERS": ["custom-formats", "absolute-time"],
            "PREFER_DATES_FROM": "past",
            "PREFER_LOCALE_DATE_ORDER": True,
            "RETURN_AS_TIMEZONE_AWARE": False,
            "STRICT_PARSING": True,
        },
    )


@functools.cache
def _date_search() -> Any:
    """htmldate's ``find_date``, its text search reading ``DATE_LANGUAGES`` only.

    htmldate (pinned) looks its parser up through ``htmldate.extractors.get_external_parser`` on each use, so
    replacing that one function is enough; ``tests/ingest`` checks the hook is still there.
    """
    import htmldate.extractors
    from htmldate import find_date

    htmldate.extractors.get_external_parser = _news_date_parser
    return find_date


def page_metadata(tree: Any, url: str | None) -> Metadata:
    """Title, author, URL, site name and original publication date of a parsed page.

    The same sources trafilatura reads (meta tags, JSON-LD, then the page's own markup, htmldate for the
    date), without the categories, tags and licence it also collects: those cost a tenth of the page's time.
    """
    from trafilatura import metadata as found

    find_date = _date_search()
    meta = found.examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None  # a single word in the author field is a site handle, not a byline
    # JSON-LD on the web is often broken; the markup still has what we need.
    with contextlib.suppress(Exception):
        meta = found.extract_meta_json(tree, meta)
    page_url = meta.url or found.extract_url(tree, url)
    try:
        # The original publication date, not the last update: the story's timeline needs the former.
        # The markup's own dates first; the slow search of the whole text only when they are missing.
        date = find_date(tree, url=page_url, original_date=True, extensive_search=False)
        if date is None:
            date = find_date(tree, url=page_url, original_date=True, extensive_search=True)
            if date is not None and _only_a_year(date, tree):
                date = None
        if date is not None:
            date = _with_time_of_day(date, tree)
    except Exception:
        date = None
    element = tree.find(".//title")
    page_title = _space(element.text_content()) if element is not None else None
    return Metadata(
        page_title=page_title or None,
        title=meta.title or found.extract_title(tree),
        # Searching the markup for an author costs a fifth of a page's time; the byline in the text is used
        # instead when the meta tags name nobody (see ``extract_page``).
        author=meta.author,
        url=page_url,
        sitename=(meta.sitename or found.extract_sitename(tree) or "").lstrip("@") or None,
        date=date,
        description=meta.description,
    )


def archived_from(html: bytes | str) -> str | None:
    """The original URL an archived copy names in its Wayback toolbar."""
    data = html.encode("utf-8", "replace") if isinstance(html, str) else html
    match = ARCHIVED_FROM.search(data[:400_000])
    if not match:
        return None
    return (match.group(1) or match.group(2)).decode("ascii", "replace").replace(":80/", "/", 1)


def strip_archive_banner(html: bytes | str) -> bytes | str:
    """Archived copies carry the Wayback Machine's toolbar, which extractors otherwise take for the story."""
    if isinstance(html, bytes):
        return WAYBACK_BANNER_BYTES.sub(b"", html) if b"WAYBACK TOOLBAR" in html else html
    return WAYBACK_BANNER.sub("", html) if "WAYBACK TOOLBAR" in html else html


def article_url(found: str | None, given: str | None, base: str | None = None) -> str | None:
    """The page's URL: the one its markup declares (canonical link, og:url, else <base>), unless that only
    names where the page sits and the caller knows the page's own URL. Archived copies set <base> to the site's
    front page or a section, so taking it would give every archived page of a section one URL, and one id.

    The declaration gives way when it is malformed, the page's <base> (``base``), the site's front page, or a section
    above the known URL (compared without scheme, "www." or letter case)."""
    found, given = original_url(found), original_url(given)
    if found is None or given is None:
        return found or given
    if (base is not None and original_url(base) == found) or url_parts(found) is None:
        return given
    above = front_page(found) or _address(given).startswith(_address(found).rstrip("/") + "/")
    return given if above else found


def _address(url: str) -> str:
    """A URL's host, path and query, for telling whether one page sits under another."""
    parts = url_parts(url)
    if parts is None:
        return url
    return (
        (parts.hostname or "").removeprefix("www.") + parts.path + (f"?{parts.query}" if parts.query else "")
    )


def original_url(url: str | None) -> str | None:
    """The page's own URL when it was read from a web archive's copy."""
    if url is None:
        return None
    match = ARCHIVED_URL.match(url)
    return f"{match.group(1)}://{match.group(2)}" if match else url


def drop_document_ends(html: bytes | str) -> bytes | str:
    """The page without its ``</body>``/``</html>`` end tags, so that the parser reads past a premature one
    as a browser does (the parser closes the document at the end of the input anyway)."""
    if isinstance(html, bytes):
        return DOCUMENT_END_BYTES.sub(b"", html)
    return DOCUMENT_END.sub("", html)


def _referenced_character(code: int) -> str:
    """What a reference to a character XML cannot hold stands for in article text. lxml keeps such a character
    in the tree, where trafilatura's XML pass then fails on the whole page ("no article text found"). The
    separating controls become a space, as ``clean.plain`` makes them; the others are no text."""
    return " " if code in (0xB, 0xC) or 0x1C <= code <= 0x1F else ""


def _reference_text(match: re.Match[str]) -> str:
    hex_digits, decimal = match.groups()
    return _referenced_character(int(hex_digits, 16) if hex_digits else int(decimal))


def _reference_bytes(match: re.Match[bytes]) -> bytes:
    hex_digits, decimal = match.groups()
    return _referenced_character(int(hex_digits, 16) if hex_digits else int(decimal)).encode()


def drop_control_references(html: bytes | str) -> bytes | str:
    """The page without references to characters no text holds (``&#8;``, ``&#27;``, ``&#xfffe;``)."""
    if isinstance(html, bytes):
        return CHARACTER_REFERENCE_BYTES.sub(_reference_bytes, html) if b"&#" in html else html
    return CHARACTER_REFERENCE.sub(_reference_text, html) if "&#" in html else html


def text_characters(html: str) -> str:
    """An HTML fragment without the characters no text holds, raw or referenced: lxml refuses a string with a
    raw control character outright, and keeps a referenced one for trafilatura to fail on."""
    return NONCHARACTER.sub("", plain(CHARACTER_REFERENCE.sub(_reference_text, html)))


@functools.cache
def _element_classes_in_c() -> None:
    """Make the HTML parser trafilatura loads pages with choose element classes in C.

    lxml.html's own lookup calls a Python method for every element object made (1.4 million calls on the
    360 big9 pages, about 5% of extraction time) only to give form controls classes of their own, which
    nothing here uses. Checked: the same text from all 1,393 pages of both extraction benchmarks.
    """
    from lxml import etree  # type: ignore[import-untyped]
    from lxml import html as lxml_html
    from trafilatura.utils import HTML_PARSER

    HTML_PARSER.set_element_class_lookup(
        etree.ElementDefaultClassLookup(
            element=lxml_html.HtmlElement,
            comment=lxml_html.HtmlComment,
            pi=lxml_html.HtmlProcessingInstruction,
            entity=lxml_html.HtmlEntity,
        )
    )


def extract_page(html: bytes | str, url: str | None = None, config: ExtractionConfig | None = None) -> Page:
    """Main text and metadata of one page. Requires raw HTML; produces a ``Page`` (empty lines when none)."""
    config = config or DEFAULT_EXTRACTION
    if url is None and (b"wmtb" in html if isinstance(html, bytes) else "wmtb" in html):
        url = archived_from(html)
    html = strip_archive_banner(html)
    html = drop_control_references(drop_document_ends(html))
    from trafilatura.utils import load_html

    _element_classes_in_c()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tree = load_html(html)
        if tree is None:
            return Page(lines=[])
        result = _extract(tree, config, recall=False)
        if result is None or result.body is None:
            lines: list[str] = []
            removed: list[Removed] = []
        else:
            lines, removed = select_lines(blocks_of(result.body), config)
        if _words(lines) < config.min_story_words and config.fallback_on_empty:
            # Too little to be a story: the recall-first pass may find it.
            rescue = _extract(tree, config, recall=True)
            if rescue is not None and rescue.body is not None:
                rescued = select_lines(blocks_of(rescue.body), config)
                if _words(rescued[0]) > _words(lines):
                    lines, removed = rescued
        if not lines:
            return Page(lines=[])
        base = tree.find(".//head//base")
        # Last, because the date search may trim the tree it is given.
        meta = page_metadata(tree, url)
    page_url = article_url(meta.url, url, base.get("href") if base is not None else None)
    return Page(
        lines=lines,
        removed=removed,
        title=headline(_better_title(meta.title, meta.page_title, lines), lines, meta.sitename, page_url),
        author=_space(meta.author) if meta.author else byline_author(removed),
        published=_parse_date(meta.date),
        sitename=_space(meta.sitename) if meta.sitename else None,
        hostname=parts.hostname if (parts := url_parts(meta.url)) else None,
        url=page_url,
        description=meta.description,
    )


def read_capped(path: Path, limit: int) -> bytes:
    """The file's bytes, gunzipped when it is gzip, refusing more than ``limit`` bytes either way."""
    with path.open("rb") as handle:
        head = handle.read(2)
    if head != b"\x1f\x8b" and path.name.lower().endswith(".gz"):
        raise InputError(str(path), "named .gz but not gzip-compressed")
    if head != b"\x1f\x8b":
        size = path.stat().st_size
        if size > limit:
            raise InputError(str(path), f"file is {size} bytes, over the {limit}-byte limit")
        return path.read_bytes()
    try:
        with gzip.open(path, "rb") as stream:
            data = stream.read(limit + 1)
    except EOFError as err:
        raise InputError(str(path), "truncated gzip file") from err
    except (gzip.BadGzipFile, zlib.error) as err:
        raise InputError(str(path), f"corrupt gzip file ({err})") from err
    if len(data) > limit:
        raise InputError(str(path), f"decompresses to over {limit} bytes (a gzip bomb?); refused")
    return data


def registered_domain(host: str) -> str:
    """``www.bbc.co.uk`` → ``bbc.co.uk``, ``edition.cnn.com`` → ``cnn.com``: one name for all its hosts."""
    labels = host.lower().rstrip(".").split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def web_domain(url: str | None) -> str | None:
    """The registered domain of a URL's host ("bbc.co.uk"), or None for no URL or a bare IP address."""
    host = parts.hostname if (parts := url_parts(url)) else None
    if host and not host.replace(".", "").isdigit():
        return registered_domain(host)
    return None


def outlet_of(page: Page, url: str | None) -> str | None:
    """The outlet's web domain when the URL is known (stable across redesigns), else the site's short name."""
    domain = web_domain(url)
    if domain:
        return domain
    name = page.sitename
    # Some pages put a copyright line or a headline in the site-name field: those are not names.
    if (
        name
        and len(name.split()) <= 5
        and not re.search(r"©|\(c\)|copyright|rights reserved| - |\|", name, re.I)
    ):
        return name
    return page.hostname.removeprefix("www.") if page.hostname else None


def page_document(
    data: bytes | str,
    source: str,
    url: str | None = None,
    provenance: Provenance | None = None,
    fallback: dict[str, Any] | None = None,
    config: ExtractionConfig | None = None,
) -> Document:
    """A ``Document`` from raw HTML; ``fallback`` supplies metadata (a feed item's) the page lacks."""
    if not data or data.isspace():  # no strip(): it would copy the whole page to test it
        raise InputError(source, "empty page")
    page = extract_page(data, url=url, config=config)
    if not page.lines:
        raise InputError(source, "no article text found in the page")
    extra = fallback or {}
    the_url = url or page.url or extra.get("url")
    return Document(
        text="\n".join(page.lines),
        path=source,
        outlet=outlet_of(page, the_url) or extra.get("outlet"),
        url=the_url,
        title=page.title or extra.get("title"),
        author=page.author or extra.get("author"),
        published=page.published or extra.get("published"),
        provenance=provenance or Provenance(path=source),
        removed=page.removed,
    )


@register_reader(".html", ".htm", ".html.gz", ".htm.gz", ".xhtml", costly=True)
def read_html(path: Path, settings: Settings, options: ReadOptions) -> Iterator[Document | Rejected]:
    data = read_capped(path, options.max_bytes or settings.max_file_bytes)
    yield page_document(data, str(path))
