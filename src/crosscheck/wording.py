"""Where two quotations of one remark can be compared word for word, shared by the quote_wording discrepancy
and the reports' quotation pairs, so that both draw the same line between rewording and quoting further."""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import Match

# Words one side has beyond the shared stretch, at an end where the other side has words of its own, are read as
# a change of wording ("than before" against "than ever") up to this many; further out, each outlet simply
# quoted more of the remark.
SUBSTITUTED_EDGE_WORDS = 3

# An editor's marks inside a quotation: a cut, and a note standing for words left out ("[expletive deleted]"). Words
# in parentheses are an editor's too where the other outlet has nothing in their place ("her (Tara Reid) and"
# against "her and"): speech has no brackets. Two outlets' different notes ("(Tara Reid)" against "(Paris
# Hilton)") still differ about whom the speaker meant.
ELLIPSIS = re.compile(r"\.\s?\.\s?\.|…")
EDITORS_NOTE = re.compile(r"\[[^\[\]]*\]")
EDITORS_ASIDE = re.compile(r"\([^()]*\)")
# The minutes of a whole hour, between the hour and "a.m." or "p.m.": "6:00 p.m." is said "6 p.m.".
WHOLE_HOUR_MINUTES = re.compile(r"\b(?:1[0-2]|0?[1-9])(\s?:\s?00)(?=\s?[ap]\.?\s?m\b)", re.IGNORECASE)


def spoken_hours(text: str, tokens: Sequence[tuple[str, int, int]], keys: Sequence[str]) -> list[str]:
    """The tokens' keys (lowercased letters and digits), with the minutes of a whole hour left out of them: outlets
    print "6:00 p.m." and "6 p.m." for one spoken time. A token that was only the minutes gets an empty key; the
    list keeps its length."""
    minutes = [(m.start(1), m.end(1)) for m in WHOLE_HOUR_MINUTES.finditer(text)]
    if not minutes:
        return list(keys)
    out = list(keys)
    for k, (_, start, end) in enumerate(tokens):
        for first, last in minutes:
            if first < end and start < last:
                kept = text[start:first] + text[last:end] if first > start else text[last:end]
                out[k] = "".join(ch for ch in kept.lower() if ch.isalnum())
    return out


def edited(
    text: str, tokens: Sequence[tuple[str, int, int]], first: int, last: int, alone: bool = False
) -> bool:
    """Whether the quotation's words ``first:last`` are its editor's, not the speaker's: an editor's note in
    brackets ("[expletive deleted]"), a word printed with asterisks ("f***"), or, where this side has no words
    (``first == last``), a cut marked with an ellipsis in their place. ``alone``: the other quotation has no words
    in their place, so that words in parentheses are an editor's aside too."""
    if first == last:
        before = 0
        if first > 0:
            # From the end of the previous word's letters: a token may carry its punctuation ("tragedies...").
            _, word_start, word_end = tokens[first - 1]
            before = word_start + max(
                (i + 1 for i, ch in enumerate(text[word_start:word_end]) if ch.isalnum()), default=0
            )
        after = tokens[last][1] if last < len(tokens) else len(text)
        return bool(ELLIPSIS.search(text, before, after))
    notes = [(note.start(), note.end()) for note in EDITORS_NOTE.finditer(text)]
    if alone:
        notes += [(aside.start(), aside.end()) for aside in EDITORS_ASIDE.finditer(text)]

    def editors(start: int, end: int) -> bool:
        printed = text[start:end].strip(".,;:!?\"'“”‘’")
        if not printed or ELLIPSIS.fullmatch(text[start:end].strip()):
            return True  # a free-standing "..." or a mark alone
        start = text.index(printed, start)
        end = start + len(printed)
        in_note = any(a <= start and end <= b for a, b in notes)
        # "f***": the asterisks are in the word, or just after it where the tokens stop at letters.
        return in_note or "*" in printed or text[end : end + 1] == "*"

    return all(editors(start, end) for _, start, end in tokens[first:last])


def quoted_stretch(blocks: Sequence[Match], left_words: int, right_words: int) -> tuple[int, int, int, int]:
    """The word ranges ``(a0, a1, b0, b1)`` of each side that render the same stretch of the remark.

    ``blocks`` are difflib's matching blocks between the two word lists, empty ones left out (at least one).
    The stretch runs from the first shared word to the last. At an end where both sides have words outside
    it, the nearest ``SUBSTITUTED_EDGE_WORDS`` of each are taken in: there the two outlets worded one
    part differently. At an end where only one side has words, that side quoted further, which is no change
    of wording.
    """
    a0, b0 = blocks[0].a, blocks[0].b
    a1, b1 = blocks[-1].a + blocks[-1].size, blocks[-1].b + blocks[-1].size
    if a0 and b0:
        a0, b0 = max(0, a0 - SUBSTITUTED_EDGE_WORDS), max(0, b0 - SUBSTITUTED_EDGE_WORDS)
    if a1 < left_words and b1 < right_words:
        a1, b1 = min(left_words, a1 + SUBSTITUTED_EDGE_WORDS), min(right_words, b1 + SUBSTITUTED_EDGE_WORDS)
    return a0, a1, b0, b1
