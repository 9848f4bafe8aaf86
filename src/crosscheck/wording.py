"""Where two quotations of one remark can be compared word for word, shared by the quote_wording discrepancy
and the reports' quotation pairs, so that both draw the same line between rewording and quoting further."""

from __future__ import annotations

from collections.abc import Sequence
from difflib import Match

# Words one side has beyond the shared stretch, at an end where the other side has words of its own, are read as
# a change of wording ("than before" against "than ever") up to this many; further out, each outlet simply
# quoted more of the remark.
SUBSTITUTED_EDGE_WORDS = 3


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
