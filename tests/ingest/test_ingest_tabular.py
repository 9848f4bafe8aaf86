"""Dumps: JSONL, CSV and Parquet rows become documents; bad rows are rejected one by one."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import given, settings
from hypothesis import strategies as st

from crosscheck.ingest import ReadOptions, options_from_cli, read_documents
from crosscheck.model import Document, Rejected
from tests.ingest.pages import news_page

ROWS = [
    {
        "id": "a-1",
        "text": "Officials confirmed the dam held.\nResidents returned home.",
        "title": "Dam holds",
        "outlet": "River Post",
        "url": "https://riverpost.example/dam",
        "published": "2024-05-01T09:00:00Z",
        "author": "Sam Lee",
    },
    {"id": "a-2", "text": "Rain is expected again on Friday.", "title": "More rain", "outlet": "Valley News"},
]


def _documents(path: Path, options: ReadOptions | None = None) -> list[Document | Rejected]:
    return list(read_documents([path], options=options))


def test_jsonl_rows_keep_ids_and_metadata(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(json.dumps(r) for r in ROWS) + "\n", encoding="utf-8")
    first, second = _documents(dump)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert (first.id, first.outlet, first.title, first.author) == (
        "a-1",
        "River Post",
        "Dam holds",
        "Sam Lee",
    )
    assert first.published is not None and first.published.year == 2024
    assert first.provenance.line == 1 and second.provenance.line == 2
    assert first.text.splitlines() == ["Officials confirmed the dam held.", "Residents returned home."]


def test_jsonl_bad_rows_are_rejected_and_the_rest_read(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl.gz"
    lines = [
        json.dumps(ROWS[0]),
        "{not json",
        "[1, 2]",
        json.dumps({"title": "no text"}),
        "",
        json.dumps(ROWS[1]),
    ]
    dump.write_bytes(gzip.compress("\n".join(lines).encode()))
    items = _documents(dump)
    assert [type(i).__name__ for i in items] == ["Document", "Rejected", "Rejected", "Rejected", "Document"]
    assert [i.path for i in items if isinstance(i, Rejected)] == [f"{dump}:2", f"{dump}:3", f"{dump}:4"]


def test_a_row_cut_short_is_named_by_the_column_where_it_ends(tmp_path: Path) -> None:
    """A row cut off mid-object was said to break at column 1: the line's own newline was parsed with it,
    so the decoder had moved on to a second line. The column is where the row ends, as Spark reports it."""
    dump = tmp_path / "dump.jsonl"
    cut = '{"id": "a-3", "text": "The dam held"'
    dump.write_text(f"{cut}\n{json.dumps(ROWS[1])}\r\n", encoding="utf-8")
    first, second = _documents(dump)
    assert isinstance(first, Rejected) and isinstance(second, Document)
    assert first.error == f"not a JSON object (Expecting ',' delimiter, column {len(cut) + 1})"


def test_one_over_long_jsonl_line_is_rejected_and_the_rows_after_it_read(tmp_path: Path) -> None:
    """The first line over CROSSCHECK_MAX_FILE_BYTES ended the dump: every row after it was lost unsaid."""
    from crosscheck.settings import Settings

    dump = tmp_path / "dump.jsonl"
    long_row = {"id": "long", "text": "Flooding closed the road. " * 200}
    dump.write_text("\n".join(json.dumps(r) for r in [ROWS[0], long_row, ROWS[1]]) + "\n", encoding="utf-8")
    first, refused, last = read_documents([dump], settings=Settings(max_file_bytes=1000))
    assert isinstance(first, Document) and isinstance(last, Document) and last.id == "a-2"
    assert isinstance(refused, Rejected) and refused.path == f"{dump}:2"
    assert "over 1000 bytes" in refused.error


def test_custom_field_names(tmp_path: Path) -> None:
    dump = tmp_path / "custom.jsonl"
    dump.write_text(
        json.dumps({"uid": 7, "body": "The ferry resumed service.", "headline": "Ferry back"}) + "\n"
    )
    options = options_from_cli(text_field="body", title_field="headline", id_field="uid")
    [document] = _documents(dump, options)
    assert isinstance(document, Document)
    assert (document.id, document.title, document.text) == ("7", "Ferry back", "The ferry resumed service.")
    assert document.outlet == "custom"


def test_html_column_is_extracted(tmp_path: Path) -> None:
    dump = tmp_path / "pages.jsonl"
    dump.write_text(json.dumps({"html": news_page(), "url": "https://www.harbourgazette.example/x"}) + "\n")
    [document] = _documents(dump)
    assert isinstance(document, Document)
    assert "corrosion in three of its steel supports" in document.text
    assert document.outlet == "harbourgazette.example"
    assert document.title == "Council closes harbour bridge after corrosion found"


def test_csv_with_long_cells_and_a_broken_row(tmp_path: Path) -> None:
    dump = tmp_path / "dump.csv"
    with dump.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "title", "text", "outlet"])
        writer.writeheader()
        writer.writerow({"id": "c1", "title": "Long", "text": "word " * 60_000, "outlet": "Big Outlet"})
        writer.writerow({"id": "c2", "title": "Empty", "text": "", "outlet": "X"})
    first, second = _documents(dump)
    assert isinstance(first, Document) and first.id == "c1" and len(first.text) > 200_000
    assert isinstance(second, Rejected) and "no article text" in second.error


def test_a_csv_quote_never_closed_names_the_lines_it_swallowed(tmp_path: Path) -> None:
    """The csv module reads every row after an unclosed quotation mark into its field; they were lost unsaid."""
    dump = tmp_path / "dump.csv"
    dump.write_text(
        "id,text\n"
        "a1,Flooding closed the road on Monday.\n"
        'a2,"The bridge reopened on Tuesday.\n'
        "a3,Schools stayed shut on Wednesday.\n"
        "a4,The council met on Thursday.\n",
        encoding="utf-8",
    )
    first, second = _documents(dump)
    assert isinstance(first, Document) and first.id == "a1"
    assert isinstance(second, Rejected) and second.path == f"{dump}:3"
    assert "never closed" in second.error and "lines 3-5" in second.error


def test_a_csv_row_with_more_fields_than_its_header_is_rejected_not_cut(tmp_path: Path) -> None:
    """An unquoted comma split the text, and only the header's share of the fields was kept."""
    dump = tmp_path / "commas.csv"
    dump.write_text(
        "id,text\n"
        "1,The mayor said, on Tuesday, that the library would open in June.\n"
        '2,"The mayor said, on Tuesday, that the pool would open in July."\n',
        encoding="utf-8",
    )
    first, second = _documents(dump)
    assert isinstance(first, Rejected) and first.path == f"{dump}:2"
    assert "4 fields where the header has 2" in first.error
    assert isinstance(second, Document) and second.text.endswith("open in July.")
    tabbed = tmp_path / "tabs.tsv"
    tabbed.write_text("id\ttext\n1\tThe mayor spoke.\tLater she left.\n", encoding="utf-8")
    [rejected] = _documents(tabbed)
    assert isinstance(rejected, Rejected) and "3 fields where the header has 2 (a tab" in rejected.error


