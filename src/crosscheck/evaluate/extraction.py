"""Main-text extraction scored on ../shared/eval/extraction: crosscheck and plain trafilatura, same scorers.

Two benchmarks, each with its own published metric:

- ``trafilatura_eval``: per page, whitespace-normalised substring test of each "with" segment (must be in the
  output) and "without" segment (must not be); counts summed over pages (micro-average) into P/R/F1. A failed
  extraction misses every "with" segment.
- ``big9``: 4-token shingles (``\\w+`` tokens, counted with multiplicity) of the output against the gold text;
  per-page TP/FP/FN normalised to sum to one; precision and recall averaged over pages; F1 of the averages.

crosscheck's output is what ``crosscheck extract`` prints: the cleaned article's title, standfirst and text.
With ``furniture=True`` the per-outlet furniture model (the unsupervised ``crosscheck learn-furniture`` step; no
gold text is used) is cross-fitted: each outlet's pages are dealt into ``folds`` folds, and each page is
cleaned with a model learned on the other folds only, as a user learns furniture on a corpus and then
extracts new pages. ``folds=1`` learns on the very pages scored, which flatters the figure; it is kept only
to show the size of that flattery.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crosscheck.clean import LineFilter
    from crosscheck.model import Document

SYSTEMS = ("crosscheck", "trafilatura")
TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Scores:
    """One system's figures on one benchmark."""

    benchmark: str
    system: str
    pages: int
    precision: float
    recall: float
    f1: float
    failures: int = 0


# ---- extractors under test -----------------------------------------------------------------------------


def run_trafilatura(html: bytes) -> str:
    """Plain trafilatura: the installed version with its default settings."""
    import trafilatura

    return trafilatura.extract(html) or ""


def read_page(html: bytes) -> Document | None:
    """crosscheck's HTML reader on one page; None when it finds no article (scored as an empty output)."""
    from crosscheck.errors import InputError
    from crosscheck.ingest.html import page_document

    try:
        return page_document(html, "page")
    except InputError:
        return None


def article_output(document: Document | None, outlet_furniture: LineFilter | None = None) -> str:
    """What ``crosscheck extract`` prints for a page: the cleaned article's title, standfirst and text."""
    from crosscheck.clean import clean

    if document is None:
        return ""
    article = clean(document, outlet_furniture=outlet_furniture)
    return "\n".join(part for part in (article.title, article.standfirst, article.text) if part)


def run_crosscheck(html: bytes) -> str:
    return article_output(read_page(html))


RUNNERS: dict[str, Callable[[bytes], str]] = {"crosscheck": run_crosscheck, "trafilatura": run_trafilatura}


# ---- trafilatura_eval: segment substring test ----------------------------------------------------------


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def segment_counts(item: dict[str, Any], output: str | None) -> tuple[int, int, int, int]:
    """(tp, fp, fn, tn) of one page: "with" segments found, "without" segments found, and the complements."""
    withs: list[str] = item["with"]
    withouts: list[str] = item["without"]
    if output is None:
        return 0, 0, len(withs), len(withouts)
    text = _norm(output)
    tp = sum(1 for segment in withs if _norm(segment) in text)
    fp = sum(1 for segment in withouts if _norm(segment) in text)
    return tp, fp, len(withs) - tp, len(withouts) - fp


