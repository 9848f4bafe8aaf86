"""Reported content found by dependency parse: a learned cue word, the clause it governs, and its subject.

The regex cues of ``speech`` know a fixed list of reporting verbs and the positions around them. News attributes
far more than that ("called X a disgrace", "the criticism of X", "X was endorsed by Y"), and where a content
starts and ends follows the clause structure. This module parses the sentences a cheap prefilter flags and, for
every word of the learned cue lexicon (``cues.json``, learned from PolNeAR train by ``cue_lexicon``), follows the
dependency paths the training annotation took from that cue to its content and to its source. Each path that
reaches something is one reading of the content: the subtree it reaches, with or without the cue's further
dependents the training content took in more often than not ("called X a disgrace": the object, then its
predicate), or everything after the cue; a clause above the cue ("Y, X said", "according to X, Y") loses the
branch that holds the cue. Each reading also comes without a trailing aside (", who ...", " — ...") when it has
one. The cue model (``cue_model.json``, fitted on PolNeAR train by ``cue_model``) scores every reading, and a cue
is reported in its best reading when that clears the model's threshold.

The parser is spaCy's, loaded by ``crosscheck.nlp.spacy_parser`` without NER, tagger or lemmatizer (the
dependency labels need neither; the lexicon maps surface forms to lemmas), once per process, and run on flagged
sentences only.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_left
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

    from crosscheck.model import EntityMention

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
# Relative pronouns of people, whose antecedent is the source they stand for. "which" and "that" are left out:
# as a source they credit a document or a plan ("the plan, which says …"), and on PolNeAR dev the findings
# they would add were right three times in ten.
RELATIVE_PRONOUNS = frozenset({"who", "whom"})
# Source phrases that are pronouns.
PRONOUN_SOURCES = frozenset({"he", "she", "they", "i", "we", "it", "you", "who", "which"})
# The longest path (in arcs) from a cue to its content or source that is learned or followed.
MAX_PATH = 3
# How far up from a cue its governing clause's subject is looked for when no learned path finds a source.
MAX_GOVERNOR_STEPS = 5


@dataclass(frozen=True)
class CueEntry:
    """One cue of the lexicon: how often train annotates it, how often it was right, and its learned paths."""

    key: str
    cues: int
    predicted: int
    correct: int
    content_paths: tuple[tuple[str, int], ...]
    source_paths: tuple[tuple[str, int], ...]
    # Further dependents of the cue the gold content takes in ("called X a disgrace": dobj, then oprd), by label.
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
    # Over all cues: labels, and prepositions by their word ("prep:as" of "criticized the law as a 'crazy
    # system'"), that the gold content takes in; and prepositions it leaves out ("prep:during" of "criticized
    # the law … during a campaign stop"), whatever a cue's own labels say.
    default_extend: tuple[str, ...] = ()
    default_withhold: tuple[str, ...] = ()

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
    # The model's probability that the content is right (1.0 from the lexicon alone).
    score: float = 1.0
    # When the source is a relative pronoun ("Trump, who had talked about …"), the noun phrase it stands for.
    antecedent: tuple[int, int] | None = None


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


# The keys under which a doc's text and its tokens are kept in its ``user_data``.
DOC_TEXT = "crosscheck.text"
DOC_TOKENS = "crosscheck.tokens"
DOC_WORDS = "crosscheck.words"


def doc_text(doc: Doc) -> str:
    """The parsed text, built once per doc: spaCy's ``Doc.text`` joins every token again at each call, which
    had cost more than the parse itself (4 s of 32 on 300 articles) when read per span and per feature."""
    text = doc.user_data.get(DOC_TEXT)
    if text is None:
        text = doc.user_data[DOC_TEXT] = doc.text
    return str(text)


def doc_tokens(doc: Doc) -> tuple[list[Token], list[int]]:
    """The doc's tokens and their character offsets, built once per doc: iterating a Doc makes a new Token
    object per word each time, and the readings' features walked the whole sentence per reading."""
    table: tuple[list[Token], list[int]] | None = doc.user_data.get(DOC_TOKENS)
    if table is None:
        tokens = list(doc)
        table = doc.user_data[DOC_TOKENS] = (tokens, [t.idx for t in tokens])
    return table


