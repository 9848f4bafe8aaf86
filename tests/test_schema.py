"""The committed JSON Schema is the one the models generate: a change to the contract shows in review."""

from __future__ import annotations

import json
from pathlib import Path

from crosscheck.model import SCHEMA_VERSION
from crosscheck.report.json import report_schema

SCHEMA_FILE = (
    Path(__file__).resolve().parents[1] / "src" / "crosscheck" / "schema" / f"report-v{SCHEMA_VERSION}.json"
)


def test_committed_schema_matches_models() -> None:
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == report_schema(), (
        "the models changed: regenerate with `crosscheck schema > src/crosscheck/schema/report-v1.json` "
        "and bump SCHEMA_VERSION if the change is not backwards compatible"
    )


def test_schema_names_the_contract_fields() -> None:
    schema = report_schema()
    defs = schema["$defs"]
    assert {"schema_version", "articles", "stories"} <= set(schema["properties"])
    assert {"id", "path", "outlet", "title", "text", "removed"} <= set(defs["Article"]["properties"])
    story = set(defs["Story"]["properties"])
    assert {
        "id",
        "title",
        "article_ids",
        "claims",
        "discrepancies",
        "quotes",
        "attributions",
        "entities",
        "brief",
    } <= story
    claim = set(defs["Claim"]["properties"])
    assert {"id", "text", "status", "support", "upstream_sources", "independent_sources"} <= claim
    assert set(defs["Discrepancy"]["properties"]["kind"]["enum"]) == {
        "number",
        "number_framing",
        "date",
        "entity",
        "quote_wording",
        "negation",
    }
