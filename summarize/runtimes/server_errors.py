"""What an OpenAI-compatible server's failures mean, in one line each with the fix."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..errors import ContextLengthError, ModelError, SummarizeError, first_line

API_KEY_VARIABLE = "SUMMARIZE_LLM_API_KEY"
# The client retries this many times (with exponential backoff) on 408, 409, 429, 5xx and lost connections.
# Two (the openai client's own default): a server that is down costs about 1.5 s to report, not 3.5.
MAX_RETRIES = 2
# Servers report a context overflow in their own words: vLLM, llama.cpp, OpenAI, Ollama, TGI.
_CONTEXT_OVERFLOW = re.compile(
    r"context[_ ]length|maximum context|context size|context window|too many tokens|exceeds? .{0,40}context"
    r"|prompt is too long|input is too long",
    re.IGNORECASE,
)
# Problems that no retry of another text will get past.
LASTING = {"server unreachable", "key refused", "not served", "timeout"}


@dataclass(frozen=True)
class ServerCall:
    """What a failed request was: the server, the model's name there, its reference, the timeout."""

    url: str
    name: str
    model: str
    timeout: int


def malformed(url: str, name: str, model: str, what: str) -> ModelError:
    return ModelError(
        f"the server at {url} sent a malformed answer for model {name!r} ({what}); "
        f"check that `llm_url` points at an OpenAI-compatible /v1 endpoint",
        model=model,
        problem="malformed response",
    )


def client_error(exc: Exception, call: ServerCall) -> SummarizeError:
    """One line for whatever the client raised: what failed at which URL, and the fix."""
    if isinstance(exc, SummarizeError):
        return exc  # already ours (the openai package missing, say)
    import openai

    where = f"the server at {call.url}"
    detail = first_line(exc, 160)
    if isinstance(exc, openai.APITimeoutError):
        return ModelError(
            f"{where} did not answer for model {call.name!r} within {call.timeout} s "
            f"({MAX_RETRIES} retries); raise `llm_timeout`, lower `llm_concurrency`, or check the server",
            model=call.model,
            problem="timeout",
        )
    if isinstance(exc, openai.APIConnectionError):
        return ModelError(
            f"cannot reach {where} for model {call.name!r} ({detail}); start the server or point `llm_url` at it",
            model=call.model,
            problem="server unreachable",
        )
    if isinstance(exc, openai.AuthenticationError | openai.PermissionDeniedError):
        return ModelError(
            f"{where} refused the API key for model {call.name!r} (HTTP {exc.status_code}); "
            f"set ${API_KEY_VARIABLE} to a key it accepts",
            model=call.model,
            problem="key refused",
        )
    if isinstance(exc, openai.APIStatusError):
        return _status_error(exc, call, where)
    if isinstance(exc, openai.APIResponseValidationError | ValueError):
        return malformed(call.url, call.name, call.model, detail)
    return ModelError(
        f"{where} failed for model {call.name!r} ({type(exc).__name__}: {detail})",
        model=call.model,
        problem=detail,
    )


def _status_error(exc: Any, call: ServerCall, where: str) -> ModelError:
    """An HTTP error status from the server, told by what it means for the user."""
    message = _server_message(exc)
    if exc.status_code in (400, 413) and _CONTEXT_OVERFLOW.search(message):
        return ContextLengthError(
            f"{where} says the input does not fit model {call.name!r}'s context ({message[:160]}); "
            f"set `llm_context` to the model's context size",
            model=call.model,
            problem="context exceeded",
        )
    if exc.status_code == 404 and "/models" in str(exc.request.url) and "chat" not in str(exc.request.url):
        return ModelError(f"{where} lists no models", model=call.model, problem="no model list")
    if exc.status_code == 404 or ("model" in message.lower() and exc.status_code == 400):
        return ModelError(
            f"{where} does not serve model {call.name!r} ({message[:160]}); "
            f"pull or load it on the server, or check the name after openai:",
            model=call.model,
            problem="not served",
        )
    return ModelError(
        f"{where} failed for model {call.name!r} (HTTP {exc.status_code}: {message[:160]}); check the server's log",
        model=call.model,
        problem=f"HTTP {exc.status_code}",
    )


def _server_message(exc: Any) -> str:
    """The server's own error text, from an OpenAI-style {'error': {'message'}} body or FastAPI's {'detail'}."""
    body = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict):
            text = inner.get("message") or inner.get("detail") or body.get("detail")
            if text:
                return first_line(Exception(str(text)), 300)
        if isinstance(inner, str):
            return first_line(Exception(inner), 300)
    return first_line(exc, 300)