def doc_words(doc: Doc) -> list[Token]:
    """The doc's tokens that are neither punctuation nor space, found once per doc (every reading of every cue
    measures itself against them)."""
    words: list[Token] | None = doc.user_data.get(DOC_WORDS)
    if words is None:
        words = doc.user_data[DOC_WORDS] = [
            t for t in doc_tokens(doc)[0] if not t.is_punct and not t.is_space
        ]
    return words


def tokens_between(doc: Doc, start: int, end: int) -> list[Token]:
    """The tokens starting at a character offset in [start, end)."""
    tokens, offsets = doc_tokens(doc)
    return tokens[bisect_left(offsets, start) : bisect_left(offsets, end)]


def _span(doc: Doc, first: int, last: int) -> tuple[int, int]:
    text = doc_text(doc)
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


@dataclass(frozen=True)
class SpanOption:
    """One reading of where a cue's content lies: the words, how they were reached, and the longest stretch
    (what a quote reports, since a quote is one contiguous span)."""

    kind: str
    ids: frozenset[int]
    rank: int
    longest: tuple[int, int]
    default: bool = False


@dataclass(frozen=True)
class Candidate:
    """A word of the lexicon in a parsed sentence, its readings of the content, and the source found for it."""

    token: Token
    entry: CueEntry
    options: tuple[SpanOption, ...]
    source: tuple[int, int] | None
    source_via: str


def _option(doc: Doc, kind: str, ids: set[int], rank: int, default: bool = False) -> SpanOption | None:
    ranges = _ranges(doc, ids)
    if not ranges:
        return None
    longest = max(ranges, key=lambda r: r[1] - r[0])
    return SpanOption(kind, frozenset(ids), rank, longest, default)


def _path_options(token: Token, entry: CueEntry, lex: Lexicon) -> list[tuple[str, set[int], int]]:
    """Each learned path that reaches something, with its content words; a path going down also with the
    further dependents the training content takes in (the extension)."""
    found: list[tuple[str, set[int], int]] = []
    for rank, (path, _) in enumerate(entry.content_paths or lex.default_content):
        targets = [t for t in follow(token, path) if not _participle_aside(t, path)]
        if not targets:
            continue
        content: set[int] = set()
        for target in targets:
            content |= _content_ids(token, target, path)
        if not content:
            continue
        if path.startswith("^"):
            found.append((f"p:{path}", content, rank))
            continue
        extended = set(content)
        for child in token.children:
            if child.i not in extended and extends(child, entry, lex):
                extended |= {t.i for t in child.subtree}
        # The extended reading first: it is what the extractor took before there was a model.
        found.append((f"p:{path}+x", extended, rank))
        if extended != content:
            found.append((f"p:{path}", content, rank))
    return found


# Dependents judged by their word as well as their label: a preposition's word tells an argument of the cue
# ("as a fraud", "about the debate") from when and where it was said ("during the debate", "on Friday").
WORD_KEYED_DEPS = frozenset({"prep"})


def dependent_key(child: Token) -> str:
    """The lexicon's key for a cue's dependent: its label, with its word for a preposition ("prep:during")."""
    return f"{child.dep_}:{child.lower_}" if child.dep_ in WORD_KEYED_DEPS else child.dep_


def extends(child: Token, entry: CueEntry, lex: Lexicon) -> bool:
    """Whether a dependent of the cue belongs to its content's extended reading: for a preposition, by what
    train says of its word after any cue; else by what it says of the label after this cue (after any cue for
    a cue annotated too rarely)."""
    word = dependent_key(child)
    if word in lex.default_withhold:
        return False
    if word != child.dep_ and word in lex.default_extend:
        return True
    return child.dep_ in (entry.extend if entry.cues >= MIN_EXTEND_CUES else lex.default_extend)


def _source(
    doc: Doc, token: Token, entry: CueEntry, lex: Lexicon, content: Collection[int]
) -> tuple[tuple[int, int] | None, str]:
    """The source range and how it was reached: the cue's own paths, those of all cues, the fallbacks, or the
    subject of the nearest clause above the cue."""
    tiers = (("cue", entry.source_paths), ("all", lex.default_source), ("fallback", FALLBACK_SOURCE))
    for via, paths in tiers:
        for path, _ in paths:
            targets = [t for t in follow(token, path) if t.i not in content and t.i != token.i]
            words = {t.i for t in targets[0].subtree} - set(content) - {token.i} if targets else set()
            ranges = _ranges(doc, words) if words else ()
            if ranges:
                # The stretch holding the source's head word ("officials" of "officials who said").
                at = targets[0].idx
                return next((r for r in ranges if r[0] <= at < r[1]), ranges[0]), via
    # Last, the subject of the nearest clause above the cue ("In addition to stating X, Clinton has vowed ..."):
    # who does what a clause says is most often its subject.
    for ancestor in list(token.ancestors)[:MAX_GOVERNOR_STEPS]:
        for child in ancestor.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.i not in content and child.i != token.i:
                if token.i in {t.i for t in child.subtree}:
                    continue
                words = {t.i for t in child.subtree} - set(content)
                ranges = _ranges(doc, words) if words else ()
                if ranges:
                    at = child.idx
                    return next((r for r in ranges if r[0] <= at < r[1]), ranges[0]), "governor"
    return None, "none"


