"""One settings object for every threshold and knob, overridable by CROSSCHECK_* environment variables."""

from __future__ import annotations

import os
from functools import lru_cache

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Thresholds live here, not as literals in the stages that use them."""

    model_config = SettingsConfigDict(env_prefix="CROSSCHECK_", frozen=True)

    # ingest
    max_file_bytes: int = 20_000_000
    # An article longer than this (characters of clean text) is rejected, not analysed: spaCy refuses texts over
    # 1,000,000 characters, and long before that one document costs more than a corpus (a 200,000-character
    # text took 10 s and 0.9 GB to brief, a 950,000-character one over a minute and 2.9 GB). News articles
    # are far shorter (10,000 words is about 60,000 characters).
    max_article_chars: int = 200_000
    # clean: a title line is short and unpunctuated; longer lines are body text
    title_max_words: int = 30
    standfirst_max_words: int = 60
    call_to_action_max_words: int = 16
    # a line ending on a picture credit ("(AP Photo/Evan Vucci)") is a caption up to this length; longer ones
    # are body text that happens to end on brackets
    photo_caption_max_words: int = 60

    # align: two sentences state the same thing when their combined similarity reaches this
    # score = embedding cosine + align_lexical_bonus * min(shared specific IDF, cap) / cap
    # 0.75, not 0.70: of the pairs NewsWCL50's claims held at 0.70-0.75, readers found 51 different statements
    # and 11 the same (``crosscheck evaluate alignment``; docs/design.md, "Alignment score")
    align_threshold: float = 0.75
    align_lexical_bonus: float = 0.30
    align_lexical_cap: float = 10.0
    # a pair past the threshold is confirmed only when its words agree too: cosine + 0.4 * min(shared specific
    # IDF, 20) / 20 + 0.8 * the share of the shorter's words standing in order in the other reaches this
    # (docs/design.md, "Claims are confirmed by their words")
    align_confirm_threshold: float = 0.85
    # a unit this close (cosine) to another of the same article restates it, and is folded into it
    restatement_threshold: float = 0.78
    # quote wording: two quotations of one speaker are the same quotation when this share of words agree
    quote_match_ratio: float = 0.80
    quote_min_common_words: int = 6

    # brief
    brief_words: int = 250

    # measured: batches of 16 to 32 sentences encode fastest on 2 cores
    embedding_batch_size: int = 32
    # worker processes that analyse stories side by side; 0: one per core, 1: all in this process
    workers: int = 0
    # below this many articles, starting workers (a few seconds to load their models) does not pay
    parallel_min_articles: int = 200
    # threads of the encoder's onnxruntime session; 0 lets onnxruntime take one per core
    embedding_threads: int = 0
    # int8 weights (onnxruntime dynamic quantization) for every embedding, the leads that stories are found by
    # included. Off by default: the encoder runs 2.4 times faster, but cosines move by 0.011 on average (0.08 at
    # most), and with int8 leads ECB+ stories lose ARI (file order 0.952 → 0.941, V 0.985 → 0.984,
    # measured before the split's entity check).
    embedding_int8: bool = False
    # int8 weights for the sentences aligned within a story only. The cosine moves flip 954 of the 13,790
    # alignment and restatement decisions of 300 ECB+ articles, yet the two measure alike: on the pairs of ECB+ dev
    # (different reports of one event; positive when they share an event coreference chain) int8 and float
    # score alike (cosine AUC 0.7084 against 0.7079; at the alignment threshold P 0.896 / R 0.457 against
    # 0.893 / 0.457; of the 64 decisions that flip, int8 is right on 34); on ClaimDiff's claim pairs it ranks
    # alike (related AUC 0.7372 against 0.7381) and 63 pairs reach the threshold against 70, all but 2 related
    # (``bench/alignment_encoders.py``). Alignment is the largest stage of a corpus run, so this takes 300
    # articles from 12.0 to about 17.5 articles/s (``bench/bench_corpus.py``).
    alignment_int8: bool = True
    # sentence vectors kept in memory by text across calls (about 1.7 KB each): a story analysed again when an
    # article joins it (ingest, watch, the web app) embeds only that article's sentences; 0 turns it off
    embedding_cache: int = 20_000
    # annotated articles the store's analyser keeps by content, least recently used out first (30 KB to 120 KB
    # each, by length: a few tens of MB); 0 turns it off
    annotation_cache: int = 500
    # articles of due stories the store analyses together, by the worker processes when enough of them are new
    # (``parallel_min_articles``): a batch repays the workers' start. At most ``annotation_cache`` (the
    # stories' next growth finds their annotations there); 0 analyses story by story
    store_analysis_batch: int = 1000
    # where the encoder's exported ONNX graph is cached; None: the user's cache folder (platformdirs)
    model_cache: str | None = None


def worker_processes(settings: Settings) -> int:
    """Worker processes to spread work over: ``workers``, where 0 means one per core."""
    return settings.workers or os.cpu_count() or 1


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
