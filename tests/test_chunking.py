from hypothesis import given
from hypothesis import strategies as st

from summarize.chunking import chunk_sentences


def count_words(text: str) -> int:
    return len(text.split())


def split_words(text: str, budget: int) -> list[str]:
    words = text.split()
    return [" ".join(words[i : i + budget]) for i in range(0, len(words), budget)]


def test_packs_sentences_greedily_at_boundaries() -> None:
    sentences = ["a b c.", "d e.", "f g h i.", "j."]
    assert chunk_sentences(sentences, count_words, 5, split_words) == ["a b c. d e.", "f g h i. j."]


def test_an_over_long_sentence_is_split_at_token_boundaries() -> None:
    chunks = chunk_sentences(["one two three four five six seven."], count_words, 3, split_words)
    assert chunks == ["one two three", "four five six", "seven."]


sentence = st.lists(st.sampled_from(["alpha", "beta", "gamma", "delta"]), min_size=1, max_size=12).map(" ".join)


@given(st.lists(sentence, min_size=1, max_size=40), st.integers(min_value=1, max_value=20))
def test_chunks_fit_and_keep_every_word_in_order(sentences: list[str], budget: int) -> None:
    chunks = chunk_sentences(sentences, count_words, budget, split_words)
    assert all(count_words(chunk) <= budget for chunk in chunks)
    assert " ".join(chunks).split() == " ".join(sentences).split()
