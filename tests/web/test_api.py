"""The REST API over real HTTP against uvicorn on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from crosscheck.model import Article
from crosscheck.web import WebConfig
from crosscheck.web.app import LOOPBACK_HOSTS
from crosscheck.web.schemas import StoryDetail
from tests.store.fixtures import fixture_store, impatient_store, nato_documents, write_lock_held
from tests.web.server import LiveServer, serve


def test_story_list_is_paginated_with_counts(live: LiveServer) -> None:
    first = httpx.get(f"{live.base_url}/api/stories", params={"limit": 1}).json()
    second = httpx.get(f"{live.base_url}/api/stories", params={"limit": 1, "offset": 1}).json()
    assert first["total"] >= 2 and first["limit"] == 1 and len(first["items"]) == 1
    assert first["items"][0]["id"] != second["items"][0]["id"]
    everything = httpx.get(f"{live.base_url}/api/stories").json()["items"]
    nato = next(s for s in everything if s["articles"] == 2)
    assert nato["outlets"] == 2 and nato["independent_sources"] == 2 and nato["discrepancies"] == 1


def test_story_is_the_json_contract_with_faithful_spans(live: LiveServer, nato_story_id: str) -> None:
    response = httpx.get(f"{live.base_url}/api/stories/{nato_story_id}")
    assert response.status_code == 200
    payload = response.json()
    detail = StoryDetail.model_validate(payload)
    assert detail.id == nato_story_id and detail.analysed
    texts = {a.id: a.text for a in detail.articles}
    assert set(texts) == set(detail.article_ids)
    spans = [s for c in detail.claims for s in c.support] + [s for d in detail.discrepancies for s in d.sides]
    assert spans
    for span in spans:
        assert texts[span.article_id][span.start : span.end] == span.text
    for sentence in detail.brief:
        for citation in sentence.citations:
            assert 0 <= citation.start < citation.end <= len(texts[citation.article_id])
    # The Story fields are the model's own serialisation, next to the articles.
    assert {"claims", "discrepancies", "quotes", "attributions", "entities", "brief", "articles"} <= set(
        payload
    )


def test_article_and_missing_ids(live: LiveServer, nato_story_id: str) -> None:
    story = httpx.get(f"{live.base_url}/api/stories/{nato_story_id}").json()
    article_id = story["article_ids"][0]
    article = httpx.get(f"{live.base_url}/api/articles/{article_id}").json()
    assert Article.model_validate({k: v for k, v in article.items() if k != "story_id"}).id == article_id
    assert article["story_id"] == nato_story_id
    assert httpx.get(f"{live.base_url}/api/articles/nope").status_code == 404
    assert httpx.get(f"{live.base_url}/api/stories/nope").status_code == 404


def test_an_article_whose_id_holds_a_slash_opens(tmp_path: Path) -> None:
    # A sidecar or a dump's id column gives ids such as "2022/04/nato-reset", kept as given.
    store = fixture_store(f"{tmp_path}/slash.db")
    document = nato_documents()[0].model_copy(update={"id": "2022/04/nato-reset"})
    assert store.ingest([document]).added == ["2022/04/nato-reset"]
    with serve(store) as server:
        api = httpx.get(f"{server.base_url}/api/articles/2022%2F04%2Fnato-reset")
        assert api.status_code == 200 and api.json()["id"] == "2022/04/nato-reset"
        page = httpx.get(f"{server.base_url}/articles/2022%2F04%2Fnato-reset")
        assert page.status_code == 200 and "Telegraph" in page.text
        # The search page links to the article by the same quoted path.
        found = httpx.get(f"{server.base_url}/search", params={"q": "strengthen presence"}).text
        assert 'href="/articles/2022%2F04%2Fnato-reset"' in found
        missing = httpx.get(f"{server.base_url}/articles/2022%2F04%2Fnone")
        assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
        assert "2022/04/none" in missing.text
        assert httpx.get(f"{server.base_url}/api/articles/2022%2F04%2Fnone").status_code == 404
    store.close()


def test_search_over_articles_claims_and_quotes(live: LiveServer) -> None:
    found = httpx.get(f"{live.base_url}/api/search", params={"q": "strengthen presence"}).json()
    kinds = {hit["kind"] for hit in found["items"]}
    assert {"article", "quote"} <= kinds
    claims = httpx.get(f"{live.base_url}/api/search", params={"q": "rapid-reaction 300,000"}).json()
    assert "claim" in {hit["kind"] for hit in claims["items"]}
    # FTS5 operators in user input are words to find, never query syntax.
    odd = httpx.get(f"{live.base_url}/api/search", params={"q": 'NEAR("troops" OR *) -Madrid ^'})
    assert odd.status_code == 200
    assert httpx.get(f"{live.base_url}/api/search", params={"q": "zzzunknownzzz"}).json()["total"] == 0


def test_ingest_text_joins_a_story_and_is_stored_once(live: LiveServer, nato_story_id: str) -> None:
    body = {
        "text": "Nato will increase its high-readiness forces in Madrid, "
        "Jens Stoltenberg said at the summit.\n\n"
        "“We will strengthen our presence in the east,” Stoltenberg said.",
        "outlet": "Wire",
        "title": "Nato summit in Madrid: Stoltenberg announces forces increase",
        "url": "https://wire.example/nato-madrid",
    }
    first = httpx.post(f"{live.base_url}/api/ingest", json=body)
    assert first.status_code == 200, first.text
    again = httpx.post(f"{live.base_url}/api/ingest", json=body).json()
    assert (
        len(first.json()["added"]) == 1
        and again["added"] == []
        and again["already_stored"] == first.json()["added"]
    )
    assert first.json()["stories"] == [nato_story_id]
    story = httpx.get(f"{live.base_url}/api/stories/{nato_story_id}").json()
    assert first.json()["added"][0] in story["article_ids"]


def test_ingest_rejects_bad_bodies(live: LiveServer) -> None:
    assert httpx.post(f"{live.base_url}/api/ingest", json={}).status_code == 422
    assert (
        httpx.post(f"{live.base_url}/api/ingest", json={"text": "a", "html": "<p>b</p>"}).status_code == 422
    )
    assert httpx.post(f"{live.base_url}/api/ingest", json={"url": "file:///etc/passwd"}).status_code == 422
    assert httpx.post(f"{live.base_url}/api/ingest", json={"text": "   "}).status_code == 400
    # A time no zone can place is refused, not a 500 when the store orders it.
    far = {"text": "The council met on Monday.", "published": "9999-12-31T23:59:59-14:00"}
    assert httpx.post(f"{live.base_url}/api/ingest", json=far).status_code == 422
    assert httpx.get(f"{live.base_url}/api/stories", params={"since": far["published"]}).status_code == 422
    # A bare number is not a date: pydantic would read it as seconds since 1970 ("-1": 1969).
    for number in ("-1", "2024", "20240301", -1, 1709283600):
        bare = {"text": "The council met on Monday.", "published": number}
        refused = httpx.post(f"{live.base_url}/api/ingest", json=bare)
        assert refused.status_code == 422 and "not a bare number" in refused.text, number
    # A lone surrogate is refused without echoing it back (which could not even be encoded).
    lone = httpx.post(
        f"{live.base_url}/api/ingest",
        content=b'{"text": "\\ud800 council met"}',
        headers={"Content-Type": "application/json"},
    )
    assert lone.status_code in (400, 422) and "ud800" not in lone.text
    # A page asked for with a bad parameter answers with a page, not the API's JSON.
    page = httpx.get(f"{live.base_url}/", params={"page": "0"})
    assert page.status_code == 422 and page.headers["content-type"].startswith("text/html")
    assert "page" in page.text and "<h1>" in page.text


def test_ingest_into_a_locked_or_read_only_store_answers_in_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = str(tmp_path / "busy.db")
    store = impatient_store(db, monkeypatch)
    body = {"text": "Flood waters rose across the valley after three days of rain.", "outlet": "Wire"}
    with serve(store) as server, write_lock_held(db):
        locked = httpx.post(f"{server.base_url}/api/ingest", json=body)
        assert locked.status_code == 503 and locked.headers["retry-after"]
        assert "is locked by another writer" in locked.json()["detail"]
    store.close()
    read_only = fixture_store(f"sqlite:///file:{db}?mode=ro&uri=true")
    with serve(read_only) as server:
        refused = httpx.post(f"{server.base_url}/api/ingest", json=body)
        assert refused.status_code == 503 and "is read-only" in refused.json()["detail"]
    read_only.close()


def test_post_size_limit(live: LiveServer) -> None:
    huge = {"text": "word " * 500_000}
    response = httpx.post(f"{live.base_url}/api/ingest", json=huge)
    assert response.status_code == 413

    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b"x" * 100_000

    streamed = httpx.post(
        f"{live.base_url}/api/ingest", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413


def test_a_page_past_the_end_says_so_and_links_to_the_last(live: LiveServer) -> None:
    stories = httpx.get(f"{live.base_url}/", params={"page": "5"})
    assert stories.status_code == 200 and "Nothing on page 5" in stories.text
    assert 'href="/?page=1"' in stories.text and "No stories yet" not in stories.text
    found = httpx.get(f"{live.base_url}/search", params={"q": "Nato", "page": "99"})
    assert found.status_code == 200 and "Nothing on page 99" in found.text
    assert 'href="/search?q=Nato&amp;page=1"' in found.text


def test_head_answers_as_get_without_a_body(live: LiveServer, nato_story_id: str) -> None:
    for path in ("/", "/api/stories", f"/stories/{nato_story_id}", "/static/style.css"):
        got = httpx.get(f"{live.base_url}{path}")
        head = httpx.head(f"{live.base_url}{path}")
        assert head.status_code == got.status_code == 200, path
        assert head.content == b"" and head.headers["content-type"] == got.headers["content-type"]
        assert "default-src 'none'" in head.headers["content-security-policy"]
    assert httpx.head(f"{live.base_url}/api/stories/nope").status_code == 404


def test_every_response_carries_a_strict_csp(live: LiveServer, nato_story_id: str) -> None:
    for path in ("/", f"/stories/{nato_story_id}", "/api/stories", "/static/story.js", "/nope"):
        policy = httpx.get(f"{live.base_url}{path}").headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy
        assert "unsafe-inline" not in policy


@pytest.mark.parametrize("path", ["/api/stories", "/", "/openapi.json"])
def test_token_is_required_when_configured(tmp_path: Path, path: str) -> None:
    store = fixture_store(f"{tmp_path}/token.db")
    store.ingest(nato_documents())
    with serve(store, WebConfig(token="s3cret-token")) as server:
        refused = httpx.get(f"{server.base_url}{path}")
        assert refused.status_code in (401, 303)
        wrong = httpx.get(f"{server.base_url}{path}", headers={"Authorization": "Bearer wrong"})
        assert wrong.status_code in (401, 303)
        allowed = httpx.get(f"{server.base_url}{path}", headers={"Authorization": "Bearer s3cret-token"})
        assert allowed.status_code == 200
        if path == "/":
            with httpx.Client(base_url=server.base_url) as browser:
                login = browser.post("/login", data={"token": "s3cret-token"})
                assert login.status_code == 303
                assert browser.get("/").status_code == 200
                # The login cookie opens pages, never writes: those need the header.
                assert browser.post("/api/ingest", json={"text": "Some words here."}).status_code == 401
        assert httpx.get(f"{server.base_url}/static/style.css").status_code == 200
    store.close()


def test_a_token_beyond_ascii_is_compared_not_crashed_on(tmp_path: Path) -> None:
    store = fixture_store(f"{tmp_path}/token-utf8.db")
    token = "clé-ключ-s3cret"
    with serve(store, WebConfig(token=token)) as server:
        stories = f"{server.base_url}/api/stories"
        # A header carries UTF-8 bytes: a wrong non-ASCII token is refused, the right one lets the reader in.
        wrong = httpx.get(stories, headers={b"Authorization": "Bearer clé-wrong".encode()})
        assert wrong.status_code == 401
        assert (
            httpx.get(stories, headers={b"Authorization": "Bearer s3crét".encode("latin-1")}).status_code
            == 401
        )
        right = httpx.get(stories, headers={b"Authorization": f"Bearer {token}".encode()})
        assert right.status_code == 200
        with httpx.Client(base_url=server.base_url) as browser:
            assert browser.post("/login", data={"token": "ключ"}).status_code == 401
            assert browser.post("/login", data={"token": token}).status_code == 303
            assert browser.get("/").status_code == 200
    store.close()


def test_a_loopback_server_refuses_other_host_names(tmp_path: Path) -> None:
    store = fixture_store(f"{tmp_path}/hosts.db")
    with serve(store, WebConfig(allowed_hosts=LOOPBACK_HOSTS)) as server:
        assert httpx.get(f"{server.base_url}/api/stories").status_code == 200
        rebound = httpx.get(f"{server.base_url}/api/stories", headers={"Host": "attacker.example:8000"})
        assert rebound.status_code == 400
        assert httpx.get(f"{server.base_url}/", headers={"Host": "localhost:8000"}).status_code == 200
    store.close()
