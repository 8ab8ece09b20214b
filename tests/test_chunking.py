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


def count_with_joins(text: str) -> int:
    """A tokenizer whose counts do not add up: joining sentences costs an extra token per join."""
    return len(text.split()) + text.count(". ")


@given(st.lists(sentence.map(lambda s: s + "."), min_size=1, max_size=40), st.integers(min_value=2, max_value=20))
def test_chunks_fit_even_when_token_counts_do_not_add_up(sentences: list[str], budget: int) -> None:
    chunks = chunk_sentences(sentences, count_with_joins, budget, split_words)
    assert all(count_with_joins(chunk) <= budget for chunk in chunks)
    assert " ".join(chunks).split() == " ".join(sentences).split()


def test_a_piece_that_retokenizes_longer_is_split_again() -> None:
    def padded_split(text: str, budget: int) -> list[str]:
        # Like decoding byte-level tokens mid-character: a cut can come out a token too long.
        words = text.split()
        cut = budget + 1 if len(words) > budget + 1 else len(words) // 2
        return [" ".join(words[:cut]), " ".join(words[cut:])]

    chunks = chunk_sentences(["a b c d e f g h i j"], count_words, 4, padded_split)
    assert all(count_words(chunk) <= 4 for chunk in chunks)
    assert " ".join(chunks).split() == list("abcdefghij")


@given(st.lists(sentence, min_size=1, max_size=40), st.integers(min_value=2, max_value=20))
def test_every_sentence_lands_in_exactly_one_chunk_in_order(words: list[str], budget: int) -> None:
    # Each sentence ends in a unique marker word, so its chunk can be found.
    sentences = [f"{text} s{i}." for i, text in enumerate(words)]
    chunks = chunk_sentences(sentences, count_words, budget, split_words)
    homes = []
    for i, text in enumerate(sentences):
        found = [n for n, chunk in enumerate(chunks) if f" s{i}." in f" {chunk}"]
        assert len(found) == 1
        if count_words(text) <= budget:  # a sentence that fits is never cut
            assert text in chunks[found[0]]
        homes.append(found[0])
    assert homes == sorted(homes)
