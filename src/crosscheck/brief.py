"""The cited brief: pick the story's most supported, most central sentences and lay them out by section.

Requires: a ``Story`` (claims with support, discrepancies, quotes, attributions, as the compare stage leaves
them), its ``Article``s and their ``AnnotatedArticle``s (sentences). Produces: ``BriefSentence``s, each a
verbatim sentence of one article, or a fusion of verbatim spans joined by punctuation only, with citations
whose ``article.text[start:end]`` is exactly the cited span. No word enters the brief that no cited span
holds.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix

from crosscheck.align import QUOTED_SHARE
from crosscheck.annotate.speech import PLACE_DATELINE
from crosscheck.clean import furniture_sentence
from crosscheck.model import (
    AnnotatedArticle,
    Article,
    BriefSection,
    BriefSentence,
    Citation,
    Claim,
    Discrepancy,
    Quote,
    Sentence,
    Story,
)
from crosscheck.settings import get_settings
from crosscheck.stopwords import english_stop_words

Matrix = npt.NDArray[np.float64]

WORD = re.compile(r"\w+(?:['’]\w+)*")
# A candidate worth reading carries a verb-bearing clause; anything without a lowercase word is a heading,
# a byline or a caption. Page furniture that escaped cleaning is ``clean.furniture_sentence``'s.
LOWERCASE_WORD = re.compile(r"\b[a-z]{3,}\b")
# A wire dateline ("KATHMANDU, Nepal (AP) — ") or a file-picture tag opening a lead: the brief cites the
# sentence after it, so the reader gets the news and not the place of filing.
DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z.'’-]*(?:[ ,]+(?:[A-Z][A-Za-z.'’-]*|\d{1,2}\b))*\s*)?\((?:AP|Reuters|AFP|CNN|UPI)\)\s*[—–-]+\s*"
    r"|^FILE\s*[—–-]+\s*"
    r"|^" + PLACE_DATELINE.pattern
)
# Words that mark a sentence leaning on what came before it, or speaking in the first or second person.
LEANING_START = re.compile(
    r"^(?:He|She|It|They|This|That|These|Those|But|And|So|Still|Yet|Also|His|Her|Their|Its)\b"
)
FIRST_PERSON = re.compile(r"\b(?:I|we|We|my|My|our|Our|me|us|you|You|your)\b")
CONTENT_WORD = re.compile(r"\w\w+")
# Words as scikit-learn's TF-IDF tokenises them (its default pattern), for ``similarity_matrix``.
TFIDF_TOKEN = re.compile(r"\b\w\w+\b")
# Joins fused spans: punctuation only, so a fusion adds no word of its own.
FUSION_JOINER = " — "
SECTION_ORDER: tuple[BriefSection, ...] = (
    "confirmed",
    "relayed",
    "single_source",
    "disputed",
    "differences",
    "quotes",
    "sources",
)


# What the ranking knows about a sentence. Centrality and support are measured twice, on words and on word
# pairs, and once more as closeness to the story's centroid; position is measured six ways because news puts
# the gist first but not always in sentence one. Questions, first-person asides, sentences that lean on the
# one before and name-heavy caption lines are what a summary leaves out.
FEATURES = (
    "centrality",
    "support",
    "bigram_centrality",
    "bigram_support",
    "lead",
    "steep_lead",
    "first",
    "log_position",
    "length",
    "relative_position",
    "has_number",
    "has_quote",
    "word_probability",
    "document_frequency",
    "repeated_bigrams",
    "centroid",
    "question",
    "first_person",
    "leaning_start",
    "capitalised",
    "length_squared",
    "second",
    "third",
)


@dataclass(frozen=True)
class BriefConfig:
    """Weights and limits of the ranking.

    ``weights`` (one per ``FEATURES`` entry) come from ridge regression (alpha 10) of each sentence's worth
    (ROUGE-1 precision + 3 × ROUGE-2 precision against the reference) on its features, over the 250 Multi-News
    validation clusters: ``crosscheck evaluate summarization --fit`` refits them and prints the ROUGE of each
    half ranked with weights fitted on the other half (48.49 / 18.16 / 44.32 with these 23 features and the
    coverage term; 48.25 / 18.15 / 44.18 when the folds are odd and even clusters instead). The MMR
    settings were chosen by grid search on the first half of the same sample, and a second grid (λ 0.5–0.8,
    redundancy 0.3–0.45, longest sentence 40–70 words) on the held-out figure found nothing better than noise;
    the length limits drop captions and run-on page text.
    """

    weights: tuple[float, ...] = (
        0.2747, 0.1469, -0.4182, 0.0774, 0.4712, 0.1993, -0.2019, -0.0219,
        -0.1766, 0.173, -0.0494, 0.1623, -0.0424, 0.391, 0.2616, 0.448,
        -0.0145, 0.3938, 0.0485, -0.2792, 0.0072, -0.105, -0.0957,
    )  # fmt: skip
    # MMR trade-off between a sentence's own score and its overlap with sentences already chosen.
    mmr_lambda: float = 0.6
    # Weight of the story words a sentence adds that the brief does not yet hold, each counted by how many
    # articles use it: the coverage objective beside MMR. 0.1 and 0.15 were tried on two splits of the
    # validation clusters (halves, odd/even): 0.1 kept ROUGE-2 on both, 0.15 lost it on one.
    coverage: float = 0.1
    # Two sentences this similar (TF-IDF cosine) say the same thing; the second never enters the brief.
    redundancy: float = 0.35
    # A sentence of another article this similar to a candidate is taken to state it too (lexical support
    # when the story carries no aligned claims).
    agreement: float = 0.35
    # In a story of at least ``off_topic_min_articles``, an article whose TF-IDF cosine with every other article
    # is under ``off_topic_similarity`` shares next to no words with the story: a page grouped with it by hand or
    # by a crawl (an archive's notice, a shop page, a report of something else). It gives the brief nothing.
    off_topic_similarity: float = 0.03
    off_topic_min_articles: int = 3
    min_words: int = 6
    max_words: int = 70
    # Words set aside for the differences, quotes and sources sections, each as a share of the budget.
    differences_share: float = 0.3
    quotes_share: float = 0.15
    sources_share: float = 0.1
    max_differences: int = 3
    max_quotes: int = 3
    max_sources: int = 3


@dataclass
class Candidate:
    """A sentence of one article that the brief may use, with what the ranking knows about it."""

    sentence: Sentence
    outlet: str
    position: int
    words: int
    article_sentences: int
    published: float
    article_order: int
    claim: Claim | None = None
    supporting_outlets: set[str] = field(default_factory=set)


def word_count(text: str) -> int:
    return len(WORD.findall(text))


def _is_readable(text: str, config: BriefConfig) -> bool:
    words = word_count(text)
    if words < config.min_words or words > config.max_words:
        return False
    # A question outside quotation marks is the writer's or an interviewer's ("What was your reaction to the
    # early anthem?"): it asks, and a brief tells.
    asks = text.rstrip().endswith("?") and text.lstrip()[:1] not in QUOTE_OPENERS
    return bool(LOWERCASE_WORD.search(text)) and not furniture_sentence(text) and not asks


# What a quotation opens with.
QUOTE_OPENERS = frozenset("\"“‘'«")


def _without_dateline(sentence: Sentence) -> Sentence:
    """The sentence less an opening wire dateline, still a verbatim span of its article."""
    match = DATELINE.match(sentence.text)
    if match is None or match.end() >= len(sentence.text):
        return sentence
    return sentence.model_copy(
        update={"start": sentence.start + match.end(), "text": sentence.text[match.end() :]}
    )


def _claims_by_sentence(
    claims: Sequence[Claim], sentences: Sequence[Sentence]
) -> dict[tuple[str, int], Claim]:
    """Each sentence's best claim: the one with the most independent sources whose support lies in it."""
    by_article: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        by_article.setdefault(sentence.article_id, []).append(sentence)
    best: dict[tuple[str, int], Claim] = {}
    for claim in claims:
        for span in claim.support:
            for sentence in by_article.get(span.article_id, []):
                if span.start < sentence.end and sentence.start < span.end:
                    key = (sentence.article_id, sentence.index)
                    held = best.get(key)
                    if held is None or (claim.independent_sources, len(claim.outlets)) > (
                        held.independent_sources,
                        len(held.outlets),
                    ):
                        best[key] = claim
    return best


