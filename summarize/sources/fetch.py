"""Fetching documents over HTTP(S) with httpx, bounded: timeouts and a deadline, a size limit checked
while streaming (after decompression, so a gzip bomb is refused), at most a few redirects, public
addresses only, conditional requests and a store of what was fetched, and an offline mode."""

from __future__ import annotations

import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..document import MAX_INPUT_BYTES
from ..errors import InputError
from ..sanitize import one_line
from ..version import __version__
from .fetch_cache import FetchCache, Stored

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"summarize/{__version__} (document summarizer; +https://pypi.org/project/summarize/)"
ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/pdf,"
          "application/vnd.openxmlformats-officedocument.wordprocessingml.document,message/rfc822,"
          "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.1")  # fmt: skip
_REDIRECTS = (301, 302, 303, 307, 308)
_MAX_URL = 2048
# A server's max-age is followed up to a day: a daily run always asks again (cheaply, conditionally).
_MAX_FRESH = 86_400.0


@dataclass(frozen=True)
class FetchPolicy:
    """How fetching is bounded and where it may go."""

    offline: bool = False
    allow_hosts: tuple[str, ...] = ()
    """Hosts fetched even though they are private or local (an intranet, a test server)."""
    only_allowed: bool = False
    """Fetch nothing but `allow_hosts` (the server's `--allow-fetch`)."""
    timeout: float = 20.0
    deadline: float = 60.0
    max_bytes: int = MAX_INPUT_BYTES
    max_redirects: int = 5
    fresh_for: float = 3600.0
    """How long a fetched document is used again without asking, when its server does not say."""


@dataclass(frozen=True)
class Fetched:
    """A document fetched (or taken from the store): the URL it was finally at, its body and type."""

    url: str
    body: bytes
    content_type: str | None
    from_store: bool = False


class Fetcher:
    """Fetches URLs under a policy; one client (and its connections) for a whole batch."""

    def __init__(self, policy: FetchPolicy = FetchPolicy(), cache_dir: Path | None = None) -> None:
        self.policy = policy
        self.store = FetchCache(cache_dir) if cache_dir is not None else None
        self._client: httpx.Client | None = None
        self.requests = 0

    def get(self, url: str) -> Fetched:
        """The document at `url`; an InputError saying what failed and what to do about it."""
        self._check_url(url)
        stored = self.store.get(url) if self.store is not None else None
        if stored is not None and (self.policy.offline or stored.fresh()):
            return Fetched(stored.url, stored.body, stored.content_type, from_store=True)
        if self.policy.offline:
            raise InputError(f"{one_line(url)}: needs the network, which `offline` forbids; run once without it")
        try:
            return self._fetch(url, stored)
        except InputError:
            raise
        except Exception as exc:
            raise InputError(f"{one_line(url)}: {_explain(exc, self.policy)}") from None

    def _check_url(self, url: str) -> None:
        shown = shown_url(url)
        if len(url) > _MAX_URL:
            raise InputError(f"{shown[:80]}...: a URL over {_MAX_URL} characters; give a shorter one")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InputError(f"{shown}: only http:// and https:// URLs are fetched")
        if parts.username is not None or parts.password is not None:
            raise InputError(f"{shown}: a URL with a user name or password is not fetched (it would be stored); "
                             f"give the address without them")  # fmt: skip
        from .addresses import normal_host

        if self.policy.only_allowed and normal_host(parts.hostname) not in map(normal_host, self.policy.allow_hosts):
            raise InputError(f"{shown}: {parts.hostname} is not a host this server fetches from (`allow_fetch`)")

    def _fetch(self, url: str, stored: Stored | None) -> Fetched:
        headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"}
        if stored is not None and stored.etag:
            headers["If-None-Match"] = stored.etag
        if stored is not None and stored.last_modified:
            headers["If-Modified-Since"] = stored.last_modified
        started = time.monotonic()
        current, seen = url, {url}
        for _ in range(self.policy.max_redirects + 1):
            with self._session().stream("GET", current, headers=headers) as response:
                self.requests += 1
                if response.status_code in _REDIRECTS and "location" in response.headers:
                    current = self._next_hop(url, str(response.url.join(response.headers["location"])), seen)
                    continue
                if response.status_code == 304 and stored is not None:
                    self._keep(url, stored, response, stored.body)
                    return Fetched(stored.url, stored.body, stored.content_type, from_store=True)
                if response.status_code >= 400:
                    raise InputError(f"{one_line(url)}: the server answered {response.status_code} "
                                     f"{one_line(response.reason_phrase)}; check the address")  # fmt: skip
                body = read_bounded(response, self.policy.max_bytes, (started, self.policy.deadline), url)
                content_type = response.headers.get("content-type")
                self._keep(url, Stored(str(response.url), content_type, None, None, 0, 0), response, body)
                return Fetched(str(response.url), body, content_type)
        raise InputError(f"{one_line(url)}: more than {self.policy.max_redirects} redirects; give the final address")

    def _next_hop(self, url: str, target: str, seen: set[str]) -> str:
        if target in seen:
            raise InputError(f"{one_line(url)}: redirects in a loop ({one_line(target)}); check the address")
        seen.add(target)
        self._check_url(target)
        return target

    def _keep(self, url: str, base: Stored, response: httpx.Response, body: bytes) -> None:
        control = response.headers.get("cache-control", "").lower()
        if self.store is None or "no-store" in control or "private" in control:
            return
        fresh_for = 0.0 if "no-cache" in control else _max_age(control, self.policy.fresh_for)
        etag = response.headers.get("etag") or base.etag
        modified = response.headers.get("last-modified") or base.last_modified
        self.store.put(url, Stored(base.url, base.content_type, etag, modified, time.time(), fresh_for, body))

    def _session(self) -> httpx.Client:
        if self._client is None:
            self._client = _client(self.policy)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None


