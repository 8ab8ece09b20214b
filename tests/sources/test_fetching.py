"""URLs fetched from a real HTTP server on loopback: pages and feeds with their metadata, kept and asked
for again conditionally, and every hostile answer a one-line error of its own item."""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import documents
import pytest
from conftest import cli
from fixture_server import FixtureServer, Route

from summarize import expand_inputs
from summarize.sources import FetchPolicy, SourceOptions, SourceReader

ARTICLE = documents.article()
LONG = ARTICLE + documents.article("xdr-tuberculosis.en.txt")


@pytest.fixture(scope="module")
def web() -> Iterator[FixtureServer]:
    server = FixtureServer()
    page = documents.wordpress_page("Iraq report published", ARTICLE).encode()
    server.routes.update({
        "/story": Route(page),
        "/story-2": Route(documents.wordpress_page("Drug-resistant TB emerges", LONG).encode()),
        "/release.pdf": Route(documents.pdf(ARTICLE, title="Press release"), content_type="application/pdf"),
        "/moved": Route(status=301, headers={"Location": "/story"}),
        "/loop-a": Route(status=302, headers={"Location": "/loop-b"}),
        "/loop-b": Route(status=302, headers={"Location": "/loop-a"}),
        **{f"/hop-{n}": Route(status=302, headers={"Location": f"/hop-{n + 1}"}) for n in range(7)},
        "/broken": Route(b"oops", 500, "text/plain"),
        "/image.png": Route(b"\x89PNG\r\n\x1a\n" + bytes(2000), content_type="image/png"),
        "/huge": Route(b"<html><body><p>" + b"word " * 300_000 + b"</p></body></html>"),
        "/bomb": Route(gzip.compress(b"<html>" + b" " * 30_000_000), headers={"Content-Encoding": "gzip"}),
        "/slow": Route(page, delay=1.5),
        "/drip": Route(page * 4, drip=0.25),
        "/to-localhost": Route(status=302, headers={"Location": f"http://localhost:{server.port}/story"}),
        "/not-a-feed.xml": Route(b"<?xml version='1.0'?><catalog><book/></catalog>", content_type="application/xml"),
    })  # fmt: skip
    yield server
    server.close()


def _reader(web: FixtureServer, tmp_path: Path, **policy: object) -> SourceReader:
    fetch = FetchPolicy(allow_hosts=("127.0.0.1",), **policy)  # type: ignore[arg-type]
    return SourceReader(SourceOptions(fetch=fetch, cache_dir=tmp_path / "cache"))


def test_a_page_url_gives_its_article_and_a_rerun_fetches_nothing(web: FixtureServer, tmp_path: Path) -> None:
    args = (web.url("/story"), web.url("/release.pdf"), "--engine", "extractive", "--lang", "en", "--format",
            "json", "--allow-host", "127.0.0.1", "--cache-dir", str(tmp_path))  # fmt: skip
    before = web.hits["/story"]
    code, out, err = cli(*args)
    assert code == 0, err
    page, release = (json.loads(line) for line in out.splitlines())
    assert page["title"] == "Iraq report published" and page["url"].startswith("https://news.example.com/")
    assert page["published"].startswith("2026-11-30") and page["summaries"]["en"]["text"]
    assert release["title"] == "Press release" and release["url"] == web.url("/release.pdf")
    code, again, _ = cli(*args)
    assert code == 0 and [json.loads(line)["title"] for line in again.splitlines()] == [page["title"], release["title"]]
    assert web.hits["/story"] == before + 1  # the second run read the fetch store
    code, _, err = cli(*args, "--offline")
    assert code == 0 and web.hits["/story"] == before + 1
    code, _, err = cli(web.url("/story-2"), *args[2:], "--offline")
    assert code == 1 and "--offline" in err and "/story-2" in err


