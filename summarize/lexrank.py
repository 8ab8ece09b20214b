"""An extractive summarizer that needs no model: biased LexRank over the text's own sentences.

Sentences are ranked by centrality in a TF-IDF cosine-similarity graph (LexRank, Erkan & Radev
2004), with the random walk's restarts biased towards the start of the text, where news puts
what matters most. The best sentences that fit the word budget are returned in their original
order, skipping near-duplicates of ones already chosen. Stemming is Snowball's for the
language where it has one (English, Spanish, Russian and 30 more); other languages use words as
they are.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .languages import language_name

if TYPE_CHECKING:
    import numpy as np

# Length presets as (sentences, words at most), near the neural presets' typical output.
LENGTHS = {"short": (2, 60), "medium": (3, 120), "long": (5, 200)}

_WORD = re.compile(r"[^\W\d_]+")
# Edges weaker than this are noise (LexRank's threshold); restarts follow the position prior.
# A low damping (frequent restarts) and a 1 / (1 + i) prior were tuned on CNN/DailyMail with
# benchmarks/extractive_rouge.py: news puts what matters first, centrality then refines the pick.
_THRESHOLD = 0.1
_DAMPING = 0.2
_POSITION_DECAY = 1.0
# A candidate this similar to an already chosen sentence adds nothing new.
_REDUNDANT = 0.5
# Sentences ranked together at most; a block's picks go on to the next round.
_BLOCK = 300


def _stemmer(language: str) -> Any:
    import snowballstemmer

    name = (language_name(language) or "").lower()
    if name in snowballstemmer.algorithms():
        return snowballstemmer.stemmer(name)
    return None


def _terms(sentences: Sequence[str], language: str) -> list[list[str]]:
    stemmer = _stemmer(language)
    words = [[w for w in _WORD.findall(s.lower()) if len(w) > 1] for s in sentences]
    if stemmer is None:
        return words
    return [stemmer.stemWords(ws) for ws in words]


def _similarities(terms: list[list[str]]) -> np.ndarray:
    """Cosine similarity of the sentences' TF-IDF vectors."""
    import numpy as np

    vocabulary: dict[str, int] = {}
    for words in terms:
        for term in words:
            vocabulary.setdefault(term, len(vocabulary))
    matrix = np.zeros((len(terms), max(1, len(vocabulary))))
    for row, words in enumerate(terms):
        for term, count in Counter(words).items():
            matrix[row, vocabulary[term]] = count
    documents = (matrix > 0).sum(axis=0)
    matrix *= np.log((1 + len(terms)) / (1 + documents)) + 1.0
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix /= np.where(norms == 0, 1.0, norms)
    return matrix @ matrix.T


def _rank(similarity: np.ndarray) -> np.ndarray:
    """Stationary probabilities of the biased LexRank walk over a similarity matrix."""
    import numpy as np

    count = similarity.shape[0]
    prior = 1.0 / (1.0 + np.arange(count)) ** _POSITION_DECAY
    prior /= prior.sum()
    edges = (similarity > _THRESHOLD).astype(float)
    np.fill_diagonal(edges, 0.0)
    degree = edges.sum(axis=1)
    # Rows without edges restart by the prior, like every other restart.
    transition = np.where(degree[:, None] > 0, edges / np.maximum(degree, 1.0)[:, None], prior[None, :])
    scores = prior.copy()
    for _ in range(200):
        updated = (1 - _DAMPING) * prior + _DAMPING * scores @ transition
        if np.abs(updated - scores).sum() < 1e-10:
            return updated
        scores = updated
    return scores


def rank(sentences: Sequence[str], language: str) -> list[float]:
    """A score per sentence: its probability in the biased LexRank walk."""
    if not sentences:
        return []
    return [float(x) for x in _rank(_similarities(_terms(sentences, language)))]


def _pick(sentences: Sequence[str], language: str, max_sentences: int, max_words: int) -> list[int]:
    similarity = _similarities(_terms(sentences, language))
    scores = _rank(similarity)
    chosen: list[int] = []
    used = 0
    for index in sorted(range(len(sentences)), key=lambda i: (-scores[i], i)):
        if len(chosen) == max_sentences:
            break
        words = len(sentences[index].split())
        if chosen and used + words > max_words:
            continue
        if any(similarity[index, c] > _REDUNDANT for c in chosen):
            continue
        chosen.append(index)
        used += words
    return sorted(chosen)


@dataclass(frozen=True)
class Extract:
    """An extractive summary, and how many blocks and ranking rounds it took."""

    text: str
    blocks: int
    rounds: int


def select(sentences: Sequence[str], language: str, max_sentences: int, max_words: int) -> list[int]:
    """Indices of the sentences to keep, in original order: at most `max_sentences` and (beyond
    the first) `max_words`."""
    return _select(sentences, language, max_sentences, max_words)[0]


def _select(sentences: Sequence[str], language: str, max_sentences: int, max_words: int) -> tuple[list[int], int, int]:
    # A long text is ranked block by block first and the blocks' picks ranked again, so memory
    # and time stay linear in its length.
    indices = list(range(len(sentences)))
    blocks = max(1, -(-len(indices) // _BLOCK))
    rounds = 1
    while len(indices) > _BLOCK:
        picked: list[int] = []
        for start in range(0, len(indices), _BLOCK):
            block = indices[start : start + _BLOCK]
            chosen = _pick([sentences[j] for j in block], language, max_sentences, max_words)
            picked.extend(block[i] for i in chosen)
        indices = picked
        rounds += 1
    final = _pick([sentences[j] for j in indices], language, max_sentences, max_words)
    return [indices[i] for i in final], blocks, rounds


def body_spans(text: str, language: str) -> tuple[str, list[tuple[int, int]]]:
    """The body of `text` and where its sentences are: without the title line, and without a
    leading dateline or byline.

    A title is what the blurb's headline already shows; a dateline ("MOSCOW, November 28. /TASS/.")
    says where and when, not what.
    """
    from .segment import FRAGMENT_WORDS, attach_fragment_spans, lead_text, sentence_spans

    _title, body = lead_text(text)
    spans = sentence_spans(body, language)
    while len(spans) > 1 and len(body[slice(*spans[0])].split()) < FRAGMENT_WORDS:
        spans.pop(0)
    return body, attach_fragment_spans(body, spans)


def body_sentences(text: str, language: str) -> list[str]:
    """The sentences a summary may take (see `body_spans`), each on one line."""
    from .segment import collapse

    body, spans = body_spans(text, language)
    return [collapse(body[a:b]) for a, b in spans]


def _cut_words(text: str, max_words: int) -> str:
    words = text.split()
    return text if len(words) <= max_words else " ".join(words[:max_words]) + "…"


def summarize_extractive(text: str, language: str, length: str) -> Extract:
    """The chosen sentences of `text`, in order, joined with spaces; never more words than the length allows."""
    from .segment import collapse, join_spans

    body, spans = body_spans(text, language)
    sentences = [collapse(body[a:b]) for a, b in spans]
    max_sentences, max_words = LENGTHS[length]
    chosen, blocks, rounds = _select(sentences, language, max_sentences, max_words)
    # Neighbouring sentences keep what stood between them; the rest are joined with a space.
    # One sentence may be longer than the whole budget (a run-on line): it is cut between words.
    return Extract(_cut_words(join_spans(body, [spans[i] for i in chosen]), max_words), blocks, rounds)