def candidate_sentences(
    story: Story,
    articles: Mapping[str, Article],
    annotated: Mapping[str, AnnotatedArticle],
    config: BriefConfig | None = None,
) -> list[Candidate]:
    """The readable sentences of the story's articles, in story order, each joined to its best claim."""
    config = config or BriefConfig()
    all_sentences = [s for aid in story.article_ids if aid in annotated for s in annotated[aid].sentences]
    claims = _claims_by_sentence(story.claims, all_sentences)
    candidates: list[Candidate] = []
    unrelated = off_topic_articles([articles[aid] for aid in story.article_ids if aid in articles], config)
    for order, aid in enumerate(story.article_ids):
        if aid not in annotated or aid not in articles or aid in unrelated:
            continue
        article = articles[aid]
        published = article.published.timestamp() if article.published else float("inf")
        for position, whole in enumerate(annotated[aid].sentences):
            sentence = _without_dateline(whole)
            if not _is_readable(sentence.text, config):
                continue
            candidates.append(
                Candidate(
                    sentence=sentence,
                    outlet=article.outlet,
                    position=position,
                    words=word_count(sentence.text),
                    article_sentences=len(annotated[aid].sentences),
                    published=published,
                    article_order=order,
                    claim=claims.get((aid, sentence.index)),
                )
            )
    return candidates


# Two texts this alike are one text printed twice.
COPY_SIMILARITY = 0.9


def off_topic_articles(articles: Sequence[Article], config: BriefConfig | None = None) -> set[str]:
    """The ids of a story's articles that share next to no vocabulary with any other of its articles.

    Only from ``off_topic_min_articles`` on: of two articles that share nothing, neither is the odd one out.
    Of the 689 pages of the Multi-News validation sample this leaves out 25, nearly all pages with no news of
    their story (web-archive crawl notices, a sign-in form, a video player's messages); looked at with
    scikit-learn's TF-IDF, the lowest real report of its story scored 0.032.
    """
    config = config or BriefConfig()
    if len(articles) < config.off_topic_min_articles:
        return set()
    similarity = similarity_matrix([a.text for a in articles])
    np.fill_diagonal(similarity, 0.0)
    # A copy relates an article to nothing new: two copies of one archive notice are no story of their own.
    related = (similarity >= config.off_topic_similarity) & (similarity < COPY_SIMILARITY)
    core = [bool(row.any()) for row in related]
    # A copy of an article of the story is of the story too: a wire original reprinted twice with a line added
    # relates only to its copies, which relate to each other.
    copies = similarity >= COPY_SIMILARITY
    grew = True
    while grew:
        grew = False
        for k, row in enumerate(copies):
            if not core[k] and any(core[j] for j in np.flatnonzero(row)):
                core[k] = grew = True
    if sum(core) < 2:
        return set()  # no two articles tell one story: nothing to call the odd one out
    return {a.id for a, linked in zip(articles, core, strict=True) if not linked}