def test_a_feed_of_teasers_fetches_each_linked_page_and_asks_again_only_conditionally(
    web: FixtureServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    entries = [
        {"title": "Iraq report", "link": web.url("/story"), "description": "The group reported.",
         "date": "Mon, 30 Nov 2026 10:00:00 GMT"},
        {"title": "TB strain", "link": web.url("/story-2"), "description": "A new strain.",
         "date": "Sun, 29 Nov 2026 08:00:00 GMT"},
        {"title": "Gone", "link": web.url("/missing"), "description": "Removed story."},
    ]  # fmt: skip
    web.routes["/feed.xml"] = Route(documents.rss_feed(entries), content_type="application/rss+xml",
                                    etag='"v1"', headers={"Cache-Control": "no-cache"})  # fmt: skip
    reader = _reader(web, tmp_path)
    with caplog.at_level(logging.INFO, logger="summarize"):
        items = reader.url_items(web.url("/feed.xml"))
    assert "3 entries; the page of each that has only a teaser is fetched" in caplog.text  # before the wait
    assert [item.id for item in items] == [web.url(p) for p in ("/story", "/story-2", "/missing")]
    story = items[0].document
    assert story is not None and story.meta.title == "Iraq report" and ARTICLE[0][:50] in story.text
    assert story.meta.published == "2026-11-30T10:00:00+00:00" and story.meta.site == "Daily Example"
    assert items[2].document is None and "404" in (items[2].error or "")
    conditional = web.conditional["/feed.xml"]
    again = _reader(web, tmp_path).url_items(web.url("/feed.xml"))
    assert web.conditional["/feed.xml"] == conditional + 1  # asked with If-None-Match, answered 304
    assert [item.document for item in again] == [item.document for item in items]
    teasers = SourceReader(SourceOptions.of(follow_links=False, allow_hosts="127.0.0.1"))
    assert teasers.url_items(web.url("/feed.xml"))[0].document.text == "The group reported."  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/loop-a", "redirects in a loop"),
        ("/hop-0", "more than 5 redirects"),
        ("/broken", "answered 500"),
        ("/missing", "answered 404"),
        ("/image.png", "image/png, not text"),
        ("/huge", "over the 1,000,000-byte limit"),
        ("/bomb", "limit once decompressed"),
        ("/slow", "no answer within 0.5 s"),
        ("/drip", "still downloading after 0.6 s"),
        ("/not-a-feed.xml", "not an RSS or Atom feed"),
    ],
)
def test_each_hostile_answer_is_that_items_one_line_error(web: FixtureServer, tmp_path: Path, path: str,
                                                          message: str) -> None:  # fmt: skip
    reader = _reader(web, tmp_path, timeout=0.5, deadline=0.6, max_bytes=1_000_000)
    (item,) = reader.url_items(web.url(path))
    assert item.document is None and message in (item.error or "") and "\n" not in (item.error or "")


def test_private_addresses_are_refused_unless_their_host_is_allowed(web: FixtureServer, tmp_path: Path) -> None:
    strict = SourceReader(SourceOptions(cache_dir=None))
    (item,) = strict.url_items(web.url("/story"))
    assert "private or local address" in (item.error or "") and web.url("/story") in (item.error or "")
    (item,) = strict.url_items(f"http://localhost:{web.port}/story")
    assert "private or local address" in (item.error or "")
    # A redirect from an allowed host to one that is not is refused where it would connect.
    (item,) = _reader(web, tmp_path).url_items(web.url("/to-localhost"))
    assert "private or local address" in (item.error or "")
    server = SourceReader(SourceOptions(fetch=FetchPolicy(allow_hosts=("news.example.com",), only_allowed=True)))
    (item,) = server.url_items(web.url("/story"))
    assert "not a host this server fetches from" in (item.error or "")
    for url in ("file:///etc/passwd", "http://user:secret@127.0.0.1/", "ftp://127.0.0.1/x"):
        (item,) = strict.url_items(url)
        assert item.document is None and "secret" not in (item.error or "")


def test_an_unreachable_url_costs_only_itself_in_a_batch(web: FixtureServer, tmp_path: Path) -> None:
    dead = FixtureServer()
    dead.close()
    options = SourceOptions(fetch=FetchPolicy(allow_hosts=("127.0.0.1",), timeout=2.0))
    items = list(expand_inputs([dead.url("/x"), web.url("/story")], options=options))
    assert "cannot connect" in (items[0].error or "") and items[1].document is not None
