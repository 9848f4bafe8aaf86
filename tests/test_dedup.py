"""Near-duplicates: real copies are grouped under the right canonical article, distinct reports never are."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import numpy as np

from crosscheck.clean import clean
from crosscheck.dedup import (
    bucket_pairs,
    copies_of,
    find_duplicates,
    shingles,
    signature,
    signature_of_shingles,
)
from crosscheck.model import Article, Document
from tests.conftest import EVAL, need

ECB = EVAL / "clustering" / "ecbplus_dev_docs.jsonl"


def _ecb_articles(limit: int) -> list[Article]:
    rows = [json.loads(line) for line in need(ECB).read_text(encoding="utf-8").splitlines()[:limit]]
    return [
        Article(id=r["doc_id"], outlet="ecb", title=r["title"], text=r["title"] + " " + r["text"])
        for r in rows
    ]


def _edited(text: str, seed: int) -> str:
    """A syndicated copy: another headline, a byline, the last paragraph dropped, a few words changed."""
    rng = random.Random(seed)
    words = text.split()
    keep = words[: max(20, int(len(words) * 0.9))]
    for _ in range(max(1, len(keep) // 60)):
        keep[rng.randrange(len(keep))] = rng.choice(["reportedly", "officials", "Tuesday", "local"])
    return "By Staff Writer (AP) " + " ".join(keep)


def test_seed_reports_are_not_copies_but_their_reprints_are(seeds_dir: Path) -> None:
    fox, insider = (
        clean(Document(text=p.read_text(encoding="utf-8"), path=str(p)))
        for p in sorted(seeds_dir.glob("*.txt"))
    )
    reprint = Article(id="reprint", outlet="Local Station", text=_edited(insider.text, 1))
    groups = find_duplicates([fox, insider, reprint])
    # Two outlets quoting the same interview are independent reports; the reprint is a copy.
    assert [(g.canonical, g.copies) for g in groups] == [(insider.id, ["reprint"])]
    assert copies_of(groups) == {"reprint": insider.id}


def test_canonical_is_earliest_then_longest() -> None:
    base = _ecb_articles(1)[0]
    early = Article(id="early", outlet="a", text=base.text[:-40], published=datetime(2024, 1, 1, 8))
    late = Article(id="late", outlet="b", text=base.text, published=datetime(2024, 1, 1, 9))
    undated_long = Article(id="undated", outlet="c", text=base.text + " Extra closing line for length.")
    groups = find_duplicates([late, undated_long, early])
    assert [(g.canonical, g.copies) for g in groups] == [("early", ["late", "undated"])]
    # Without dates the longest text is the canonical one.
    groups = find_duplicates([a.model_copy(update={"published": None}) for a in (late, undated_long, early)])
    assert [(g.canonical, g.copies) for g in groups] == [("undated", ["late", "early"])]
    # Longest in words: a copy that only broke the text into more lines is no longer than its original.
    original = Article(id="original", outlet="a", text=base.text)
    reflowed = Article(id="reflowed", outlet="b", text=base.text.replace(". ", ".\n\n"))
    assert len(reflowed.text) > len(original.text)
    # Equal in words, the first read stands, whichever it is; by characters the reflowed copy won either way.
    for first, second in ((original, reflowed), (reflowed, original)):
        groups = find_duplicates([first, second])
        assert [(g.canonical, g.copies) for g in groups] == [(first.id, [second.id])]


def test_generated_copies_are_found_and_originals_stay_apart() -> None:
    originals = _ecb_articles(200)
    copies = [
        Article(id=f"copy-{i}", outlet="wire", text=_edited(a.text, i))
        for i, a in enumerate(originals[::4])
        if len(a.text.split()) > 60
    ]
    groups = find_duplicates([*originals, *copies])
    found = copies_of(groups)
    expected = {c.id: originals[int(c.id.split("-")[1]) * 4].id for c in copies}
    recalled = sum(found.get(copy) == original for copy, original in expected.items())
    assert recalled >= 0.95 * len(expected)
    # ECB+ holds a few genuine reprints of one wire story; anything else grouped would be a false copy.
    original_ids = {a.id for a in originals}
    false_copies = [c for c in found if c in original_ids and found[c].split("_")[0] != c.split("_")[0]]
    assert not false_copies


def test_exact_copies_and_empty_texts() -> None:
    text = "Police said the bridge would stay closed until engineers had inspected it on Monday."
    articles = [
        Article(id="a", outlet="x", text=text),
        Article(id="b", outlet="y", text=text.upper()),
        Article(id="c", outlet="z", text=""),
        Article(id="d", outlet="z", text="   "),
    ]
    assert [(g.canonical, g.copies) for g in find_duplicates(articles)] == [("a", ["b"])]
    assert find_duplicates([]) == []


def test_signature_agreement_estimates_jaccard() -> None:
    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(3000)]
    errors = []
    for _ in range(40):
        words = [rng.choice(vocabulary) for _ in range(400)]
        other = list(words)
        for _ in range(rng.randrange(0, 200)):
            other[rng.randrange(len(other))] = rng.choice(vocabulary)
        a, b = shingles(" ".join(words)), shingles(" ".join(other))
        true = len(np.intersect1d(a, b)) / len(np.union1d(a, b))
        estimate = float((signature_of_shingles(a) == signature_of_shingles(b)).mean())
        errors.append(abs(true - estimate))
    # 128 slots: standard error at most 0.044; the mean error must sit well inside it.
    assert float(np.mean(errors)) < 0.04


def test_signatures_are_the_same_in_another_process() -> None:
    # Spark workers are other processes: hashing must not depend on PYTHONHASHSEED.
    text = "NATO will deploy a permanent full-scale military force on its border with Russia."
    code = (
        "from crosscheck.dedup import signature; import sys; "
        f"sys.stdout.write(','.join(map(str, signature({text!r}).tolist())))"
    )
    other = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={"PYTHONHASHSEED": "99"}
    ).stdout
    assert other == ",".join(map(str, signature(text).tolist()))


def test_bucket_pairs_stay_linear_in_crowded_buckets() -> None:
    assert bucket_pairs([3, 1, 2]) == [(1, 2), (1, 3), (2, 3)]
    crowded = bucket_pairs(range(100))
    assert len(crowded) == 99 and all(a == 0 for a, _ in crowded)
