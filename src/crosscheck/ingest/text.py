"""Plain-text articles: UTF-8 ``.txt``, with optional sidecar ``NAME.json`` metadata next to ``NAME.txt``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from crosscheck.clean import unwrap
from crosscheck.errors import InputError
from crosscheck.ingest import register
from crosscheck.model import Document, Provenance, zoned_time
from crosscheck.settings import Settings

SIDECAR_FIELDS = ("outlet", "url", "published", "title", "author", "id", "story")


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 text, or an ``InputError`` that says which of the usual problems it is."""
    if not data.strip():
        raise InputError(str(path), "empty file")
    if looks_like_utf16(data):
        raise InputError(str(path), "not UTF-8 (looks like UTF-16); re-encode it as UTF-8")
    if b"\x00" in data[:8192]:
        raise InputError(str(path), "binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(
            str(path), f"not UTF-8 (bad byte at offset {err.start}); re-encode it as UTF-8"
        ) from err
    if not text.strip():
        raise InputError(str(path), "empty file")
    return text


def looks_like_utf16(data: bytes) -> bool:
    """A byte order mark of UTF-16, or Latin-script text in UTF-16 without one: every other byte NUL (Windows
    tools save "Unicode" text so), where binary files hold NULs anywhere."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return not data.startswith(b"\xff\xfe\x00\x00")  # that is UTF-32's mark
    sample = data[:8192]
    half = len(sample) // 2
    if half < 4:
        return False
    nuls = max(sample[0::2].count(0), sample[1::2].count(0))
    return nuls >= 0.9 * half and sample.count(0) - nuls <= 0.02 * half


def parse_published(value: object, path: Path) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        parsed = zoned_time(datetime.fromisoformat(str(value).replace("Z", "+00:00")))
    except ValueError as err:
        raise InputError(str(path), f"sidecar 'published' is not an ISO date: {value!r}") from err
    if parsed is None:
        raise InputError(str(path), f"sidecar 'published' cannot be expressed in UTC: {value!r}")
    return parsed


def read_sidecar(path: Path) -> dict[str, object]:
    sidecar = path.with_suffix(".json")
    if not sidecar.exists():
        return {}
    try:
        meta = json.loads(sidecar.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(str(sidecar), f"sidecar metadata is not valid UTF-8 JSON ({err})") from err
    if not isinstance(meta, dict):
        raise InputError(str(sidecar), "sidecar metadata must be a JSON object")
    story = meta.get("story")
    if isinstance(story, bool) or not isinstance(story, str | int | float | None):
        # A story label groups articles for --group-by story; "True" or "['a', 'b']" would group by accident.
        raise InputError(str(sidecar), "sidecar 'story' must be text or a number")
    return {k: meta[k] for k in SIDECAR_FIELDS if meta.get(k) not in (None, "")}


@register(".txt")
def read_text(path: Path, settings: Settings) -> Iterator[Document]:
    size = path.stat().st_size
    if size > settings.max_file_bytes:
        raise InputError(str(path), f"file is {size} bytes, over the {settings.max_file_bytes}-byte limit")
    text = unwrap(decode_text(path, path.read_bytes()))
    meta = read_sidecar(path)
    yield Document(
        text=text,
        path=str(path),
        id=str(meta["id"]) if "id" in meta else None,
        # With no outlet given, the file's stem names the source.
        outlet=str(meta.get("outlet") or path.stem),
        url=str(meta["url"]) if "url" in meta else None,
        title=str(meta["title"]) if "title" in meta else None,
        author=str(meta["author"]) if "author" in meta else None,
        published=parse_published(meta.get("published"), path),
        provenance=Provenance(path=str(path)),
        story=(str(meta["story"]).strip() or None) if "story" in meta else None,
    )
