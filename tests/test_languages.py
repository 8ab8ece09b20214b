import pytest

from summarize import UsageError
from summarize.languages import language_name, parse_language_list


def test_names_come_from_iso_639() -> None:
    assert [language_name(c) for c in ("en", "es", "ru", "deu")] == ["English", "Spanish", "Russian", "German"]
    assert language_name("xx") is None
    assert language_name("english") is None


def test_language_lists_keep_order_and_drop_repeats() -> None:
    assert parse_language_list("ru, ES,en,es") == ("ru", "es", "en")
    assert parse_language_list(["en"]) == ("en",)


@pytest.mark.parametrize("value", ["en,xx", "english", "", " , "])
def test_bad_language_lists(value: str) -> None:
    with pytest.raises(UsageError):
        parse_language_list(value)
