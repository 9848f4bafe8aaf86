"""JSON output: the ``Report`` model serialised, and the JSON Schema that describes it."""

from __future__ import annotations

import json
from typing import Any

import orjson

from crosscheck.model import SCHEMA_VERSION, Report


def render_json(report: Report) -> str:
    return orjson.dumps(report.model_dump(mode="json"), option=orjson.OPT_INDENT_2).decode("utf-8") + "\n"


def render_story_lines(report: Report) -> str:
    """One JSON object per story: what researchers who bring their own story grouping read back."""
    articles = {a.id: a for a in report.articles}
    lines = []
    for story in report.stories:
        labels = {articles[i].story for i in story.article_ids if articles[i].story is not None}
        record = {
            "story": labels.pop() if len(labels) == 1 else story.id,
            "id": story.id,
            "title": story.title,
            "article_ids": story.article_ids,
            "brief": [b.model_dump(mode="json") for b in story.brief],
            "claims": [c.model_dump(mode="json") for c in story.claims],
            "discrepancies": [d.model_dump(mode="json") for d in story.discrepancies],
        }
        lines.append(orjson.dumps(record).decode("utf-8"))
    return "".join(line + "\n" for line in lines)


def report_schema() -> dict[str, Any]:
    """The JSON Schema of ``--format json`` output, generated from the models and tagged with its version."""
    schema = Report.model_json_schema(mode="serialization")
    schema["$id"] = f"https://crosscheck.invalid/schema/report-v{SCHEMA_VERSION}.json"
    schema["title"] = f"crosscheck report, schema_version {SCHEMA_VERSION}"
    return schema


def render_schema() -> str:
    return json.dumps(report_schema(), indent=2, sort_keys=True) + "\n"
