"""Near-duplicate and syndication detection: which articles are copies of one report.

Requires: ``Article``s with clean ``text``. Produces: ``DuplicateGroup``s, each a canonical article (the
earliest published, else the longest) and its exact or near copies (wire copy, syndicated reprint, lightly
edited repost).

Method: word shingles → one-permutation MinHash with densification (one hash per shingle instead of one per
shingle per permutation) → LSH banding → candidate pairs checked by the signatures' estimated Jaccard → groups
as connected components. Every step is a plain function over arrays so the Spark job runs the very same steps.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC

import numpy as np
import numpy.typing as npt

from crosscheck.model import Article, DuplicateGroup

Signature = npt.NDArray[np.uint64]

_WORD = re.compile(r"\w+", re.UNICODE)
_MASK64 = (1 << 64) - 1


@dataclass(frozen=True)
class DedupConfig:
    """Near-duplicate thresholds, measured by ``bench/bench_dedup.py`` on ECB+ dev and made-up copies.

    - ``shingle_words`` 5: over the 4,491 same-event pairs of ECB+ dev (different outlets' reports of one
      event), the 99th percentile of shingle Jaccard is 0.46 with 3-word shingles, 0.42 with 4, 0.39 with 5
      and 0.33 with 7; generated copies (new headline and byline, up to 15% cut, edited words) keep a
      minimum of 0.74, 0.71, 0.67 and 0.63. Five words leaves the widest gap on both sides of 0.5. The 29
      same-event pairs above 0.5 at 5 words are what ``find_duplicates`` groups on ECB+ dev (21 groups).
    - ``threshold`` 0.5: inside that gap; the estimated Jaccard of a candidate pair must reach it.
    - ``bands`` × ``rows`` = 32 × 4 = 128 slots: the LSH S-curve's knee, (1/32)^(1/4), is at Jaccard 0.42; a
      pair at the threshold becomes a candidate with probability 0.87, a pair at 0.6 with 0.99, at 0.67
      (the weakest generated copy) with 0.999.
    """

    shingle_words: int = 5
    threshold: float = 0.5
    bands: int = 32
    rows: int = 4
    # Buckets above this size are checked as a star around their first member, keeping the cost linear.
    max_bucket_pairs: int = 64

    @property
    def slots(self) -> int:
        return self.bands * self.rows


DEFAULT_CONFIG = DedupConfig()

# Distinct odd multipliers, one per position in a shingle, so that "a b" and "b a" hash apart.
_POSITION = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD]
    + [(0x9E3779B97F4A7C15 * (i + 7)) & _MASK64 | 1 for i in range(27)],
    dtype=np.uint64,
)
_BAND_MIX = np.uint64(0xBF58476D1CE4E5B9)


def _mix(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """splitmix64's finaliser: spreads sums of word ids over 64 bits, the same in every process."""
    with np.errstate(over="ignore"):
        values = values ^ (values >> np.uint64(30))
        values = values * np.uint64(0xBF58476D1CE4E5B9)
        values = values ^ (values >> np.uint64(27))
        values = values * np.uint64(0x94D049BB133111EB)
        return values ^ (values >> np.uint64(31))


def _word_ids_of(tokens: list[str]) -> npt.NDArray[np.uint64]:
    # crc32 is stable across processes (unlike hash()), which the Spark workers need; map() keeps the
    # per-word work in C.
    return np.fromiter(map(zlib.crc32, map(str.encode, tokens)), dtype=np.uint64, count=len(tokens))


def _shingle_hashes(text: str, words: int) -> npt.NDArray[np.uint64]:
    tokens = _WORD.findall(text.lower())
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    ids = _word_ids_of(tokens)
    width = min(words, len(ids))
    count = len(ids) - width + 1
    combined = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for position in range(width):
            combined += ids[position : position + count] * _POSITION[position]
    return _mix(combined)


