"""POST /api/ingest as a script sends it: a blank or padded outlet is no outlet of its own."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from crosscheck.web import create_app
from tests.store.fixtures import fixture_store, nato_documents

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


def test_since_is_a_date_not_a_count_of_seconds(tmp_path: Path) -> None:
    store = fixture_store(str(tmp_path / "s.db"))
    store.ingest(nato_documents())
    client = TestClient(create_app(store))
    # "since=2024" meant the year; read as 2,024 seconds after 1970, it listed every story. The CLI refuses it.
    for number in ("2024", "20240301", "1709283600", "-1"):
        refused = client.get("/api/stories", params={"since": number})
        assert refused.status_code == 422 and "not a bare number" in refused.text, number
    assert client.get("/api/stories", params={"since": "2024-03-01"}).json()["total"] == 1
    assert client.get("/api/stories", params={"since": "2024-03-02T00:00:00Z"}).json()["total"] == 0
    store.close()


def test_a_posted_text_with_an_address_is_credited_to_its_web_domain(tmp_path: Path) -> None:
    store = fixture_store(str(tmp_path / "s.db"))
    client = TestClient(create_app(store))
    reports = [
        ("https://www.gazette.example/news/bridge-shut", BRIDGE),
        ("https://news.herald.example/2024/bridge", BRIDGE.replace("two of its piers", "its piers")),
    ]
    outlets = []
    for url, text in reports:
        answer = client.post("/api/ingest", json={"text": text, "url": url}).json()
        outlets.append(client.get(f"/api/articles/{answer['added'][0]}").json()["outlet"])
    # Not both "submitted": one outlet would make the two reports one source.
    assert outlets == ["gazette.example", "herald.example"]
    (summary,) = store.stories()[0]
    assert summary.articles == 2 and summary.outlets == 2
    # A page that names no outlet, posted with no address, is credited as unnamed text is, not to "api".
    page = PAGE.replace("<meta property='og:site_name' content='Gazette'>", "")
    answer = client.post("/api/ingest", json={"html": page}).json()
    assert client.get(f"/api/articles/{answer['added'][0]}").json()["outlet"] == "submitted"
    store.close()
