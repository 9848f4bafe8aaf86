"""Per-outlet furniture: fitted on a corpus, saved and loaded, applied only once an outlet is well known."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crosscheck.clean import clean
from crosscheck.errors import InputError
from crosscheck.furniture import ENV_PATH, OutletFurniture, default_path, load_default
from crosscheck.model import Document

PROMPT = "Sign-up for our daily briefing, free in your inbox every morning"


def _corpus(outlet: str, articles: int, furniture: bool = True) -> list[Document]:
    documents = []
    for n in range(articles):
        lines = [
            f"Story {n}: the council met for the {n}th time to discuss the harbour bridge and its repair."
        ]
        if furniture:
            lines.append(PROMPT)
        lines.append(
            f"Residents of district {n} said they would attend the next public meeting on the bridge."
        )
        documents.append(Document(text="\n".join(lines), outlet=outlet, title=f"Bridge update {n}"))
    return documents


def test_recurring_lines_of_an_outlet_are_furniture() -> None:
    model = OutletFurniture().fit(_corpus("Gazette", 8) + _corpus("Courier", 8, furniture=False))
    assert model.articles_seen_ == {"Gazette": 8, "Courier": 8}
    line_filter = model.line_filter("Gazette")
    assert line_filter is not None
    assert line_filter(PROMPT) == "Gazette furniture (on 8 of 8 pages)"
    assert line_filter("Story 1: something else entirely.") is None
    # Courier never printed the prompt: nothing is learned for it.
    assert model.line_filter("Courier") is None


def test_filter_waits_for_enough_articles() -> None:
    model = OutletFurniture(min_articles=5).fit(_corpus("Gazette", 4))
    assert model.line_filter("Gazette") is None
    assert model.line_filter("Unknown") is None


def test_rare_lines_are_kept() -> None:
    corpus = _corpus("Gazette", 40, furniture=False)
    corpus[0] = corpus[0].model_copy(update={"text": corpus[0].text + "\nA line printed twice."})
    corpus[1] = corpus[1].model_copy(update={"text": corpus[1].text + "\nA line printed twice."})
    model = OutletFurniture().fit(corpus)
    assert model.line_filter("Gazette") is None


def test_clean_records_outlet_furniture() -> None:
    corpus = _corpus("Gazette", 6)
    model = OutletFurniture().fit(corpus)
    article = clean(corpus[0], outlet_furniture=model.line_filter("Gazette"))
    assert PROMPT not in article.text
    assert any(r.text == PROMPT and r.reason.startswith("Gazette furniture") for r in article.removed)


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    model = OutletFurniture(min_count=4).fit(_corpus("Gazette", 6))
    path = model.save(tmp_path / "model.json")
    loaded = OutletFurniture.load(path)
    assert loaded.get_params() == model.get_params()
    assert loaded.lines_ == model.lines_ and loaded.articles_seen_ == model.articles_seen_
    assert json.loads(path.read_text())["version"] == 1


def test_default_path_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "f.json"
    monkeypatch.setenv(ENV_PATH, str(target))
    assert default_path() == target
    assert load_default() is None
    OutletFurniture().fit(_corpus("Gazette", 6)).save()
    loaded = load_default()
    assert loaded is not None and loaded.line_filter("Gazette") is not None
    target.write_text("{broken")
    assert load_default() is None
    with pytest.raises(InputError, match="not a furniture model"):
        OutletFurniture.load(target)


def test_unfitted_model_says_so() -> None:
    with pytest.raises(RuntimeError, match="not fitted"):
        OutletFurniture().line_filter("Gazette")
