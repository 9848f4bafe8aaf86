"""What every report format shows, computed once: section titles, the coverage matrix, the attribution graph,
quotation pairs with their word differences, and the publication timeline.

The renderers (``markdown``, ``html``, and the lead's ``text`` and ``json``) only lay these out.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from crosscheck.model import (
    Article,
    BriefSection,
    BriefSentence,
    Citation,
    Claim,
    Discrepancy,
    Quote,
    Report,
    Sentence,
    Story,
)
from crosscheck.wording import edited, quoted_stretch, spoken_hours

SECTION_TITLES: dict[BriefSection, str] = {
    "confirmed": "Confirmed by several independent sources",
    "relayed": "Relayed by several outlets from one source",
    "single_source": "Reported by one outlet only",
    "disputed": "Reported with differences (one outlet's wording shown)",
    "differences": "Where reports differ",
    "quotes": "Who said what",
    "sources": "Sources relied on",
}
STATUS_TITLES = {
    "corroborated": "corroborated",
    "single_source": "one outlet only",
    "disputed": "disputed",
}
WORDS = re.compile(r"\S+")
# Two quotations of one speaker are the same remark, worded differently, at this difflib word ratio;
# unrelated remarks by one speaker share function words only and stay well below it.
SAME_REMARK_RATIO = 0.5


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """The count with its noun in the right number: "1 article", "2 articles", "1 story", "3 stories"."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def shortened(text: str, limit: int) -> str:
    """At most ``limit`` characters on one line, cut at a word boundary with an ellipsis (a word cut in two,
    "the alliance's chie…", reads as a misspelling)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and text[limit - 1] != " ":
        # Back to the last word boundary, unless that loses over a third of the room ("A…" for a long word).
        boundary = cut.rsplit(" ", 1)[0]
        cut = boundary if len(boundary) >= (2 * limit) // 3 else cut
    return cut.rstrip(" ,;:") + "…"


def explanation_of(sentence: BriefSentence, story: Story) -> str | None:
    """What a "where reports differ" sentence of the brief shows differing: the explanation of the
    discrepancy whose every side lies in one of the sentence's citations. The sentence itself only sets the
    two outlets' words side by side."""
    if sentence.section != "differences":
        return None
    for discrepancy in story.discrepancies:
        if all(
            any(
                c.article_id == s.article_id and c.start < s.end and s.start < c.end
                for c in sentence.citations
            )
            for s in discrepancy.sides
        ):
            return discrepancy.explanation
    return None


def articles_by_id(report: Report) -> dict[str, Article]:
    return {article.id: article for article in report.articles}


def outlet_of(articles: Mapping[str, Article], article_id: str) -> str:
    article = articles.get(article_id)
    return article.outlet if article else article_id


def citation_label(articles: Mapping[str, Article], citation: Citation) -> str:
    return f"{outlet_of(articles, citation.article_id)} {citation.start}–{citation.end}"


def story_outlets(story: Story, articles: Mapping[str, Article]) -> list[str]:
    """The story's outlets, earliest publication first, each once."""
    ordered = sorted(
        (articles[a] for a in story.article_ids if a in articles),
        key=lambda a: (a.published is None, a.published or datetime.min, a.outlet),
    )
    seen: list[str] = []
    for article in ordered:
        if article.outlet not in seen:
            seen.append(article.outlet)
    return seen


@dataclass(frozen=True)
class CoverageRow:
    """One claim across the story's outlets: who reports it, and whether one outlet carries it alone."""

    claim: Claim
    reported_by: frozenset[str]
    alone: bool


def coverage_matrix(story: Story, articles: Mapping[str, Article]) -> tuple[list[str], list[CoverageRow]]:
    """Outlets (columns) × claims (rows), the most widely reported claims first."""
    outlets = story_outlets(story, articles)
    rows = []
    for claim in story.claims:
        reported = frozenset(outlet_of(articles, s.article_id) for s in claim.support) | frozenset(
            claim.outlets
        )
        rows.append(CoverageRow(claim=claim, reported_by=reported, alone=len(reported) == 1))
    rows.sort(key=lambda r: (-r.claim.independent_sources, -len(r.reported_by), r.claim.id))
    return outlets, rows


NodeKind = str  # "outlet", "source" (an outlet or agency credited) or "speaker" (a person quoted)
KIND_RANK: dict[NodeKind, int] = {"outlet": 0, "source": 1, "speaker": 2}


