"""How often the statements that alignment puts in one claim really state the same thing: NewsWCL50's ten events
scored against unit pairs that readers labelled.

NewsWCL50 (Hamborg et al., 2019; ``../shared/eval/discrepancy/newswcl50``) holds ten 2018 US political events,
each reported by five outlets from left to right, as tokens. Each article's text is rebuilt with its
paragraphs, each event is cleaned, annotated and aligned as one story, and every pair of units that one claim
holds is looked up in ``alignment_labels.jsonl``: this project's own reading of 1,085 pairs (the claims' pairs
at two settings, and near misses), labelled without any score in sight:

- SAME: one states what the other does, perhaps in other words or with other detail (a different number for
  the same thing is still SAME);
- OVERLAP: they share a fact, but each asserts something else;
- DIFFERENT: different facts, remarks or positions on one subject;
- UNCLEAR: a fragment whose subject cannot be told.

A label names each unit by its article ("4_LL") and the offset where the unit ends in crosscheck's clean text:
the texts stay in ../shared. A pair no label covers (after a change of units or of grouping) is counted as
unlabelled, so the scores say how much of the output they cover.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from crosscheck.errors import InputError
from crosscheck.settings import Settings

LABELS = Path(__file__).with_name("alignment_labels.jsonl")
CORPUS_FILE = "NewsWCL50.conll"
LABEL_NAMES = ("SAME", "OVERLAP", "DIFFERENT", "UNCLEAR")
# Tokens printed against the word before them.
NO_SPACE_BEFORE = frozenset(
    {",", ".", ";", ":", "!", "?", ")", "]", "'s", "’s", "n't", "n’t", "'re", "'ve", "'m", "'ll", "'d", "%"}
)
# Tokens the next word is printed against.
GLUING = frozenset({"(", "[", "$", "“", "‘"})
# The corpus marks a paragraph break with this token.
PARAGRAPH = "\\n"

UnitKey = tuple[str, int]
PairKey = tuple[str, UnitKey, UnitKey]


@dataclass
class AlignmentScores:
    claims: int = 0
    found: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def pairs(self) -> int:
        return sum(self.found.values())

    @property
    def labelled(self) -> int:
        return self.pairs - self.found["unlabelled"]

    def share(self, label: str) -> float:
        """The share of the labelled pairs that carry this label."""
        return self.found[label] / self.labelled if self.labelled else 0.0


def read_tokens(path: Path) -> dict[str, list[tuple[int, str]]]:
    """Each document's (sentence number, token), in corpus order."""
    if not path.is_file():
        raise InputError(str(path), "missing: not the NewsWCL50 folder")
    documents: dict[str, list[tuple[int, str]]] = {}
    with path.open(encoding="utf-8") as corpus:
        for line in corpus:
            fields = line.rstrip("\n").split("\t")
            if line.startswith("#") or len(fields) < 4:
                continue
            documents.setdefault(fields[0], []).append((int(fields[1]), fields[3]))
    return documents


def detokenise(tokens: Sequence[tuple[int, str]]) -> str:
    """The article's text: words spaced as printed, quotation marks against what they enclose, a blank line at
    each paragraph token."""
    marks_in: Counter[int] = Counter(sentence for sentence, token in tokens if token == "'")
    text = ""
    glue = True
    double_open = single_open = False
    for sentence, token in tokens:
        if token.strip() == PARAGRAPH:
            text = text.rstrip() + "\n\n"
            glue, double_open = True, False
        elif not token.strip():
            continue
        elif token == "-" and text and text[-1].isalnum():
            text += "-"
            glue = True
        elif token == "'":
            # A single mark opens a quotation only in a sentence that holds another to close it; else it is an
            # apostrophe or a closing mark, printed against the word before.
            if not single_open and marks_in[sentence] >= 2:
                text += " '"
                glue, single_open = True, True
            else:
                text += "'"
                glue, single_open = False, False
        elif token == '"':
            text += '"' if double_open or glue else ' "'
            glue = not double_open
            double_open = not double_open
        else:
            text += token if token in NO_SPACE_BEFORE or glue else " " + token
            glue = token in GLUING
    return text.strip() + "\n"


def read_events(folder: Path) -> dict[str, list[tuple[str, str]]]:
    """Event number → (article name, text) of its reports."""
    by_event: dict[str, list[tuple[str, str]]] = {}
    for document, tokens in read_tokens(folder / CORPUS_FILE).items():
        parts = document.split("/")
        by_event.setdefault(parts[0], []).append((parts[-1], detokenise(tokens)))
    return by_event


def read_labels(path: Path = LABELS) -> dict[PairKey, str]:
    labels: dict[PairKey, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            first, second = sorted([(row["a"][0], int(row["a"][1])), (row["b"][0], int(row["b"][1]))])
            labels[(row["event"], first, second)] = row["label"]
    return labels


def claim_pairs(event: str, reports: Sequence[tuple[str, str]], settings: Settings) -> list[list[PairKey]]:
    """Each claim of several articles as the keys of its unit pairs."""
    from crosscheck.align import align_story
    from crosscheck.annotate import annotate_articles
    from crosscheck.clean import clean
    from crosscheck.model import Document

    articles = [clean(Document(text=text, outlet=name, path=f"{name}.txt")) for name, text in reports]
    name_of = {a.id: a.outlet or a.id for a in articles}
    claims = []
    for statement in align_story(annotate_articles(articles), settings):
        ends = [(name_of[u.article_id], u.end) for u in statement.units]
        pairs: list[PairKey] = []
        for n, first in enumerate(ends):
            for second in ends[n + 1 :]:
                low, high = sorted([first, second])
                pairs.append((event, low, high))
        if pairs:
            claims.append(pairs)
    return claims


def evaluate(
    folder: Path,
    settings: Settings,
    events: Sequence[str] | None = None,
    labels: Mapping[PairKey, str] | None = None,
) -> AlignmentScores:
    """Label counts of the pairs inside the claims of NewsWCL50's events (all, or those named)."""
    started = time.perf_counter()
    labels = labels if labels is not None else read_labels()
    scores = AlignmentScores()
    by_event = read_events(folder)
    unknown = sorted(set(events or ()) - set(by_event))
    if unknown:
        raise InputError(
            str(folder),
            f"no event {', '.join(unknown)} (NewsWCL50 has {', '.join(sorted(by_event, key=int))})",
        )
    for event, reports in sorted(by_event.items(), key=lambda item: int(item[0])):
        if events is not None and event not in events:
            continue
        for pairs in claim_pairs(event, reports, settings):
            scores.claims += 1
            scores.found.update(labels.get(pair, "unlabelled") for pair in pairs)
    scores.seconds = time.perf_counter() - started
    return scores
