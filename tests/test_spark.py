"""The Spark job in local[2] gives the same duplicate groups, stories and rejections as `crosscheck cluster`."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.conftest import EVAL, need

ECB = EVAL / "clustering" / "ecbplus_dev_docs.jsonl"
pytestmark = pytest.mark.slow  # starts a JVM and loads MiniLM in two Python workers


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    from crosscheck.scale.spark import spark_session

    session = spark_session("local[2]", app_name="crosscheck-test")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def _sample(folder: Path) -> list[str]:
    """Topics 1 and 12 of ECB+ dev (12 holds real reprints) as JSONL and Parquet, plus three bad rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [json.loads(line) for line in need(ECB).read_text(encoding="utf-8").splitlines()]
    sample = [
        {"id": r["doc_id"], "title": r["title"] if r["text"] else "", "text": r["text"] or r["title"]}
        for r in rows
        if r["topic"] in {"1", "12"}
    ]
    jsonl = folder / "sample.jsonl"
    bad = [
        {"id": sample[0]["id"], "title": "again", "text": "A repeated id is refused."},
        {"id": "no-text", "title": "Only a title", "text": ""},
    ]
    lines = [json.dumps(r) for r in sample[:40] + bad] + ["{not json"]
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    parquet = folder / "sample.parquet"
    pq.write_table(pa.Table.from_pylist(sample[40:]), parquet)
    return [str(jsonl), str(parquet)]


