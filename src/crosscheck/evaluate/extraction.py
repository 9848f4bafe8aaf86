"""Main-text extraction scored on ../shared/eval/extraction: crosscheck and plain trafilatura, same scorers.

Two benchmarks, each with its own published metric:

- ``trafilatura_eval``: per page, whitespace-normalised substring test of each "with" segment (must be in the
  output) and "without" segment (must not be); counts summed over pages (micro-average) into P/R/F1. A failed
  extraction misses every "with" segment.
- ``big9``: 4-token shingles (``\\w+`` tokens, counted with multiplicity) of the output against the gold text;
  per-page TP/FP/FN normalised to sum to one; precision and recall averaged over pages; F1 of the averages.

crosscheck's output is what ``crosscheck extract`` prints: the cleaned article's title, standfirst and text.
With ``furniture=True`` the per-outlet furniture model is first fitted on the benchmark's own pages (no gold
text is used: it is the unsupervised ``crosscheck learn-furniture`` step run on the corpus being extracted).
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
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


def _furnished_outputs(paths: list[str], workers: int) -> list[str | None]:
    """crosscheck's outputs with the furniture model fitted on these very pages first (two passes).

    None marks a crash of the reader (a failure); a page without an article gives an empty output.
    """
    from crosscheck.furniture import OutletFurniture

    results: list[tuple[Document | None, bool]] = _map(_document_job, paths, workers)
    model = OutletFurniture().fit(d for d, _ in results if d is not None)
    return [
        None if failed else article_output(d, model.line_filter(d.outlet) if d is not None else None)
        for d, failed in results
    ]


def _system_label(system: str, furniture: bool) -> str:
    return f"{system} + outlet furniture" if furniture and system == "crosscheck" else system


def score_trafilatura_eval(
    folder: Path,
    systems: Iterable[str] = SYSTEMS,
    limit: int | None = None,
    workers: int = 2,
    furniture: bool = False,
) -> list[Scores]:
    pages = trafilatura_eval_pages(folder)[:limit]
    results = []
    for system in systems:
        if furniture and system == "crosscheck":
            outputs = _furnished_outputs([str(path) for path, _ in pages], workers)
            rows = [
                (*segment_counts(item, out), out is None)
                for (_, item), out in zip(pages, outputs, strict=True)
            ]
        else:
            rows = _map(_segment_job, [(system, str(path), item) for path, item in pages], workers)
        precision, recall, f1 = segment_scores(row[:4] for row in rows)
        failures = sum(1 for row in rows if row[4])
        label = _system_label(system, furniture)
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
) -> list[Scores]:
    pairs = big9_sample(folder, limit)
    results = []
    for system in systems:
        if furniture and system == "crosscheck":
            outputs = _furnished_outputs([str(html) for html, _ in pairs], workers)
            rows = [
                (*shingle_counts(gold.read_text(encoding="utf-8", errors="replace"), out or ""), out is None)
                for (_, gold), out in zip(pairs, outputs, strict=True)
            ]
        else:
            rows = _map(_shingle_job, [(system, str(html), str(gold)) for html, gold in pairs], workers)
        precision, recall, f1 = shingle_scores([row[:3] for row in rows])
        failures = sum(1 for row in rows if row[3])
        label = _system_label(system, furniture)
        results.append(Scores("big9", label, len(rows), precision, recall, f1, failures))
    return results