def similarity_matrix(texts: Sequence[str], ngrams: int = 1) -> Matrix:
    """TF-IDF cosine between every pair of texts: words of two or more characters, English stop words removed,
    n-grams of the words left up to ``ngrams``, sublinear term frequency (1 + ln tf), smoothed IDF
    (ln((1 + N) / (1 + df)) + 1), rows of unit length. These are scikit-learn's TfidfVectorizer's definitions,
    computed here so that a brief does not import scikit-learn (most of a second)."""
    if not texts:
        return np.zeros((0, 0))
    stop_words = english_stop_words()
    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    counts: list[float] = []
    for row, text in enumerate(texts):
        words = [w for w in TFIDF_TOKEN.findall(text.lower()) if w not in stop_words]
        terms = Counter(
            " ".join(words[i : i + n]) for n in range(1, ngrams + 1) for i in range(len(words) - n + 1)
        )
        for term, count in terms.items():
            rows.append(row)
            columns.append(vocabulary.setdefault(term, len(vocabulary)))
            counts.append(count)
    if not vocabulary:  # every text was stop words only
        return np.eye(len(texts))
    weights = csr_matrix(
        (1.0 + np.log(np.asarray(counts)), (rows, columns)), shape=(len(texts), len(vocabulary))
    )
    document_frequency = np.bincount(columns, minlength=len(vocabulary))
    idf = np.log((1.0 + len(texts)) / (1.0 + document_frequency)) + 1.0
    weights = csr_matrix(weights.multiply(idf.reshape(1, -1)))
    norms = np.sqrt(np.asarray(weights.multiply(weights).sum(axis=1)).ravel())
    weights = csr_matrix(weights.multiply((1.0 / np.where(norms > 0, norms, 1.0)).reshape(-1, 1)))
    return np.asarray((weights @ weights.T).toarray(), dtype=np.float64)


def _normalised(values: Matrix) -> Matrix:
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else values


def _centrality_and_support(
    candidates: Sequence[Candidate], similarity: Matrix, config: BriefConfig, record: bool
) -> tuple[Matrix, Matrix]:
    """Centrality: mean similarity to each article, averaged, so a long article does not outvote the others.
    Support: the best match in each other article, averaged, so a sentence other outlets restate ranks high."""
    n = len(candidates)
    articles = sorted({c.sentence.article_id for c in candidates})
    members = {aid: [i for i, c in enumerate(candidates) if c.sentence.article_id == aid] for aid in articles}
    centrality = np.stack([similarity[:, members[aid]].mean(axis=1) for aid in articles], axis=1).mean(axis=1)
    support = np.zeros(n)
    if len(articles) > 1:
        best_in = np.stack([similarity[:, members[aid]].max(axis=1) for aid in articles], axis=1)
        for i, candidate in enumerate(candidates):
            own = articles.index(candidate.sentence.article_id)
            support[i] = float(np.delete(best_in[i], own).mean())
            if record:
                candidate.supporting_outlets = {candidate.outlet} | {
                    candidates[members[aid][0]].outlet
                    for k, aid in enumerate(articles)
                    if k != own and best_in[i, k] >= config.agreement
                }
    return _normalised(centrality), _normalised(support)


def sentence_features(
    candidates: Sequence[Candidate], similarity: Matrix, bigram_similarity: Matrix, config: BriefConfig
) -> Matrix:
    """One row per candidate, one column per ``FEATURES`` entry.

    Support counts independent sources when claims are known (``Claim.independent_sources``), blended with
    the lexical restatement measure that is all a story without aligned claims has.
    """
    if not candidates:
        return np.zeros((0, len(FEATURES)))
    centrality, support = _centrality_and_support(candidates, similarity, config, record=True)
    bigram_centrality, bigram_support = _centrality_and_support(candidates, bigram_similarity, config, False)
    if any(c.claim is not None for c in candidates):
        outlets = max(len({c.outlet for c in candidates}), 2)
        claimed = np.array(
            [(c.claim.independent_sources - 1) / (outlets - 1) if c.claim else 0.0 for c in candidates]
        )
        support = 0.5 * support + 0.5 * np.clip(claimed, 0.0, 1.0)
    position = np.array([c.position for c in candidates], dtype=np.float64)
    length = np.array([c.words for c in candidates], dtype=np.float64) / 30
    texts = [c.sentence.text for c in candidates]
    # Rows of TF-IDF vectors are unit length, so a row's sum over the root of the matrix's sum is its cosine
    # with the story's centroid: no second vectorizer needed.
    total = float(similarity.sum())
    centroid = similarity.sum(axis=1) / np.sqrt(total) if total > 0 else np.zeros(len(candidates))
    columns = [
        centrality,
        support,
        bigram_centrality,
        bigram_support,
        0.5 ** (position / 16),
        0.5 ** (position / 4),
        (position == 0).astype(np.float64),
        np.log1p(position),
        length,
        position / np.array([max(c.article_sentences, 1) for c in candidates], dtype=np.float64),
        np.array([any(ch.isdigit() for ch in c.sentence.text) for c in candidates], dtype=np.float64),
        np.array([any(q in c.sentence.text for q in '"“”') for c in candidates], dtype=np.float64),
        *_word_statistics(candidates),
        _normalised(centroid),
        np.array([t.rstrip().endswith("?") for t in texts], dtype=np.float64),
        np.array(
            [len(FIRST_PERSON.findall(t)) / max(c.words, 1) for t, c in zip(texts, candidates, strict=True)]
        ),
        np.array([bool(LEANING_START.match(t)) for t in texts], dtype=np.float64),
        np.array([_capitalised_share(t) for t in texts]),
        length**2,
        (position == 1).astype(np.float64),
        (position == 2).astype(np.float64),
    ]
    return np.stack(columns, axis=1)


def _capitalised_share(text: str) -> float:
    """Share of words after the first that are capitalised: name-heavy lines are captions and lists."""
    words = text.split()[1:]
    return sum(w[:1].isupper() for w in words) / max(len(words), 1)