def test_spark_job_matches_in_process_run(spark: Any, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from crosscheck.ingest import read_documents
    from crosscheck.scale import cluster_documents
    from crosscheck.scale.spark import run_spark_cluster

    inputs = _sample(tmp_path)
    local = cluster_documents(read_documents(inputs)).to_json()
    counts = run_spark_cluster(inputs, str(tmp_path / "out"), spark=spark).counts

    stories = pq.read_table(tmp_path / "out" / "stories").to_pylist()
    duplicates = pq.read_table(tmp_path / "out" / "duplicates").to_pylist()
    rejected = pq.read_table(tmp_path / "out" / "rejected").to_pylist()
    # One window (the default): the online pass sees the same profiles in the same order, so equality is exact.
    assert stories == local["stories"]
    assert duplicates == local["duplicates"]
    assert duplicates, "topic 12 holds reprints; the sample must exercise the duplicate path"
    assert rejected == local["rejected"]
    assert counts["in"] == local["counts"]["in"] == counts["out"] + counts["rejected"]
    assert counts["rejected"] == 3

    # A second run into the same output would replace the first's datasets: refused before any reading.
    from crosscheck.errors import OutputError

    with pytest.raises(OutputError, match="already holds stories, duplicates, rejected"):
        run_spark_cluster(inputs, str(tmp_path / "out"), spark=spark)


def test_a_uri_names_its_files_its_folder_or_a_glob(spark: Any, tmp_path: Path) -> None:
    """URIs are listed through Hadoop's file system (here file://, as s3a:// or hdfs:// would be): a folder
    gives the files of the kinds the job reads, a glob its matches, each read as its own input."""
    from crosscheck.model import Rejected
    from crosscheck.scale.spark import _hadoop_files, list_inputs

    folder = tmp_path / "dump"
    (folder / "2024").mkdir(parents=True)
    for name in ("2024/b.jsonl", "a.jsonl", "notes.txt", "_SUCCESS"):
        (folder / name).write_text('{"text": "x"}\n', encoding="utf-8")
    (tmp_path / "empty.jsonl").write_text("", encoding="utf-8")
    listed = _hadoop_files(spark, f"file://{folder}")
    assert isinstance(listed, list)
    assert [name.rsplit("/dump/", 1)[1] for name in listed] == ["2024/b.jsonl", "a.jsonl"]
    globbed = _hadoop_files(spark, f"file://{folder}/*.jsonl")
    assert isinstance(globbed, list) and [name.rsplit("/", 1)[1] for name in globbed] == ["a.jsonl"]
    missing = _hadoop_files(spark, f"file://{tmp_path}/nowhere/*.jsonl")
    assert isinstance(missing, Rejected) and missing.error == "no such file or folder"
    # An empty local file is named as such, as `crosscheck cluster` names it.
    (empty,) = list_inputs([str(tmp_path / "empty.jsonl")])
    assert isinstance(empty, Rejected) and empty.error == "empty file"


def test_windowed_story_pass_is_the_in_process_run_of_each_window() -> None:
    """The rule with --window-days: stories are exactly the in-process stories of each window's articles."""
    from datetime import UTC, datetime, timedelta

    from crosscheck.cluster import cluster_stories, profile_articles
    from crosscheck.dedup import published_key
    from crosscheck.model import Article
    from crosscheck.scale.spark import _story_pass, _window

    rows = [json.loads(line) for line in need(ECB).read_text(encoding="utf-8").splitlines()]
    start = datetime(2024, 3, 1, tzinfo=UTC)
    articles = [
        Article(
            id=r["doc_id"],
            outlet="ecb",
            title=r["title"],
            text=r["text"] or r["title"],
            # Two events of topic 1 five days apart, and one undated article: three windows of 3 days.
            published=None
            if n == 0
            else start + timedelta(days=0 if r["subtopic"] == "1ecb" else 5, hours=n),
        )
        for n, r in enumerate(r for r in rows if r["topic"] == "1")
    ]
    profiles = profile_articles(articles)
    keyed = sorted(
        ((*_window(published_key(a), 3.0), n), (n, a.id, p))
        for n, (a, p) in enumerate(zip(articles, profiles, strict=True))
    )
    founders = dict(_story_pass(keyed))
    windows: dict[tuple[int, int], list[int]] = {}
    for key, (n, _, _) in keyed:
        windows.setdefault(key[:2], []).append(n)
    assert len(windows) == 3
    expected: dict[int, int] = {}
    for members in windows.values():
        window_articles = [articles[n] for n in members]
        vectors = np.vstack([profiles[n].vector for n in members])
        for ids in cluster_stories(window_articles, vectors=vectors):
            first = min(n for n in members if articles[n].id in ids)
            expected.update({n: first for n in members if articles[n].id in ids})
    assert founders == expected


def _read_on_spark(spark: Any, files: list[str]) -> tuple[list[Any], list[Any]]:
    """The articles and rejections the job's reading stage makes of ``files``, in input order."""
    from crosscheck.model import Rejected
    from crosscheck.scale.spark import read_articles

    records = [
        item for _, item in sorted(read_articles(spark, files, 200_000).collect(), key=lambda kv: kv[0])
    ]
    return [r for r in records if not isinstance(r, Rejected)], [
        r for r in records if isinstance(r, Rejected)
    ]


def _read_in_process(files: list[str]) -> tuple[list[Any], list[Any]]:
    """What `crosscheck cluster` reads and cleans of ``files``, before repeated ids are refused (as the
    job's reading stage gives it)."""
    from crosscheck.ingest import read_documents
    from crosscheck.model import Rejected
    from crosscheck.scale import clean_document

    records = [d if isinstance(d, Rejected) else clean_document(d, 200_000) for d in read_documents(files)]
    return [r for r in records if not isinstance(r, Rejected)], [
        r for r in records if isinstance(r, Rejected)
    ]


GOOD_ROW = {
    "id": "gazette-1",
    "text": "The council shut the old harbour bridge on Tuesday after divers found corrosion.",
}


def test_a_file_that_is_not_parquet_is_rejected_and_the_rest_is_read(spark: Any, tmp_path: Path) -> None:
    """A file named .parquet that is not one ended the whole job with Spark's stack trace; it is one
    rejection naming the file, as in process, and the other inputs are read."""
    fake = tmp_path / "notes.parquet"
    fake.write_text("this is not a Parquet file\n", encoding="utf-8")
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps(GOOD_ROW) + "\n", encoding="utf-8")
    articles, rejected = _read_on_spark(spark, [str(fake), str(dump)])
    assert [a.id for a in articles] == ["gazette-1"]
    assert [(r.path, r.error.split(" (")[0]) for r in rejected] == [(str(fake), "not a Parquet file")]