def candidates(doc: Doc, lex: Lexicon, keys: Collection[str] | None = None) -> list[Candidate]:
    """Every word of the lexicon (of ``keys`` when given) in ``doc`` with its content readings and source."""
    found: list[Candidate] = []
    for token in doc_tokens(doc)[0]:
        if token.dep_ in NOT_CUE_DEPS or not token.is_alpha:
            continue
        entry = lex.entry(token)
        if entry is None or (keys is not None and entry.key not in keys):
            continue
        readings = _path_options(token, entry, lex)
        options: list[SpanOption] = []
        seen: set[frozenset[int]] = set()
        for n, (kind, ids, rank) in enumerate(readings):
            option = _option(doc, kind, ids, rank, default=n == 0)
            if option is not None and option.ids not in seen:
                seen.add(option.ids)
                options.append(option)
        if not options:
            continue
        source, via = _source(doc, token, entry, lex, options[0].ids)
        # Everything after the cue in its clause, less the source: the reading of "X said on Monday that ...".
        right = {t.i for c in token.children if c.i > token.i and c.dep_ != "punct" for t in c.subtree}
        if source is not None:
            right -= {t.i for t in tokens_between(doc, source[0], source[1])}
        option = _option(doc, "right", right, len(readings)) if right else None
        if option is not None and option.ids not in seen:
            seen.add(option.ids)
            options.append(option)
        # Each reading also without a trailing aside of the writer's (", who ...", " — ..."), which annotators
        # leave out of the content.
        for option in list(options):
            cut = _without_aside(doc, option.ids)
            if cut and cut not in seen:
                shorter = _option(doc, f"{option.kind}-cut", set(cut), option.rank)
                if shorter is not None:
                    seen.add(cut)
                    options.append(shorter)
        found.append(Candidate(token, entry, tuple(options), source, via))
    return found


# Words that open a writer's aside after a comma: a relative clause on the last noun of the content.
ASIDE_OPENERS = frozenset({"which", "who", "whose", "where", "when", "whom"})
DASHES = frozenset({"—", "–", "--"})
# A reading keeps at least this many words before an aside is cut off.
MIN_BEFORE_ASIDE = 1


def _without_aside(doc: Doc, ids: frozenset[int]) -> frozenset[int] | None:
    """The reading's words up to a trailing aside (", which ...", " — ..."), or None when there is none."""
    ordered = sorted(ids)
    # Dashes pair up in order, each pair setting off an aside inside the content, which annotators keep; an odd
    # last dash opens the writer's own aside.
    dashes = [n for n, i in enumerate(ordered) if doc[i].text in DASHES]
    unpaired = dashes[-1] if len(dashes) % 2 else None
    for n, i in enumerate(ordered[MIN_BEFORE_ASIDE:-1], start=MIN_BEFORE_ASIDE):
        following = doc[i + 1] if i + 1 < len(doc) else None
        if n == unpaired or (
            doc[i].text == "," and following is not None and following.lower_ in ASIDE_OPENERS
        ):
            return frozenset(ordered[:n])
    return None


def _bucket(n: float, bounds: Sequence[float]) -> str:
    for bound in bounds:
        if n <= bound:
            return str(bound)
    return "more"


QUOTE_MARKS = frozenset('"“”')
# Dependents whose presence says most about a cue's use ("said that ...", "wants to ...", "was endorsed by").
TELLING_DEPS = frozenset(
    {
        "ccomp",
        "xcomp",
        "dobj",
        "prep",
        "nsubj",
        "nsubjpass",
        "agent",
        "advcl",
        "neg",
        "attr",
        "acomp",
        "dative",
    }
)