def shown_url(url: str) -> str:
    """A URL as ids and messages show it: on one line, a password in it never shown."""
    parts = urlsplit(url)
    if parts.password is None:
        return one_line(url)
    return one_line(parts._replace(netloc=f"{parts.username}:***@{parts.hostname}").geturl())


def _client(policy: FetchPolicy) -> httpx.Client:
    import httpx

    from .addresses import GuardedBackend

    transport = httpx.HTTPTransport(retries=0, trust_env=False)
    # The guard sits where connections open (see addresses.py); httpx offers no public hook there.
    transport._pool._network_backend = GuardedBackend(policy.allow_hosts)
    timeout = httpx.Timeout(policy.timeout, connect=min(policy.timeout, 10.0))
    return httpx.Client(transport=transport, timeout=timeout, follow_redirects=False, trust_env=False)


def read_bounded(response: httpx.Response, max_bytes: int, deadline: tuple[float, float], url: str) -> bytes:
    """The body, decompressed as it streams and refused as soon as it passes `max_bytes` or the deadline
    (when the fetch started, on the monotonic clock, and the seconds it may take)."""
    started, seconds = deadline
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("identity", "", "gzip", "x-gzip", "deflate"):
        raise InputError(f"{one_line(url)}: the server sent {one_line(encoding)}-compressed data, "
                         f"which was not asked for; fetch it another way")  # fmt: skip
    decoder = _decoder(encoding)
    parts: list[bytes] = []
    size = 0
    for chunk in response.iter_raw():
        if time.monotonic() > started + seconds:
            raise InputError(f"{one_line(url)}: still downloading after {seconds:g} s; the server is too slow")
        data = chunk
        while data:
            out = decoder.decompress(data, max_bytes + 1 - size) if decoder is not None else data
            data = decoder.unconsumed_tail if decoder is not None else b""
            size += len(out)
            if size > max_bytes:
                how = " once decompressed" if decoder is not None else ""
                raise InputError(
                    f"{one_line(url)}: the document is over the {max_bytes:,}-byte limit{how}; not fetched"
                )
            parts.append(out)
    return b"".join(parts)


def _decoder(encoding: str) -> Any:
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(zlib.MAX_WBITS | 16)
    if encoding == "deflate":
        return zlib.decompressobj()
    return None


def _max_age(control: str, default: float) -> float:
    for directive in control.split(","):
        name, _, value = directive.strip().partition("=")
        if name == "max-age" and value.strip().isdigit():
            return min(float(value), _MAX_FRESH)
    return default


def _explain(exc: Exception, policy: FetchPolicy) -> str:
    import httpx

    from .addresses import BlockedAddress

    if isinstance(exc, BlockedAddress):
        setting = "allow_fetch" if policy.only_allowed else "allow_hosts"
        return f"refused: {exc}; name the host in `{setting}` if it is yours to fetch"
    if isinstance(exc, httpx.TimeoutException):
        return f"no answer within {policy.timeout:g} s; try again later or check the address"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect ({one_line(str(exc))[:120] or 'refused'}); check the address and the network"
    if isinstance(exc, zlib.error):
        return "the server sent a corrupt compressed body; try again later"
    if isinstance(exc, httpx.HTTPError):
        return f"the fetch failed ({type(exc).__name__}: {one_line(str(exc))[:120]}); try again later"
    return f"the fetch failed ({type(exc).__name__}); try again later"