def test_parquet_without_the_text_column_is_one_rejection_as_in_process(spark: Any, tmp_path: Path) -> None:
    """Wrong column names were one 'no article text' per row, which never said what the columns were;
    the file is refused once, with its columns, in the words `crosscheck cluster` uses."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    dump = tmp_path / "renamed.parquet"
    pq.write_table(pa.Table.from_pylist([{"doc_id": "a", "body": GOOD_ROW["text"]}] * 3), dump)
    _, rejected = _read_on_spark(spark, [str(dump)])
    _, local = _read_in_process([str(dump)])
    assert [(r.path, r.error) for r in rejected] == [(str(dump), "no 'text' column (columns: doc_id, body)")]
    assert rejected == local


def test_inputs_without_rows_are_rejected_as_in_process(spark: Any, tmp_path: Path) -> None:
    """A JSONL file of blank lines and a Parquet file of no rows vanished from the job without a word (no
    rejection, not counted); they are named as `crosscheck cluster` names them."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from crosscheck.scale.spark import run_spark_cluster

    blank = tmp_path / "blank.jsonl"
    blank.write_text("\n  \n\n", encoding="utf-8")
    none = tmp_path / "none.parquet"
    pq.write_table(
        pa.Table.from_pylist([], schema=pa.schema([("id", pa.string()), ("text", pa.string())])), none
    )
    dump = tmp_path / "dump.jsonl"
    dump.write_text(json.dumps(GOOD_ROW) + "\n", encoding="utf-8")
    files = [str(blank), str(none), str(dump)]
    _, local = _read_in_process(files)
    assert [(r.path, r.error) for r in local] == [(str(blank), "empty file"), (str(none), "no rows")]
    run = run_spark_cluster(files, str(tmp_path / "out"), spark=spark)
    assert run.rejected == local
    assert run.counts["in"] == 3 and run.counts["rejected"] == 2


def test_web_archive_records_are_named_by_their_input_as_in_process(spark: Any, tmp_path: Path) -> None:
    """A record of a WARC read on Spark was named by the temporary copy its worker read
    (/tmp/tmpXXXX/input.warc.gz), so a rejection pointed at a file that no longer exists."""
    from tests.ingest.test_ingest_warc import write_warc

    archive = tmp_path / "crawl.warc.gz"
    write_warc(archive, pages=2)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(archive.read_bytes()[:-200])
    articles, rejected = _read_on_spark(spark, [str(archive), str(cut)])
    local, local_rejected = _read_in_process([str(archive), str(cut)])
    assert [(a.id, a.path, a.provenance) for a in articles] == [(a.id, a.path, a.provenance) for a in local]
    assert all(a.provenance.path == str(archive) for a in articles[:2])
    assert rejected == local_rejected and rejected[-1].path.startswith(f"{cut}#")


