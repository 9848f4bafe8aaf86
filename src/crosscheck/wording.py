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

# An editor's marks inside a quotation: a cut, and a note standing for words left out ("[expletive deleted]") or
# saying who a word means ("her (Tara Reid) and"): speech has no brackets, so words in them are the editor's.
ELLIPSIS = re.compile(r"\.\s?\.\s?\.|…")
EDITORS_NOTE = re.compile(r"\[[^\[\]]*\]|\([^()]*\)")


MERIDIEM = frozenset({"am", "pm", "a", "p"})
WHOLE_HOUR = re.compile(r"(\d{1,2})00")


def spoken_hours(keys: Sequence[str]) -> list[str]:
    """Word keys (lowercased letters and digits) with a whole hour's minutes left out: "6:00 p.m." is said "6
    p.m.", and outlets print either. A key that was only the minutes becomes empty; the list keeps its length."""
    out = list(keys)
    for k, key in enumerate(keys):
        following = next((keys[j] for j in range(k + 1, len(keys)) if keys[j]), "")
        if following not in MERIDIEM:
            continue
        hour = WHOLE_HOUR.fullmatch(key)
        if hour:
            out[k] = hour.group(1)
        elif key == "00":
            before = next((keys[j] for j in range(k - 1, -1, -1) if keys[j]), "")
            if re.fullmatch(r"\d{1,2}", before):
                out[k] = ""
    return out


def edited(text: str, tokens: Sequence[tuple[str, int, int]], first: int, last: int) -> bool:
    """Whether the quotation's words ``first:last`` are its editor's, not the speaker's: an editor's note in
    brackets ("[expletive deleted]"), a word printed with asterisks ("f***"), or, where this side has no words
    (``first == last``), a cut marked with an ellipsis in their place."""
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
