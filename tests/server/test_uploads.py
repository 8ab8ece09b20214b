"""Uploaded files and fetched URLs through the real app in-process: each document's metadata in its
record, a bad file its own error, and URLs only from the hosts the operator allowed."""

from __future__ import annotations

from collections.abc import Iterator

import documents
import pytest
from fixture_server import FixtureServer, Route

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient

from summarize import Summarizer
from summarize.server import ServerLimits
from summarize.server.app import create_app

ARTICLE = documents.article()


@pytest.fixture(scope="module")
def web() -> Iterator[FixtureServer]:
    server = FixtureServer()
    server.routes["/story"] = Route(documents.wordpress_page("Iraq report published", ARTICLE).encode())
    yield server
    server.close()


def _client(**limits: object) -> TestClient:
    summarizer = Summarizer(engine="extractive", languages=("en",), cache=False)
    return TestClient(create_app(summarizer, ServerLimits(**limits)))  # type: ignore[arg-type]


def test_uploaded_files_are_summarized_with_their_titles_and_a_bad_one_is_its_own_error() -> None:
    files = [
        ("files", ("release.pdf", documents.pdf(ARTICLE, title="Press release"), "application/pdf")),
        ("files", ("note.docx", documents.docx(ARTICLE, heading="Note to editors"), "application/octet-stream")),
        ("files", ("mail.eml", documents.mail("\n\n".join(ARTICLE)), "message/rfc822")),
        ("files", ("../../etc/page.html", documents.wordpress_page("Report published", ARTICLE).encode(), "text/html")),
        ("files", ("scan.pdf", documents.pdf(ARTICLE, image_only=True), "application/pdf")),
    ]
    with _client() as client:
        answer = client.post("/v1/summarize", files=files, data={"languages": "en", "length": "short"})
        extracted = client.post("/v1/extract", files=files[:1])
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert [r["id"] for r in results] == ["release.pdf", "note.docx", "mail.eml", "page.html", "scan.pdf"]
    assert [r.get("title") for r in results[:4]] == [
        "Press release", "Note to editors", "Statement on cooperation", "Report published"]  # fmt: skip
    assert all(r["summaries"]["en"]["text"] for r in results[:4])
    assert "no text layer" in results[4]["error"]
    (document,) = extracted.json()["documents"]
    assert document["title"] == "Press release" and ARTICLE[0][:40] in document["text"]


def test_uploads_over_the_limit_and_forms_without_documents_are_refused() -> None:
    with _client(max_upload_bytes=5_000) as client:
        big = client.post("/v1/summarize", files=[("files", ("a.pdf", b"%PDF-1.4" + bytes(20_000), "application/pdf"))])
        empty = client.post("/v1/summarize", data={"languages": "en"}, files=[])
    assert big.status_code == 413 and big.json()["error"]["code"] == "too_large"
    assert empty.status_code == 422 and "uploaded files" in empty.json()["error"]["message"]


def test_urls_are_fetched_only_from_the_hosts_the_server_allows(web: FixtureServer) -> None:
    urls = [web.url("/story"), f"http://localhost:{web.port}/story", "http://10.0.0.1/internal"]
    with _client() as closed:
        refused = closed.post("/v1/summarize", json={"urls": urls[:1]})
    assert refused.status_code == 400 and "allowed no host" in refused.json()["error"]["message"]
    with _client(allow_fetch=("127.0.0.1",)) as client:
        answer = client.post("/v1/summarize", json={"urls": urls, "languages": ["en"]})
    assert answer.status_code == 200, answer.text
    story, local, private = answer.json()["results"]
    assert story["title"] == "Iraq report published" and story["summaries"]["en"]["text"]
    for record in (local, private):
        assert "not a host this server fetches from" in record["error"]
