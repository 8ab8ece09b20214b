"""Names a language writes its own way (cities, translated acronyms, Roman numerals) and names alone at a
sentence's start."""

import pytest

from summarize.facts import check, extract_facts


def _names(summary: str, source: str, language: str) -> dict[str, str]:
    report = check(summary, source, language=language, source_language="en")
    return {c.text: c.status for c in report.checks if c.kind == "name"}


@pytest.mark.parametrize(
    ("summary", "language", "city"),
    [("El alcalde habló en Londres ayer.", "es", "Londres"), ("Мэр выступил в Лондоне вчера.", "ru", "Лондоне")],
)
def test_a_city_is_found_by_its_english_name_and_caught_when_it_is_another(summary: str, language: str,
                                                                           city: str) -> None:  # fmt: skip
    assert _names(summary, "The mayor spoke in London yesterday.", language)[city] == "found"
    assert _names(summary, "The mayor spoke in Paris yesterday.", language)[city] == "not_in_source"


@pytest.mark.parametrize(
    ("summary", "language", "acronym"),
    [("La ONU envió ayuda a Haití.", "es", "ONU"), ("ООН направила помощь на Гаити.", "ru", "ООН")],
)
def test_translated_acronyms_are_looked_up_by_what_they_stand_for(summary: str, language: str, acronym: str) -> None:
    assert _names(summary, "The United Nations sent aid to Haiti.", language)[acronym] == "found"
    assert _names(summary, "The UN sent aid to Haiti.", language)[acronym] == "found"
    assert _names(summary, "The Red Cross sent aid to Haiti.", language)[acronym] == "not_in_source"


def test_acronyms_kept_as_they_are_must_be_in_the_source() -> None:
    assert _names("El informe llegó a las 12:00 GMT.", "The report arrived at 12:00 GMT.", "es")["GMT"] == "found"
    assert _names("Lo llevaron al hospital de UCLA.", "He was taken to Cedars-Sinai.", "es")["UCLA"] == "not_in_source"
    # A currency code is no name: the source writes "¥" or "yen".
    assert "JPY" not in _names("Las entradas costarán 2500 JPY.", "Tickets will cost ¥2,500.", "es")


def test_a_roman_numeral_is_the_number_it_stands_for() -> None:
    source = "Wagonways were built in England as early as the 16th century."
    assert _names("Los carros se construyeron en Inglaterra ya en el siglo XVI.", source, "es")["XVI"] == "found"
    assert (
        _names("Los carros se construyeron en Inglaterra ya en el siglo XIV.", source, "es")["XIV"] == "not_in_source"
    )


def test_a_name_alone_at_a_sentence_start_is_checked_when_it_is_known_to_be_one() -> None:
    # A country or city of the language, or a name of the source: checked even first in its sentence.
    assert _names("Alemania ganó el partido.", "France won the match.", "es") == {"Alemania": "not_in_source"}
    source = "Kurtis Guthrie scored for Colchester. The manager praised him."
    assert _names("Guthrie scored for Colchester.", source, "en") == {"Guthrie": "found", "Colchester": "found"}
    # An ordinary first word stays a word, however rare.
    assert _names("Confirmaron que el equipo ganó.", "They confirmed the team won.", "es") == {}


def test_a_country_is_found_by_its_adjective_in_the_same_language() -> None:
    assert _names("A driver in India was accused.", "An Indian woman said her driver attacked her.", "en") == {
        "India": "found"
    }


def test_russian_compound_nouns_are_not_names() -> None:
    assert (
        _names("Города-государства были предтечами наций.", "City-states were the precursors of nations.", "ru") == {}
    )
    # An unknown word coined as an abstract noun is no name, even where the dictionary lacks it.
    blogging = "Blogging is a tool that inspires collaboration."
    assert _names("Блоггерство — инструмент, который вдохновляет на сотрудничество.", blogging, "ru") == {}
    # A known word behind a prefix (тур|агенты), and an adjective the dictionary tags as a place's.
    assert _names("Турагенты обычно продают пакеты.", "Travel agents usually offer packages.", "ru") == {}
    assert _names("Южнокорейский лыжник финишировал.", "The Polish skier finished.", "ru") == {}


def test_a_countrys_genitive_before_a_person_is_judged_on_its_own() -> None:
    bush = "U.S. President George W. Bush welcomed the announcement."
    assert _names("Президент Аргентины Джордж Буш приветствовал это.", bush, "ru") == {
        "Аргентины": "not_in_source",
        "Джордж Буш": "found",
    }
    # A surname the dictionary knows as a common word ("макрон", a diacritic) stays with its given name.
    macron = "French President Emmanuel Macron said so."
    assert _names("Президент Франции Эммануэль Макрон сказал это.", macron, "ru") == {
        "Франции": "found",
        "Эммануэль Макрон": "found",
    }
    assert _names("Президент Франции Эммануэль Блан сказал это.", macron, "ru")["Эммануэль Блан"] == "not_in_source"