@dataclass
class AttributionGraph:
    """Who relied on whom: outlets → the sources they credit → the speakers whose words they carry."""

    nodes: dict[str, NodeKind] = field(default_factory=dict)
    edges: dict[tuple[str, str], int] = field(default_factory=dict)
    # One node per name however it is written ("The Indian navy", "the Indian Navy"): the first spelling seen.
    spelling: dict[str, str] = field(default_factory=dict)

    def add_edge(self, origin: str, origin_kind: NodeKind, target: str, target_kind: NodeKind) -> None:
        origin = self.spelling.setdefault(_name_key(origin), origin)
        target = self.spelling.setdefault(_name_key(target), target)
        if origin == target:
            return
        # A name seen in several roles is drawn once, in its most upstream role (speaker, then source).
        for name, kind in ((origin, origin_kind), (target, target_kind)):
            held = self.nodes.get(name)
            if held is None or KIND_RANK[kind] > KIND_RANK[held]:
                self.nodes[name] = kind
        self.edges[(origin, target)] = self.edges.get((origin, target), 0) + 1

    def of_kind(self, kind: NodeKind) -> list[str]:
        return sorted(name for name, k in self.nodes.items() if k == kind)


def _name_key(name: str) -> str:
    folded = " ".join(name.casefold().split())
    return folded[4:] if folded.startswith("the ") else folded


# Lowercase words inside a name: "Bank of England", "Ursula von der Leyen", "Bashar al-Assad".
NAME_PARTICLES = frozenset("of for and the de la le du des von van der den da di al el bin ibn".split())


def _named(speaker: str) -> bool:
    """A proper name, or a body named as one ("Robert Gates", "The Indian Navy", "Bank of England"): every
    word capitalised but a leading "the" and the particles names hold, six words at most."""
    words = speaker.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    capitals = [w for w in words if w.split("-")[0].lower() not in NAME_PARTICLES]
    return (
        0 < len(words) <= 6
        and bool(capitals)
        and all(w[:1].isupper() for w in capitals)
        and words[0][:1].isupper()
    )


def attribution_graph(story: Story, articles: Mapping[str, Article]) -> AttributionGraph:
    """Edges from attributions (outlet credits source), quotes (outlet or its credited source carries a
    speaker's words) and claim origins (a claim the outlet reports goes back to that origin)."""
    graph = AttributionGraph()
    for outlet in story_outlets(story, articles):
        graph.nodes.setdefault(graph.spelling.setdefault(_name_key(outlet), outlet), "outlet")
    credited: dict[tuple[str, int], str] = {}
    for attribution in story.attributions:
        outlet = outlet_of(articles, attribution.article_id)
        graph.add_edge(outlet, "outlet", attribution.source, "source")
        for sentence in attribution.sentences:
            credited[(attribution.article_id, sentence)] = attribution.source
    for quote in story.quotes:
        # The picture shows who is quoted: the speakers of quotations, and the people and bodies named as
        # speaking. A phrase the reported-speech reading credits ("information available now", "the
        # statement") would only crowd it; the quotes table lists every finding.
        if not quote.speaker or not (quote.direct or _named(quote.speaker)):
            continue
        outlet = outlet_of(articles, quote.article_id)
        source = credited.get((quote.article_id, quote.sentence))
        if source is not None:
            graph.add_edge(source, "source", quote.speaker, "speaker")
        else:
            graph.add_edge(outlet, "outlet", quote.speaker, "speaker")
    # A claim's origin (a person) reached its outlets through the sources they credit for it. Origins are
    # normalised keys, so they are matched to the names already drawn rather than drawn again.
    known = {_name_key(name): name for name in graph.nodes}
    for claim in story.claims:
        for origin in claim.origins:
            person = known.get(_name_key(origin))
            if person is None or graph.nodes[person] != "speaker":
                continue
            for upstream in claim.upstream_sources:
                source = known.get(_name_key(upstream))
                if (
                    source is not None
                    and graph.nodes[source] == "source"
                    and (source, person) not in graph.edges
                ):
                    graph.add_edge(source, "source", person, "speaker")
    return graph


