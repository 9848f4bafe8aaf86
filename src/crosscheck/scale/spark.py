"""The corpus-scale batch job on Apache Spark: clean → dedup → cluster, the same stage functions as in process.

Requires: JSONL, Parquet or WARC inputs (local paths or URIs Spark can read). Produces Parquet under the output
folder: ``stories`` (id, title, article_ids), ``duplicates`` (canonical, copies), ``rejected`` (path, error) —
the fields of ``crosscheck cluster``'s JSON.

What runs where:

- reading and cleaning (``crosscheck.ingest`` row readers, ``crosscheck.scale.clean_document``): per partition;
- MinHash signatures and LSH band keys (``crosscheck.dedup``): per partition; buckets meet in a shuffle, each
  bucket proposes pairs by ``dedup.bucket_pairs``, pairs are checked by ``dedup.estimated_jaccard``; the few
  copy pairs are grouped on the driver by ``dedup.groups_from_meta``;
- story profiles (lead embeddings, terms, entities: ``cluster.profile_articles``): per partition, batched;
- the online story pass (``cluster.StoryClusterer.add``): one task per time window, articles in arrival order.

The rule for equality with ``crosscheck cluster``: with no ``window_days`` (the default) there is one window, so
duplicate groups and stories are identical to the in-process run. With ``window_days`` W, articles are split
into aligned windows of W days (undated articles form a window of their own) clustered in parallel; stories
are then exactly the in-process stories of each window's articles, and never span two windows.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crosscheck.model import Article, Rejected

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import SparkSession

# The order key of a record: (input file number, record number in that file).
OrderKey = tuple[int, int]
_TABULAR = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
_PARQUET = (".parquet", ".pq")
_WARC = (".warc", ".warc.gz", ".arc", ".arc.gz")
# The Parquet datasets the job writes under its output folder.
DATASETS = ("stories", "duplicates", "rejected")


# The masters Spark takes (SparkSubmit's cluster managers, and SparkContext's forms of a local one). Anything
# else makes the JVM exit before Spark answers, which reaches the user as a Python traceback.
_MASTER = re.compile(
    r"local(\[([1-9][0-9]*|\*)(\s*,\s*[0-9]+)?\])?"
    r"|local-cluster\[\s*[0-9]+\s*,\s*[0-9]+\s*,\s*[0-9]+\s*\]"
    r"|spark://.+|k8s://.+|yarn"
)


def master_problem(master: str) -> str | None:
    """Why Spark would refuse ``master`` (checked before a JVM starts), or None."""
    if _MASTER.fullmatch(master):
        return None
    return (
        f"{master!r} is not a Spark master (local[*], local[N], spark://HOST:PORT, k8s://HOST:PORT or yarn)"
    )


def java_problem() -> str | None:
    """Why Spark's launcher would find no Java, or None. It runs $JAVA_HOME/bin/java, else the java on the
    PATH; without one the JVM never starts, and PySpark says only that its gateway exited."""
    home = os.environ.get("JAVA_HOME")
    if home:
        java = Path(home) / "bin" / "java"
        if not os.access(java, os.X_OK):
            return f"JAVA_HOME={home} holds no bin/java; Spark needs Java 17 (fix or unset JAVA_HOME)"
        return None
    if shutil.which("java") is None:
        return "no java on the PATH; Spark needs Java 17 (install it, or set JAVA_HOME)"
    return None


def spark_session(master: str | None = None, app_name: str = "crosscheck") -> SparkSession:
    """A session for the job; ``master`` None keeps what spark-submit configured. A session that cannot start
    is a ``CrosscheckError`` in one line, not PySpark's traceback."""
    from pyspark.errors import PySparkRuntimeError
    from pyspark.sql import SparkSession

    from crosscheck.errors import CrosscheckError

    # Under spark-submit the JVM is already running and hands its port over; only a JVM to launch needs Java.
    problem = None if "PYSPARK_GATEWAY_PORT" in os.environ else java_problem()
    if problem:
        raise CrosscheckError(f"Spark cannot start: {problem}")
    if master is None or master.startswith("local"):
        # Local workers must run this interpreter (the one with crosscheck and its models), not "python3".
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        set_local_ip()
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    # Arrow moves the profile batches and Parquet rows without per-row pickling.
    builder = builder.config("spark.sql.execution.arrow.pyspark.enabled", "true")
    try:
        return builder.getOrCreate()
    except PySparkRuntimeError as err:
        # The JVM's own reason, if any, is on stderr above this line.
        raise CrosscheckError(f"Spark did not start ({err.getCondition()})") from err