@pytest.mark.parametrize(
    ("summary", "source", "name"),
    [
        ("Глава программы Уэйн Хейл сказал это.", "Program chief Wayne Hale said so.", "Уэйн Хейл"),  # long a: ей
        ("Его нашли в штате Огайо.", "He was found in Blue Ash, Ohio.", "Огайо"),  # Г for H inside a word
        ("Столица Молдавии — Кишинёв.", "The capital of Moldova is Chişinău.", "Кишинёв"),  # accents aside
        ("Банк находится в Порт-Стэнли.", "The bank is located in Stanley.", "Порт-Стэнли"),  # a common part aside
        ("Это передача Генри Луиса Гейтса.", "It was Henry Louis Gates' special.", "Генри Луиса Гейтса"),
        ("В земле Ханаана не было лесов.", "There were no large forests in the land of Canaan.", "Ханаана"),  # kh: chi
    ],
)
def test_russian_transcriptions_of_english_names_are_found(summary: str, source: str, name: str) -> None:
    assert _names(summary, source, "ru")[name] == "found"
    assert _names(summary, "It was said in Brussels.", "ru")[name] == "not_in_source"


def test_a_persons_name_across_languages_is_all_there_and_joined_as_the_source_joins_it() -> None:
    source = "Kurtis Guthrie scored twice. Sean Murray was sent off."
    assert _names("Kurtis Guthrie marcó dos veces.", source, "es") == {"Kurtis Guthrie": "found"}
    assert _names("Sean Guthrie marcó dos veces.", source, "es") == {"Sean Guthrie": "not_in_source"}
    assert _names("Roman Guthrie marcó dos veces.", source, "es") == {"Roman Guthrie": "not_in_source"}
    # "twice" is the number two: "dos veces" keeps it.
    assert check("Kurtis Guthrie marcó dos veces.", source, language="es", source_language="en").ok


def test_an_institutions_translated_words_do_not_count_against_it_but_its_cognates_count_for_it() -> None:
    source = "Sara Danius, of the Swedish Academy, announced it on Monday."
    assert _names("Sara Danius, de la Academia Sueca, lo anunció el lunes.", source, "es")["Academia Sueca"] == "found"
    other = "Sara Danius, of the Nobel Foundation, announced it on Monday."
    assert _names("Sara Danius, de la Academia Sueca, lo anunció.", other, "es")["Academia Sueca"] == "not_in_source"


@pytest.mark.parametrize(
    ("summary", "source", "name"),
    [
        (
            "Según la Administración Federal de Aviación, ahorra combustible.",
            "The FAA claims it saves fuel.",
            "Administración Federal de Aviación",
        ),  # the source's acronym, its letters in any order
        ("Las comidas de la antigua Roma no tenían tomates.", "Ancient Roman meals had no tomatoes.", "Roma"),
        (
            "La moneda oficial de las Malvinas es la libra.",
            "The official Falklands currency is the pound.",
            "Malvinas",
        ),  # "Islas Malvinas" without "Islas"
        (
            "Las islas de África Oriental están en el Índico.",
            "The East African Islands are in the Indian Ocean.",
            "África Oriental",
        ),  # a region by its words, where CLDR's name for it is not used
    ],
)
def test_places_and_institutions_by_their_english_forms(summary: str, source: str, name: str) -> None:
    assert _names(summary, source, "es")[name] == "found"


def test_a_monarch_is_judged_by_the_numeral_and_a_short_a_still_matches() -> None:
    source = "The terrified King Louis XVI returned to Paris. Bachmann won the Ames Straw Poll."
    assert _names("El rey Luis XVI volvió a París.", source, "es")["Luis XVI"] == "found"
    assert _names("Король Людовик XVI вернулся в Париж.", source, "ru")["Людовик XVI"] == "found"  # translated name
    assert _names("Король Людовик XIV вернулся в Париж.", source, "ru")["Людовик XIV"] == "not_in_source"
    assert _names("Бахман выиграла опрос в Амесе.", source, "ru")["Амесе"] == "found"  # Ames, not "Eims"


def test_a_country_of_several_words_is_judged_and_an_agencys_acronym_names_its_country() -> None:
    assert _names("Lo dijo Estados Unidos.", "The storm hit Korea on Monday.", "es") == {
        "Estados Unidos": "not_in_source"
    }
    assert _names("Lo dijo Reino Unido.", "Britain said so.", "es") == {"Reino Unido": "found"}
    assert _names("Declaró desde una base de Estados Unidos.", "He spoke from a USAF base.", "es") == {
        "Estados Unidos": "found"
    }