def _content_words(text: str) -> list[str]:
    stop_words = english_stop_words()
    return [w for w in CONTENT_WORD.findall(text.lower()) if w not in stop_words]


def _word_statistics(candidates: Sequence[Candidate]) -> tuple[Matrix, Matrix, Matrix]:
    """How common a sentence's words are in the story (SumBasic's word probability), in how many of its
    articles they occur, and what share of its word pairs recur elsewhere in the story."""
    words = [_content_words(c.sentence.text) for c in candidates]
    frequency = Counter(w for sentence in words for w in sentence)
    total = sum(frequency.values()) or 1
    vocabulary: dict[str, set[str]] = {}
    for candidate, sentence in zip(candidates, words, strict=True):
        vocabulary.setdefault(candidate.sentence.article_id, set()).update(sentence)
    in_articles = Counter(w for article_words in vocabulary.values() for w in article_words)
    bigrams = Counter(pair for sentence in words for pair in itertools.pairwise(sentence))
    probability = np.array([np.mean([frequency[w] / total for w in s]) if s else 0.0 for s in words])
    spread = np.array([np.mean([in_articles[w] / len(vocabulary) for w in s]) if s else 0.0 for s in words])
    recurring = np.array(
        [np.mean([bigrams[p] > 1 for p in itertools.pairwise(s)]) if len(s) > 1 else 0.0 for s in words]
    )
    return _normalised(probability), spread, recurring


def score_candidates(
    candidates: Sequence[Candidate], similarity: Matrix, bigram_similarity: Matrix, config: BriefConfig
) -> Matrix:
    """A sentence's worth to the brief: its features weighted by ``config.weights``."""
    if not candidates:
        return np.zeros(0)
    features = sentence_features(candidates, similarity, bigram_similarity, config)
    scores: Matrix = features @ np.asarray(config.weights, dtype=np.float64)
    return scores


def select_sentences(
    candidates: Sequence[Candidate],
    scores: Matrix,
    similarity: Matrix,
    budget: int,
    config: BriefConfig,
    taken: Iterable[int] = (),
) -> list[int]:
    """Maximal marginal relevance until ``budget`` words: the best sentence that adds something new, where
    new is measured twice: low similarity to what is chosen, and story words that the brief lacks."""
    weights, concepts = _story_words(candidates)
    covered: set[str] = set()
    chosen: list[int] = []
    blocked = set(taken)
    claims_used = {c.claim.id for i in blocked if (c := candidates[i]).claim is not None}
    used = 0
    remaining = [i for i in range(len(candidates)) if i not in blocked]
    low = float(scores.min()) if scores.size else 0.0
    spread = float(scores.max()) - low if scores.size else 0.0
    relevance = (scores - low) / spread if spread > 0 else np.ones_like(scores)
    while remaining and used < budget:
        overlap = similarity[np.ix_(remaining, chosen)].max(axis=1) if chosen else np.zeros(len(remaining))
        marginal = config.mmr_lambda * relevance[remaining] - (1 - config.mmr_lambda) * overlap
        if config.coverage:
            gain = np.array([sum(weights.get(w, 0) for w in concepts[i] - covered) for i in remaining], float)
            top = float(gain.max()) if gain.size else 0.0
            if top > 0:
                marginal = marginal + config.coverage * gain / top
        order = np.argsort(-marginal, kind="stable")
        picked = None
        for k in order:
            claim = candidates[remaining[int(k)]].claim
            # One claim is stated once, however many outlets word it their own way.
            if overlap[k] < config.redundancy and (claim is None or claim.id not in claims_used):
                picked = remaining[int(k)]
                break
        if picked is None:
            break
        chosen.append(picked)
        covered |= concepts[picked]
        if candidates[picked].claim is not None:
            claims_used.add(candidates[picked].claim.id)  # type: ignore[union-attr]
        used += candidates[picked].words
        remaining.remove(picked)
    return chosen


def _story_words(candidates: Sequence[Candidate]) -> tuple[dict[str, int], list[set[str]]]:
    """Each candidate's content words, and the story words worth covering: those of several articles, weighted
    by how many use them (in a one-article story, words its sentences repeat, weighted by how often)."""
    concepts = [set(_content_words(c.sentence.text)) for c in candidates]
    by_article: dict[str, set[str]] = {}
    for candidate, words in zip(candidates, concepts, strict=True):
        by_article.setdefault(candidate.sentence.article_id, set()).update(words)
    if len(by_article) > 1:
        counts = Counter(w for words in by_article.values() for w in words)
    else:
        counts = Counter(w for words in concepts for w in words)
    return {w: n for w, n in counts.items() if n >= 2}, concepts


def natural_order(candidates: Sequence[Candidate], chosen: Iterable[int]) -> list[int]:
    """Lead sentences first across articles, then deeper ones; earlier publication breaks ties."""
    return sorted(
        chosen,
        key=lambda i: (
            candidates[i].position,
            candidates[i].published,
            candidates[i].article_order,
        ),
    )


def rank_story_sentences(
    story: Story,
    articles: Mapping[str, Article],
    annotated: Mapping[str, AnnotatedArticle],
    words: int,
    config: BriefConfig | None = None,
) -> list[Candidate]:
    """The story's best sentences up to ``words`` words, non-redundant, in reading order."""
    config = config or BriefConfig()
    candidates = candidate_sentences(story, articles, annotated, config)
    texts = [c.sentence.text for c in candidates]
    similarity = similarity_matrix(texts)
    scores = score_candidates(candidates, similarity, similarity_matrix(texts, ngrams=2), config)
    chosen = select_sentences(candidates, scores, similarity, words, config)
    return [candidates[i] for i in natural_order(candidates, chosen)]