def _has_scheme(raw: str) -> bool:
    return "://" in raw and not raw.startswith("file://")


def _hadoop(session: SparkSession, uri: str) -> tuple[Any, Any]:
    """Hadoop's file system for a URI's scheme, and its ``Path`` class (py4j objects, untyped)."""
    context: Any = session.sparkContext
    hadoop_path: Any = context._jvm.org.apache.hadoop.fs.Path
    return hadoop_path(uri).getFileSystem(context._jsc.hadoopConfiguration()), hadoop_path


def _hadoop_files(session: SparkSession, uri: str) -> list[str] | Rejected:
    """The files a URI names, through Hadoop's file system for its scheme: the file itself, every file a glob
    matches, or every file under a folder, sorted, with only the kinds the job reads kept from folders."""
    system, hadoop_path = _hadoop(session, uri)
    statuses = system.globStatus(hadoop_path(uri))
    if not statuses:
        return Rejected(path=uri, error="no such file or folder")
    files: list[str] = []
    for status in statuses:
        if not status.isDirectory():
            files.append(str(status.getPath().toString()))
            continue
        listing = system.listFiles(status.getPath(), True)
        inside = []
        while listing.hasNext():
            found = str(listing.next().getPath().toString())
            if _kind(found) is not None and not found.rsplit("/", 1)[-1].startswith((".", "_")):
                inside.append(found)
        files.extend(sorted(inside))
    if not files:
        return Rejected(path=uri, error="holds no JSONL, Parquet or WARC files")
    return files


def list_inputs(inputs: Sequence[str], session: SparkSession | None = None) -> list[str | Rejected]:
    """Input files in the order ``crosscheck cluster`` reads them. A URI with a scheme is listed through Hadoop
    when a session is given (a folder or glob becomes its files), else kept as given."""
    from crosscheck.ingest import expand

    files: list[str | Rejected] = []
    for raw in inputs:
        if _has_scheme(raw):
            listed = _hadoop_files(session, raw) if session is not None else [raw]
            files.extend([listed] if isinstance(listed, Rejected) else listed)
            continue
        local = raw.removeprefix("file://")
        for item in expand([local]):
            if isinstance(item, Rejected):
                files.append(item)
            elif item.stat().st_size == 0:
                files.append(Rejected(path=str(item), error="empty file"))
            else:
                files.append(str(item))
    return files


def output_taken(session: SparkSession | None, output: str, overwrite: bool = False) -> str | None:
    """Why the job may not write to ``output``, or None. A file never can be: ``overwrite`` replaces the job's
    datasets in a folder, and Spark cannot write a folder where a file is. A folder is taken, unless
    ``overwrite``, when it already holds one of the job's datasets; an empty or unrelated folder is written
    into."""
    names = [f"{output.rstrip('/')}/{name}" for name in DATASETS]
    if not _has_scheme(output):
        local = Path(output.removeprefix("file://"))
        if local.exists() and not local.is_dir():
            return "is a file, not a folder"
        # Spark makes the missing folders, but not under a file: it failed only when writing, after all the
        # work, with a stack trace.
        nearest = next((folder for folder in local.parents if folder.exists()), None)
        if nearest is not None and not nearest.is_dir():
            return f"{nearest} is a file, not a folder"
        held = [name for name in DATASETS if (local / name).exists()]
    else:
        if session is None:
            return None
        system, hadoop_path = _hadoop(session, output)
        target = hadoop_path(output)
        if system.exists(target) and not system.getFileStatus(target).isDirectory():
            return "is a file, not a folder"
        held = [name for name, full in zip(DATASETS, names, strict=True) if system.exists(hadoop_path(full))]
    if held and not overwrite:
        return f"already holds {', '.join(held)} from an earlier run; give --overwrite to replace them"
    return None


