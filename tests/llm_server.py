"""Start a real OpenAI-compatible server (`transformers serve`) on a model directory, for the tests.

    python tests/llm_server.py MODEL_DIR PORT [MAX_PROMPT_CHARS]

With $LLM_SERVER_KEY set, requests to /v1/ without that bearer key get a 401, as hosted APIs
answer. With $LLM_SERVER_DIGEST_FILE, GET /api/tags lists the model with the digest in that file,
as Ollama lists its models (Ollama itself cannot be installed here); change the file to play
an `ollama pull` of a new version. With MAX_PROMPT_CHARS, a request whose messages are longer gets a 400 worded as vLLM
words a context overflow. Both are ASGI middleware on transformers' own app; everything else
(model listing, chat completions, errors for unknown models) is the server's own behaviour.
"""

from __future__ import annotations

import hmac
import json
import os
import sys
from pathlib import Path


def main(model: str, port: int, max_prompt_chars: int | None) -> None:
    from fastapi import Request
    from fastapi.responses import JSONResponse
    from transformers.cli.serve import Serve
    from transformers.cli.serving import server as serving

    key = os.environ.pop("LLM_SERVER_KEY", None)
    digest_file = os.environ.get("LLM_SERVER_DIGEST_FILE")
    build = serving.build_server

    def guarded(*args: object, **kwargs: object) -> object:
        app = build(*args, **kwargs)

        if digest_file:

            @app.get("/api/tags")
            async def tags() -> dict[str, object]:
                digest = Path(digest_file).read_text(encoding="utf-8").strip()
                return {"models": [{"name": model, "model": model, "digest": digest}]}

        @app.middleware("http")
        async def limits(request: Request, call_next):  # type: ignore[no-untyped-def]
            if key and request.url.path.startswith("/v1/"):
                given = request.headers.get("authorization", "")
                if not hmac.compare_digest(given.encode(), f"Bearer {key}".encode()):
                    error = {"message": "Incorrect API key provided", "type": "invalid_request_error"}
                    return JSONResponse({"error": error}, status_code=401)
            if max_prompt_chars and request.url.path == "/v1/chat/completions":
                body = json.loads(await request.body() or b"{}")
                size = sum(len(str(m.get("content", ""))) for m in body.get("messages", []))
                if size > max_prompt_chars:
                    message = (
                        f"This model's maximum context length is {max_prompt_chars // 4} tokens. "
                        f"However, you requested {size // 3} tokens. Please reduce the length of the messages."
                    )
                    return JSONResponse({"error": {"message": message, "type": "BadRequestError"}}, status_code=400)
            return await call_next(request)

        return app

    serving.build_server = guarded
    Serve(force_model=model, host="127.0.0.1", port=port)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else None)
