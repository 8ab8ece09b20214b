"""Many items through one Summarizer: grouped so models batch across documents, bad items isolated."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .inputs import Item
from .pipeline import Summarizer
from .result import SummaryResult

# Documents summarized together: enough to fill model batches, few enough that results stream out.
GROUP_SIZE = 16


@dataclass(frozen=True)
class Outcome:
    """An item and its result, or why it has none."""

    item: Item
    result: SummaryResult | None
    error: str | None = None

    @property
    def failed(self) -> bool:
        """True when the item has no result or lacks a language."""
        return self.error is not None or self.result is None or bool(self.result.errors)


def summarize_items(
    summarizer: Summarizer,
    items: Sequence[Item],
    *,
    group_size: int = GROUP_SIZE,
    progress: bool = False,
    raise_errors: bool = False,
) -> Iterator[Outcome]:
    """Outcomes in item order. A bad item (unreadable, or failing to summarize) is reported in its place;
    it never stops the batch, and the others of its group are still summarized together.

    `raise_errors` lets a summarization error propagate instead (for debugging).
    """
    from tqdm import tqdm

    with tqdm(total=len(items), unit="item", desc="items", disable=not progress) as bar:
        for start in range(0, len(items), group_size):
            group = items[start : start + group_size]
            ready = [item for item in group if item.document is not None]
            documents = [item.document for item in ready if item.document is not None]
            outcomes = dict(zip(map(id, ready), summarizer.summarize_each(documents), strict=True))
            for item in group:
                outcome = outcomes.get(id(item))
                if item.error is not None:
                    yield Outcome(item, None, item.error)
                elif isinstance(outcome, SummaryResult):
                    yield Outcome(item, outcome)
                else:
                    if raise_errors and outcome is not None:
                        raise outcome
                    yield Outcome(item, None, str(outcome) if outcome is not None else "not summarized")
                bar.update(1)
