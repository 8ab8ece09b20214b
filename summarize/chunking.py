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
        else:
            # Last resort: no sentence boundary is close enough, so cut between tokens.
            pieces.extend(_split_to_fit(sentence, tokens, count_tokens, budget, split))
    return pieces


def _split_to_fit(
    text: str, tokens: int, count_tokens: CountTokens, budget: int, split: SplitByTokens
) -> list[tuple[str, int]]:
    """Split `text` into pieces that each fit, splitting again any piece that re-tokenizes longer."""
    pieces: list[tuple[str, int]] = []
    for part in split(text, budget):
        part_tokens = count_tokens(part)
        if part_tokens <= budget:
            pieces.append((part, part_tokens))
        elif part_tokens < tokens:
            pieces.extend(_split_to_fit(part, part_tokens, count_tokens, budget, split))
        else:
            raise ValueError(f"cannot split a {tokens}-token text into pieces of {budget} tokens")
    return pieces


def chunk_sentences(
    sentences: Sequence[str], count_tokens: CountTokens, budget: int, split: SplitByTokens
) -> list[str]:
    """Pack sentences, in order, greedily into chunks of at most `budget` tokens each."""
    groups: list[list[str]] = []
    used = budget + 1  # forces a new chunk for the first piece
    for piece, tokens in fit_pieces(sentences, count_tokens, budget, split):
        if used + tokens > budget:
            groups.append([])
            used = 0
        groups[-1].append(piece)
        used += tokens
    chunks: list[str] = []
    for group in groups:
        text = " ".join(group)
        if len(group) == 1 or count_tokens(text) <= budget:
            chunks.append(text)
        else:
            chunks.extend(_repack_exactly(group, count_tokens, budget))
    return chunks


def _repack_exactly(group: list[str], count_tokens: CountTokens, budget: int) -> list[str]:
    """Pack by counting the joined text itself: tokens do not always add up across sentence joins."""
    chunks: list[str] = []
    current: list[str] = []
    for piece in group:
        if current and count_tokens(" ".join([*current, piece])) > budget:
            chunks.append(" ".join(current))
            current = []
        current.append(piece)
    chunks.append(" ".join(current))
    return chunks