def _kind(name: str) -> str | None:
    lowered = name.lower().rstrip("/")
    for kind, suffixes in (("jsonl", _TABULAR), ("parquet", _PARQUET), ("warc", _WARC)):
        if lowered.endswith(suffixes):
            return kind
    return None


def _clean_rows(
    rows: Iterable[tuple[int, dict[str, Any] | str]],
    file_number: int,
    path: str,
    max_chars: int,
    max_line_bytes: int | None = None,
) -> Iterator[tuple[OrderKey, Article | Rejected]]:
    """Rows of one dump → articles or rejections, with the same reader and cleaning as in process; a JSONL
    line over ``max_line_bytes`` with its newline is refused whole, as the in-process reader refuses it."""
    import json

    from crosscheck.errors import InputError
    from crosscheck.ingest import ReadOptions
    from crosscheck.ingest.tabular import row_document
    from crosscheck.scale import clean_document

    options = ReadOptions()
    for line, raw in rows:
        where = f"{path}:{line}"
        row: Any = raw
        if isinstance(raw, str):
            # A UTF-8 character is at most 4 bytes: most lines are known to be under the cap without encoding.
            if max_line_bytes is not None and len(raw) * 4 >= max_line_bytes:
                size = len(raw.encode("utf-8")) + 1  # the newline the in-process reader counts
                if size > max_line_bytes:
                    yield (
                        (file_number, line),
                        Rejected(
                            path=where,
                            error=f"a line of over {max_line_bytes} bytes (CROSSCHECK_MAX_FILE_BYTES); refused",
                        ),
                    )
                    continue
            if not raw.strip():
                continue
            try:
                row = json.loads(raw.removeprefix("\ufeff") if line == 1 else raw)
            except json.JSONDecodeError as err:
                yield (
                    (file_number, line),
                    Rejected(path=where, error=f"not a JSON object ({err.msg}, column {err.colno})"),
                )
                continue
        if not isinstance(row, dict):
            yield (file_number, line), Rejected(path=where, error="not a JSON object")
            continue
        try:
            # The path as given: Path() would fold a URI's "//" ("s3a://bucket" into "s3a:/bucket").
            document = row_document(row, path if _has_scheme(path) else Path(path), line, options)
        except InputError as err:
            yield (file_number, line), Rejected(path=err.path, error=err.problem)
            continue
        yield (file_number, line), clean_document(document, max_chars)


def _read_whole_file(
    item: tuple[str, bytes], file_number: int, name: str, max_chars: int, max_bytes: int
) -> Iterator[tuple[OrderKey, Article | Rejected]]:
    """The records of one input Spark cannot split (a web archive, a gzipped dump), read by the in-process
    reader from a local copy of its bytes, so that a broken file ends as that reader ends it: the records
    before the break, then one rejection. Everything is named ``name``, the input as listed; Spark's own name
    for it is a URI ("file:/…") where the user gave a path. ``max_bytes`` is the driver's cap on a dump's line
    and an archived page (``max_file_bytes``), not each executor's."""
    from crosscheck.ingest import ReadOptions, read_documents
    from crosscheck.scale import clean_document
    from crosscheck.settings import get_settings

    _, payload = item
    with tempfile.TemporaryDirectory() as folder:
        # The copy keeps the input's file name: a record with no outlet of its own is credited to it.
        local = Path(folder) / name.rstrip("/").rsplit("/", 1)[-1]
        local.write_bytes(payload)
        options = ReadOptions(max_bytes=max_bytes)
        for number, result in enumerate(read_documents([local], get_settings(), options)):
            if isinstance(result, Rejected):
                yield (
                    (file_number, number),
                    Rejected(path=_renamed(result.path, local, name), error=result.error),
                )
            else:
                # The copy's path would name every record and every rejection after a file that is gone.
                named = result.model_copy(
                    update={
                        "path": name,
                        "provenance": result.provenance.model_copy(
                            update={"path": _renamed(result.provenance.path, local, name)}
                        ),
                    }
                )
                yield (file_number, number), clean_document(named, max_chars)


