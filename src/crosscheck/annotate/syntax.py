"""Reported content found by dependency parse: a learned cue word, the clause it governs, and its subject.

The regex cues of ``speech`` know a fixed list of reporting verbs and the positions around them. News attributes
far more than that ("called X a disgrace", "the criticism of X", "X was endorsed by Y"), and where a content
starts and ends follows the clause structure. This module parses the sentences a cheap prefilter flags and, for
every word of the learned cue lexicon (``cues.json``, learned from PolNeAR train by ``cue_lexicon``), follows the
dependency paths the training annotation took from that cue to its content and to its source. The content is
the subtree the path reaches, plus the cue's further dependents the training content took in more often than
not ("called X a disgrace": the object, then its predicate); a clause above the cue ("Y, X said", "according to
X, Y") loses the branch that holds the cue.

The parser is spaCy's, loaded by ``crosscheck.nlp.spacy_parser`` without NER, tagger or lemmatizer (the
dependency labels need neither; the lexicon maps surface forms to lemmas), once per process, and run on flagged
sentences only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

# Dependency labels under which a cue word is a noun ("the criticism of X", "in a statement").
NOMINAL_DEPS = frozenset(
    {"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "compound", "npadvmod", "oprd", "dative"}
)
# Words in these relations are grammar, not cues ("would", "that", "not").
NOT_CUE_DEPS = frozenset({"aux", "auxpass", "det", "mark", "punct", "cc", "neg", "case", "prt", "expl"})
# Where a source sits when the cue's learned paths find none: the noun a relative clause or participle
# hangs from ("officials who said", "a letter urging").
FALLBACK_SOURCE = (("^relcl", 0), ("^acl", 0), ("^xcomp nsubj", 0), ("^ccomp nsubj", 0))
# A cue annotated fewer times than this in train takes the extension learned over all cues.
MIN_EXTEND_CUES = 10
# The longest path (in arcs) from a cue to its content or source that is learned or followed.
MAX_PATH = 3


@dataclass(frozen=True)
class CueEntry:
    """One cue of the lexicon: how often train annotates it, how often it was right, and its learned paths."""

    key: str
    cues: int
    predicted: int
    correct: int
    content_paths: tuple[tuple[str, int], ...]
    source_paths: tuple[tuple[str, int], ...]
    # Further dependents of the cue the gold content takes in ("called X a disgrace": dobj, then oprd).
    extend: tuple[str, ...] = ()

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0


@dataclass(frozen=True)
class Lexicon:
    """Surface forms to lemmas, and the cue entries keyed by ``lemma/V`` or ``lemma/N``."""

    forms: dict[str, str]
    entries: dict[str, CueEntry]
    default_content: tuple[tuple[str, int], ...]
    default_source: tuple[tuple[str, int], ...]
    default_extend: tuple[str, ...] = ()

    def entry(self, token: Token) -> CueEntry | None:
        lemma = self.forms.get(token.lower_)
        if lemma is None:
            return None
        return self.entries.get(cue_key(lemma, token))


@dataclass(frozen=True)
class SyntaxRelation:
    """A cue's content (character ranges of the parsed text) and its source range, if any."""

    cue: tuple[int, int]
    cue_key: str
    content: tuple[tuple[int, int], ...]
    source: tuple[int, int] | None


def cue_key(lemma: str, token: Token) -> str:
    return f"{lemma}/{'N' if token.dep_ in NOMINAL_DEPS else 'V'}"


def parser() -> Language:
    """spaCy with the dependency parser only (``crosscheck.nlp.spacy_parser``), loaded once."""
    from crosscheck.nlp import spacy_parser

    return spacy_parser()


def parse(texts: Sequence[str]) -> list[Doc]:
    if not texts:
        return []
    return list(parser().pipe(texts, batch_size=64))


# ---- paths --------------------------------------------------------------------------------------------------


def path_between(start: Token, goal: Token) -> str | None:
    """The arcs from ``start`` to ``goal``: '^dep' up from a word to its head, 'dep' down to a child."""
    up = [start, *start.ancestors]
    up_ids = [t.i for t in up]
    down: list[Token] = []
    node = goal
    while node.i not in up_ids:
        down.append(node)
        if node.head.i == node.i:
            return None
        node = node.head
    steps = ["^" + t.dep_ for t in up[: up_ids.index(node.i)]]
    steps += [t.dep_ for t in reversed(down)]
    if not steps or len(steps) > MAX_PATH:
        return None
    return " ".join(steps)


def follow(start: Token, path: str) -> list[Token]:
    """Every word reached from ``start`` along ``path``, and the branch it leaves from when it goes up."""
    nodes = [start]
    for step in path.split():
        following: list[Token] = []
        for node in nodes:
            if step.startswith("^"):
                if node.dep_ == step[1:] and node.head.i != node.i:
                    following.append(node.head)
            else:
                following.extend(c for c in node.children if c.dep_ == step)
        nodes = following
        if not nodes:
            return []
    return nodes


def top_token(tokens: Iterable[Token]) -> Token | None:
    """The word of a span nearest the root (the span's head)."""
    chosen = list(tokens)
    if not chosen:
        return None
    ids = {t.i for t in chosen}
    heads = [t for t in chosen if t.head.i not in ids or t.head.i == t.i]
    return min(heads or chosen, key=lambda t: (len(list(t.ancestors)), t.i))


# ---- extraction ---------------------------------------------------------------------------------------------

TRIM = " \t\n,;:—–-"


def _ranges(doc: Doc, ids: set[int]) -> tuple[tuple[int, int], ...]:
    """Contiguous character ranges covering the words ``ids``, trimmed of edge punctuation."""
    ranges: list[tuple[int, int]] = []
    run: list[int] = []
    for i in sorted(ids):
        if run and i != run[-1] + 1:
            ranges.append(_span(doc, run[0], run[-1]))
            run = []
        run.append(i)
    if run:
        ranges.append(_span(doc, run[0], run[-1]))
    return tuple(r for r in ranges if r[1] > r[0])


