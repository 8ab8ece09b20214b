import pytest

from summarize import UsageError
from summarize.languages import language_name, parse_language_list


def test_names_come_from_iso_639() -> None:
    assert [language_name(c) for c in ("en", "es", "ru", "deu")] == ["English", "Spanish", "Russian", "German"]
    assert language_name("xx") is None
    assert language_name("english") is None


def test_the_built_in_iso_639_1_table_is_pycountrys_and_other_codes_still_resolve() -> None:
    import pycountry

    from summarize.iso639 import FROM_PYCOUNTRY, ISO_639_1
    from summarize.languages import alpha_3, canonical_language

    theirs = {entry.alpha_2: (entry.alpha_3, str(getattr(entry, "common_name", None) or entry.name))
              for entry in pycountry.languages if hasattr(entry, "alpha_2")}  # fmt: skip
    fix = f"pycountry {pycountry.__version__} differs: rewrite summarize/iso639.py from {theirs}"
    # The codes never change; a later pycountry may rename a language, which only its own release can check.
    assert {code: three for code, (three, _) in theirs.items()} == {
        code: three for code, (three, _) in ISO_639_1.items()
    }, fix
    assert pycountry.__version__ != FROM_PYCOUNTRY or theirs == ISO_639_1, fix
    assert [canonical_language(c) for c in ("rus", "RU", "ast", "spa")] == ["ru", "ru", "ast", "es"]
    assert [alpha_3(c) for c in ("ru", "ast", "xx")] == ["rus", "ast", None]
    # A code with no two-letter form is pycountry's to name; so is an unknown one to refuse.
    assert language_name("ast") == "Asturian" and language_name("qqq") is None
    assert parse_language_list("en,ast,rus") == ("en", "ast", "rus")


def test_language_lists_keep_order_and_drop_repeats() -> None:
    assert parse_language_list("ru, ES,en,es") == ("ru", "es", "en")
    assert parse_language_list(["en"]) == ("en",)


@pytest.mark.parametrize("value", ["en,xx", "english", "", " , "])
def test_bad_language_lists(value: str) -> None:
    with pytest.raises(UsageError):
        parse_language_list(value)


def test_the_detector_is_unpacked_once_and_ranks_as_py3langid_does(tmp_path, monkeypatch) -> None:
    import py3langid

    from summarize import detector

    monkeypatch.setattr(detector, "detector_dir", lambda: tmp_path)
    detector._identifier.cache_clear()
    # What older versions left: the single .npz file of before, another py3langid's tables.
    (tmp_path / "py3langid-0123456789abcdef.npz").write_bytes(b"old")
    (tmp_path / "py3langid-fedcba9876543210").mkdir()
    try:
        text = "Los ministros se reunieron en La Habana el lunes para hablar de comercio."
        assert detector.identifier().rank(text)[:3] == py3langid.rank(text)[:3]
        assert [path.name for path in tmp_path.iterdir()] == [next(tmp_path.iterdir()).name]  # one, made once
        assert (next(tmp_path.iterdir()) / "complete").is_file()
        # `cache clear` removes them; the next detection unpacks them again.
        assert detector.remove_unpacked() > 60_000_000 and not tmp_path.exists()
    finally:
        detector._identifier.cache_clear()


def test_a_given_source_language_loads_no_detector_unless_the_script_plainly_differs() -> None:
    from summarize.languages import plainly_other_script

    assert not plainly_other_script("The ministers met in Havana on Monday to discuss trade.", "es")
    assert plainly_other_script("Министры встретились в Гаване в понедельник, чтобы обсудить торговлю.", "en")
    assert not plainly_other_script("Министры встретились в Гаване в понедельник.", "sr")
