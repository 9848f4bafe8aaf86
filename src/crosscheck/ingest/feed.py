"""RSS and Atom feeds: one document per item, from the linked article, with the feed's metadata as fallback.

Each item's link is fetched (through the same guarded fetcher as any URL) and extracted like a page; the
item's title, author and date fill in what the page lacks, and the feed's title names the outlet when the
page does not. When the link cannot be fetched, or fetching is off, the item's content or summary is used.
"""

from __future__ import annotations

import calendar
import html
import io
import re
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crosscheck.clean import terminal_line
from crosscheck.errors import InputError
from crosscheck.ingest import ReadOptions, register_reader
from crosscheck.model import Document, Provenance, Rejected
from crosscheck.settings import Settings


def _published(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        # Read past feedparser's mapping of a missing "updated_parsed" to "published_parsed", tried already
        # (and deprecated, with a warning on every item).
        value = dict.get(entry, key) if isinstance(entry, dict) else entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (OverflowError, ValueError, TypeError):
                continue
    return None


TAG = re.compile(r"<[^>]*>")
# The content types feedparser gives a text construct whose markup is HTML (Atom's type="html" and "xhtml").
MARKUP_TYPES = ("text/html", "application/xhtml+xml")


def _item_content(entry: Any, summary_too: bool = True) -> tuple[str, bool] | None:
    """The item's full content (content:encoded, Atom content), else, with ``summary_too``, its summary; and
    whether it is markup, which Atom's type="text" content is not: "x&lt;y" there means the text "x<y"."""
    contents = entry.get("content") or []
    for content in contents:
        value = content.get("value") if isinstance(content, dict) else None
        if value and value.strip():
            return str(value), _is_markup(content)
    summary = entry.get("summary") if summary_too else None
    if summary and str(summary).strip():
        return str(summary), _is_markup(entry.get("summary_detail"))
    return None


def _is_markup(detail: Any) -> bool:
    # feedparser types every text construct; HTML is the default where it cannot tell (RSS descriptions).
    kind = detail.get("type") if isinstance(detail, dict) else None
    return kind is None or kind in MARKUP_TYPES


def plain_text(value: Any, detail: Any) -> str | None:
    """A feed's text construct (a title) as one line of plain text: one typed as HTML loses its tags and its
    entities ("Q&amp;amp;A" in the feed is "Q&A"), which feedparser leaves in."""
    from crosscheck.ingest.html import text_characters

    if not value or not str(value).strip():
        return None
    text = str(value)
    if isinstance(detail, dict) and detail.get("type") in MARKUP_TYPES:
        import lxml.html  # type: ignore[import-untyped]

        try:
            text = lxml.html.fragment_fromstring(text_characters(text), create_parent="div").text_content()
        except Exception:  # lxml refuses some hostile fragments outright
            text = html.unescape(TAG.sub("", text))
    return " ".join(text.split()) or None


def _from_item_content(
    entry: Any, source: str, fallback: dict[str, Any], provenance: Provenance, summary_too: bool = True
) -> Document:
    from crosscheck.clean import plain, unwrap
    from crosscheck.ingest.html import NONCHARACTER, blocks_of, text_characters

    content = _item_content(entry, summary_too)
    if content is None:
        raise InputError(source, "feed item has no link to fetch and no content")
    text, markup = content
    if markup:
        import lxml.html

        try:
            tree = lxml.html.fragment_fromstring(text_characters(text), create_parent="div")
        except Exception as err:  # lxml refuses some hostile fragments outright
            raise InputError(
                source, f"feed item content is not readable HTML ({type(err).__name__})"
            ) from err
        lines = [block.text for block in blocks_of(tree)]
    else:
        lines = [" ".join(line.split()) for line in unwrap(NONCHARACTER.sub("", plain(text))).splitlines()]
        lines = [line for line in lines if line]
    if not lines:
        raise InputError(source, "feed item content is empty")
    return Document(
        text="\n".join(lines),
        path=source,
        outlet=fallback.get("outlet"),
        url=fallback.get("url"),
        title=fallback.get("title"),
        author=fallback.get("author"),
        published=fallback.get("published"),
        provenance=provenance,
    )


# What the XML parser (expat, through feedparser) says when a document ends before its root element closes.
CUT_OFF_SIGNS = ("no element found", "unclosed token")


class EmptyFeed(InputError):
    """A well-formed RSS/Atom feed that lists no items (just now): not a page, not a failure."""


def read_feed_bytes(
    data: bytes,
    source: str,
    settings: Settings,
    options: ReadOptions,
    skip: Callable[[str], bool] | None = None,
    max_items: int | None = None,
) -> Iterator[Document | Rejected]:
    """Every item of a feed, or its first ``max_items``; a broken feed with no readable item is one
    ``InputError``.

    ``skip`` passes over the items whose link it accepts, unread and uncounted: a watcher polling the same
    feed again fetches only the items it has not read yet. ``max_items`` bounds the pages a remote feed makes
    crosscheck fetch; the items left unread past it are said on stderr.
    """
    import feedparser  # type: ignore[import-untyped]

    # A file object, never a string: feedparser would fetch a string that looks like a URL by itself.
    parsed = feedparser.parse(io.BytesIO(data))
    entries = parsed.get("entries") or []
    if not entries and parsed.get("version") and not parsed.get("bozo"):
        raise EmptyFeed(source, "a feed with no items")
    if not entries:
        problem = parsed.get("bozo_exception")
        detail = f" ({str(problem).splitlines()[0][:160]})" if problem else ""
        raise InputError(source, f"not a readable RSS/Atom feed, or a feed with no items{detail}")
    feed_title = (
        plain_text(parsed.feed.get("title"), parsed.feed.get("title_detail")) if parsed.get("feed") else None
    )
    # A feed cut off in transfer or on disk still parses, loosely, up to the cut: its last item may have lost
    # its text, link or date mid-word. When the XML parser ran out of text inside the document, that item is
    # refused (a watcher reads it at the next poll) rather than stored cut short. Other flaws of a feed (an
    # undefined "&nbsp;", a trailing comment) end nothing early and cost no item.
    problem = str(parsed.get("bozo_exception") or "")
    cut_short = bool(parsed.get("bozo")) and any(sign in problem for sign in CUT_OFF_SIGNS)
    if max_items is not None and len(entries) > max_items:
        if options.notes:
            print(
                f"crosscheck: {terminal_line(source)}: read the first {max_items} of {len(entries)} items; "
                f"{len(entries) - max_items} left unread (at most {max_items} items of a feed URL are read)",
                file=sys.stderr,
                flush=True,
            )
        entries = entries[:max_items]
    for number, entry in enumerate(entries, start=1):
        link = entry.get("link")
        if skip is not None and isinstance(link, str) and skip(link):
            continue
        where = f"{source}#item{number}"
        if cut_short and number == len(entries):
            yield Rejected(path=where, error="the feed ends inside this item (cut off); not read")
            continue
        fallback = {
            "title": plain_text(entry.get("title"), entry.get("title_detail")),
            "author": entry.get("author"),
            "published": _published(entry),
            "url": link,
            "outlet": feed_title,
        }
        provenance = Provenance(path=source, line=number, record=link)
        try:
            if (
                options.fetch_feed_items
                and isinstance(link, str)
                and link.startswith(("http://", "https://"))
            ):
                yield _fetch_item(link, where, settings, options, fallback, provenance, entry)
            else:
                yield _from_item_content(entry, where, fallback, provenance)
        except InputError as err:
            yield Rejected(path=err.path, error=err.problem)
        except Exception as err:  # one hostile item never ends the feed
            yield Rejected(path=where, error=f"unreadable item ({type(err).__name__})")


def _fetch_item(
    link: str,
    where: str,
    settings: Settings,
    options: ReadOptions,
    fallback: dict[str, Any],
    provenance: Provenance,
    entry: Any,
) -> Document:
    from crosscheck.ingest.html import page_document
    from crosscheck.ingest.url import fetch

    try:
        fetched = fetch(link, options, settings)
        document = page_document(
            fetched.body, where, url=fetched.url, provenance=provenance, fallback=fallback
        )
    except InputError as err:
        # The page is out of reach but the feed may carry the text: better the feed's copy than nothing.
        # When it carries none, the reason worth telling is why the page could not be read.
        try:
            return _from_item_content(entry, where, fallback, provenance, options.feed_summary_fallback)
        except InputError:
            raise InputError(where, f"{link}: {err.problem}") from err
    return document


@register_reader(".rss", ".atom", ".xml", ".rdf")
def read_feed(path: Path, settings: Settings, options: ReadOptions) -> Iterator[Document | Rejected]:
    from crosscheck.ingest.html import read_capped

    # A file is read whole: its items cost no fetch unless they link to pages, and none may go unread unsaid.
    yield from read_feed_bytes(read_capped(path, options.byte_cap(settings)), str(path), settings, options)
