from conftest import SAMPLES

from summarize.segment import detect_language, split_paragraphs, split_sentences


def test_english_abbreviations_and_decimals_stay_inside_sentences() -> None:
    text = 'The U.S. economy grew 3.5% in the third quarter. Mr. Smith said "No. 5 is fine." Then he left.'
    assert split_sentences(text, "en") == [
        "The U.S. economy grew 3.5% in the third quarter.",
        'Mr. Smith said "No. 5 is fine."',
        "Then he left.",
    ]


def test_spanish_and_russian_rules() -> None:
    assert len(split_sentences("EE. UU. y el Sr. García llegaron. Fue el No. 5 de la lista.", "es")) == 2
    assert split_sentences("В. В. Путин прибыл в г. Москва. Рост составил 3.5%.", "ru") == [
        "В. В. Путин прибыл в г. Москва.",
        "Рост составил 3.5%.",
    ]


def test_paragraph_breaks_end_sentences() -> None:
    assert split_sentences("A headline without a stop\n\nThe body starts here.", "en") == [
        "A headline without a stop",
        "The body starts here.",
    ]
    assert split_paragraphs("one\n\n \n\ntwo\n") == ["one", "two\n"]


def test_detects_the_samples_languages() -> None:
    assert detect_language((SAMPLES / "statement.txt").read_text()) == "en"
    assert detect_language((SAMPLES / "ring-doorbell.es.txt").read_text()) == "es"
    assert detect_language((SAMPLES / "iraq-study-group.ru.txt").read_text()) == "ru"
