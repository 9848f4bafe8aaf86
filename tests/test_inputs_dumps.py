"""Dumps as journalists' tools write them: pandas' float ids, BOMs, CRLF, quoted newlines, empty cells."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from crosscheck.clean import clean
from crosscheck.ingest import read_documents
from crosscheck.model import Document, Rejected

CLOSURE = (
    "The Millbrook bridge was closed on Tuesday after inspectors found cracks in two of its steel supports."
)
DETOUR = "Buses were diverted through the town centre while the Millbrook bridge stays shut for six weeks."
COST = "Repairs to the Millbrook bridge will cost about 3.2 million dollars, the county said on Tuesday."


def documents(path: Path) -> list[Document]:
    items = list(read_documents([path]))
    assert not [item for item in items if isinstance(item, Rejected)], items
    return [item for item in items if isinstance(item, Document)]


def test_whole_number_ids_that_pandas_wrote_as_floats_keep_their_number(tmp_path: Path) -> None:
    # An id column of whole numbers with one gap is float64 once pandas has held it: 1042 is written 1042.0.
    dump = tmp_path / "desk.parquet"
    table = pa.table(
        {
            "id": pa.array([1042.0, None, 1044.0], pa.float64()),
            "story": pa.array([3.0, 3.0, 7.5], pa.float64()),
            "text": [CLOSURE, DETOUR, COST],
        }
    )
    pq.write_table(table, dump)
    read = documents(dump)
    assert [d.id for d in read][::2] == ["1042", "1044"]
    assert [d.story for d in read] == ["3", "3", "7.5"]


def test_a_story_label_given_as_3_in_one_row_and_3_0_in_another_is_one_story(tmp_path: Path) -> None:
    dump = tmp_path / "desk.jsonl"
    rows = [{"id": "a", "story": 3, "text": CLOSURE}, {"id": "b", "story": 3.0, "text": DETOUR}]
    dump.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    assert {d.story for d in documents(dump)} == {"3"}


def test_a_spreadsheet_export_with_bom_crlf_and_a_quoted_paragraph_break(tmp_path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["id", "outlet", "text", "published"])
    writer.writerow(
        [7, "Harbour Gazette", f'{CLOSURE}\r\n\r\n"We cannot take any risk," an official said.', ""]
    )
    writer.writerow([8, "", DETOUR, "2024-03-05"])
    dump = tmp_path / "export.csv"
    dump.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    first, second = documents(dump)
    assert first.id == "7" and first.outlet == "Harbour Gazette" and first.published is None
    paragraphs = clean(first).text.split("\n\n")
    assert paragraphs == [CLOSURE, '"We cannot take any risk," an official said.']
    # An empty outlet cell is no outlet: the dump's name stands for the source, as the README says.
    assert second.outlet == "export" and second.published is not None


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("desk.jsonl", "utf-16"),  # PowerShell 5's `> desk.jsonl`: a byte order mark, then UTF-16LE
        ("desk.jsonl", "utf-16-le"),
        ("desk.csv", "utf-16-le"),  # no mark: its ASCII is valid UTF-8 with a NUL after each letter
        ("desk.tsv", "utf-16"),  # Excel's "Unicode Text"
    ],
)
def test_a_dump_saved_as_utf16_is_named_so(tmp_path: Path, name: str, encoding: str) -> None:
    dump = tmp_path / name
    if name.endswith(".jsonl"):
        content = json.dumps({"id": 1, "text": CLOSURE}) + "\n"
    else:
        separator = "\t" if name.endswith(".tsv") else ","
        content = f"id{separator}text\n1{separator}{CLOSURE}\n"
    dump.write_bytes(content.encode(encoding))
    [rejected] = list(read_documents([dump]))
    assert rejected == Rejected(
        path=str(dump), error="not UTF-8 (looks like UTF-16); re-encode the dump as UTF-8"
    )


def test_a_spreadsheet_saved_under_a_csv_name_is_a_binary_file(tmp_path: Path) -> None:
    dump = tmp_path / "desk.csv"
    dump.write_bytes(b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml")
    assert list(read_documents([dump])) == [Rejected(path=str(dump), error="binary file, not CSV")]


def test_a_csv_typed_with_a_space_after_each_comma_reads_its_columns_and_quoted_commas(
    tmp_path: Path,
) -> None:
    dump = tmp_path / "typed.csv"
    dump.write_text(
        'id, outlet, text\n7, Harbour Gazette, "The bridge, officials said, was closed on Tuesday."\n',
        encoding="utf-8",
    )
    [read] = documents(dump)
    assert (read.id, read.outlet, read.text) == (
        "7",
        "Harbour Gazette",
        "The bridge, officials said, was closed on Tuesday.",
    )


def test_a_header_that_names_a_column_it_reads_twice_is_refused(tmp_path: Path) -> None:
    # Two sheets pasted side by side: the second "text" column is empty, the first holds the article.
    dump = tmp_path / "merged.csv"
    dump.write_text(f"id,text,outlet,text\n1,{CLOSURE},Harbour Gazette,\n", encoding="utf-8")
    assert list(read_documents([dump])) == [
        Rejected(path=str(dump), error="two columns are named 'text'; rename one")
    ]
    table = pa.Table.from_arrays(
        [pa.array(["g-1"]), pa.array([CLOSURE]), pa.array(["v-9"])], names=["id", "text", "id"]
    )
    pq.write_table(table, tmp_path / "merged.parquet")
    [rejected] = list(read_documents([tmp_path / "merged.parquet"]))
    assert isinstance(rejected, Rejected) and rejected.error == "two columns are named 'id'; rename one"


def test_columns_it_does_not_read_may_repeat(tmp_path: Path) -> None:
    dump = tmp_path / "merged.csv"
    dump.write_text(f"id,notes,text,notes\n1,,{CLOSURE},checked\n", encoding="utf-8")
    assert [d.text for d in documents(dump)] == [CLOSURE]
