"""The corpus-scale driver of clean → dedup → cluster, as plain stage functions shared by every executor.

``crosscheck cluster`` runs them in process (``cluster_documents``); ``crosscheck.scale.spark`` runs the very
same functions inside Spark partitions. Requires: ``Document``s or ``Rejected`` from the readers. Produces:
stories (id, title, article ids), duplicate groups and rejected inputs, with counts in = out + rejected.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from crosscheck.model import Article, Document, DuplicateGroup, Provenance, Rejected


@dataclass(frozen=True)
class StoryRecord:
    """One story as ``crosscheck cluster`` prints it."""

    id: str
    title: str
    article_ids: list[str]


@dataclass
class ClusterRun:
    """The whole result of clustering a corpus, and what was refused."""

    stories: list[StoryRecord] = field(default_factory=list)
    duplicates: list[DuplicateGroup] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    # What a reader recognises each article by in the text output (outlet and headline); not in the JSON.
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        out = sum(len(story.article_ids) for story in self.stories)
        return {"in": out + len(self.rejected), "out": out, "rejected": len(self.rejected)}

    def to_json(self) -> dict[str, Any]:
        return {
            "stories": [
                {"id": s.id, "title": s.title, "article_ids": list(s.article_ids)} for s in self.stories
            ],
            "duplicates": [{"canonical": g.canonical, "copies": list(g.copies)} for g in self.duplicates],
            "rejected": [{"path": r.path, "error": r.error} for r in self.rejected],
            "counts": self.counts,
        }


def place(provenance: Provenance) -> str | None:
    """Where a document sits in its input, as messages name it: a dump's row ("dump.jsonl:7"), a feed's item
    ("feed.xml#item3", as the feed reader names a rejected one), a web archive's record ("crawl.warc.gz record
    <urn:uuid:…>"), else the file."""
    if not provenance.path:
        return None
    if provenance.line is not None:
        mark = "#item" if provenance.record is not None else ":"
        return f"{provenance.path}{mark}{provenance.line}"
    if provenance.record is not None:
        return f"{provenance.path} record {provenance.record}"
    return provenance.path


def where(document: Document) -> str:
    """How to name a document in a message: its place in its input, else its URL, else its id."""
    return place(document.provenance) or document.path or document.url or document.id or "input"


def clean_document(document: Document, max_chars: int | None = None) -> Article | Rejected:
    """Clean one document, or say why it cannot be an article (no text left, over ``max_chars``, by default
    the ``max_article_chars`` setting)."""
    from crosscheck.clean import clean, oversized, refused_unclean

    # Refused before cleaning: a pathological document must not cost the run its memory.
    refusal = refused_unclean(document, max_chars)
    if refusal is not None:
        return Rejected(path=where(document), error=refusal)
    article = clean(document)
    if not article.text.strip():
        return Rejected(path=where(document), error="no article text (empty after removing page furniture)")
    too_long = oversized(article, max_chars)
    if too_long is not None:
        return Rejected(path=where(document), error=too_long)
    return article


def admit(
    items: Iterable[Document | Rejected], max_chars: int | None = None
) -> tuple[list[Article], list[Rejected]]:
    """Clean every document; reject unreadable ones, empty ones, oversized ones and repeated ids. A dump without
    ids keys its rows on outlet and text, so a row repeating another's text is the same article again (named as
    such), not a syndicated copy: copies come from other outlets."""
    from crosscheck.clean import id_basis

    articles: list[Article] = []
    rejected: list[Rejected] = []
    first_seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, Rejected):
            rejected.append(item)
            continue
        result = clean_document(item, max_chars)
        if isinstance(result, Rejected):
            rejected.append(result)
        elif result.id in first_seen:
            rejected.append(
                Rejected(
                    path=where(item),
                    error=f"duplicate article id {result.id!r} "
                    f"(first at {first_seen[result.id]}, with the same {id_basis(item)})",
                )
            )
        else:
            first_seen[result.id] = where(item)
            articles.append(result)
    return articles, rejected


def story_title(articles: Sequence[Article]) -> str:
    """The first titled article's title, else the opening words of the first article."""
    for article in articles:
        if article.title:
            return article.title
    words = articles[0].text.split()
    return " ".join(words[:12]) + (" …" if len(words) > 12 else "")


def story_records(articles: Sequence[Article], groups: Sequence[Sequence[str]]) -> list[StoryRecord]:
    """Stories named by the key of their first article, titled by their first titled article."""
    from crosscheck.cluster import story_key

    by_id = {article.id: article for article in articles}
    return [
        StoryRecord(id=story_key(ids[0]), title=story_title([by_id[i] for i in ids]), article_ids=list(ids))
        for ids in groups
    ]


def cluster_articles(articles: Sequence[Article]) -> tuple[list[StoryRecord], list[DuplicateGroup]]:
    """Duplicates, then stories (copies follow their canonical article), in process."""
    from crosscheck.cluster import cluster_with_copies
    from crosscheck.dedup import find_duplicates

    if not articles:
        return [], []
    duplicates = find_duplicates(articles)
    groups = cluster_with_copies(articles, duplicates)
    return story_records(articles, groups), duplicates


def cluster_documents(items: Iterable[Document | Rejected], max_chars: int | None = None) -> ClusterRun:
    """``crosscheck cluster`` in process: admit, dedup, cluster."""
    articles, rejected = admit(items, max_chars)
    stories, duplicates = cluster_articles(articles)
    labels = {a.id: f"{a.outlet}: {a.title or ' '.join(a.text.split()[:12])}" for a in articles}
    return ClusterRun(stories=stories, duplicates=duplicates, rejected=rejected, labels=labels)