def test_a_jsonl_line_over_the_byte_cap_is_refused_as_in_process(
    spark: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A line over CROSSCHECK_MAX_FILE_BYTES is refused by `crosscheck cluster` whatever it holds; Spark read
    it whole and kept the row when its text was short (the bulk in another field), so the runs differed."""
    from crosscheck.ingest import read_documents
    from crosscheck.model import Rejected
    from crosscheck.scale.spark import read_articles
    from crosscheck.settings import get_settings

    dump = tmp_path / "dump.jsonl"
    bulky = {**GOOD_ROW, "id": "bulky", "html": "<p>" + "x" * 2000 + "</p>"}
    dump.write_text(json.dumps(bulky) + "\n" + json.dumps(GOOD_ROW) + "\n", encoding="utf-8")
    # The driver's setting, as a user sets it for the whole job.
    monkeypatch.setenv("CROSSCHECK_MAX_FILE_BYTES", "1000")
    get_settings.cache_clear()
    try:
        records = [item for _, item in sorted(read_articles(spark, [str(dump)], 200_000).collect())]
        local = list(read_documents([dump]))
    finally:
        monkeypatch.delenv("CROSSCHECK_MAX_FILE_BYTES")
        get_settings.cache_clear()
    assert isinstance(records[0], Rejected) and records[0] == local[0]
    assert [r.id for r in records[1:]] == ["gazette-1"]


def test_a_gzipped_dump_cut_short_is_rejected_and_its_rows_read_as_in_process(
    spark: Any, tmp_path: Path
) -> None:
    """A .jsonl.gz cut off mid-stream (an interrupted upload) or not gzip at all failed Spark's text reader
    in its task, and the whole job ended with a stack trace. In process the rows before the break are read
    and the file is named as unreadable; so on Spark."""
    import gzip

    whole = "".join(json.dumps({**GOOD_ROW, "id": f"gazette-{n}"}) + "\n" for n in range(400))
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(whole.encode("utf-8"))[:-300])
    fake = tmp_path / "fake.jsonl.gz"
    fake.write_text("not gzip at all\n", encoding="utf-8")
    files = [str(cut), str(fake)]
    articles, rejected = _read_on_spark(spark, files)
    local_articles, local_rejected = _read_in_process(files)
    assert [(a.id, a.path, a.provenance) for a in articles] == [
        (a.id, a.path, a.provenance) for a in local_articles
    ]
    assert rejected == local_rejected
    assert [r.path for r in rejected] == files and articles


def test_parquet_timestamps_are_the_instants_the_file_holds_in_any_time_zone(
    spark: Any, tmp_path: Path
) -> None:
    """PySpark hands a Parquet TIMESTAMP to Python as a naive time in the worker's local zone, which the
    reader then took for UTC: on a machine set to New York every publication time moved five hours, and with
    it the choice of the earliest copy and the arrival order, against `crosscheck cluster`."""
    from datetime import UTC, datetime

    import pyarrow as pa
    import pyarrow.parquet as pq

    dump = tmp_path / "dated.parquet"
    published = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
    pq.write_table(pa.Table.from_pylist([{**GOOD_ROW, "published": published}]), dump)
    # Python workers started with this environment run in that zone (a new worker pool for a new environment).
    spark.sparkContext.environment["TZ"] = "America/New_York"
    try:
        articles, _ = _read_on_spark(spark, [str(dump)])
    finally:
        del spark.sparkContext.environment["TZ"]
    local, _ = _read_in_process([str(dump)])
    assert local[0].published == published
    assert [a.published for a in articles] == [published]


def test_local_file_names_hadoop_reads_as_globs_or_cannot_read(spark: Any, tmp_path: Path) -> None:
    """Spark took a local path for a Hadoop glob: "news[1].jsonl" silently read news1.jsonl instead, a
    web archive named "crawl[2].warc.gz" ended the job with a stack trace, and a ':' in a file name (a time
    of day) made every glob in its folder fail. Names are escaped; a ':', which Hadoop paths cannot hold,
    is one rejection naming the file."""
    from tests.ingest.test_ingest_warc import write_warc

    bracketed = tmp_path / "news[1].jsonl"
    bracketed.write_text(json.dumps({**GOOD_ROW, "id": "bracketed"}) + "\n", encoding="utf-8")
    (tmp_path / "news1.jsonl").write_text(json.dumps({**GOOD_ROW, "id": "plain"}) + "\n", encoding="utf-8")
    archive = tmp_path / "crawl[2].warc.gz"
    write_warc(archive, pages=1)
    timed = tmp_path / "feed 10:00.jsonl"
    timed.write_text(json.dumps({**GOOD_ROW, "id": "timed"}) + "\n", encoding="utf-8")
    articles, rejected = _read_on_spark(spark, [str(bracketed), str(archive), str(timed)])
    local, _ = _read_in_process([str(bracketed), str(archive)])
    assert [(a.id, a.path) for a in articles] == [(a.id, a.path) for a in local]
    assert articles[0].id == "bracketed"
    assert [(r.path, r.error.split(";")[0]) for r in rejected] == [
        (str(timed), "a ':' in the path, which Spark's file system (Hadoop) cannot read")
    ]


def test_a_web_archive_or_gzipped_dump_with_a_comma_in_its_name_is_read(spark: Any, tmp_path: Path) -> None:
    """Whole files went through SparkContext.binaryFiles, which splits its path at commas: "Reuters,
    AP.warc.gz" was two inputs that do not exist, and the job ended with a stack trace."""
    import gzip

    from tests.ingest.test_ingest_warc import write_warc

    archive = tmp_path / "Reuters, AP.warc.gz"
    write_warc(archive, pages=1)
    dump = tmp_path / "wire,desk.jsonl.gz"
    dump.write_bytes(gzip.compress((json.dumps(GOOD_ROW) + "\n").encode("utf-8")))
    files = [str(archive), str(dump)]
    articles, rejected = _read_on_spark(spark, files)
    local, _ = _read_in_process(files)
    assert not rejected and [(a.id, a.path) for a in articles] == [(a.id, a.path) for a in local]
    assert [a.path for a in articles] == files


def test_a_file_spark_skips_as_hidden_is_named_not_lost(spark: Any, tmp_path: Path) -> None:
    """Spark's file readers skip a file whose name starts with '_' or '.' even when it is named itself:
    "_wire.jsonl" or "_crawl.warc.gz" gave no row and no rejection, where `crosscheck cluster` reads them."""
    from tests.ingest.test_ingest_warc import write_warc

    dump = tmp_path / "_wire.jsonl"
    dump.write_text(json.dumps(GOOD_ROW) + "\n", encoding="utf-8")
    archive = tmp_path / "_crawl.warc.gz"
    write_warc(archive, pages=1)
    dotted = tmp_path / ".desk.jsonl"
    dotted.write_text(json.dumps(GOOD_ROW) + "\n", encoding="utf-8")
    files = [str(dump), str(archive), str(dotted)]
    articles, rejected = _read_on_spark(spark, files)
    assert not articles
    assert [(r.path, r.error.split(";")[0]) for r in rejected] == [
        (name, "a name starting with '_' or '.', which Spark skips as hidden") for name in files
    ]