def segment_scores(counts: Iterable[tuple[int, int, int, int]]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for a, b, c, _ in counts:
        tp, fp, fn = tp + a, fp + b, fn + c
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return precision, recall, f1


# ---- big9: 4-token shingles ----------------------------------------------------------------------------


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def shingle_counts(gold: str, output: str) -> tuple[float, float, float]:
    """Per-page TP/FP/FN over shingles, normalised to sum to one so that long pages weigh no more."""
    truth, predicted = shingles(gold), shingles(output)
    tp = sum((truth & predicted).values())
    fp = sum(predicted.values()) - tp
    fn = sum(truth.values()) - tp
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _page_precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fp == 0 else tp / (tp + fp)


def _page_recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == fn == 0 else tp / (tp + fn)


def shingle_scores(counts: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Precision and recall macro-averaged over pages (pages where each is defined), F1 of the averages."""
    precisions = [_page_precision(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [_page_recall(*c) for c in counts if c[0] + c[2] > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# ---- corpora -------------------------------------------------------------------------------------------


def _read_html(path: Path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def trafilatura_eval_pages(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    """(html file, annotation) for every annotated page whose file is present, in the annotation order."""
    items: dict[str, dict[str, Any]] = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for item in items.values():
        for sub in ("cache", "eval"):
            candidate = folder / "html" / sub / f"{item['file']}.gz"
            if candidate.exists():
                pages.append((candidate, item))
                break
    return pages


def big9_pages(folder: Path) -> list[tuple[Path, Path]]:
    """(html file, gold text file) pairs of every snapshot year."""
    pairs = []
    for html in sorted(folder.glob("big5-*/html/*")):
        stem = html.name.removesuffix(".gz").rsplit(".", 1)[0]
        gold = html.parent.parent / "gold" / f"{stem}.txt"
        if gold.exists():
            pairs.append((html, gold))
    return pairs


# ---- parallel scoring ----------------------------------------------------------------------------------


def _segment_job(job: tuple[str, str, dict[str, Any]]) -> tuple[int, int, int, int, bool]:
    system, path, item = job
    try:
        output: str | None = RUNNERS[system](_read_html(Path(path)))
    except Exception:  # a crash counts as a full miss, as in trafilatura's own protocol
        output = None
    return (*segment_counts(item, output), output is None)


def _shingle_job(job: tuple[str, str, str]) -> tuple[float, float, float, bool]:
    system, path, gold_path = job
    gold = Path(gold_path).read_text(encoding="utf-8", errors="replace")
    try:
        output = RUNNERS[system](_read_html(Path(path)))
        failed = False
    except Exception:
        output, failed = "", True
    return (*shingle_counts(gold, output), failed)


def _document_job(path: str) -> tuple[Document | None, bool]:
    """The page's document (None when it holds no article) and whether the reader crashed."""
    try:
        return read_page(_read_html(Path(path))), False
    except Exception:
        return None, True


def _map(function: Callable[[Any], Any], jobs: list[Any], workers: int) -> list[Any]:
    if workers <= 1:
        return list(map(function, jobs))
    with ProcessPoolExecutor(max_workers=workers) as executor:
        return list(executor.map(function, jobs, chunksize=4))


def fold_of_pages(outlets: list[str | None], keys: list[str], folds: int) -> list[int]:
    """Deal each outlet's pages, in ``keys`` order, round-robin into ``folds`` folds (deterministic).

    Round-robin over the sorted pages spreads every snapshot year of an outlet over all folds.
    """
    fold = [0] * len(outlets)
    by_outlet: dict[str | None, list[int]] = {}
    for index, outlet in enumerate(outlets):
        by_outlet.setdefault(outlet, []).append(index)
    for indices in by_outlet.values():
        for position, index in enumerate(sorted(indices, key=lambda i: keys[i])):
            fold[index] = position % folds
    return fold


def _crosscheck_outputs(
    paths: list[str], workers: int, folds: int = 2
) -> tuple[list[str | None], list[str | None], list[str | None]]:
    """Each page's outlet, and crosscheck's outputs without and with the furniture model cross-fitted over
    ``folds`` folds of each outlet's pages (``folds=1``: fitted on these very pages), from one extraction
    pass.

    None marks a crash of the reader (a failure); a page without an article gives an empty output.
    """
    from crosscheck.furniture import OutletFurniture

    results: list[tuple[Document | None, bool]] = _map(_document_job, paths, workers)
    outlets = [d.outlet if d is not None else None for d, _ in results]
    fold = fold_of_pages(outlets, paths, folds)
    models = [
        OutletFurniture().fit(
            d for (d, _), f in zip(results, fold, strict=True) if d is not None and (folds == 1 or f != k)
        )
        for k in range(folds)
    ]
    plain = [None if failed else article_output(d) for d, failed in results]
    furnished = [
        None if failed else article_output(d, models[k].line_filter(d.outlet) if d is not None else None)
        for (d, failed), k in zip(results, fold, strict=True)
    ]
    return outlets, plain, furnished


def _furnished_outputs(paths: list[str], workers: int, folds: int = 2) -> list[str | None]:
    return _crosscheck_outputs(paths, workers, folds)[2]


def _system_label(system: str, furniture: bool, folds: int = 2) -> str:
    if not (furniture and system == "crosscheck"):
        return system
    how = "learned on the pages scored" if folds == 1 else f"{folds}-fold cross-fitted"
    return f"{system} + outlet furniture ({how})"


def score_trafilatura_eval(
    folder: Path,
    systems: Iterable[str] = SYSTEMS,
    limit: int | None = None,
    workers: int = 2,
    furniture: bool = False,
    folds: int = 2,
) -> list[Scores]:
    pages = trafilatura_eval_pages(folder)[:limit]
    results = []
    for system in systems:
        if furniture and system == "crosscheck":
            outputs = _furnished_outputs([str(path) for path, _ in pages], workers, folds)
            rows = [
                (*segment_counts(item, out), out is None)
                for (_, item), out in zip(pages, outputs, strict=True)
            ]
        else:
            rows = _map(_segment_job, [(system, str(path), item) for path, item in pages], workers)
        precision, recall, f1 = segment_scores(row[:4] for row in rows)
        failures = sum(1 for row in rows if row[4])
        label = _system_label(system, furniture, folds)
        results.append(Scores("trafilatura_eval", label, len(rows), precision, recall, f1, failures))
    return results


def big9_sample(folder: Path, limit: int | None = None) -> list[tuple[Path, Path]]:
    """All pages, or ``limit`` of them spread evenly over years and outlets rather than the first ones."""
    pairs = big9_pages(folder)
    if limit is None or limit >= len(pairs):
        return pairs
    step = len(pairs) / limit
    return [pairs[int(i * step)] for i in range(limit)]


def score_big9(
    folder: Path,
    systems: Iterable[str] = SYSTEMS,
    limit: int | None = None,
    workers: int = 2,
    furniture: bool = False,
    folds: int = 2,
) -> list[Scores]:
    pairs = big9_sample(folder, limit)
    results = []
    for system in systems:
        if furniture and system == "crosscheck":
            outputs = _furnished_outputs([str(html) for html, _ in pairs], workers, folds)
            rows = [
                (*shingle_counts(gold.read_text(encoding="utf-8", errors="replace"), out or ""), out is None)
                for (_, gold), out in zip(pairs, outputs, strict=True)
            ]
        else:
            rows = _map(_shingle_job, [(system, str(html), str(gold)) for html, gold in pairs], workers)
        precision, recall, f1 = shingle_scores([row[:3] for row in rows])
        failures = sum(1 for row in rows if row[3])
        label = _system_label(system, furniture, folds)
        results.append(Scores("big9", label, len(rows), precision, recall, f1, failures))
    return results


def _big9_rows(
    pairs: list[tuple[Path, Path]], outputs: list[str | None]
) -> list[tuple[float, float, float, bool]]:
    return [
        (*shingle_counts(gold.read_text(encoding="utf-8", errors="replace"), out or ""), out is None)
        for (_, gold), out in zip(pairs, outputs, strict=True)
    ]


def _big9_scores(label: str, rows: list[tuple[float, float, float, bool]]) -> Scores:
    precision, recall, f1 = shingle_scores([row[:3] for row in rows])
    return Scores("big9", label, len(rows), precision, recall, f1, sum(1 for row in rows if row[3]))


def score_big9_crosscheck(
    folder: Path, limit: int | None = None, workers: int = 2, folds: int = 2
) -> tuple[Scores, Scores]:
    """crosscheck on big9 without and with cross-fitted outlet furniture, from one extraction pass."""
    pairs = big9_sample(folder, limit)
    _, plain, furnished = _crosscheck_outputs([str(html) for html, _ in pairs], workers, folds)
    return (
        _big9_scores("crosscheck", _big9_rows(pairs, plain)),
        _big9_scores(_system_label("crosscheck", True, folds), _big9_rows(pairs, furnished)),
    )


# Outlets that big9 captured under a second domain (a redesign, or a sister site of the same newsroom).
BIG9_OUTLET_ALIASES = {
    "bbc.com": "bbc.co.uk",
    "vulture.com": "nymag.com",
    "grubstreet.com": "nymag.com",
    "foxbusiness.com": "foxnews.com",
}


def big9_by_outlet(folder: Path, workers: int = 2, folds: int = 2) -> list[Scores]:
    """Per-outlet figures on big9 for crosscheck (without and with cross-fitted furniture) and plain
    trafilatura, to see which outlets lose precision and which lose recall. The outlet is the one crosscheck
    reads from the page ("?" when it finds no article)."""
    pairs = big9_sample(folder)
    paths = [str(html) for html, _ in pairs]
    found, plain, furnished = _crosscheck_outputs(paths, workers, folds)
    outlets = [BIG9_OUTLET_ALIASES.get(o, o) if o else "?" for o in found]
    trafilatura = _map(_shingle_job, [("trafilatura", str(html), str(gold)) for html, gold in pairs], workers)
    systems = {
        "crosscheck": _big9_rows(pairs, plain),
        _system_label("crosscheck", True, folds): _big9_rows(pairs, furnished),
        "trafilatura": trafilatura,
    }
    results = []
    for outlet in sorted(set(outlets)):
        for label, rows in systems.items():
            picked = [row for row, o in zip(rows, outlets, strict=True) if o == outlet]
            results.append(replace(_big9_scores(label, picked), benchmark=f"big9 {outlet}"))
    return results
