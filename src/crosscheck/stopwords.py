"""English stop words for the TF-IDF views of clustering and of the brief: scikit-learn's list.

The list is read from scikit-learn's own file without importing scikit-learn, whose import costs most of a
second (scipy.stats and more come with it); a brief of a few articles needs nothing else from it.
"""

from __future__ import annotations

import importlib.util
import runpy
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def english_stop_words() -> frozenset[str]:
    # Finding a top-level package locates it without running its __init__.
    spec = importlib.util.find_spec("sklearn")
    if spec is not None and spec.origin is not None:
        listing = Path(spec.origin).parent / "feature_extraction" / "_stop_words.py"
        if listing.is_file():
            return frozenset(runpy.run_path(str(listing))["ENGLISH_STOP_WORDS"])
    # A scikit-learn that keeps the list elsewhere: the ordinary import.
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)
