"""Full-text search over articles, claims and quotes: FTS5 on SQLite, a whole-word regular-expression fallback
elsewhere.

User queries are never passed to FTS5 as syntax: each word becomes a quoted term, so any text is a valid
query and every word must match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict
from sqlalchemy import (
    ColumnElement,
    SQLColumnExpression,
    and_,
    delete,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from crosscheck.model import Article, Story
from crosscheck.store.tables import ArticleRow, SearchEntryRow, StoryRow

SearchKind = Literal["article", "claim", "quote"]
# Words as FTS5's unicode61 tokenizer cuts them: "_" separates ("a_b" is "a" and "b"), so both backends agree.
TERM = re.compile(r"[^\W_]+", re.UNICODE)
# Snippet markers: control characters that clean article text never holds (``clean.plain`` removes them).
MARK_OPEN = "\x02"
MARK_CLOSE = "\x03"
SNIPPET_TOKENS = 24
# A query this long is a paste of an article, not a search; the rest is ignored.
MAX_TERMS = 32


class SearchHit(BaseModel):
    # The field notes below are the API's own documentation (OpenAPI descriptions).
    model_config = ConfigDict(use_attribute_docstrings=True)

    kind: SearchKind
    ref_id: str
    """The article id, the claim id, or ``ARTICLE:START-END`` for a quote (``ARTICLE:START`` in rows an earlier
    version indexed, until ``crosscheck rebuild``)."""
    article_id: str
    story_id: str | None
    title: str
    snippet: str
    """Matched words between ``\\x02`` and ``\\x03``, which article text never holds (cleaning removes control
    characters): the REST API passes them on as they are (JSON ``\\u0002``, ``\\u0003``), the web pages show
    them as ``<mark>`` and ``crosscheck search`` as ``[`` ``]``."""


def terms_of(query: str) -> list[str]:
    return TERM.findall(query)[:MAX_TERMS]


def _fts_query(terms: list[str]) -> str:
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


def _insert(session: Session, rows: list[dict[str, str | None]]) -> None:
    if not rows:
        return
    if session.get_bind().dialect.name == "sqlite":
        session.execute(
            text(
                "INSERT INTO search_index (kind, ref_id, article_id, story_id, title, body) "
                "VALUES (:kind, :ref_id, :article_id, :story_id, :title, :body)"
            ),
            rows,
        )
    else:
        session.execute(insert(SearchEntryRow), rows)


def index_article(session: Session, article: Article, story_id: str | None) -> None:
    title = " ".join(part for part in (article.title, article.outlet) if part)
    _insert(
        session,
        [
            {
                "kind": "article",
                "ref_id": article.id,
                "article_id": article.id,
                "story_id": story_id,
                "title": title,
                "body": article.text,
            }
        ],
    )


def move_articles(session: Session, article_ids: Iterable[str], story_id: str) -> None:
    ids = list(article_ids)
    if not ids:
        return
    if session.get_bind().dialect.name == "sqlite":
        for chunk_start in range(0, len(ids), 500):
            chunk = ids[chunk_start : chunk_start + 500]
            marks = ", ".join(f":a{i}" for i in range(len(chunk)))
            params: dict[str, str] = {f"a{i}": value for i, value in enumerate(chunk)}
            params["story"] = story_id
            session.execute(
                text(
                    "UPDATE search_index SET story_id = :story "
                    f"WHERE kind = 'article' AND article_id IN ({marks})"
                ),
                params,
            )
    else:
        session.execute(
            update(SearchEntryRow)
            .where(SearchEntryRow.kind == "article", SearchEntryRow.article_id.in_(ids))
            .values(story_id=story_id)
        )


def forget_article(session: Session, article_id: str) -> None:
    """Drop an article's own entry (a newer version of the report replaces it)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(
            text("DELETE FROM search_index WHERE kind = 'article' AND ref_id = :article"),
            {"article": article_id},
        )
    else:
        session.execute(
            delete(SearchEntryRow).where(
                SearchEntryRow.kind == "article", SearchEntryRow.ref_id == article_id
            )
        )


def forget_story(session: Session, story_id: str) -> None:
    """Drop a story's claim and quote entries (its articles' entries stay)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(
            text("DELETE FROM search_index WHERE story_id = :story AND kind IN ('claim', 'quote')"),
            {"story": story_id},
        )
    else:
        session.execute(
            delete(SearchEntryRow).where(
                SearchEntryRow.story_id == story_id, SearchEntryRow.kind.in_(("claim", "quote"))
            )
        )


def index_story(session: Session, story: Story) -> None:
    """Replace the story's claim and quote entries with those of its newest analysis."""
    forget_story(session, story.id)
    rows: list[dict[str, str | None]] = []
    for claim in story.claims:
        first = claim.support[0].article_id if claim.support else (story.article_ids or [""])[0]
        rows.append(
            {
                "kind": "claim",
                "ref_id": claim.id,
                "article_id": first,
                "story_id": story.id,
                # Matched on its own words only; a hit shows its story's title, looked up at search time.
                "title": "",
                "body": claim.text,
            }
        )
    for quote in story.quotes:
        rows.append(
            {
                "kind": "quote",
                # Its span, not its start alone: a quotation and a report of it may start at one offset.
                "ref_id": f"{quote.article_id}:{quote.start}-{quote.end}",
                "article_id": quote.article_id,
                "story_id": story.id,
                "title": quote.speaker or "",
                "body": quote.text,
            }
        )
    _insert(session, rows)