def shingles(text: str, words: int = DEFAULT_CONFIG.shingle_words) -> npt.NDArray[np.uint64]:
    """Sorted unique 64-bit hashes of the text's ``words``-grams, case-folded; a short text is one shingle."""
    return np.unique(_shingle_hashes(text, words))


def signature_of_shingles(hashes: npt.NDArray[np.uint64], slots: int = DEFAULT_CONFIG.slots) -> Signature:
    """One-permutation MinHash: the smallest hash in each of ``slots`` ranges; empty ones borrow rightwards.

    ``hashes`` must be sorted. An empty text gets an all-maximum signature, which is never paired.
    """
    bits = slots.bit_length() - 1
    if 1 << bits != slots:
        raise ValueError(f"slots must be a power of two, not {slots}")
    if hashes.size == 0:
        return np.full(slots, np.iinfo(np.uint64).max, dtype=np.uint64)
    shift = np.uint64(64 - bits)
    bounds = np.arange(slots, dtype=np.uint64) << shift
    first = np.searchsorted(hashes, bounds)
    following = np.append(first[1:], hashes.size)
    filled = first < following
    low_bits = np.uint64((1 << (64 - bits)) - 1)
    values = np.where(filled, hashes[np.minimum(first, hashes.size - 1)] & low_bits, np.uint64(0))
    if not filled.all():
        # Densification by rotation: an empty slot takes the next filled slot's value plus its distance, so
        # that two texts agree on an empty slot exactly as often as on the slot it borrowed from.
        filled_at = np.flatnonzero(filled)
        index = np.arange(slots)
        nearest = np.searchsorted(filled_at, index) % filled_at.size
        source = filled_at[nearest]
        distance = ((source - index) % slots).astype(np.uint64)
        with np.errstate(over="ignore"):
            values = np.where(filled, values, values[source] + distance * np.uint64(0x9E3779B97F4A7C15))
    return values.astype(np.uint64)


def signature(text: str, config: DedupConfig = DEFAULT_CONFIG) -> Signature:
    """The MinHash signature of one article text."""
    # Sorting suffices: repeated shingles never change a slot's minimum.
    return signature_of_shingles(np.sort(_shingle_hashes(text, config.shingle_words)), config.slots)


def band_keys(
    signatures: npt.NDArray[np.uint64], config: DedupConfig = DEFAULT_CONFIG
) -> npt.NDArray[np.uint64]:
    """(articles × bands) bucket keys: articles sharing a key in any band are candidate copies."""
    rows = signatures.reshape(len(signatures), config.bands, config.rows)
    keys = np.zeros(rows.shape[:2], dtype=np.uint64)
    with np.errstate(over="ignore"):
        for row in range(config.rows):
            keys = (keys * _BAND_MIX) ^ rows[:, :, row]
        # The band number goes into the key so that equal values in different bands never collide.
        keys = _mix(keys + np.arange(config.bands, dtype=np.uint64) * _POSITION[1])
    return keys


def bucket_pairs(members: Iterable[int], config: DedupConfig = DEFAULT_CONFIG) -> list[tuple[int, int]]:
    """The pairs one LSH bucket proposes: all pairs of a small bucket, a star around the first of a big one."""
    ordered = sorted(set(members))
    if len(ordered) < 2:
        return []
    if len(ordered) * (len(ordered) - 1) // 2 <= config.max_bucket_pairs:
        return [(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :]]
    return [(ordered[0], b) for b in ordered[1:]]


