"""Quotes and attributions scored on PolNeAR (../shared/eval/attribution/polnear): content and relation P/R/F1.

PolNeAR (Newell, Margolin & Ruths, LREC 2018) marks every attribution relation in political news as a source,
a cue and a content span, in brat standoff (``T`` lines for spans, possibly discontinuous ``a b;c d``; ``E``
lines tying ``Source``, ``Cue`` and ``Content`` to one ``Attribution``). Content is the whole reported
material, direct or indirect: the quotation, the clause of "X said that ...", the clause governed by
"according to X, ...".

crosscheck's predictions for an article are what its annotators report: every quote (direct or indirect, the
speaker as the source) and every attribution (the credited outlet or organisation as the source, the content
being the clause its credit governs). Two predictions whose contents are the same stretch (a source "told
Reuters that ...") count once. PolNeAR's content starts at the complementizer ("said [that the plan failed]")
where crosscheck shows the reader the clause alone, so a prediction right after "that" is scored from it.

Scores:

- **content**: a predicted content matches a gold content when their character overlap is at least half
  their union (contents as sets of character offsets, whitespace and quotation marks left out). Matching is
  one-to-one, best overlap first; P = matched / predicted, R = matched / gold.
- **relation**: the contents match and the predicted source shares a content word with the gold source. The
  predicted source's words are those of the resolved name and of the phrase the article used ("he", "the
  alliance's chief"), since PolNeAR marks the phrase. A gold relation with no source is matched only by a
  prediction with none.

Articles annotated by several annotators are scored against one annotation: the first annotator's file by
name, so that every article weighs the same.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from crosscheck.errors import InputError
from crosscheck.model import AnnotatedArticle, Article, Quote, TextRange

WORD = re.compile(r"[\w'’-]+")
# Words a source name shares without naming the same source.
SOURCE_STOPWORDS = frozenset("the a an of and for to in on at by with 's ’s mr mrs ms dr".split())
# Characters left out of content spans before overlap: annotators differ on whether they include them.
# The longest cue clause ('said Rep. X (D-N.C.), head of the caucus.') that can split one quotation in two. A
# speaker's description runs long ('said David Gorski, an associate professor of surgery at … and the editor
# of a prominent science and medical blog.'): 240 against 160 joined 16 more pairs on train, content F1 0.6905
# → 0.6908, dev 0.699 → 0.699 (three pairs, one fewer prediction each, as many matches).
MAX_CUE_BETWEEN = 240
NOT_CONTENT = frozenset(" \t\n\"“”'‘’,.;:—–-")


TEXT_BOUND = re.compile(r"^(?P<key>T\d+)\t(?P<label>[\w-]+) (?P<ranges>\d+ \d+(?:;\d+ \d+)*)\t")
EVENT = re.compile(r"^E\d+\t")


@dataclass(frozen=True)
class Relation:
    """One attribution: the content's character ranges, the source's words (may be empty), and the cue."""

    content: tuple[tuple[int, int], ...]
    source: str = ""
    cue: str = ""
    direct: bool | None = None

    def characters(self, text: str) -> frozenset[int]:
        return frozenset(
            i for start, end in self.content for i in range(start, end) if text[i] not in NOT_CONTENT
        )


@dataclass
class Counts:
    predicted: int = 0
    gold: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Counts) -> None:
        self.predicted += other.predicted
        self.gold += other.gold
        self.matched += other.matched


@dataclass
class AttributionScores:
    articles: int = 0
    content: Counts = field(default_factory=Counts)
    relation: Counts = field(default_factory=Counts)
    seconds: float = 0.0


# ---- gold ---------------------------------------------------------------------------------------------------


def _ranges(spec: str) -> tuple[tuple[int, int], ...]:
    pieces = []
    for part in spec.split(";"):
        start, end = part.split()
        pieces.append((int(start), int(end)))
    return tuple(pieces)


def gold_roles(ann: Path) -> list[dict[str, tuple[tuple[int, int], ...]]]:
    """Each relation of one brat ``.ann`` file that has a content: the character ranges of its ``Content``,
    ``Cue`` and ``Source`` (empty when the annotator marked none)."""
    spans: dict[str, tuple[tuple[int, int], ...]] = {}
    found: list[dict[str, tuple[tuple[int, int], ...]]] = []
    lines = ann.read_text(encoding="utf-8").splitlines()
    for line in lines:
        # A span's text may hold line breaks, so its continuation lines are no annotations of their own.
        match = TEXT_BOUND.match(line)
        if match:
            spans[match["key"]] = _ranges(match["ranges"])
    for line in lines:
        if not EVENT.match(line):
            continue
        roles: dict[str, str] = {}
        for arg in line.split("\t", 1)[1].split():
            role, _, target = arg.partition(":")
            roles[role.split("-")[0]] = target
        if roles.get("Content") in spans:
            found.append({role: spans.get(roles.get(role, ""), ()) for role in ("Content", "Cue", "Source")})
    return found


def read_gold(ann: Path, text: str) -> list[Relation]:
    """The attribution relations of one brat ``.ann`` file; relations with no content are left out."""
    return [
        Relation(
            content=roles["Content"],
            source=" ".join(text[s:e] for s, e in roles["Source"]),
            cue=" ".join(text[s:e] for s, e in roles["Cue"]),
        )
        for roles in gold_roles(ann)
    ]


def split_folder(data: Path, split: str) -> Path:
    """The folder of ``split`` in the PolNeAR folder ``data``, or ``data`` itself when it is one split's folder.
    A split ``data`` lacks is named with those it holds, rather than reported as ``data`` being no split."""
    if (data / split).is_dir() or (data / "text").is_dir():
        return data / split if (data / split).is_dir() else data
    held = sorted(p.name for p in data.iterdir() if (p / "text").is_dir()) if data.is_dir() else []
    if held:
        raise InputError(str(data / split), f"no such PolNeAR split; {data} holds {', '.join(held)}")
    return data  # not PolNeAR at all: corpus_files says what it lacks


def corpus_files(split_dir: Path) -> list[tuple[Path, Path]]:
    """(text, annotation) pairs of one split, one annotation per article (the first annotator's by name)."""
    texts = split_dir / "text"
    notes = split_dir / "attributions"
    if not texts.is_dir() or not notes.is_dir():
        raise InputError(str(split_dir), "not a PolNeAR split (expected text/ and attributions/ inside)")
    pairs = []
    for text in sorted(texts.glob("*.txt")):
        anns = sorted(notes.glob(f"{text.stem}_*.ann"))
        if anns:
            pairs.append((text, anns[0]))
    if not pairs:
        raise InputError(str(split_dir), "no annotated articles found")
    return pairs


# ---- predictions --------------------------------------------------------------------------------------------


def article_from_text(path: Path, text: str) -> Article:
    """An article over the raw text, so that offsets are the corpus's: one paragraph per non-blank line."""
    paragraphs = [
        TextRange(start=m.start(), end=m.start() + len(m.group(0).rstrip()))
        for m in re.finditer(r"[^\n]+", text)
        if m.group(0).strip()
    ]
    return Article(
        id=path.stem, path=str(path), outlet=path.stem.split("_")[0], text=text, paragraphs=paragraphs
    )


def predicted_relations(annotated: AnnotatedArticle) -> list[Relation]:
    """What crosscheck reports for one article as attribution relations (see the module docstring)."""
    from crosscheck.annotate.attributions import attribution_content
    from crosscheck.annotate.quotes import speaker_mentions

    text = annotated.article.text
    mentions = speaker_mentions(annotated)
    relations: list[Relation] = []
    for group in _quote_groups(annotated):
        first = group[0]
        words = " ".join(
            filter(None, [first.speaker or "", *(mentions.get((q.start, q.end), "") for q in group)])
        )
        relations.append(
            Relation(
                content=tuple((q.start, q.end) for q in group),
                source=words,
                cue=first.cue or "",
                direct=first.direct,
            )
        )
    # A partial quotation inside reported speech of the same speaker is part of that one relation.
    chars_of = [r.characters(text) for r in relations]
    relations = [
        r
        for i, r in enumerate(relations)
        if not (
            r.direct
            and any(
                j != i and other.direct is False and chars_of[i] < chars_of[j]
                for j, other in enumerate(relations)
            )
        )
    ]
    taken = [r.characters(text) for r in relations]
    for attribution in annotated.attributions:
        content = attribution_content(annotated, attribution)
        if content is None:
            continue
        relation = Relation(content=content, source=attribution.source, cue=attribution.text)
        chars = relation.characters(text)
        if not chars or any(_overlap(chars, other) >= 0.5 for other in taken):
            continue
        relations.append(relation)
        taken.append(chars)
    return [_with_complementizer(text, r) for r in relations]


# The complementizer right before a content ("said that the plan ...").
COMPLEMENTIZER = re.compile(r"\bthat\s+$", re.IGNORECASE)


def _with_complementizer(text: str, relation: Relation) -> Relation:
    """PolNeAR's content starts at "that" ("said [that the plan failed]"); crosscheck's quotes leave it out,
    since a reader is shown the clause. The content is scored from the complementizer, as the corpus marks it."""
    if not relation.content:
        return relation
    start, end = relation.content[0]
    match = COMPLEMENTIZER.search(text, max(0, start - 8), start)
    if match is None:
        return relation
    return replace(relation, content=((match.start(), end), *relation.content[1:]))


def _quote_groups(annotated: AnnotatedArticle) -> list[list[Quote]]:
    """Direct quotes joined into one relation when only their cue stands between them ('"A," she said. "B."')."""
    from crosscheck.annotate.speech import CUE

    groups: list[list[Quote]] = []
    for quote in sorted(annotated.quotes, key=lambda q: q.start):
        if groups:
            last = groups[-1][-1]
            between = annotated.article.text[last.end : quote.start]
            # A quotation that opens the next paragraph with no cue of its own goes on with the same speaker
            # ('"A," Collins told MSNBC.' then '"B."'): PolNeAR marks both as one content.
            cue_clause, _, opening = between.partition("\n")
            rest = annotated.article.text[quote.end :].partition("\n")[0]
            if (
                last.direct
                and quote.direct
                and last.speaker == quote.speaker
                and ("\n" not in between or not (opening.strip(" \n\"“'‘") or rest.strip(" .,!?\"”'’")))
                and len(between) <= MAX_CUE_BETWEEN
                and not any(mark in between.strip(' ,."“”\n') for mark in '"“”')
                and CUE.search(cue_clause)
            ):
                groups[-1].append(quote)
                continue
            if _split_by_cue(annotated.article.text, last, quote, between):
                groups[-1].append(quote)
                continue
        groups.append([quote])
    return groups


def _split_by_cue(text: str, last: Quote, quote: Quote, between: str) -> bool:
    """Reported speech split by its own cue ("The plan, he said, will fail"): the two stretches of one sentence
    on either side of the cue are one content."""
    return (
        last.direct is False
        and quote.direct is False
        and last.sentence == quote.sentence
        and last.speaker == quote.speaker
        and bool(last.cue)
        and last.cue == quote.cue
        and "\n" not in between
        and len(between) <= MAX_CUE_BETWEEN
        and str(last.cue) in between
    )


# ---- scoring ------------------------------------------------------------------------------------------------


def _overlap(a: frozenset[int], b: frozenset[int]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def source_words(source: str) -> set[str]:
    return {w.lower() for w in WORD.findall(source)} - SOURCE_STOPWORDS


def score_article(
    text: str, gold: Sequence[Relation], predicted: Sequence[Relation]
) -> tuple[Counts, Counts]:
    """Content and relation counts for one article, matching contents one-to-one, best overlap first."""
    gold_chars = [g.characters(text) for g in gold]
    pred_chars = [p.characters(text) for p in predicted]
    pairs = []
    for i, p in enumerate(pred_chars):
        for j, g in enumerate(gold_chars):
            if p & g:
                ratio = _overlap(p, g)
                if ratio >= 0.5:
                    pairs.append((ratio, i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    content = Counts(predicted=len(predicted), gold=len(gold))
    relation = Counts(predicted=len(predicted), gold=len(gold))
    for _, i, j in sorted(pairs, reverse=True):
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        content.matched += 1
        want, have = source_words(gold[j].source), source_words(predicted[i].source)
        if (want & have) if want else not have:
            relation.matched += 1
    return content, relation


def annotate_corpus(articles: Sequence[Article]) -> list[AnnotatedArticle]:
    from crosscheck.annotate import annotate_articles

    return annotate_articles(articles)


def evaluate(split_dir: Path, limit: int | None = None) -> AttributionScores:
    """Score crosscheck's quotes and attributions on one PolNeAR split."""
    started = time.perf_counter()
    pairs = corpus_files(split_dir)[:limit] if limit else corpus_files(split_dir)
    texts = [path.read_text(encoding="utf-8") for path, _ in pairs]
    articles = [article_from_text(path, text) for (path, _), text in zip(pairs, texts, strict=True)]
    scores = AttributionScores(articles=len(articles))
    for (_, ann), text, annotated in zip(pairs, texts, annotate_corpus(articles), strict=True):
        content, relation = score_article(text, read_gold(ann, text), predicted_relations(annotated))
        scores.content.add(content)
        scores.relation.add(relation)
    scores.seconds = time.perf_counter() - started
    return scores


def iter_errors(
    split_dir: Path, limit: int | None = None
) -> Iterable[tuple[str, str, list[Relation], list[Relation]]]:
    """(article name, text, gold, predicted) per article, for looking at what the annotators miss."""
    pairs = corpus_files(split_dir)[:limit] if limit else corpus_files(split_dir)
    texts = [path.read_text(encoding="utf-8") for path, _ in pairs]
    articles = [article_from_text(path, text) for (path, _), text in zip(pairs, texts, strict=True)]
    for (path, ann), text, annotated in zip(pairs, texts, annotate_corpus(articles), strict=True):
        yield path.stem, text, read_gold(ann, text), predicted_relations(annotated)