def section_of(candidate: Candidate, story_has_claims: bool) -> BriefSection:
    """Confirmed by several origins, relayed by several outlets from one origin, carried by one outlet, or
    disputed: a claim a discrepancy touches is never confirmed, since its sentence states one side's value."""
    claim = candidate.claim
    if claim is not None:
        if claim.status == "disputed":
            return "disputed"
        # Confirmation needs several outlets as well as several origins: two reports of one outlet, one
        # crediting a spokesman, are still that outlet's word alone.
        if claim.status == "corroborated" and claim.independent_sources >= 2:
            return "confirmed"
        if claim.status == "corroborated":
            return "relayed"
        return "single_source"
    # An unaligned sentence in an aligned story is one outlet's alone; without alignment, restatement by
    # other outlets is the only evidence of confirmation there is.
    if not story_has_claims and len(candidate.supporting_outlets) >= 2:
        return "confirmed"
    return "single_source"


def _citation(article_id: str, start: int, end: int) -> Citation:
    return Citation(article_id=article_id, start=start, end=end)


def _sentence_citations(candidate: Candidate, shown: Sentence | None = None) -> list[Citation]:
    """The sentence shown first (the candidate's own, unless another outlet's wording of its claim or its whole
    quotation stands in), then one supporting span of the claim from each other article."""
    sentence = shown or candidate.sentence
    citations = [_citation(sentence.article_id, sentence.start, sentence.end)]
    if candidate.claim is not None:
        seen = {sentence.article_id}
        for span in candidate.claim.support:
            if span.article_id not in seen:
                seen.add(span.article_id)
                citations.append(_citation(span.article_id, span.start, span.end))
    return citations


def _spanned_sentences(
    annotated: Mapping[str, AnnotatedArticle], article_id: str, start: int, end: int
) -> list[Sentence]:
    """The article's sentences that overlap ``start``–``end``, in order."""
    if article_id not in annotated:
        return []
    return [s for s in annotated[article_id].sentences if s.start < end and start < s.end]


def _whole_quotation(
    annotated: Mapping[str, AnnotatedArticle], spanned: Sequence[Sentence], naming: Sentence, max_words: int
) -> tuple[Sentence, list[Sentence]]:
    """The quotation's sentences within the naming sentence's paragraph, as one verbatim span, when they fit
    ``max_words`` (with the sentences it covers): a sentence of a longer quotation alone would open a quotation
    mark it never closes, or close one it never opened. Else the naming sentence alone."""
    covered = [s for s in spanned if s.paragraph == naming.paragraph]
    if len(covered) < 2:
        return naming, [naming]
    text = annotated[naming.article_id].article.text[covered[0].start : covered[-1].end]
    if word_count(text) > max_words:
        return naming, [naming]
    return naming.model_copy(
        update={"start": covered[0].start, "end": covered[-1].end, "text": text}
    ), covered


QUOTATION_MARKS = ('"', "“", "”")


def _marks_unpaired(text: str) -> bool:
    """Whether a sentence opens a quotation it does not close, or closes one it did not open."""
    straight, opening, closing = (text.count(mark) for mark in QUOTATION_MARKS)
    return straight % 2 == 1 or opening != closing


def _unnamed_speaker(sentence: Sentence, quotes: Sequence[Quote]) -> bool:
    """Whether the sentence is mostly a speaker's direct quotation and names no one who says it."""
    for quote in quotes:
        inside = min(quote.end, sentence.end) - max(quote.start, sentence.start)
        if quote.direct and quote.speaker and inside >= QUOTED_SHARE * (sentence.end - sentence.start):
            return quote.speaker.split()[-1].casefold() not in sentence.text.casefold()
    return False


# A sentence that opens on a pronoun ("He described the sighting as …") leaves the reader of a brief, which shows
# it away from its article, to guess who; another outlet's wording of the claim that names them reads alone.
OPENING_PRONOUN = re.compile(r"\s*[\"“‘']?(?:He|She|They|His|Her|Their)\b")


# A sentence whose words stand this much in one sentence the brief holds already is said there.
CARRIED_SHARE = 0.75