def candidate_pairs(
    keys: npt.NDArray[np.uint64], config: DedupConfig = DEFAULT_CONFIG
) -> set[tuple[int, int]]:
    """Index pairs (i < j) that share a bucket in any band (see ``bucket_pairs``)."""
    pairs: set[tuple[int, int]] = set()
    if keys.size == 0:
        return pairs
    flat = keys.ravel()
    owner = np.repeat(np.arange(keys.shape[0]), keys.shape[1])
    order = np.argsort(flat, kind="stable")
    sorted_keys = flat[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    ends = np.r_[starts[1:], sorted_keys.size]
    crowded = ends - starts > 1
    for start, end in zip(starts[crowded], ends[crowded], strict=True):
        pairs.update(bucket_pairs(owner[order[start:end]].tolist(), config))
    return pairs


def estimated_jaccard(
    signatures: npt.NDArray[np.uint64], pairs: Sequence[tuple[int, int]]
) -> npt.NDArray[np.float64]:
    """Share of signature slots on which each pair agrees: an unbiased estimate of their shingle Jaccard."""
    if not pairs:
        return np.zeros(0)
    index = np.asarray(pairs, dtype=np.int64)
    return np.asarray((signatures[index[:, 0]] == signatures[index[:, 1]]).mean(axis=1), dtype=np.float64)


def published_key(article: Article) -> float:
    """Seconds since the epoch (naive times taken as UTC), or infinity when the article is undated."""
    if article.published is None:
        return float("inf")
    published = article.published
    if published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    return published.timestamp()


def groups_from_pairs(articles: Sequence[Article], pairs: Iterable[tuple[int, int]]) -> list[DuplicateGroup]:
    """Connected components of the copy pairs, named by canonical article, in its input order."""
    meta = [(a.id, published_key(a), text_length(a)) for a in articles]
    return groups_from_meta(meta, pairs)


def text_length(article: Article) -> int:
    """How long an article is for choosing a canonical copy: its words, so that a copy whose only change is
    its line breaks or spacing does not outweigh the original."""
    return len(article.text.split())


def groups_from_meta(
    meta: Sequence[tuple[str, float, int]], pairs: Iterable[tuple[int, int]]
) -> list[DuplicateGroup]:
    """``groups_from_pairs`` over (id, published seconds or inf, ``text_length``) per article, in input order.

    The canonical article of a group is the earliest published, then the longest, then the first.
    """
    parent = list(range(len(meta)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[int, list[int]] = {}
    for i in range(len(meta)):
        members.setdefault(root(i), []).append(i)
    groups: list[tuple[int, DuplicateGroup]] = []
    for component in members.values():
        if len(component) < 2:
            continue
        canonical = min(component, key=lambda i: (meta[i][1], -meta[i][2], i))
        copies = [meta[i][0] for i in sorted(component) if i != canonical]
        groups.append((canonical, DuplicateGroup(canonical=meta[canonical][0], copies=copies)))
    return [group for _, group in sorted(groups, key=lambda item: item[0])]


def copy_pairs(
    signatures: npt.NDArray[np.uint64], config: DedupConfig = DEFAULT_CONFIG
) -> list[tuple[int, int]]:
    """Candidate pairs from the LSH buckets whose estimated Jaccard reaches the threshold."""
    empty = (signatures == np.iinfo(np.uint64).max).all(axis=1)
    pairs = sorted(p for p in candidate_pairs(band_keys(signatures, config), config) if not empty[p[0]])
    similarity = estimated_jaccard(signatures, pairs)
    return [pair for pair, value in zip(pairs, similarity, strict=True) if value >= config.threshold]


def find_duplicates(articles: Sequence[Article], config: DedupConfig | None = None) -> list[DuplicateGroup]:
    """Exact and near copies among ``articles``: groups with a canonical article and at least one copy.

    Requires: articles with clean text (ids unique). Produces: ``DuplicateGroup``s ordered by their canonical
    article's position in the input; ``copies`` in input order. Articles with no words are never grouped.
    """
    config = config or DEFAULT_CONFIG
    if not articles:
        return []
    signatures = np.vstack([signature(article.text, config) for article in articles])
    return groups_from_pairs(articles, copy_pairs(signatures, config))


def copies_of(groups: Iterable[DuplicateGroup]) -> dict[str, str]:
    """Copy id → canonical id, for folding syndicated copies into one source downstream."""
    return {copy: group.canonical for group in groups for copy in group.copies}
