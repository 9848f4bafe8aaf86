"""JSON output: the ``Report`` model serialised, and the JSON Schema that describes it."""

from __future__ import annotations

import json
from typing import Any

import orjson

from crosscheck.model import SCHEMA_VERSION, Report


def render_json(report: Report) -> str:
    return orjson.dumps(report.model_dump(mode="json"), option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"


def report_schema() -> dict[str, Any]:
    """The JSON Schema of ``--format json`` output, generated from the models and tagged with its version."""
    schema = Report.model_json_schema(mode="serialization")
    schema["$id"] = f"https://crosscheck.invalid/schema/report-v{SCHEMA_VERSION}.json"
    schema["title"] = f"crosscheck report, schema_version {SCHEMA_VERSION}"
    return schema


def render_schema() -> str:
    return json.dumps(report_schema(), indent=2, sort_keys=True) + "\n"
