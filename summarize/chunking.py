"""Group sentences into chunks that fit a model's token budget; cut only at sentence boundaries."""

from __future__ import annotations

from collections.abc import Callable, Sequence

CountTokens = Callable[[str], int]
SplitByTokens = Callable[[str, int], list[str]]


def fit_pieces(
    sentences: Sequence[str], count_tokens: CountTokens, budget: int, split: SplitByTokens
) -> list[tuple[str, int]]:
    """Each sentence with its token count; a sentence over `budget` is split at token boundaries."""
    if budget < 1:
        raise ValueError(f"token budget must be positive, got {budget}")
    pieces: list[tuple[str, int]] = []
    for sentence in sentences:
        tokens = count_tokens(sentence)
        if tokens <= budget:
            pieces.append((sentence, tokens))
            continue
        # Last resort: no sentence boundary is close enough, so cut between tokens.
        for part in split(sentence, budget):
            pieces.append((part, count_tokens(part)))
    return pieces


def chunk_sentences(
    sentences: Sequence[str], count_tokens: CountTokens, budget: int, split: SplitByTokens
) -> list[str]:
    """Pack sentences, in order, into as few chunks of at most `budget` tokens as greedy packing gives."""
    chunks: list[list[str]] = []
    used = budget + 1  # forces a new chunk for the first piece
    for piece, tokens in fit_pieces(sentences, count_tokens, budget, split):
        if used + tokens > budget:
            chunks.append([])
            used = 0
        chunks[-1].append(piece)
        used += tokens
    return [" ".join(chunk) for chunk in chunks]