def _span(doc: Doc, first: int, last: int) -> tuple[int, int]:
    text = doc.text
    start, end = doc[first].idx, doc[last].idx + len(doc[last])
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM + ".":
        end -= 1
    return start, end


def _content_ids(cue: Token, target: Token, path: str) -> set[int]:
    """The content words: ``target``'s subtree, without the branch the cue hangs from when the path goes up."""
    ids = {t.i for t in target.subtree}
    if cue.i in ids:
        # The content is a clause above the cue ("Y, X said"): the branch holding the cue is not content.
        branch = cue
        while branch.head.i != target.i and branch.head.i != branch.i:
            branch = branch.head
        ids -= {t.i for t in branch.subtree}
    ids.discard(cue.i)
    return ids


def _participle_aside(target: Token, path: str) -> bool:
    """A clause hanging from a noun is its content only as an infinitive ("a plan to cut taxes"), not as a
    participle describing it ("the plan, dubbed a reset").
    """
    return path.endswith("acl") and not any(c.dep_ == "aux" and c.lower_ == "to" for c in target.children)


def relations(doc: Doc, lexicon: Lexicon, min_precision: float) -> list[SyntaxRelation]:
    """The attribution relations of one parsed text, cue by cue."""
    found: list[SyntaxRelation] = []
    for token in doc:
        if token.dep_ in NOT_CUE_DEPS:
            continue
        entry = lexicon.entry(token)
        if entry is None or entry.precision < min_precision:
            continue
        content: set[int] = set()
        for path, _ in entry.content_paths or lexicon.default_content:
            targets = [t for t in follow(token, path) if not _participle_aside(t, path)]
            if targets:
                for target in targets:
                    content |= _content_ids(token, target, path)
                if not path.startswith("^"):
                    extend = entry.extend if entry.cues >= MIN_EXTEND_CUES else lexicon.default_extend
                    for child in token.children:
                        if child.dep_ in extend and child.i not in content:
                            content |= {t.i for t in child.subtree}
                break
        if not content:
            continue
        source: tuple[int, int] | None = None
        # The cue's own learned paths first, then those of all cues ("who said", "X, who argued ...").
        for path, _ in (*entry.source_paths, *lexicon.default_source, *FALLBACK_SOURCE):
            targets = [t for t in follow(token, path) if t.i not in content and t.i != token.i]
            words = {t.i for t in targets[0].subtree} - content - {token.i} if targets else set()
            ranges = _ranges(doc, words) if words else ()
            if ranges:
                # The stretch holding the source's head word ("officials" of "officials who said").
                at = targets[0].idx
                source = next((r for r in ranges if r[0] <= at < r[1]), ranges[0])
                break
        found.append(
            SyntaxRelation(
                cue=(token.idx, token.idx + len(token)),
                cue_key=entry.key,
                content=_ranges(doc, content),
                source=source,
            )
        )
    return found


# ---- the lexicon ----------------------------------------------------------------------------------------------


def lexicon_from_json(data: dict[str, Any]) -> Lexicon:
    entries = {
        key: CueEntry(
            key=key,
            cues=int(value["cues"]),
            predicted=int(value["predicted"]),
            correct=int(value["correct"]),
            content_paths=tuple((p, int(n)) for p, n in value["content"]),
            source_paths=tuple((p, int(n)) for p, n in value["source"]),
            extend=tuple(value.get("extend", ())),
        )
        for key, value in data["cues"].items()
    }
    return Lexicon(
        forms=dict(data["forms"]),
        entries=entries,
        default_content=tuple((p, int(n)) for p, n in data["default_content"]),
        default_source=tuple((p, int(n)) for p, n in data["default_source"]),
        default_extend=tuple(data.get("default_extend", ())),
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The cue lexicon shipped with the package (``cues.json``)."""
    text = resources.files("crosscheck.annotate").joinpath("cues.json").read_text(encoding="utf-8")
    return lexicon_from_json(json.loads(text))


WORD = re.compile(r"[A-Za-z][\w'’-]*")


@dataclass(frozen=True)
class SyntaxConfig:
    """Which learned cues the extractor trusts."""

    # A cue must have matched a gold content this often on train when run alone. Measured on PolNeAR dev added
    # to the regex annotators: 0.2 gives content F1 0.659, 0.3 gives 0.665, 0.4 gives 0.656 (precision rises,
    # recall falls faster).
    min_precision: float = 0.3


def flagged(sentence: str, lex: Lexicon, config: SyntaxConfig) -> bool:
    """A cheap test, before parsing: does the sentence hold a word of a trusted cue?"""
    for word in WORD.findall(sentence):
        lemma = lex.forms.get(word.lower())
        if lemma is None:
            continue
        for role in ("V", "N"):
            entry = lex.entries.get(f"{lemma}/{role}")
            if entry is not None and entry.precision >= config.min_precision:
                return True
    return False


def sentence_relations(
    sentences: Sequence[str], config: SyntaxConfig | None = None, skip: Collection[int] = ()
) -> list[list[SyntaxRelation]]:
    """The relations of each sentence (offsets relative to it); only flagged sentences not in ``skip`` are
    parsed."""
    config = config or SyntaxConfig()
    lex = lexicon()
    chosen = [i for i, s in enumerate(sentences) if i not in skip and flagged(s, lex, config)]
    found: list[list[SyntaxRelation]] = [[] for _ in sentences]
    for i, doc in zip(chosen, parse([sentences[i] for i in chosen]), strict=True):
        found[i] = relations(doc, lex, config.min_precision)
    return found