# A named entity of the article, by character range within the parsed sentence, and its spaCy label.
EntitySpan = tuple[int, int, str]


def sentence_entities(mentions: Iterable[EntityMention], start: int, end: int) -> list[EntitySpan]:
    """The entity mentions inside one sentence, with offsets relative to it."""
    return [(m.start - start, m.end - start, m.label) for m in mentions if start <= m.start and m.end <= end]


def cue_features(doc: Doc, candidate: Candidate, entities: Sequence[EntitySpan] = ()) -> dict[str, float]:
    """What the model knows of a cue, whatever reading of its content is taken."""
    token, entry = candidate.token, candidate.entry
    key = entry.key
    features: dict[str, float] = {
        f"key={key}": 1.0,
        f"form={token.lower_}": 1.0,
        "precision": _precision(entry),
        "log_cues": math.log1p(entry.cues) / 8,
        f"dep={token.dep_}": 1.0,
        f"head_dep={token.head.dep_ if token.head.i != token.i else 'ROOT'}": 1.0,
        f"key|dep={key}|{token.dep_}": 1.0,
        f"suffix={token.lower_[-2:]}": 1.0,
        f"source={candidate.source_via}": 1.0,
        f"position={_bucket(token.i / max(1, len(doc)), (0.1, 0.3, 0.6, 0.9))}": 1.0,
    }
    # In order: the model sums its weights in the features' order, and a set's order changes with the hash seed,
    # which moved scores in their last bit from one process to the next.
    deps = sorted({c.dep_ for c in token.children})
    for dep in deps:
        features[f"child={dep}"] = 1.0
        if dep in TELLING_DEPS:
            features[f"key|child={key}|{dep}"] = 1.0
    for child in token.children:
        if child.dep_ in ("aux", "auxpass"):
            features[f"aux={child.lower_}"] = 1.0
    if not QUOTE_MARKS.isdisjoint(doc_text(doc)):
        features["sentence_quoted"] = 1.0
        # A cue inside a quotation is the speaker's word, not the writer's report.
        before = doc_text(doc)[: token.idx]
        if before.count('"') % 2 or before.count("“") > before.count("”"):
            features["cue_quoted"] = 1.0
    if candidate.source is not None:
        phrase = doc_text(doc)[candidate.source[0] : candidate.source[1]]
        words = phrase.split()
        if phrase.lower() in PRONOUN_SOURCES:
            kind = "pronoun"
        elif any(w[:1].isupper() for w in words[1:]) or (
            words and words[0][:1].isupper() and candidate.source[0] > 0
        ):
            kind = "name"
        else:
            kind = "phrase"
        features[f"source_kind={kind}"] = 1.0
        features[f"key|source_kind={key}|{kind}"] = 1.0
        features[f"source_words={_bucket(len(words), (1, 2, 4, 8))}"] = 1.0
        features["source_after"] = float(candidate.source[0] > token.idx)
        # Who the source is, by the article's entities: people and organisations speak, dates and places less.
        start, end = candidate.source
        labels = sorted({label for s, e, label in entities if s < end and start < e})
        features[f"source_entity={'+'.join(labels) or 'none'}"] = 1.0
        features[f"key|source_entity={key}|{labels[0] if labels else 'none'}"] = 1.0
    return features


def sentence_features(found: Sequence[Candidate]) -> list[dict[str, float]]:
    """How each cue ranks among the cues of its sentence: the lexicon's most reliable cue is most often the one
    the sentence's attribution hangs from."""
    precisions = sorted({_precision(c.entry) for c in found}, reverse=True)
    ancestors_of = {c.token.i: {t.i for t in c.token.ancestors} for c in found}
    out = []
    for c in found:
        features = {
            f"precision_rank={min(precisions.index(_precision(c.entry)), 3)}": 1.0,
            f"cues_in_sentence={min(len(found), 6)}": 1.0,
            "precision_gap": precisions[0] - _precision(c.entry),
        }
        # A cue inside the clause of another ("said the plan would fail") is most often that cue's content, and a
        # cue governing another is most often the attribution; how reliable the other cue is says which.
        ancestors = ancestors_of[c.token.i]
        above = [_precision(o.entry) for o in found if o.token.i in ancestors]
        below = [_precision(o.entry) for o in found if c.token.i in ancestors_of[o.token.i]]
        if above:
            features[f"under_cue={_bucket(max(above), (0.1, 0.2, 0.35, 0.5))}"] = 1.0
        if below:
            features[f"over_cue={_bucket(max(below), (0.1, 0.2, 0.35, 0.5))}"] = 1.0
        out.append(features)
    return out