def _readable_alone(
    candidates: Sequence[Candidate],
    chosen: Sequence[int],
    annotated: Mapping[str, AnnotatedArticle],
    max_words: int,
) -> tuple[dict[int, tuple[Sentence, list[Sentence]] | None], set[int]]:
    """What the brief shows for each chosen candidate, with the article sentences it takes in; None for a
    candidate whose sentence another one's whole quotation took in, or one withheld (the second value).

    A sentence of a quotation that runs on, or one that names no one who speaks it ('"What we see now is a new
    reality, a new normal for European security.'), leaves the reader with an unclosed quotation mark and
    words of nobody: they read as the outlet's own account. Another outlet's wording of the same claim that
    reads on its own stands in for it ('"What we see now …," Stoltenberg said, per The Telegraph.'); failing
    that, the whole quotation of its paragraph as printed, cue and all ('"We are not happy … But we will defend
    our sovereignty and independence," he told reporters.'), when it closes its marks and fits; failing that,
    the sentence as it is, unless it lies wholly inside a quotation with no word outside the marks to say who
    speaks (an interview's answer under its question, a middle sentence of a long quotation): that is
    withheld, and "Who said what" gives the speaker's words with their name.
    """
    own = {(candidates[i].sentence.article_id, candidates[i].sentence.index): i for i in chosen}
    taken = set(own)
    quotes = {aid: a.quotes for aid, a in annotated.items()}

    def reads_alone(sentence: Sentence) -> bool:
        return (
            not _marks_unpaired(sentence.text)
            and not _unnamed_speaker(sentence, quotes.get(sentence.article_id, []))
            and OPENING_PRONOUN.match(sentence.text) is None
        )

    shown: dict[int, tuple[Sentence, list[Sentence]] | None] = {}
    # Candidates left out, shown nowhere: a quotation with no word of who speaks it.
    withheld: set[int] = set()
    for i in chosen:
        if i in shown:
            continue  # taken in by an earlier candidate's whole quotation
        candidate = candidates[i]
        sentence = candidate.sentence
        shown[i] = (sentence, [sentence])
        if reads_alone(sentence):
            continue
        claim = candidate.claim
        stand_in = next(
            (
                other.sentence
                for other in candidates
                if claim is not None
                and other.claim is not None
                and other.claim.id == claim.id
                and other.sentence.article_id != sentence.article_id
                and (other.sentence.article_id, other.sentence.index) not in taken
                and other.words <= max_words
                and reads_alone(other.sentence)
            ),
            None,
        )
        if stand_in is not None:
            shown[i] = (stand_in, [stand_in])
            taken.add((stand_in.article_id, stand_in.index))
            continue
        quotation = next(
            (
                q
                for q in quotes.get(sentence.article_id, [])
                if q.direct and q.start < sentence.end and sentence.start < q.end
            ),
            None,
        )
        if quotation is None:
            continue
        spanned = _spanned_sentences(annotated, sentence.article_id, quotation.start, quotation.end)
        whole, covered = _whole_quotation(annotated, spanned, sentence, max_words)
        others = [(c.article_id, c.index) for c in covered if c.index != sentence.index]
        # Another chosen sentence of the quotation, still shown as itself, is taken in; one shown elsewhere
        # already (a stand-in, another quotation) keeps the quotation from being shown twice.
        absorbed = [own[key] for key in others if key in own and own[key] not in shown]
        if (
            len(covered) > 1
            and not _marks_unpaired(whole.text)
            and all(key not in taken or own.get(key) in absorbed for key in others)
        ):
            if _all_quoted(whole, quotation):
                # A whole quotation with no word of who speaks it (an interview's answer): shown, it reads as the
                # outlet's own account; "Who said what" tells it with its speaker.
                shown[i] = None
                withheld.add(i)
                continue
            shown[i] = (whole, covered)
            taken.update(others)
            for j in absorbed:
                shown[j] = None
        elif _all_quoted(sentence, quotation):
            shown[i] = None  # the same, a sentence of it alone
            withheld.add(i)
    return shown, withheld


def _all_quoted(sentence: Sentence, quotation: Quote) -> bool:
    """Whether the sentence holds nothing but the quotation, its marks and its closing punctuation."""
    outside = (
        sentence.text[: max(0, quotation.start - sentence.start)]
        + sentence.text[max(0, quotation.end - sentence.start) :]
    )
    return not any(c.isalnum() for c in outside)


def _containing_sentence(
    annotated: Mapping[str, AnnotatedArticle], article_id: str, start: int
) -> Sentence | None:
    if article_id not in annotated:
        return None
    for sentence in annotated[article_id].sentences:
        if sentence.start <= start < sentence.end:
            return sentence
    return None


def _difference_sentences(
    story: Story,
    annotated: Mapping[str, AnnotatedArticle],
    config: BriefConfig,
    budget: int,
    used: set[tuple[str, int]],
) -> list[BriefSentence]:
    """One fused sentence per discrepancy: each side's sentence, verbatim, joined by a dash."""
    out: list[BriefSentence] = []
    spent = 0
    ranked = sorted(story.discrepancies, key=_discrepancy_weight)
    for discrepancy in ranked:
        if len(out) >= config.max_differences:
            break
        pieces: list[Sentence] = []
        for side in discrepancy.sides:
            sentence = _containing_sentence(annotated, side.article_id, side.start)
            if sentence is not None and all(p.text != sentence.text for p in pieces):
                pieces.append(sentence)
        if len(pieces) < 2:
            continue
        pieces = pieces[:2]
        text = FUSION_JOINER.join(p.text for p in pieces)
        cost = word_count(text)
        if out and spent + cost > budget:
            continue
        spent += cost
        used.update((p.article_id, p.index) for p in pieces)
        out.append(
            BriefSentence(
                text=text,
                citations=[_citation(p.article_id, p.start, p.end) for p in pieces],
                section="differences",
                claim_id=discrepancy.claim_id,
            )
        )
    return out


def _discrepancy_weight(discrepancy: Discrepancy) -> tuple[int, int]:
    # Conflicting facts first (numbers, dates, framing), then names, negations and quotation wording.
    order = ["number", "number_framing", "date", "negation", "entity", "quote_wording"]
    return (order.index(discrepancy.kind), -len(discrepancy.sides))


def _fold(text: str) -> str:
    return " ".join(w.casefold() for w in WORD.findall(text))


def _sentences_of(annotated: Mapping[str, AnnotatedArticle], keys: set[tuple[str, int]]) -> list[Sentence]:
    return [s for aid, a in annotated.items() for s in a.sentences if (aid, s.index) in keys]


@dataclass
class _Section:
    """A section of the brief filling its share of the word budget with whole sentences of the articles."""

    name: BriefSection
    budget: int
    max_words: int
    used: set[tuple[str, int]]
    """Sentences already in the brief, by (article id, index), shared by every section."""
    taken: list[BriefSentence] = field(default_factory=list)
    spent: int = 0

    def take(
        self, sentence: Sentence, covers: Sequence[Sentence] = (), named: tuple[Citation, str] | None = None
    ) -> bool:
        """Add the sentence, cited, unless the brief has it or it does not fit; the first always fits the
        budget, so that a tight budget still gets one sentence of the section. ``covers`` are the article's
        sentences a span of several takes in, each then in the brief. ``named`` is a span naming who speaks a
        quotation that does not name them, fused before it."""
        if (sentence.article_id, sentence.index) in self.used:
            return False
        text = FUSION_JOINER.join([named[1], sentence.text]) if named is not None else sentence.text
        cost = word_count(text)
        if cost > self.max_words or (self.taken and self.spent + cost > self.budget):
            return False
        self.spent += cost
        self.used.add((sentence.article_id, sentence.index))
        self.used.update((c.article_id, c.index) for c in covers)
        cited = _citation(sentence.article_id, sentence.start, sentence.end)
        self.taken.append(
            BriefSentence(
                text=text, citations=[named[0], cited] if named is not None else [cited], section=self.name
            )
        )
        return True


