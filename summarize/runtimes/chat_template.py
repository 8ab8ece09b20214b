"""A model's chat template rendered without transformers, as `apply_chat_template` renders it.

Templates come with the model's files, so they run in Jinja's immutable sandbox (as transformers
runs them), with the same options, filters and globals; the CTranslate2 runtime encodes the
rendered text with the exported tokenizer, special tokens included in the text.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import ModelError


def _raise(message: str) -> None:
    raise ModelError(f"the model's chat template refused the prompt: {message}")


@lru_cache(maxsize=8)
def _compiled(template: str) -> Any:
    from jinja2.ext import loopcontrols
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    environment = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
    environment.filters["tojson"] = lambda value, indent=None, **_: json.dumps(value, ensure_ascii=False,
                                                                                  indent=indent)  # fmt: skip
    environment.globals["raise_exception"] = _raise
    environment.globals["strftime_now"] = lambda form: datetime.now().strftime(form)
    return environment.from_string(template)


def render_chat(template: str, messages: list[dict[str, str]], special_tokens: dict[str, str]) -> str:
    """The prompt text for `messages`, ending where the assistant's answer starts; reasoning off."""
    return str(_compiled(template).render(messages=messages, add_generation_prompt=True, enable_thinking=False,
                                          **special_tokens))  # fmt: skip


def chat_meta(tokenizer: Any, path: Path) -> dict[str, Any]:
    """What an export records to render and stop a chat model's answers: the template, the special
    tokens' text it may use, and every token that ends an answer ({} for a model without a template)."""
    if not getattr(tokenizer, "chat_template", None):
        return {}
    try:
        generation_config = dict(json.loads((path / "generation_config.json").read_text(encoding="utf-8")))
    except (OSError, ValueError):
        generation_config = {}
    template = tokenizer.chat_template
    if isinstance(template, dict):  # named templates: the default one
        template = template.get("default") or next(iter(template.values()))
    specials = {name: str(value) for name, value in tokenizer.special_tokens_map.items() if isinstance(value, str)}
    ends = generation_config.get("eos_token_id")
    ids = [ends] if isinstance(ends, int) else list(ends or [])
    if tokenizer.eos_token_id is not None:
        ids.append(int(tokenizer.eos_token_id))
    stops = sorted({str(tokenizer.convert_ids_to_tokens(int(index))) for index in ids})
    return {"chat_template": template, "special_tokens_map": specials, "stop_tokens": stops}