def test_names_of_few_consonants_match_by_their_vowels_too() -> None:
    source = "Huhne has resigned. The quake was south of Butte."
    assert _names("Хьюн подал в отставку.", source, "ru") == {"Хьюн": "found"}
    assert _names("Землетрясение произошло к югу от Бьютта.", source, "ru")["Бьютта"] == "found"
    assert _names("Землетрясение произошло к югу от Бэтта.", "The quake was south of Butte.", "ru")["Бэтта"] == (
        "not_in_source"
    )


def test_a_hyphened_name_is_found_by_its_parts_and_a_saint_by_the_rest() -> None:
    children = "Their two children, Marie Therese and four year old Louis-Charles, were forced back to Paris."
    assert _names("Их дети Мария и Луи-Чарлз вернулись в Париж.", children, "ru")["Луи-Чарлз"] == "found"
    other = "Their two children, Marie Therese and four year old Louis-Philippe, were forced back to Paris."
    assert _names("Их дети Мария и Луи-Чарлз вернулись в Париж.", other, "ru")["Луи-Чарлз"] == "not_in_source"
    suburb = "The beaches are in the suburbs of Mission Bay and St Heliers in Central Auckland."
    assert _names("Пляжи находятся в пригороде Сент-Хелиерс.", suburb, "ru")["Сент-Хелиерс"] == "found"
    elsewhere = "The beaches are in the suburbs of Mission Bay and St Kilda in Central Auckland."
    assert _names("Пляжи находятся в пригороде Сент-Хелиерс.", elsewhere, "ru")["Сент-Хелиерс"] == "not_in_source"


def test_chinese_names_in_the_palladius_system_match_their_pinyin() -> None:
    qing = "In 1683, Qing dynasty forces took control of Taiwan, and the palace at Xi\u2019an fell."
    names = _names("В 1683 году войска династии Цин заняли Тайвань, и пал дворец в Сиане.", qing, "ru")
    assert names["Цин"] == names["Сиане"] == "found"
    ming = "In 1683, Ming dynasty forces took control of Taiwan, and the palace at Nanjing fell."
    names = _names("В 1683 году войска династии Цин заняли Тайвань, и пал дворец в Сиане.", ming, "ru")
    assert names["Цин"] == names["Сиане"] == "not_in_source"


def test_a_frequent_given_name_alone_is_judged_by_its_sound_and_j_may_be_written_i() -> None:
    rome = "Over four million people went to Rome to attend the funeral."
    assert _names("Более четырёх миллионов человек отправились в Петра.", rome, "ru") == {"Петра": "not_in_source"}
    assert _names("Толпы пришли к базилике Святого Петра.", "Crowds came to St Peter's Basilica.", "ru") == {
        "Петра": "found"
    }
    assert _names("Это день рождения Иисуса.", "It is the birthday of Jesus.", "ru") == {"Иисуса": "found"}
    assert _names("Это день рождения Иосифа.", "It is the birthday of Jesus.", "ru") == {"Иосифа": "not_in_source"}
    # Before a surname a frequent given name stays unjudged: Мишель is how Russian writes Michele.
    bachmann = "Congresswoman Michele Bachmann finished sixth."
    assert _names("Конгрессмен Мишель Бахман заняла шестое место.", bachmann, "ru") == {"Мишель Бахман": "found"}


def test_a_middle_initial_keeps_a_name_whole_and_ee_uu_is_one_name() -> None:
    # "George W. Bush" is one name (before, the stop after "W" ended it at "George"), and Spanish
    # "EE. UU." one acronym (before, "EE" alone, which nothing could judge).
    facts = [(f.kind, f.text) for f in extract_facts("El presidente de EE. UU., George W. Bush, llegó.", "es")]
    assert facts == [("name", "EE. UU."), ("name", "George W. Bush")]
    source = "U.S. President George W. Bush arrived."
    assert _names("El presidente de EE. UU., George W. Bush, llegó.", source, "es") == {
        "EE. UU.": "found", "George W. Bush": "found"}  # fmt: skip
    # Another surname after the same given name and initial is another person.
    assert _names("El presidente George W. Smithers llegó.", source, "es")["George W. Smithers"] == "not_in_source"
    assert _names("El presidente de EE. UU. llegó.", "French President Jacques Chirac arrived.", "es") == {
        "EE. UU.": "not_in_source"}  # fmt: skip
    assert [f.text for f in extract_facts("Michael J. Fox met John F. Kennedy.", "en")] == [
        "Michael J. Fox", "John F. Kennedy"]  # fmt: skip


def test_two_russian_places_side_by_side_are_two_names() -> None:
    # "США Франции" was one name, passing wherever the source named the United States.
    assert [f.text for f in extract_facts("Президент США Кореи прибыл.", "ru")] == ["США", "Кореи"]
    assert [f.text for f in extract_facts("Президент США Южной Кореи прибыл.", "ru")] == ["США", "Кореи"]
    names = _names("Президент США Франции прибыл.", "The US president arrived.", "ru")
    assert names == {"США": "found", "Франции": "not_in_source"}
