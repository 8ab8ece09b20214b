"""Chat models behind an OpenAI-compatible server: Ollama, llama.cpp, vLLM, `transformers serve`, hosted APIs.

Requests go through the `openai` client (timeouts, bounded retries with backoff on 408/429/5xx
and dropped connections), several at a time up to `llm_concurrency`. The API key comes from
$SUMMARIZE_LLM_API_KEY at the moment a client is made: it is never a setting, so it is never in
a cache key, a result, a log line or an error message.
"""

from __future__ import annotations

import json
import logging
import math
import os
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..chat_answers import clean_answer, trim_cut_off
from ..errors import ModelError, SummarizeError
from ..generation import GenerationOptions
from ..models import server_model_name
from ..options import DEFAULT_SERVER_CONTEXT
from .base import LocatedModel, RunnerDefaults, Runtime
from .chat_window import chat_messages
from .server_digests import DigestRecords
from .server_errors import API_KEY_VARIABLE, LASTING, MAX_RETRIES, ServerCall, client_error, malformed

if TYPE_CHECKING:
    from ..settings import Settings

log = logging.getLogger("summarize")

# A conservative token estimate for a server whose tokenizer we do not have: real tokenizers take
# 4-6 UTF-8 bytes per token in English, Spanish and Russian, so three over-counts by a third or more.
_BYTES_PER_TOKEN = 3


def server_fingerprint(url: str, name: str, digest: str | None) -> str:
    return f"openai:{url}#{name}" + (f"@{digest}" if digest else "")


def server_url(settings: Settings) -> str:
    """The server's base URL (…/v1), without a trailing slash."""
    return settings.llm_url.rstrip("/")


class OpenAIServerRuntime(Runtime):
    """Runs 'openai:NAME' models on the server at `llm_url`; located without a connection."""

    name = "openai"
    concurrent = True  # the work is the server's: requests for several languages may be in flight at once

    def check(self) -> None:
        try:
            import openai  # noqa: F401
        except ImportError:
            raise SummarizeError(
                "models behind an OpenAI-compatible server need the openai package: pip install 'summarize[llm]'"
            ) from None

    def cache_identity(self) -> str:
        return "openai"

    def locate(self, reference: str, *, role: str, fix: str) -> LocatedModel:
        # The server, the model's name and the digest it last reported (read from disk: no
        # connection until a cache miss needs one) identify the model's outputs.
        name = server_model_name(reference)
        if not name.strip():
            raise ModelError(f"{role} {reference!r} names no model: use openai:NAME, e.g. openai:qwen2.5:3b")
        url = server_url(self.settings)
        digest = DigestRecords(self.settings).get(url, name)
        return LocatedModel(reference, None, server_fingerprint(url, name, digest), "chat", chat=True)

    def runner(self, model: LocatedModel, *, threads: int | None = None) -> ServerChatModel:
        return ServerChatModel(model.reference, self.settings)