def test_csv_without_text_column_is_rejected(tmp_path: Path) -> None:
    dump = tmp_path / "wrong.csv"
    dump.write_text("a,b\n1,2\n", encoding="utf-8")
    [rejected] = _documents(dump)
    assert isinstance(rejected, Rejected) and "'text' column" in rejected.error


def test_a_column_the_user_names_must_exist(tmp_path: Path) -> None:
    """--text-field missing was an error; --id-field (or any other) missing passed unnoticed."""
    dump = tmp_path / "dump.csv"
    dump.write_text("doc_id,text\nx1,Flooding closed the road on Monday.\n", encoding="utf-8")
    options = options_from_cli(id_field="docid")
    [rejected] = list(read_documents([dump], options=options))
    assert isinstance(rejected, Rejected) and "no 'docid' column, which --id-field names" in rejected.error
    table = tmp_path / "dump.parquet"
    pq.write_table(pa.table({"doc_id": ["x1"], "text": ["Flooding closed the road on Monday."]}), table)
    [rejected] = list(read_documents([table], options=options))
    assert isinstance(rejected, Rejected) and "--id-field" in rejected.error
    [document] = list(read_documents([dump], options=options_from_cli(id_field="doc_id")))
    assert isinstance(document, Document) and document.id == "x1"
    # A JSONL dump is checked on its first rows together: an exporter may drop a row's empty fields.
    sparse = tmp_path / "sparse.jsonl"
    sparse.write_text(
        json.dumps({"doc_id": "x1", "text": "Flooding closed the road."})
        + "\n"
        + json.dumps({"doc_id": "x2", "text": "The road reopened.", "date": "2026-03-02"})
        + "\n",
        encoding="utf-8",
    )
    documents = list(read_documents([sparse], options=options_from_cli(published_field="date")))
    assert [d.published is not None for d in documents if isinstance(d, Document)] == [False, True]
    lines = tmp_path / "dump.jsonl"
    lines.write_text(
        json.dumps({"doc_id": "x1", "text": "Flooding closed the road."}) + "\n", encoding="utf-8"
    )
    [rejected] = list(read_documents([lines], options=options))
    assert isinstance(rejected, Rejected) and "no 'docid' column, which --id-field names" in rejected.error