def _precision(entry: CueEntry) -> float:
    # The extractor's precision for this cue on train, smoothed towards a low prior for rare cues.
    return (entry.correct + 1) / (entry.predicted + 4)


# Dependency labels of a reading's first word that say what kind of stretch it opens.
OPENING_DEPS = frozenset({"prep", "mark", "advmod", "cc", "npadvmod", "aux", "advcl", "nsubj"})
# A quotation closing just before the cue and its source ("...," she said).
QUOTE_BEFORE_CUE = re.compile(r"[,?!]\s*[\"”]\s*(?:[\w.'’-]+\s+){0,6}$")


def option_features(doc: Doc, candidate: Candidate, option: SpanOption) -> dict[str, float]:
    """What the model knows of one reading of a cue's content."""
    token, key = candidate.token, candidate.entry.key
    start, end = option.longest
    inside = [t for t in tokens_between(doc, start, end) if not t.is_punct]
    words = doc_words(doc)
    features = {
        f"option={option.kind}": 1.0,
        f"key|option={key}|{option.kind}": 1.0,
        f"rank={min(option.rank, 4)}": 1.0,
        f"words={_bucket(len(inside), (1, 2, 3, 5, 8, 13, 21, 34))}": 1.0,
        f"key|words={key}|{_bucket(len(inside), (1, 2, 3, 5, 8, 13, 21, 34))}": 1.0,
        f"share={_bucket(len(inside) / max(1, len(words)), (0.2, 0.4, 0.6, 0.8, 0.95))}": 1.0,
    }
    if option.default:
        features["default"] = 1.0
    # How the reading opens: a preposition or subordinator ("said after Pagliano failed to show up", "said in
    # an interview") opens the writer's circumstance, not the reported material.
    if inside:
        opening = inside[0]
        features[f"first_dep={opening.dep_}"] = 1.0
        if opening.dep_ in OPENING_DEPS:
            features[f"first_word={opening.lower_}"] = 1.0
    if start > token.idx:
        gap = sum(1 for t in tokens_between(doc, token.idx + 1, start) if not t.is_punct)
        features[f"gap={_bucket(gap, (0, 1, 3))}"] = 1.0
        # "'...,' she said after ...": the quotation before the cue is what it reports.
        if QUOTE_BEFORE_CUE.search(doc_text(doc)[: token.idx]):
            features["after_quote"] = 1.0
    else:
        features["before_cue"] = 1.0
    if not QUOTE_MARKS.isdisjoint(doc_text(doc)[start:end]):
        features["option_quoted"] = 1.0
    if words and inside and inside[-1].i == words[-1].i:
        features["to_sentence_end"] = 1.0
    if words and inside and inside[0].i == words[0].i:
        features["from_sentence_start"] = 1.0
    return features


@dataclass(frozen=True)
class Forest:
    """Gradient-boosted trees over the cue and reading features, as flat node arrays (fitted by ``cue_model``).

    A leaf is its own left and right child, so every reading walks the same number of steps and all readings of
    a sentence go down all trees at once.
    """

    index: dict[str, int]
    feature: Any  # numpy arrays, one entry per node of every tree
    threshold: Any
    left: Any
    right: Any
    value: Any
    roots: Any
    depth: int
    baseline: float

    def raw(self, rows: Sequence[dict[str, float]]) -> Any:
        """The forest's log-odds for each feature dict."""
        import numpy as np

        x = np.zeros((len(rows), len(self.index) + 1), dtype=np.float64)
        for n, features in enumerate(rows):
            for name, value in features.items():
                column = self.index.get(name)
                if column is not None:
                    x[n, column] = value
        node = np.broadcast_to(self.roots, (len(rows), len(self.roots))).copy()
        at = np.arange(len(rows))[:, None]
        for _ in range(self.depth):
            goes_left = x[at, self.feature[node]] <= self.threshold[node]
            node = np.where(goes_left, self.left[node], self.right[node])
        return self.baseline + self.value[node].sum(axis=1)


