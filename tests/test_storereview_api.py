"""POST /api/ingest as a script sends it: a blank or padded outlet is no outlet of its own."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from crosscheck.web import create_app
from tests.store.fixtures import fixture_store

BRIDGE = "The council shut the old bridge on Tuesday after engineers found cracks in two of its piers."
PAGE = (
    "<html><head><title>Bridge shut</title><meta property='og:site_name' content='Gazette'></head><body>"
    f"<article><h1>Bridge shut</h1><p>{BRIDGE}</p><p>Repairs will take a year, the council said.</p>"
    "</article></body></html>"
)


def test_a_blank_outlet_keeps_the_page_s_own_and_a_padded_one_is_the_same_outlet(tmp_path: Path) -> None:
    store = fixture_store(str(tmp_path / "s.db"))
    client = TestClient(create_app(store))

    def outlet_of(body: dict[str, str]) -> tuple[str, str]:
        answer = client.post("/api/ingest", json=body)
        assert answer.status_code == 200, answer.text
        article_id = [*answer.json()["added"], *answer.json()["already_stored"]][0]
        return article_id, client.get(f"/api/articles/{article_id}").json()["outlet"]

    # The page names its outlet; a form left blank must not replace it with the request's path.
    assert outlet_of({"html": PAGE, "outlet": "  "})[1] == "Gazette"
    assert outlet_of({"text": BRIDGE, "outlet": " "})[1] == "submitted"
    # " Gazette " is Gazette: the same report posted twice is stored once.
    first, outlet = outlet_of({"text": BRIDGE, "outlet": "Gazette"})
    again, padded = outlet_of({"text": BRIDGE, "outlet": " Gazette\n"})
    assert outlet == padded == "Gazette" and again == first
    assert store.counts()["articles"] == 3
    store.close()