def clear_analyses(session: Session) -> None:
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("DELETE FROM search_index WHERE kind IN ('claim', 'quote')"))
        session.execute(text("UPDATE search_index SET story_id = NULL"))
    else:
        session.execute(delete(SearchEntryRow).where(SearchEntryRow.kind.in_(("claim", "quote"))))
        session.execute(update(SearchEntryRow).values(story_id=None))


def _like_snippet(body: str, terms: list[str]) -> str:
    # Centred on the first whole-word hit, the one the search matched ("in" inside "Madrid" is none).
    hits = (re.search(rf"(?i)(?<![^\W_]){re.escape(t)}(?![^\W_])", body) for t in terms)
    first = min((hit.start() for hit in hits if hit is not None), default=0)
    start = max(0, first - 80)
    window = body[start : start + 240]
    for term in terms:
        window = re.sub(
            rf"(?i)(?<![^\W_])({re.escape(term)})(?![^\W_])",
            lambda m: MARK_OPEN + m.group(1) + MARK_CLOSE,
            window,
        )
    return ("…" if start else "") + window + ("…" if start + 240 < len(body) else "")


def _shown_title(kind: str, indexed: str, story_title: str | None, article_title: str | None) -> str:
    """What a hit shows as its title: a claim its story's; an article its own headline, not the headline and
    outlet it is indexed under (so that a search for the outlet finds it)."""
    if kind == "claim":
        return story_title or ""
    if kind == "article":
        return article_title or indexed
    return indexed


def search(
    session: Session, query: str, *, limit: int = 20, offset: int = 0, kinds: Iterable[SearchKind] = ()
) -> tuple[list[SearchHit], int]:
    """Hits best first, and how many there are in all."""
    terms = terms_of(query)
    if not terms:
        return [], 0
    wanted = list(kinds)
    if session.get_bind().dialect.name == "sqlite":
        kind_filter = ""
        params: dict[str, object] = {"q": _fts_query(terms), "limit": limit, "offset": offset}
        if wanted:
            kind_filter = " AND kind IN (" + ", ".join(f":k{i}" for i in range(len(wanted))) + ")"
            params.update({f"k{i}": kind for i, kind in enumerate(wanted)})
        total = session.execute(
            text(f"SELECT count(*) FROM search_index WHERE search_index MATCH :q{kind_filter}"), params
        ).scalar_one()
        rows = session.execute(
            text(
                "SELECT kind, ref_id, article_id, story_id, "
                "CASE WHEN kind = 'claim' "
                "THEN COALESCE((SELECT title FROM stories WHERE stories.id = story_id), '') "
                "WHEN kind = 'article' "
                "THEN COALESCE((SELECT title FROM articles WHERE articles.id = article_id), title) ELSE title END, "
                f"snippet(search_index, 5, char(2), char(3), '…', {SNIPPET_TOKENS}) "
                f"FROM search_index WHERE search_index MATCH :q{kind_filter} "
                "ORDER BY rank LIMIT :limit OFFSET :offset"
            ),
            params,
        ).all()
        hits = [
            SearchHit(kind=r[0], ref_id=r[1], article_id=r[2], story_id=r[3], title=r[4], snippet=r[5])
            for r in rows
        ]
        return hits, int(total)
    table = SearchEntryRow

    def containing(column: SQLColumnExpression[str], term: str) -> ColumnElement[bool]:
        # A whole word, as FTS5 matches: LIKE '%in%' would find "in" inside every "Madrid". A term is letters
        # and digits only, so it needs no escaping in the pattern.
        return column.regexp_match(f"(^|[^[:alnum:]]){term}([^[:alnum:]]|$)", flags="i")

    condition = and_(*(or_(containing(table.body, t), containing(table.title, t)) for t in terms))
    if wanted:
        condition = and_(condition, table.kind.in_(wanted))
    total = session.execute(select(func.count()).select_from(table).where(condition)).scalar_one()
    entries = session.execute(
        select(table, StoryRow.title, ArticleRow.title)
        .outerjoin(StoryRow, StoryRow.id == table.story_id)
        .outerjoin(ArticleRow, ArticleRow.id == table.article_id)
        .where(condition)
        .order_by(table.rowid.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    hits = [
        SearchHit(
            kind=e.kind,  # type: ignore[arg-type]
            ref_id=e.ref_id,
            article_id=e.article_id,
            story_id=e.story_id,
            title=_shown_title(e.kind, e.title, story_title, article_title),
            snippet=_like_snippet(e.body, terms),
        )
        for e, story_title, article_title in entries
    ]
    return hits, int(total)