def forest_from_json(data: dict[str, Any]) -> Forest:
    import numpy as np

    return Forest(
        index={name: n for n, name in enumerate(data["vocabulary"])},
        feature=np.array(data["feature"], dtype=np.int32),
        threshold=np.array(data["threshold"], dtype=np.float64),
        left=np.array(data["left"], dtype=np.int32),
        right=np.array(data["right"], dtype=np.int32),
        value=np.array(data["value"], dtype=np.float64),
        roots=np.array(data["roots"], dtype=np.int32),
        depth=int(data["depth"]),
        baseline=float(data["baseline"]),
    )


@dataclass(frozen=True)
class CueModel:
    """A logistic regression over cue and reading features (``cue_model.json``, fitted by ``cue_model``), or
    gradient-boosted trees over the same features when the file holds a forest."""

    weights: dict[str, float]
    intercept: float
    threshold: float
    keys: frozenset[str]
    forest: Forest | None = None

    def score(self, features: dict[str, float]) -> float:
        """The probability that a reading is a gold content (PolNeAR's, overlap at least half the union)."""
        return self.scores([features])[0]

    def scores(self, rows: Sequence[dict[str, float]]) -> list[float]:
        """``score`` of many readings at once (the forest walks them together)."""
        if not rows:
            return []
        if self.forest is not None:
            return [_sigmoid(float(z)) for z in self.forest.raw(rows)]
        return [
            _sigmoid(self.intercept + sum(self.weights.get(name, 0.0) * value for name, value in f.items()))
            for f in rows
        ]


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def readings_features(
    doc: Doc, found: Sequence[Candidate], entities: Sequence[EntitySpan] = ()
) -> list[list[dict[str, float]]]:
    """The model's features of every reading of every cue of one parsed sentence."""
    return [
        _cue_readings_features(doc, candidate, in_sentence, entities)
        for candidate, in_sentence in zip(found, sentence_features(found), strict=True)
    ]


def _cue_readings_features(
    doc: Doc, candidate: Candidate, in_sentence: dict[str, float], entities: Sequence[EntitySpan]
) -> list[dict[str, float]]:
    base = {**cue_features(doc, candidate, entities), **in_sentence}
    return [{**base, **option_features(doc, candidate, option)} for option in candidate.options]


def relations(
    doc: Doc,
    lex: Lexicon,
    model: CueModel,
    threshold: float | None = None,
    entities: Sequence[EntitySpan] = (),
) -> list[SyntaxRelation]:
    """The attribution relations of one parsed text, most probable first, each in the reading the model likes
    best; readings under the threshold are left out."""
    cut = model.threshold if threshold is None else threshold
    found: list[SyntaxRelation] = []
    found_here = candidates(doc, lex)
    # Every cue of the sentence ranks the others (``sentence_features``), but only the cues the model knows are
    # scored, so only theirs need the features of each reading (``readings_features`` gives them all).
    chosen = [
        (candidate, _cue_readings_features(doc, candidate, in_sentence, entities))
        for candidate, in_sentence in zip(found_here, sentence_features(found_here), strict=True)
        if candidate.entry.key in model.keys
    ]
    # All readings of the sentence scored at once: the forest walks them together.
    flat = model.scores([f for _, features in chosen for f in features])
    at = 0
    for candidate, features in chosen:
        scored = flat[at : at + len(features)]
        at += len(features)
        best = max(range(len(scored)), key=scored.__getitem__)
        option, probability = candidate.options[best], scored[best]
        if probability < cut:
            continue
        found.append(
            SyntaxRelation(
                cue=(candidate.token.idx, candidate.token.idx + len(candidate.token)),
                cue_key=candidate.entry.key,
                content=_ranges(doc, set(option.ids)),
                source=candidate.source,
                score=probability,
                antecedent=antecedent(doc, candidate.source),
            )
        )
    found.sort(key=lambda r: -r.score)
    return found


def default_relations(doc: Doc, lex: Lexicon) -> list[SyntaxRelation]:
    """Every cue of the lexicon in its first learned reading: the extractor as the lexicon judges it."""
    return [
        SyntaxRelation(
            cue=(c.token.idx, c.token.idx + len(c.token)),
            cue_key=c.entry.key,
            content=_ranges(doc, set(c.options[0].ids)),
            source=c.source,
            antecedent=antecedent(doc, c.source),
        )
        for c in candidates(doc, lex)
    ]