def _whole_files(spark: SparkSession, source: str) -> Any:
    """(path, bytes) of the file ``source`` names, as an RDD. Not SparkContext.binaryFiles: it splits its
    path at commas, so "Reuters, AP.warc.gz" was two inputs that do not exist and the job failed."""
    frame = spark.read.format("binaryFile").load(source).select("path", "content")
    return frame.rdd.map(lambda row: (str(row[0]), bytes(row[1])))


def _renamed(path: str | None, local: Path, name: str) -> str:
    """``path`` with the local copy ``local`` named ``name`` (a record's "copy#3" becomes "name#3")."""
    text = path or str(local)
    return name + text.removeprefix(str(local)) if text.startswith(str(local)) else text


def _parquet_row(pair: tuple[Any, int], local_times: Sequence[str]) -> tuple[int, dict[str, Any]]:
    """(row number, cells) of a Parquet row. PySpark hands a TIMESTAMP cell to Python as a naive time in the
    worker's local zone, which the row reader takes for UTC: on a machine not set to UTC every publication
    time moved by its offset. Made aware again, it is the instant the file holds, as pyarrow reads it in
    process. (TIMESTAMP_NTZ cells are wall-clock times and stay naive on both sides.)"""
    from datetime import UTC, datetime

    row, index = pair
    cells: dict[str, Any] = row.asDict()
    for column in local_times:
        value = cells.get(column)
        if isinstance(value, datetime) and value.tzinfo is None:
            cells[column] = value.astimezone(UTC)  # a naive time is taken as local here, as PySpark made it
    return index + 1, cells


def _rowless(files: Sequence[str | Rejected], records: Any) -> list[tuple[OrderKey, Rejected]]:
    """The JSONL and Parquet inputs that gave no record at all (blank lines only, a Parquet file of no rows),
    refused as the in-process readers refuse them. Rows are read apart on Spark, so no reader sees that a
    whole file had none, and such a file vanished from the job uncounted."""
    read = set(records.map(lambda kv: kv[0][0]).distinct().collect())
    problems = {"jsonl": "empty file", "parquet": "no rows"}
    return [
        ((number, 0), Rejected(path=item, error=problems[kind]))
        for number, item in enumerate(files)
        if isinstance(item, str) and number not in read and (kind := _kind(item) or "") in problems
    ]


# What Hadoop reads as a glob in a path: "news[1].jsonl" would name news1.jsonl.
_GLOB = re.compile(r"([\[\]{}*?\\])")


def _hadoop_name(path: str) -> str | None:
    """How to name a local file to Spark: absolute, its glob characters escaped, since Spark takes every path
    for a Hadoop glob; None when Hadoop cannot name it at all (a ':' in a local path, as in a file named by
    its time of day, reads as a URI scheme or breaks the URI)."""
    local = os.path.abspath(path)
    if ":" in local:
        return None
    return _GLOB.sub(r"\\\1", local)


def _spark_reason(err: Exception) -> str:
    """A Spark failure in a few words: the error class it names ("FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER"),
    else the exception's type; never its JVM stack trace."""
    java: Any = getattr(err, "java_exception", None)
    message = str(java.getMessage()) if java is not None else str(err)
    named = re.match(r"\[([A-Z_.]+)\]", message.strip())
    return f"Spark: {named.group(1)}" if named else f"Spark: {type(err).__name__}"