@dataclass(frozen=True)
class WordDiff:
    """A word-level comparison: each side as (word, changed) pairs, and the share of words in common."""

    left: list[tuple[str, bool]]
    right: list[tuple[str, bool]]
    ratio: float
    # Whether the words differ within the stretch both sides quote (from their first shared word to their
    # last). One outlet quoting further, or quoting a remark in two pieces, is not a change of wording; the
    # quote_wording discrepancy draws the same line.
    reworded: bool
    # Whether one side quotes words beyond the stretch both quote.
    further: bool = False
    # Whether one side cut words with an ellipsis or masked them ("f***", "[expletive]") within the stretch.
    cut: bool = False

    def verdict(self) -> str:
        """How the two wordings compare, in a few words."""
        if self.ratio == 1.0:
            return "same words"
        if self.reworded:
            return "wording differs"
        if self.cut:
            return "same words, one cutting or masking some"
        return (
            "same words, one quoting further"
            if self.further
            else "same words, spaced or punctuated differently"
        )

    def parts(self) -> list[tuple[str, str]]:
        """The diff as ("same" | "del" | "ins", words) runs, for renderers that mark them up themselves: the
        words are the article's, so no markup is read back out of them."""
        matcher = difflib.SequenceMatcher(a=[w for w, _ in self.left], b=[w for w, _ in self.right])
        a, b = [w for w, _ in self.left], [w for w, _ in self.right]
        out: list[tuple[str, str]] = []
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                out.append(("same", " ".join(a[i1:i2])))
                continue
            if i2 > i1:
                out.append(("del", " ".join(a[i1:i2])))
            if j2 > j1:
                out.append(("ins", " ".join(b[j1:j2])))
        return out

    def marked(self) -> str:
        """One line, ``[-removed-]`` and ``{+added+}``, for plain-text formats."""
        marks = {"same": ("", ""), "del": ("[-", "-]"), "ins": ("{+", "+}")}
        return " ".join(marks[kind][0] + words + marks[kind][1] for kind, words in self.parts())


def word_diff(left: str, right: str) -> WordDiff:
    """Compare two wordings word by word, ignoring case and punctuation when deciding what changed."""
    left_tokens = [(m.group(0), m.start(), m.end()) for m in WORDS.finditer(left)]
    right_tokens = [(m.group(0), m.start(), m.end()) for m in WORDS.finditer(right)]
    a, b = [w for w, _, _ in left_tokens], [w for w, _, _ in right_tokens]
    key_a = spoken_hours(left, left_tokens, [re.sub(r"\W", "", w).casefold() for w in a])
    key_b = spoken_hours(right, right_tokens, [re.sub(r"\W", "", w).casefold() for w in b])
    matcher = difflib.SequenceMatcher(a=key_a, b=key_b, autojunk=False)
    same_a: set[int] = set()
    same_b: set[int] = set()
    for block in matcher.get_matching_blocks():
        same_a.update(range(block.a, block.a + block.size))
        same_b.update(range(block.b, block.b + block.size))
    blocks = [block for block in matcher.get_matching_blocks() if block.size]
    reworded, further, cut = True, False, False
    if blocks:
        a0, a1, b0, b1 = quoted_stretch(blocks, len(a), len(b))
        further = (a0, b0) != (0, 0) or (a1, b1) != (len(a), len(b))
        # Within the stretch, a difference of spacing or punctuation only ("I'm" against "I ’ m") is
        # no change of wording; nor are words one outlet cut with an ellipsis or replaced by an editor's note.
        inner = difflib.SequenceMatcher(a=key_a[a0:a1], b=key_b[b0:b1], autojunk=False)
        changes = [
            edited(left, left_tokens, a0 + i1, a0 + i2, alone=j1 == j2)
            or edited(right, right_tokens, b0 + j1, b0 + j2, alone=i1 == i2)
            for op, i1, i2, j1, j2 in inner.get_opcodes()
            if op != "equal" and "".join(key_a[a0 + i1 : a0 + i2]) != "".join(key_b[b0 + j1 : b0 + j2])
        ]
        reworded, cut = not all(changes), any(changes)
    return WordDiff(
        left=[(w, i not in same_a) for i, w in enumerate(a)],
        right=[(w, i not in same_b) for i, w in enumerate(b)],
        ratio=matcher.ratio(),
        reworded=reworded,
        further=further,
        cut=cut,
    )


@dataclass(frozen=True)
class QuotePair:
    """One speaker's remark as two outlets quote it."""

    speaker: str
    left: Quote
    right: Quote
    diff: WordDiff