def antecedent(doc: Doc, source: tuple[int, int] | None) -> tuple[int, int] | None:
    """The noun phrase a relative-pronoun source stands for: "Donald Trump" of "Donald Trump, who had talked
    about …", without the relative clause. None when the source is not one relative pronoun opening a
    relative clause."""
    if source is None:
        return None
    words = tokens_between(doc, source[0], source[1])
    if len(words) != 1 or words[0].lower_ not in RELATIVE_PRONOUNS:
        return None
    clause = words[0].head
    if clause.dep_ != "relcl" or clause.head.i == clause.i:
        return None
    noun = clause.head
    ranges = _ranges(doc, {t.i for t in noun.subtree} - {t.i for t in clause.subtree})
    return next((r for r in ranges if r[0] <= noun.idx < r[1]), None)


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
        default_withhold=tuple(data.get("default_withhold", ())),
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The cue lexicon shipped with the package (``cues.json``)."""
    text = resources.files("crosscheck.annotate").joinpath("cues.json").read_text(encoding="utf-8")
    return lexicon_from_json(json.loads(text))


WORD = re.compile(r"[A-Za-z][\w'’-]*")


@dataclass(frozen=True)
class SyntaxConfig:
    """Whether the parse runs, and the probability a reading needs (None: the model's own threshold, chosen on
    train by cross-validation, see ``cue_model``)."""

    enabled: bool = True
    threshold: float | None = None
    # Only a sentence holding a model cue whose lexicon precision reaches this is parsed. Measured on PolNeAR dev:
    # parsing every sentence with any model cue (3,450 sentences) gives content F1 0.682 and relation F1 0.605;
    # this prefilter (2,600 sentences) gives the same figures for a quarter less parsing.
    flag_precision: float = 0.3
    # A longer "sentence" is a list, a table or text without punctuation, not reported speech; reading its
    # cues costs time quadratic in its length (a 19,000-character one took 44 s). News sentences run to a few
    # hundred characters.
    max_sentence_chars: int = 1500


# Replaced only by ``cue_model`` while it fits, to see what the regex annotators find alone.
CONFIG = SyntaxConfig()


def model_from_json(data: dict[str, Any]) -> CueModel:
    return CueModel(
        weights={str(k): float(v) for k, v in data.get("weights", {}).items()},
        intercept=float(data.get("intercept", 0.0)),
        threshold=float(data["threshold"]),
        keys=frozenset(data["keys"]),
        forest=forest_from_json(data["forest"]) if "forest" in data else None,
    )


@lru_cache(maxsize=1)
def cue_model() -> CueModel:
    """The cue model shipped with the package (``cue_model.json``)."""
    text = resources.files("crosscheck.annotate").joinpath("cue_model.json").read_text(encoding="utf-8")
    return model_from_json(json.loads(text))


def flagged(sentence: str, lex: Lexicon, keys: Collection[str], min_precision: float = 0.0) -> bool:
    """A cheap test, before parsing: does the sentence hold a word of a cue the model can trust (and whose
    lexicon precision reaches ``min_precision``)?"""
    for word in WORD.findall(sentence):
        lemma = lex.forms.get(word.lower())
        if lemma is None:
            continue
        for key in (f"{lemma}/V", f"{lemma}/N"):
            if key in keys and lex.entries[key].precision >= min_precision:
                return True
    return False


def sentence_relations(
    sentences: Sequence[str],
    config: SyntaxConfig | None = None,
    skip: Collection[int] = (),
    entities: Sequence[Sequence[EntitySpan]] | None = None,
) -> list[list[SyntaxRelation]]:
    """The relations of each sentence (offsets relative to it), most probable first; only flagged sentences not
    in ``skip`` are parsed. ``entities`` gives each sentence's named entities (offsets relative to it)."""
    config = config or CONFIG
    found: list[list[SyntaxRelation]] = [[] for _ in sentences]
    if not config.enabled:
        return found
    lex, model = lexicon(), cue_model()
    chosen = [
        i
        for i, s in enumerate(sentences)
        if i not in skip
        and len(s) <= config.max_sentence_chars
        and flagged(s, lex, model.keys, config.flag_precision)
    ]
    for i, doc in zip(chosen, parse([sentences[i] for i in chosen]), strict=True):
        found[i] = relations(doc, lex, model, config.threshold, entities[i] if entities else ())
        # The kept tokens point back at their doc: dropped here, the doc is freed at once, not by the collector.
        doc.user_data.pop(DOC_TOKENS, None)
        doc.user_data.pop(DOC_WORDS, None)
    return found