def read_articles(
    spark: SparkSession, files: Sequence[str | Rejected], max_chars: int, max_line_bytes: int | None = None
) -> Any:
    """Every record of every input file (``list_inputs``), cleaned, keyed by its place in the input order.
    ``max_line_bytes`` caps a JSONL line (default: the driver's ``max_file_bytes``, as in process).

    Returns an RDD of (order key, ``Article`` or ``Rejected``).
    """
    from py4j.protocol import Py4JJavaError  # type: ignore[import-untyped]
    from pyspark.errors.exceptions.captured import CapturedException
    from pyspark.sql.types import TimestampType

    from crosscheck.errors import InputError
    from crosscheck.ingest import ReadOptions
    from crosscheck.ingest.tabular import check_columns
    from crosscheck.settings import get_settings

    line_cap = max_line_bytes or ReadOptions().byte_cap(get_settings())
    sc = spark.sparkContext
    parts: list[RDD[tuple[OrderKey, Article | Rejected]]] = []
    refused: list[tuple[OrderKey, Article | Rejected]] = []
    for number, item in enumerate(files):
        if isinstance(item, Rejected):
            refused.append(((number, 0), item))
            continue
        kind = _kind(item)
        path = item
        if path.rstrip("/").rsplit("/", 1)[-1].startswith(("_", ".")):
            # Spark's readers skip such a file even when it is named itself: it gave no row and no word.
            refused.append(
                (
                    (number, 0),
                    Rejected(
                        path=path,
                        error="a name starting with '_' or '.', which Spark skips as hidden; rename it",
                    ),
                )
            )
            continue
        # What Spark is given to read; messages keep naming the input as listed.
        source = path if _has_scheme(path) else _hadoop_name(path)
        if source is None:
            refused.append(
                (
                    (number, 0),
                    Rejected(
                        path=path,
                        error="a ':' in the path, which Spark's file system (Hadoop) cannot read; rename it",
                    ),
                )
            )
            continue
        whole_file = partial(
            _read_whole_file, file_number=number, name=path, max_chars=max_chars, max_bytes=line_cap
        )
        if kind == "jsonl" and path.lower().endswith(".gz"):
            # Spark reads a gzipped file in one task anyway, and its text reader fails the whole job on a
            # stream cut short or not gzip at all: the in-process reader rejects the file, after its rows.
            parts.append(_whole_files(spark, source).flatMap(whole_file))
        elif kind == "jsonl":
            # Lines end at "\n" only, as in process: textFile would also end one at a bare "\r", which JSON
            # reads as whitespace inside a row.
            text = spark.read.option("lineSep", "\n").text(source).rdd
            lines = text.zipWithIndex().map(lambda pair: (pair[1] + 1, pair[0][0]))
            parts.append(
                lines.mapPartitions(
                    partial(
                        _clean_rows,
                        file_number=number,
                        path=path,
                        max_chars=max_chars,
                        max_line_bytes=line_cap,
                    )
                )
            )
        elif kind == "parquet":
            try:
                # Spark reads the footer here to learn the columns; a file that is not Parquet raised out of
                # the job, which then ended with a JVM stack trace and nothing written.
                frame = spark.read.parquet(source)
            except (Py4JJavaError, CapturedException) as err:
                refused.append(
                    ((number, 0), Rejected(path=path, error=f"not a Parquet file ({_spark_reason(err)})"))
                )
                continue
            try:
                # Misnamed columns are one refusal naming the columns there are, as in process, not a "no
                # article text" for every row.
                check_columns(path, frame.columns, ReadOptions())
            except InputError as err:
                refused.append(((number, 0), Rejected(path=err.path, error=err.problem)))
                continue
            local_times = [f.name for f in frame.schema.fields if isinstance(f.dataType, TimestampType)]
            table = frame.rdd.zipWithIndex()
            parts.append(
                table.map(partial(_parquet_row, local_times=local_times)).mapPartitions(
                    partial(_clean_rows, file_number=number, path=path, max_chars=max_chars)
                )
            )
        elif kind == "warc":
            parts.append(_whole_files(spark, source).flatMap(whole_file))
        else:
            refused.append(
                (
                    (number, 0),
                    Rejected(path=path, error="not JSONL, Parquet or WARC; the Spark job reads those"),
                )
            )
    if refused:
        parts.append(sc.parallelize(refused, 1))
    if not parts:
        return sc.emptyRDD()
    return sc.union(parts)