class ServerChatModel(RunnerDefaults):
    """One model on one server; token counts are estimated from UTF-8 bytes."""

    shrinks_context = True

    def __init__(self, model: str, settings: Settings) -> None:
        self.model = model
        self.name = server_model_name(model)
        self.settings = settings
        self.url = server_url(settings)
        self._window = settings.llm_context or DEFAULT_SERVER_CONTEXT
        self._checked = False
        self.fingerprint: str | None = None
        """The identity the server reported on first contact (with its model digest), when it reports one."""
        self._broken: ModelError | None = None
        """Set once the server is unreachable, refuses the key or times out: later requests fail at once,
        so a batch of hundreds costs one round of retries, not one per item."""

    @property
    def max_input_tokens(self) -> int:
        return max(0, self._window - self.settings.answer_tokens - 64)  # 64: the chat template's own tokens

    @property
    def max_output_tokens(self) -> int:
        return max(16, self._window // 2)

    def shrink_context(self) -> bool:
        """Halve the assumed context after the server said an input did not fit; False when already tiny."""
        if self._window <= 2 * self.settings.answer_tokens:
            return False
        self._window //= 2
        log.info("the server at %s took less than assumed; retrying with a %d-token context", self.url, self._window)
        return True

    def count_tokens(self, text: str) -> int:
        return math.ceil(len(text.encode("utf-8")) / _BYTES_PER_TOKEN)

    def split_by_tokens(self, text: str, budget: int) -> list[str]:
        pieces: list[str] = []
        current: list[str] = []
        size = 0
        for word in text.split():
            cost = self.count_tokens(word) + 1
            if current and size + cost > budget:
                pieces.append(" ".join(current))
                current, size = [], 0
            current.append(word)
            size += cost
        if current:
            pieces.append(" ".join(current))
        return pieces

    @cached_property
    def client(self) -> Any:
        try:
            import openai
        except ImportError:
            raise SummarizeError(
                f"model {self.model!r} is served over HTTP, which needs the openai package: "
                f"pip install 'summarize[llm]'"
            ) from None

        # An empty key is still sent by the client; local servers ignore it.
        key = os.environ.get(API_KEY_VARIABLE, "") or "none"
        return openai.OpenAI(
            base_url=self.url, api_key=key, timeout=float(self.settings.llm_timeout), max_retries=MAX_RETRIES
        )

    def load(self) -> None:
        """Check once, before the first request, that the server is up, takes the key and serves the model."""
        if self._broken is not None:
            raise self._broken
        if self._checked:
            return
        try:
            served = [entry.id for entry in self.client.models.list()]
        except Exception as exc:
            error = self._error(exc)
            if isinstance(error, ModelError) and error.problem == "no model list":
                self._checked = True
                return  # some hosted endpoints list no models; the first request will tell
            raise self._remember(error) from exc
        self._checked = True
        self._take_digest()
        if served and self.name not in served:
            shown = ", ".join(served[:8]) + (" …" if len(served) > 8 else "")
            raise self._remember(
                ModelError(
                    f"model {self.name!r} is not served at {self.url} (it serves: {shown}); "
                    f"pull or load it on the server, or name one of those with openai:NAME",
                    model=self.model,
                    problem="not served",
                )
            )

    def _take_digest(self) -> None:
        """Ask the server for the model's digest (Ollama's /api/tags); record it when it is new."""
        digest = self._server_digest()
        if digest is None:
            return
        records = DigestRecords(self.settings)
        recorded = records.get(self.url, self.name)
        if recorded != digest:
            if recorded is not None:
                log.info("model %s at %s changed (digest %s); its earlier cached answers are not used",
                         self.name, self.url, digest[:19])  # fmt: skip
            records.put(self.url, self.name, digest)
        self.fingerprint = server_fingerprint(self.url, self.name, digest)

    def _server_digest(self) -> str | None:
        """The digest the server reports for this model, or None (not Ollama, or no answer within 3 s)."""
        root = self.url.removesuffix("/v1")
        request = urllib.request.Request(f"{root}/api/tags")
        key = os.environ.get(API_KEY_VARIABLE)
        if key:
            request.add_header("Authorization", f"Bearer {key}")
        try:
            with urllib.request.urlopen(request, timeout=3) as response:
                listing = json.loads(response.read(1_000_000))
        except (OSError, ValueError):
            return None
        for entry in listing.get("models", []) if isinstance(listing, dict) else []:
            if isinstance(entry, dict) and self.name in (entry.get("name"), entry.get("model")):
                digest = entry.get("digest")
                return str(digest) if digest else None
        return None

    def generate(self, texts: Sequence[str], options: GenerationOptions, *, system: str = "") -> list[str]:
        if not texts:
            return []
        workers = min(len(texts), self.settings.llm_concurrency)
        if workers == 1:
            return [self._ask(text, options, system) for text in texts]
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="summarize-llm") as pool:
            return list(pool.map(lambda text: self._ask(text, options, system), texts))

    def _remember(self, error: SummarizeError) -> SummarizeError:
        """Keep an error that every later request would meet too (server down, key refused, no such model)."""
        if isinstance(error, ModelError) and error.problem in LASTING:
            self._broken = error
        return error

    def _ask(self, text: str, options: GenerationOptions, system: str) -> str:
        if self._broken is not None:
            raise self._broken
        try:
            response = self.client.chat.completions.create(
                model=self.name,
                messages=chat_messages(system, text),
                max_tokens=options.max_new_tokens,
                temperature=0,
                seed=0,
            )
        except Exception as exc:
            raise self._remember(self._error(exc)) from exc
        try:
            choice = response.choices[0]
            content = choice.message.content
        except (AttributeError, IndexError, TypeError):
            raise self._malformed("no choices in the response") from None
        if not isinstance(content, str):
            raise self._malformed("the answer holds no text")
        answer = clean_answer(content)
        if choice.finish_reason == "length":
            # Cut off at max_tokens: an unfinished last sentence would end the summary mid-thought.
            return trim_cut_off(answer)
        return answer

    def _malformed(self, what: str) -> ModelError:
        return malformed(self.url, self.name, self.model, what)

    def _error(self, exc: Exception) -> SummarizeError:
        """One line for whatever the client raised: what failed at which URL, and the fix."""
        return client_error(exc, ServerCall(self.url, self.name, self.model, self.settings.llm_timeout))