def _quote_sentences(
    story: Story,
    annotated: Mapping[str, AnnotatedArticle],
    config: BriefConfig,
    budget: int,
    used: set[tuple[str, int]],
) -> list[BriefSentence]:
    """Who said what: for each named speaker, the sentence carrying their most widely reported quotation."""
    by_speaker: dict[str, list[Quote]] = {}
    for quote in story.quotes:
        if quote.speaker and quote.direct:
            by_speaker.setdefault(quote.speaker, []).append(quote)
    # Speakers quoted by more articles first, then more often: they are the story's voices.
    speakers = sorted(
        by_speaker, key=lambda s: (-len({q.article_id for q in by_speaker[s]}), -len(by_speaker[s]), s)
    )
    section = _Section("quotes", budget, config.max_words, used)
    for speaker in speakers:
        if len(section.taken) >= config.max_quotes:
            break
        surname = speaker.split()[-1].casefold()
        # Each sentence of the quotation that names its speaker: "Who said what" must say who, and a
        # quotation running over several sentences is named in one of them ('"…new reality. …," Stoltenberg
        # said'), which then reads on its own. Among them, the fullest quotation.
        options = [
            (quote, *_whole_quotation(annotated, spanned, sentence, config.max_words))
            for quote in by_speaker[speaker]
            if (spanned := _spanned_sentences(annotated, quote.article_id, quote.start, quote.end))
            for sentence in spanned
            if surname in sentence.text.casefold()
        ]
        options.sort(key=lambda o: (-len(o[0].text), o[0].article_id, o[1].index))
        said = {_fold(s.text) for s in _sentences_of(annotated, used)}

        if any(
            section.take(sentence, covered)
            for quote, sentence, covered in options
            if not _carried(quote, covered, said, used)
        ):
            continue
        # A speaker no sentence of their quotations names (an interview's answers, a post's words): the
        # quotation whole, closing its marks, after the article's last mention of them before it; the shortest
        # first, as an interview's answers run long and one would take the section's share alone.
        fused = []
        for quote in by_speaker[speaker]:
            mention = _mention_before(annotated, quote, surname)
            spanned = _spanned_sentences(annotated, quote.article_id, quote.start, quote.end)
            if mention is None or not spanned:
                continue
            whole, covered = _whole_quotation(annotated, spanned, spanned[0], config.max_words)
            if (
                not _marks_unpaired(whole.text)
                and _all_quoted(whole, quote)
                and not _carried(quote, covered, said, used)
            ):
                fused.append((len(whole.text), whole.article_id, whole.start, whole, covered, mention))
        for *_, whole, covered, mention in sorted(fused, key=lambda f: f[:3]):
            if section.take(whole, covered, mention):
                break
    return section.taken


def _carried(quote: Quote, covered: Sequence[Sentence], said: set[str], used: set[tuple[str, int]]) -> bool:
    """Whether the brief carries the quotation already, in any outlet's sentence, or states a sentence of it (one
    another outlet printed inside a longer one of its own counts as carried too): it is not repeated."""
    return any(_fold(quote.text) in text for text in said) or any(
        (c.article_id, c.index) in used or any(_fold(c.text) in text for text in said) for c in covered
    )


def _mention_before(
    annotated: Mapping[str, AnnotatedArticle], quote: Quote, surname: str
) -> tuple[Citation, str] | None:
    """The article's last mention of the speaker by the name that ends with ``surname`` before the quotation, as
    a citation of the name's words and the words: "Megan Rapinoe" in "… Megan Rapinoe responded to …"."""
    article = annotated.get(quote.article_id)
    if article is None:
        return None
    # The speaker's own name, whole or a last part of it ("Megan Rapinoe", "Rapinoe"): not another person of
    # the family name ("her sister Rachael Rapinoe").
    speaker = (quote.speaker or "").casefold().split()
    mentions = [
        e
        for e in article.entities
        if e.label == "PERSON"
        and e.end <= quote.start
        and (words := re.sub(r"['’]s$", "", e.text).casefold().split())
        and words[-1] == surname
        and speaker[-len(words) :] == words
    ]
    if not mentions:
        return None
    last = max(mentions, key=lambda e: (e.start, e.end - e.start))
    return _citation(quote.article_id, last.start, last.end), last.text