def _signatures(partition: Iterable[tuple[int, str]]) -> Iterator[tuple[int, Any]]:
    from crosscheck.dedup import signature

    for index, text in partition:
        yield index, signature(text)


def _band_entries(partition: Iterable[tuple[int, Any]]) -> Iterator[tuple[int, int]]:
    import numpy as np

    from crosscheck.dedup import band_keys

    items = list(partition)
    if not items:
        return
    signatures = np.vstack([sig for _, sig in items])
    empty = (signatures == np.iinfo(np.uint64).max).all(axis=1)
    keys = band_keys(signatures)
    for row, (index, _) in enumerate(items):
        if empty[row]:
            continue
        for key in keys[row].tolist():
            yield int(key), index


def _bucket_pairs(members: Iterable[int]) -> list[tuple[int, int]]:
    from crosscheck.dedup import bucket_pairs

    return bucket_pairs(members)


def _pair_similarity(item: tuple[int, tuple[tuple[int, Any], Any]]) -> tuple[tuple[int, int], float]:
    import numpy as np

    from crosscheck.dedup import estimated_jaccard

    _, ((other, first_signature), second_signature) = item
    first = item[0]
    similarity = estimated_jaccard(np.vstack([first_signature, second_signature]), [(0, 1)])[0]
    return (first, other), float(similarity)


def _profile_partition(partition: Iterable[tuple[int, Article]]) -> Iterator[tuple[int, Any]]:
    from crosscheck.cluster import profile_articles

    items = list(partition)
    # One embedding call per partition chunk, as in process, rather than one per article.
    for start in range(0, len(items), 256):
        chunk = items[start : start + 256]
        profiles = profile_articles([article for _, article in chunk])
        for (index, _), profile in zip(chunk, profiles, strict=True):
            yield index, profile


def _story_pass(partition: Iterable[tuple[Any, tuple[int, str, Any]]]) -> Iterator[tuple[int, int]]:
    """The online pass over each window in this partition (sorted by window, then arrival).

    Yields (article index, index of the article that founded its story).
    """
    from crosscheck.cluster import StoryClusterer

    clusterer: StoryClusterer | None = None
    current: Any = object()
    index_of: dict[str, int] = {}

    def founders(done: StoryClusterer) -> Iterator[tuple[int, int]]:
        # The window's articles are all in: the last split checks run here, as at the end of a batch in
        # process (``cluster_stories``), so both give the same stories.
        done.settle()
        for ids in done.stories().values():
            first = min(index_of[i] for i in ids)
            for article_id in ids:
                yield index_of[article_id], first

    for key, (index, article_id, profile) in partition:
        if clusterer is None or key[:2] != current:
            if clusterer is not None:
                yield from founders(clusterer)
            clusterer, current = StoryClusterer(), key[:2]
        index_of[article_id] = index
        clusterer.add(Article(id=article_id, outlet="", text=""), profile)
    if clusterer is not None:
        yield from founders(clusterer)


