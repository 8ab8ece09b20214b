"""The one batch driver: many items through a Summarizer, in order, each bad item costing only itself.

Where the model work runs is an `Executor`: here (`local`), or on a Ray cluster
(`distributed.on_ray`). The driver does the rest once for both: readable items are grouped so
models batch across documents, an unreadable item keeps its place with its error, outcomes come
out in input order as soon as every item before them is done, and a progress bar counts items.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from .document import Document
from .errors import SummarizeError
from .inputs import Item
from .pipeline import Summarizer
from .result import SummaryResult

# Documents summarized together: enough to fill model batches, few enough that results stream out.
GROUP_SIZE = 16

Answer = SummaryResult | SummarizeError
"""One document's answer, as `Summarizer.summarize_each` gives it (the server's batcher answers with it too)."""

Executor = Callable[[list[list[Document]]], Iterable[tuple[int, list[Answer]]]]
"""Runs groups of documents; yields (group index, its answers in order) as each group finishes, in any order."""


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

    @classmethod
    def of(cls, item: Item, answer: Answer) -> Outcome:
        if isinstance(answer, SummaryResult):
            return cls(item, answer)
        return cls(item, None, str(answer))


def local(summarizer: Summarizer, source_language: str | None = None) -> Executor:
    """Run each group here, one after the other."""

    def execute(groups: list[list[Document]]) -> Iterator[tuple[int, list[Answer]]]:
        for index, documents in enumerate(groups):
            yield index, summarizer.summarize_each(documents, source_language=source_language)

    return execute


def drive(
    items: Sequence[Item],
    execute: Executor,
    *,
    group_size: int = GROUP_SIZE,
    progress: bool = False,
    raise_errors: bool = False,
) -> Iterator[Outcome]:
    """Outcomes in item order; `raise_errors` lets a document's error propagate instead (for debugging)."""
    from tqdm import tqdm

    ready = [item for item in items if item.document is not None]
    groups = [ready[start : start + group_size] for start in range(0, len(ready), group_size)]
    done: dict[int, Outcome] = {}
    emitted = 0
    with tqdm(total=len(items), unit="item", desc="items", disable=not progress) as bar:

        def finished() -> Iterator[Outcome]:
            nonlocal emitted
            while emitted < len(items) and (items[emitted].document is None or id(items[emitted]) in done):
                item = items[emitted]
                emitted += 1
                bar.update(1)
                yield done.pop(id(item)) if id(item) in done else Outcome(item, None, item.error)

        yield from finished()
        documents = [[item.document for item in group if item.document is not None] for group in groups]
        for index, answers in execute(documents) if groups else ():
            for item, answer in zip(groups[index], answers, strict=True):
                if raise_errors and isinstance(answer, SummarizeError):
                    raise answer
                done[id(item)] = Outcome.of(item, answer)
            yield from finished()
        for item in items[emitted:]:  # an executor that stopped early (a bug) still accounts for each item
            yield Outcome(item, None, item.error or "not summarized")


def summarize_items(
    summarizer: Summarizer,
    items: Sequence[Item],
    *,
    group_size: int = GROUP_SIZE,
    progress: bool = False,
    raise_errors: bool = False,
) -> Iterator[Outcome]:
    """Outcomes in item order, summarized here. A bad item (unreadable, or failing to summarize) is
    reported in its place; it never stops the batch, and the others of its group are still
    summarized together."""
    return drive(items, local(summarizer), group_size=group_size, progress=progress, raise_errors=raise_errors)