def _source_sentences(
    story: Story,
    annotated: Mapping[str, AnnotatedArticle],
    config: BriefConfig,
    budget: int,
    used: set[tuple[str, int]],
) -> list[BriefSentence]:
    """Sources relied on: for each credited source, the shortest sentence that credits it."""
    by_source: dict[str, list[Sentence]] = {}
    articles_for: dict[str, set[str]] = {}
    for attribution in story.attributions:
        sentence = _containing_sentence(annotated, attribution.article_id, attribution.start)
        if sentence is None:
            continue
        by_source.setdefault(attribution.source, []).append(sentence)
        articles_for.setdefault(attribution.source, set()).add(attribution.article_id)
    sources = sorted(by_source, key=lambda s: (-len(articles_for[s]), s))
    section = _Section("sources", budget, config.max_words, used)
    said = [set(_fold(s.text).split()) for s in _sentences_of(annotated, used)]

    def unnamed(sentence: Sentence) -> Quote | None:
        """The quotation the sentence gives without naming its speaker ('"Our sadness is now just prolonged," she
        told CNN.'), if any."""
        return next(
            (
                q
                for q in story.quotes
                if q.article_id == sentence.article_id
                and q.direct
                and q.speaker
                and sentence.start <= q.start < sentence.end
                and q.speaker.split()[-1].casefold() not in sentence.text.casefold()
            ),
            None,
        )

    for source in sources:
        if len(section.taken) >= config.max_sources:
            break
        # The shortest crediting sentence that closes its quotation marks and names whoever it quotes, unless the
        # brief already says it in another outlet's words: '… no more nightmares," Fran Keller told the
        # newspaper.' after the quotation it ends was shown whole.
        for sentence in sorted(
            by_source[source],
            key=lambda s: (_marks_unpaired(s.text), unnamed(s) is not None, word_count(s.text), s.article_id),
        ):
            words = _fold(sentence.text).split()
            if any(sum(w in held for w in words) >= CARRIED_SHARE * len(words) for held in said):
                continue
            quote = unnamed(sentence)
            if quote is not None:
                # Away from its article, "she told CNN" names no one: the article's last mention of the
                # speaker is fused before it, as "Who said what" does; with none, the sentence is not shown.
                mention = _mention_before(annotated, quote, (quote.speaker or "").split()[-1].casefold())
                if mention is not None and section.take(sentence, (), mention):
                    break
                continue
            if section.take(sentence):
                break
    return section.taken


def compose_brief(
    story: Story,
    articles: Mapping[str, Article],
    annotated: Mapping[str, AnnotatedArticle],
    words: int | None = None,
    config: BriefConfig | None = None,
) -> list[BriefSentence]:
    """The story's brief, about ``words`` words long, in sections, every sentence cited.

    The ranked sentences (confirmed, relayed, single-source) take the budget less the shares set aside for
    differences, quotes and sources, which are filled after them from the sentences they left.
    """
    config = config or BriefConfig()
    budget = words if words is not None else get_settings().brief_words
    # Words set aside only for the sections this story has material for.
    reserved = (
        (config.differences_share if story.discrepancies else 0.0)
        + (config.quotes_share if any(q.speaker and q.direct for q in story.quotes) else 0.0)
        + (config.sources_share if story.attributions else 0.0)
    )
    candidates = candidate_sentences(story, articles, annotated, config)
    texts = [c.sentence.text for c in candidates]
    similarity = similarity_matrix(texts)
    scores = score_candidates(candidates, similarity, similarity_matrix(texts, ngrams=2), config)
    # The ranked account comes first: the sections after it use only sentences it left.
    chosen = select_sentences(candidates, scores, similarity, max(int(budget * (1 - reserved)), 1), config)
    shown, withheld = _readable_alone(candidates, chosen, annotated, config.max_words)
    used = {
        (candidates[i].sentence.article_id, candidates[i].sentence.index) for i in chosen if i not in withheld
    }
    used |= {(c.article_id, c.index) for item in shown.values() if item is not None for c in item[1]}
    story_has_claims = bool(story.claims)
    by_section: dict[BriefSection, list[BriefSentence]] = {s: [] for s in SECTION_ORDER}
    for i in natural_order(candidates, chosen):
        candidate = candidates[i]
        item = shown[i]
        if item is None:
            continue
        section = section_of(candidate, story_has_claims)
        sentence = item[0]
        by_section[section].append(
            BriefSentence(
                text=sentence.text,
                citations=_sentence_citations(candidate, sentence),
                section=section,
                claim_id=candidate.claim.id if candidate.claim else None,
            )
        )
    # The sections after it fill their shares while the brief is under its length, in this order: a short
    # brief keeps what matters most, where every section taking its one sentence made 20 words into 86.
    spent = sum(word_count(sentence.text) for sentences in by_section.values() for sentence in sentences)
    for section, share, fill in (
        ("differences", config.differences_share, _difference_sentences),
        ("quotes", config.quotes_share, _quote_sentences),
        ("sources", config.sources_share, _source_sentences),
    ):
        if spent >= budget:
            break
        taken = fill(story, annotated, config, min(int(budget * share), budget - spent), used)
        by_section[section] = taken
        spent += sum(word_count(sentence.text) for sentence in taken)
    return [sentence for section in SECTION_ORDER for sentence in by_section[section]]


def grounding_problems(brief: Sequence[BriefSentence], articles: Mapping[str, Article]) -> list[str]:
    """What makes brief sentences unverifiable: no citation, a span outside its article, or a word that no
    cited span contains. An empty list means every sentence is grounded."""
    problems: list[str] = []
    for number, sentence in enumerate(brief):
        if not sentence.citations:
            problems.append(f"sentence {number} has no citation")
            continue
        cited: list[str] = []
        for citation in sentence.citations:
            article = articles.get(citation.article_id)
            if article is None or not 0 <= citation.start < citation.end <= len(article.text):
                problems.append(f"sentence {number} cites a span outside article {citation.article_id}")
                continue
            cited.append(article.text[citation.start : citation.end])
        vocabulary = {w.casefold() for text in cited for w in WORD.findall(text)}
        missing = [w for w in WORD.findall(sentence.text) if w.casefold() not in vocabulary]
        if missing:
            problems.append(f"sentence {number} has words no cited span contains: {missing[:5]}")
        if len(sentence.citations) == 1 and cited and sentence.text != cited[0]:
            problems.append(f"sentence {number} is not the verbatim span it cites")
    return problems


def is_grounded(sentence: BriefSentence, articles: Mapping[str, Article]) -> bool:
    return not grounding_problems([sentence], articles)


def assert_grounded(brief: Sequence[BriefSentence], articles: Mapping[str, Article]) -> None:
    """Fail, naming the sentences, unless every brief sentence is cited and made of cited words only."""
    problems = grounding_problems(brief, articles)
    assert not problems, "; ".join(problems)