def test_a_binary_file_named_as_a_dump_is_one_rejection(tmp_path: Path) -> None:
    dump = tmp_path / "photo.jsonl"
    dump.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\n\xff\xfe\x00" * 50)
    [rejected] = list(read_documents([dump]))
    assert isinstance(rejected, Rejected) and rejected.error == "binary file, not JSON lines"


def test_non_utf8_dump_is_rejected(tmp_path: Path) -> None:
    dump = tmp_path / "latin.jsonl"
    dump.write_bytes(
        json.dumps({"text": "x"}).encode() + b"\n" + '{"text": "caf\xe9"}'.encode("latin-1") + b"\n"
    )
    items = _documents(dump)
    assert isinstance(items[0], Document)
    assert isinstance(items[-1], Rejected) and "UTF-8" in items[-1].error


def test_parquet(tmp_path: Path) -> None:
    dump = tmp_path / "dump.parquet"
    pq.write_table(pa.Table.from_pylist(ROWS), dump)
    first, second = _documents(dump)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.id == "a-1" and second.outlet == "Valley News"


def test_a_cell_that_is_no_text_is_rejected_by_row_and_column_not_spelt_as_python(tmp_path: Path) -> None:
    """Such cells became Python reprs: "True", "{'a': 1}", "b'...'"."""
    text = "Flooding closed the main road into the valley on Monday."
    rows = [
        {"id": 7, "text": text, "story": 3},
        {"id": True, "text": text},
        {"id": "j3", "title": {"a": 1}, "text": text},
        {"id": "j4", "text": ["Flooding", "closed"]},
        {"id": "j5", "text": 12},
    ]
    dump = tmp_path / "dump.jsonl"
    dump.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    first, *refused = _documents(dump)
    assert isinstance(first, Document) and (first.id, first.story) == ("7", "3")
    assert [(r.path, r.error) for r in refused if isinstance(r, Rejected)] == [
        (f"{dump}:2", "column 'id' holds true or false, not text"),
        (f"{dump}:3", "column 'title' holds an object, not text"),
        (f"{dump}:4", "column 'text' holds a list, not text"),
        (f"{dump}:5", "column 'text' holds a number, not text"),
    ]


def test_parquet_binary_text_is_decoded_and_other_kinds_rejected(tmp_path: Path) -> None:
    text = "Flooding closed the main road into the valley on Monday."
    binary = tmp_path / "binary.parquet"
    table = pa.table(
        {"id": ["p1", "p2"], "text": pa.array([text.encode(), b"\xff\xfe caf\xe9"], pa.binary())}
    )
    pq.write_table(table, binary)
    decoded, refused = _documents(binary)
    assert isinstance(decoded, Document) and decoded.text == text
    assert isinstance(refused, Rejected) and refused.path == f"{binary}:2"
    assert refused.error == "column 'text' holds bytes that are not UTF-8 text"
    nested = tmp_path / "nested.parquet"
    pq.write_table(pa.table({"title": [{"x": "Flood"}], "text": [[text]]}), nested)
    [rejected] = _documents(nested)
    assert isinstance(rejected, Rejected) and rejected.path == f"{nested}:1"
    assert "holds an object, not text" in rejected.error or "holds a list, not text" in rejected.error


def test_not_parquet_is_rejected(tmp_path: Path) -> None:
    dump = tmp_path / "fake.parquet"
    dump.write_bytes(b"PAR1 this is not parquet")
    [rejected] = _documents(dump)
    assert isinstance(rejected, Rejected) and "Parquet" in rejected.error


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=1500), st.sampled_from(["x.jsonl", "x.csv", "x.parquet", "x.jsonl.gz", "x.tsv"]))
def test_fuzz_dumps_never_crash(data: bytes, name: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        for item in read_documents([path]):
            assert isinstance(item, Document | Rejected)


def test_a_row_without_an_outlet_is_credited_to_its_web_domain(tmp_path: Path) -> None:
    """Without an outlet column every row was the dump file's outlet, so two outlets' reports of one fact
    read as one outlet's."""
    rows = [
        {"url": "https://www.bbc.co.uk/news/uk-1", "text": "Flooding closed the road on Monday."},
        {"url": "https://www.theguardian.com/uk/2026/flood", "text": "The road was closed by flooding."},
        {"text": "No address for this one."},
    ]
    dump = tmp_path / "wire.jsonl"
    dump.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    outlets = [d.outlet for d in read_documents([dump]) if isinstance(d, Document)]
    assert outlets == ["bbc.co.uk", "theguardian.com", "wire"]
