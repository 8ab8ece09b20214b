"""Engines run a seq2seq model: a batch of texts in, a batch of texts out."""

from __future__ import annotations

from .base import Seq2SeqEngine

__all__ = ["Seq2SeqEngine"]
