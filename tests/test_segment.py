import pytest
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


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "Это, т. е. пример, важен."),
        ("ru", "Так наз. эксперт, т. н. специалист, пришёл."),
        ("ru", "См. рис. 5 ниже."),
        ("ru", "Например, напр. яблоки."),
        ("ru", "Профессор А. С. Пушкин и акад. Иванов пришли."),
        ("ru", "Он сказал: «Рост 3,5% в 2024 г. был выше»."),
        ("es", "La Sra. López y el Dr. Pérez llegaron a las 5 p. m. del lunes."),
        ("es", "El PIB de EE. UU. creció un 3,5% según el informe No. 5."),
        ("en", "It cost approx. 5 dollars, e.g. for bread, i.e. the U.S. price."),
        ("en", "Dr. Smith met Gov. Brown at 5 p.m. on Jan. 5 in Washington."),
    ],
)
def test_abbreviations_do_not_end_sentences(language: str, text: str) -> None:
    assert split_sentences(f"{text} Next one.", language) == [text, "Next one."]


def test_quotes_and_decimals_survive() -> None:
    text = 'He said "Growth was 3.5% this year." Then he left. Она сказала: «Всё хорошо». Потом ушла.'
    assert split_sentences(text, "en")[:2] == ['He said "Growth was 3.5% this year."', "Then he left."]
    assert split_sentences(text.split("left. ")[1], "ru") == ["Она сказала: «Всё хорошо».", "Потом ушла."]


def test_paragraph_breaks_end_sentences() -> None:
    assert split_sentences("A headline without a stop\n\nThe body starts here.", "en") == [
        "A headline without a stop",
        "The body starts here.",
    ]
    assert split_paragraphs("one\n\n \n\ntwo\n") == ["one", "two\n"]


def test_detects_the_samples_languages() -> None:
    for name, language in [("statement.txt", "en"), ("ring-doorbell.es.txt", "es"), ("iraq-study-group.ru.txt", "ru")]:
        detection = detect_language((SAMPLES / name).read_text())
        assert (detection.language, detection.reliable) == (language, True)


def test_unsure_detection_narrows_to_likely_languages() -> None:
    headline = detect_language("Hello world.", likely=["en", "es", "ru"])
    assert headline.language == "en" and not headline.reliable
    assert detect_language("Привет", likely=["en", "es", "ru"]).language == "ru"


def test_a_clear_language_outside_the_likely_ones_is_kept() -> None:
    german = detect_language("Der Minister traf seinen Amtskollegen in Havanna und sprach über die Industrie.", ["en"])
    assert german.language == "de" and german.reliable
