"""The Spark job in local[2] gives the same duplicate groups, stories and rejections as `crosscheck cluster`."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
    counts = run_spark_cluster(inputs, str(tmp_path / "out"), spark=spark)

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