def quote_pairs(story: Story) -> list[QuotePair]:
    """For each speaker, pairs of quotations from different articles that render the same remark. Only words in
    quotation marks are a remark's wording: two writers' paraphrases of it differ in words the speaker never
    said ("wrote the Bible …" against "the woman's missive, the Bible …")."""
    by_speaker: dict[str, list[Quote]] = {}
    for quote in story.quotes:
        if quote.speaker and quote.direct:
            by_speaker.setdefault(quote.speaker, []).append(quote)
    pairs: list[QuotePair] = []
    for speaker in sorted(by_speaker):
        quotes = by_speaker[speaker]
        paired: set[int] = set()
        for i, left in enumerate(quotes):
            for j in range(i + 1, len(quotes)):
                right = quotes[j]
                if right.article_id == left.article_id or j in paired:
                    continue
                diff = word_diff(left.text, right.text)
                if diff.ratio >= SAME_REMARK_RATIO:
                    pairs.append(QuotePair(speaker=speaker, left=left, right=right, diff=diff))
                    paired.add(j)
                    break
    # Pairs whose wording differs first: they are what a reader should check.
    pairs.sort(key=lambda p: (not p.diff.reworded, p.diff.ratio == 1.0, p.speaker))
    return pairs


def unpaired_quotes(
    story: Story, pairs: Iterable[QuotePair], articles: Mapping[str, Article] | None = None
) -> list[Quote]:
    """The story's quotations and reported speech not in a pair, as the reports list them: what someone said
    (``spoken``). The stances, beliefs and findings the parse also reports ("wants to", "found that", "has
    faced") stay in the JSON, where PolNeAR-style attribution counts them."""
    taken = {id(q) for p in pairs for q in (p.left, p.right)}
    return what_was_said([q for q in story.quotes if id(q) not in taken], articles)


def what_was_said(quotes: Iterable[Quote], articles: Mapping[str, Article] | None = None) -> list[Quote]:
    """The quotes that are ``spoken``, each article split into sentences once for all its quotes."""
    from crosscheck.annotate.sentences import split_sentences

    split: dict[str, list[Sentence]] = {}
    kept = []
    for quote in quotes:
        article = articles.get(quote.article_id) if articles is not None else None
        if article is not None and article.id not in split:
            split[article.id] = split_sentences(article)
        if spoken(quote, article, split.get(quote.article_id)):
            kept.append(quote)
    return kept