def _window(published: float, window_days: float | None) -> tuple[int, int]:
    """(undated?, window number): one window without ``window_days``; undated articles share their own."""
    if window_days is None:
        return (0, 0)
    if published == float("inf"):
        return (1, 0)
    return (0, int(published // (window_days * 86400.0)))


def _shared_basis(article: Article, first: Article) -> str:
    """What two articles of one id share, as ``clean.id_basis`` names it in process. The documents are gone by
    now, so it is read off the articles: the same page address, else the same outlet and text, else the id
    the rows gave."""
    from crosscheck.clean import fold, front_page

    if article.url is not None and article.url == first.url and not front_page(article.url):
        return "outlet and URL"
    if article.outlet == first.outlet and fold(article.text) == fold(first.text):
        return "outlet and text"
    return "id"


def _where(order: OrderKey, article: Article) -> str:
    from crosscheck.scale import place

    return place(article.provenance) or article.path or f"input {order[0]} record {order[1]}"


@dataclass(frozen=True)
class SparkRun:
    """What the job wrote: counts (in, out, rejected, stories, duplicate groups) and each rejection."""

    counts: dict[str, int]
    rejected: list[Rejected]


def run_spark_cluster(
    inputs: Sequence[str],
    output: str,
    master: str | None = None,
    window_days: float | None = None,
    max_chars: int | None = None,
    spark: SparkSession | None = None,
    overwrite: bool = False,
) -> SparkRun:
    """Run the job and write its Parquet. An output that already holds the job's datasets is refused before
    any input is read (``OutputError``), unless ``overwrite``."""
    from datetime import UTC, datetime

    from crosscheck.cluster import arrival_order, story_key
    from crosscheck.dedup import DEFAULT_CONFIG, groups_from_meta, published_key, text_length
    from crosscheck.errors import OutputError
    from crosscheck.scale import StoryRecord, story_title
    from crosscheck.settings import get_settings

    session = spark or spark_session(master)
    taken = output_taken(session, output, overwrite)
    if taken:
        raise OutputError(output, taken)
    sc = session.sparkContext
    # The driver's limit, not each executor's environment.
    files = list_inputs(inputs, session)
    records = read_articles(session, files, max_chars or get_settings().max_article_chars).cache()
    refusals: list[tuple[OrderKey, Rejected]] = records.filter(
        lambda kv: isinstance(kv[1], Rejected)
    ).collect()
    refusals += _rowless(files, records)

    # Repeated ids: the first in input order is kept, later ones are rejected, as in process.
    keyed = records.filter(lambda kv: isinstance(kv[1], Article)).map(lambda kv: (kv[1].id, kv))
    first_of = keyed.reduceByKey(lambda a, b: a if a[0] <= b[0] else b)
    repeated = keyed.join(first_of).filter(lambda kv: kv[1][0][0] != kv[1][1][0]).values().collect()
    for (order, article), (first_order, first) in repeated:
        message = (
            f"duplicate article id {article.id!r} "
            f"(first at {_where(first_order, first)}, with the same {_shared_basis(article, first)})"
        )
        refusals.append((order, Rejected(path=_where(order, article), error=message)))
    rejected = [item for _, item in sorted(refusals, key=lambda pair: pair[0])]

    kept = first_of.map(lambda kv: kv[1]).sortByKey()
    articles = kept.map(lambda kv: kv[1]).zipWithIndex().map(lambda pair: (pair[1], pair[0])).cache()
    meta = sorted(
        articles.map(
            lambda kv: (
                kv[0],
                kv[1].id,
                published_key(kv[1]),
                text_length(kv[1]),
                kv[1].title,
                kv[1].text[:400],
            )
        ).collect()
    )
    count = len(meta)

    # Near-duplicates: signatures and band keys per partition, buckets meet in a shuffle, pairs are checked.
    signatures = articles.map(lambda kv: (kv[0], kv[1].text)).mapPartitions(_signatures).cache()
    pairs = (
        signatures.mapPartitions(_band_entries)
        .groupByKey()
        .flatMap(lambda kv: _bucket_pairs(kv[1]))
        .distinct()
    )
    checked = pairs.join(signatures).map(lambda kv: (kv[1][0], (kv[0], kv[1][1]))).join(signatures)
    copy_pairs = checked.map(_pair_similarity).filter(lambda kv: kv[1] >= DEFAULT_CONFIG.threshold).keys()
    duplicate_groups = groups_from_meta([(m[1], m[2], m[3]) for m in meta], sorted(copy_pairs.collect()))
    canonical_of = {copy: group.canonical for group in duplicate_groups for copy in group.copies}

    # Stories: profiles per partition; then the online pass per window, in arrival order.
    stubs = [
        Article(
            id=m[1],
            outlet="",
            text="",
            published=datetime.fromtimestamp(m[2], tz=UTC) if m[2] != float("inf") else None,
        )
        for m in meta
    ]
    arrival = [0] * count
    for rank, index in enumerate(arrival_order(stubs)):
        arrival[index] = rank
    # Sort key per article index: its window, then its arrival rank; shipped once per executor.
    sort_keys = sc.broadcast([(*_window(m[2], window_days), arrival[m[0]]) for m in meta])
    copies = sc.broadcast(set(canonical_of))
    meta_ids = sc.broadcast([m[1] for m in meta])
    profiles = (
        articles.filter(lambda kv: kv[1].id not in copies.value)
        .mapPartitions(_profile_partition)
        .map(lambda kv: (sort_keys.value[kv[0]], (kv[0], meta_ids.value[kv[0]], kv[1])))
    )
    windows = max(1, len({key[:2] for key in sort_keys.value}))
    founders = dict(
        profiles.repartitionAndSortWithinPartitions(
            numPartitions=windows, partitionFunc=lambda key: key[0] * 1_000_003 + key[1]
        )
        .mapPartitions(_story_pass)
        .collect()
    )
    index_of = {m[1]: m[0] for m in meta}
    members: dict[int, list[int]] = {}
    for index in range(count):
        article_id = meta[index][1]
        members.setdefault(founders[index_of[canonical_of.get(article_id, article_id)]], []).append(index)
    stories = [
        StoryRecord(
            id=story_key(meta[ids[0]][1]),
            title=story_title(
                [Article(id=meta[i][1], outlet="", title=meta[i][4], text=meta[i][5]) for i in ids]
            ),
            article_ids=[meta[i][1] for i in ids],
        )
        for ids in sorted(members.values(), key=lambda ids: ids[0])
    ]
    write_parquet(session, output, stories, duplicate_groups, rejected)
    for cached in (records, articles, signatures):
        cached.unpersist()
    counts = {
        "in": count + len(rejected),
        "out": count,
        "rejected": len(rejected),
        "stories": len(stories),
        "duplicate_groups": len(duplicate_groups),
    }
    return SparkRun(counts=counts, rejected=rejected)


def write_parquet(
    session: SparkSession,
    output: str,
    stories: Sequence[Any],
    duplicates: Sequence[Any],
    rejected: Sequence[Rejected],
) -> None:
    """OUTPUT/stories, OUTPUT/duplicates and OUTPUT/rejected, each one Parquet dataset."""
    from pyspark.sql.types import ArrayType, StringType, StructField, StructType

    text = StringType()
    tables = {
        "stories": (
            [(s.id, s.title, list(s.article_ids)) for s in stories],
            StructType(
                [
                    StructField("id", text, False),
                    StructField("title", text, False),
                    StructField("article_ids", ArrayType(text, False), False),
                ]
            ),
        ),
        "duplicates": (
            [(g.canonical, list(g.copies)) for g in duplicates],
            StructType(
                [StructField("canonical", text, False), StructField("copies", ArrayType(text, False), False)]
            ),
        ),
        "rejected": (
            [(r.path, r.error) for r in rejected],
            StructType([StructField("path", text, False), StructField("error", text, False)]),
        ),
    }
    base = output.rstrip("/")
    for name, (rows, schema) in tables.items():
        session.createDataFrame(rows, schema).coalesce(1).write.mode("overwrite").parquet(f"{base}/{name}")


def set_local_ip() -> None:
    """Keep a local[*] run on the loopback interface (machines whose hostname resolves elsewhere)."""
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")


def main(argv: Sequence[str] | None = None) -> None:
    """The spark-submit entry point: ``spark-submit …/crosscheck/scale/spark.py --input … --output …``; a
    mistake is the CLI's one-line error and exit code, not a traceback."""
    from crosscheck.cli import main as command_line

    command_line(["spark", "cluster", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
