"""Request and response bodies of the HTTP API, with the examples the OpenAPI schema shows."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from ..generation import LENGTHS
from ..options import BLURB_FORMATS
from ..sanitize import first_surrogate

EXAMPLE_TEXT = (
    "Representatives of the governments of Russia and Cuba discussed cooperation in the civilian "
    "aircraft and automotive industries, Russian Industry and Trade Ministry said on Monday."
)


class SummarizeRequest(BaseModel):
    """One text (`text`) or several (`texts`), and optionally the languages and length for them."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"texts": [EXAMPLE_TEXT], "languages": ["en", "es", "ru"], "length": "short"}]},
    )

    text: str | None = Field(default=None, description="A single text; or use `texts`.")
    texts: list[str] | None = Field(
        default=None, min_length=1, description="Several texts, summarized in shared model batches."
    )
    ids: list[str] | None = Field(
        default=None, description="An id per text, echoed in the results (default: 1, 2, ...)."
    )
    urls: list[str] | None = Field(
        default=None,
        min_length=1,
        description="Pages, feeds or files to fetch and summarize, after the texts "
        "(only from the hosts that the server's operator allows).",
    )
    languages: list[str] | None = Field(default=None, description="Output languages (default: the server's).")
    length: str | None = Field(default=None, description="Summary length.", json_schema_extra={"enum": list(LENGTHS)})
    source_language: str | None = Field(default=None, description="The texts' language (default: detected).")

    @field_validator("text", "texts", "ids", "urls", "languages", "source_language")
    @classmethod
    def _valid_unicode(cls, value: Any) -> Any:
        """A lone surrogate (a bad \\uD800 escape) cannot be encoded anywhere: refused here, naming the field."""
        for number, item in enumerate(value if isinstance(value, list) else [value]):
            if isinstance(item, str) and first_surrogate(item) is not None:
                where = f" (item {number})" if isinstance(value, list) else ""
                raise ValueError(f"not valid Unicode{where}: a lone surrogate such as \\ud800; send UTF-8 text")
        return value

    @field_validator("length")
    @classmethod
    def _known_length(cls, value: str | None) -> str | None:
        if value is not None and value not in LENGTHS:
            raise ValueError(f"must be one of {', '.join(LENGTHS)}, got {value!r}")
        return value

    @model_validator(mode="after")
    def _one_of_text_or_texts(self, info: ValidationInfo) -> SummarizeRequest:
        uploads = int((info.context or {}).get("uploads", 0))
        if self.text is not None and self.texts is not None:
            raise ValueError("give either `text` or `texts`, not both")
        if self.text is None and self.texts is None and not self.urls and not uploads:
            raise ValueError("give `text`, `texts`, `urls` or uploaded files")
        if self.ids is not None and len(self.ids) != len(self.all_texts):
            raise ValueError("`ids` must have one id per text")
        return self

    @property
    def all_texts(self) -> list[str]:
        return [self.text] if self.text is not None else list(self.texts or [])


class BlurbRequest(SummarizeRequest):
    """As for /v1/summarize, plus the blurb formats wanted and a word limit per summary."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"text": EXAMPLE_TEXT, "formats": ["markdown", "html"], "max_words": 60}],
            "oneOf": [{"required": ["text"]}, {"required": ["texts"]}],
        },
    )

    formats: list[str] = Field(
        default=["markdown"], min_length=1, max_length=2, json_schema_extra={"items": {"enum": list(BLURB_FORMATS)}}
    )

    @field_validator("formats")
    @classmethod
    def _known_formats(cls, value: list[str]) -> list[str]:
        unknown = [item for item in value if item not in BLURB_FORMATS]
        if unknown:
            raise ValueError(f"blurbs come in {' or '.join(BLURB_FORMATS)}, not {', '.join(map(repr, unknown))}")
        return value

    max_words: int | None = Field(default=None, ge=1, le=10_000, description="Words per summary, whole sentences.")


class ExtractResponse(BaseModel):
    """Each text, URL or file as read: its id, title, url, published, author, site and text, or its error."""

    documents: list[dict[str, Any]]


class SummarizeResponse(BaseModel):
    """One object per text, in order: the same JSON as `summarize --format json` prints per input."""

    results: list[dict[str, Any]]


class Blurb(BaseModel):
    id: str
    markdown: str | None = None
    html: str | None = None
    error: str | None = None


class BlurbResponse(BaseModel):
    blurbs: list[Blurb]


class ErrorBody(BaseModel):
    code: str = Field(description="Stable: bad_request, unauthorized, too_large, queue_full, timeout, not_found, "
                                  "internal.")  # fmt: skip
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody


class ModelStatus(BaseModel):
    role: str
    model: str
    on_disk: bool
    loaded: bool


class ModelsResponse(BaseModel):
    strategy: str
    runtime: str
    models: list[ModelStatus]


class InfoResponse(BaseModel):
    """What the page needs to know: the defaults and limits."""

    languages: list[str]
    lengths: list[str]
    length: str
    max_texts: int
    max_text_chars: int
    key_required: bool
    version: str