# Cues of thinking, wanting or finding rather than saying, which ``speech.CUE_PHRASES`` lists because PolNeAR
# counts them as attributions ("polls show", "she believes"); the reader's "who said what" leaves them out.
NOT_SAYING = frozenset(
    "believe believes believed think thinks thought expect expects hope hopes hoping want wants fear fears worried "
    "predicts estimates estimated concluded concludes found finds shows showed indicated indicates learned "
    "agreed agrees declined refused "
    # Acts and stances the attribution annotators report with their object ("whether Trump sought to obstruct
    # justice", "supported the bill"): what someone did or held, not what they said.
    "sought supported opposed offered ordered discussed".split()
)
# A cue under a negation or a refusal reports nothing said ("did not say if he was alive", "declined to
# confirm"); the words right before the cue tell.
UNSAID_BEFORE = re.compile(
    r"(?:\b(?:not(?!\s+only)|never|no|declined to|refused to|would not|will not|could not)|n[’']t)"
    r"\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
# Speakers left as a bare pronoun: the resolver found no one behind them.
UNRESOLVED_VOICES = frozenset("you it they we i he she who which that one".split())


def spoken(quote: Quote, article: Article | None = None, sentences: Sequence[Sentence] | None = None) -> bool:
    """Whether a quote is something its speaker said: a quotation, or reported speech under a verb of saying
    that is not negated (when the article, and its sentences if already split, are at hand to tell)."""
    from crosscheck.annotate.sentences import split_sentences
    from crosscheck.annotate.speech import CUE

    if quote.direct:
        return True
    cue = (quote.cue or "").strip()
    if not cue or not CUE.fullmatch(cue) or cue.lower().split()[-1] in NOT_SAYING:
        return False
    if not quote.speaker or quote.speaker.lower() in UNRESOLVED_VOICES:
        # "you … your own worth": a pronoun nobody was found behind names no one; and reported speech with no one
        # behind it is no one's statement ("Few in Israel said they expected …" read as if people expected it).
        return False
    if article is None:
        return True
    text = article.text
    # The cue in the quote's own sentences (the annotators' splitter, which knows "Mr." and "Det."): the nearest
    # before the content (reported speech follows its cue), else the nearest after it ("The gunman fled, Ruiz
    # said").
    own = [s for s in sentences or split_sentences(article) if s.start < max(quote.end, quote.start + 1)]
    own = [s for s in own if quote.start < s.end] or own[-1:]
    opening, closing = (own[0].start, own[-1].end) if own else (0, len(text))
    at = text.rfind(cue, opening, quote.start)
    if at < 0:
        at = text.find(cue, quote.end, closing)
    return at < 0 or not UNSAID_BEFORE.search(text[max(opening, at - 40) : at])


DIFF_TOKEN = re.compile(r"\[-(.*?)-\]|\{\+(.*?)\+\}", re.DOTALL)


def diff_parts(diff: str) -> list[tuple[str, str]]:
    """``[-removed-]`` and ``{+added+}`` markup as ("del" | "ins" | "same", text) runs."""
    parts: list[tuple[str, str]] = []
    position = 0
    for match in DIFF_TOKEN.finditer(diff):
        if match.start() > position:
            parts.append(("same", diff[position : match.start()]))
        if match.group(1) is not None:
            parts.append(("del", match.group(1)))
        else:
            parts.append(("ins", match.group(2)))
        position = match.end()
    if position < len(diff):
        parts.append(("same", diff[position:]))
    return parts


def discrepancy_diff(discrepancy: Discrepancy) -> WordDiff | None:
    """The word diff between the first two sides of a quotation-wording discrepancy."""
    if discrepancy.kind != "quote_wording" or len(discrepancy.sides) < 2:
        return None
    return word_diff(discrepancy.sides[0].text, discrepancy.sides[1].text)


@dataclass(frozen=True)
class TimelinePoint:
    outlet: str
    article_id: str
    title: str
    published: datetime


def clock(moment: datetime) -> str:
    """A publication time as every report prints it: in UTC, saying so, so that times given in different
    zones read in the order they are listed ("10:00" in Karachi came before "08:00" in London)."""
    if moment.tzinfo is None:
        return moment.strftime("%Y-%m-%d %H:%M")
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def timeline(story: Story, articles: Mapping[str, Article]) -> list[TimelinePoint]:
    """The story's articles with a known publication time, earliest first."""
    points = [
        TimelinePoint(outlet=a.outlet, article_id=a.id, title=a.title or "", published=a.published)
        for a in (articles[i] for i in story.article_ids if i in articles)
        if a.published is not None
    ]
    return sorted(points, key=lambda p: p.published)


def sources_relied_on(story: Story, articles: Mapping[str, Article]) -> list[tuple[str, list[str]]]:
    """Each credited source with the outlets that credit it, the most relied-on first. A source credited under
    two spellings ("AP" in a dateline, "The Associated Press" in the body) is one, named by its fullest."""
    from crosscheck.annotate.attributions import source_key

    by_key: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for attribution in story.attributions:
        key = source_key(attribution.source)
        by_key.setdefault(key, set()).add(outlet_of(articles, attribution.article_id))
        if len(attribution.source) > len(names.get(key, "")):
            names[key] = attribution.source
    return sorted(
        ((names[k], sorted(o)) for k, o in by_key.items()), key=lambda item: (-len(item[1]), item[0])
    )


def context(article: Article | None, start: int, end: int, width: int = 90) -> tuple[str, str, str]:
    """The span with up to ``width`` characters either side within its paragraph, cut at word boundaries (a
    context running into the next paragraph would read as one sentence where Markdown joins the lines)."""
    if article is None:
        return "", "", ""
    before = article.text[max(0, start - width) : start]
    after = article.text[end : end + width]
    if "\n" in before:
        before = before[before.rindex("\n") + 1 :]
    elif start - width > 0 and " " in before:
        before = "…" + before[before.index(" ") + 1 :]
    if "\n" in after:
        after = after[: after.index("\n")]
    elif end + width < len(article.text) and " " in after:
        after = after[: after.rindex(" ")] + "…"
    return before, article.text[start:end], after


def claims_by_id(story: Story) -> dict[str, Claim]:
    return {claim.id: claim for claim in story.claims}


def sorted_sections(story: Story) -> list[tuple[BriefSection, list[int]]]:
    """Brief sentence indices grouped by section, in the order sections are read."""
    order: Sequence[BriefSection] = list(SECTION_TITLES)
    groups: dict[BriefSection, list[int]] = {}
    for index, sentence in enumerate(story.brief):
        groups.setdefault(sentence.section, []).append(index)
    return [(section, groups[section]) for section in order if section in groups]
