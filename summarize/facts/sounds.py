"""Names by their sounds: a consonant skeleton that matches a name across scripts (Окленд and Auckland: KLNT)."""

from __future__ import annotations

import re

_PHONETIC = [("dzh", "j"), ("sch", "s"), ("kh", "h"), ("zh", "j"), ("ts", "c"), ("tz", "c"), ("ks", "x"),
             ("cs", "x"), ("ck", "k"), ("ch", "c"), ("sh", "s"), ("ph", "f"), ("th", "t"), ("w", "v"), ("y", "i"),
             ("ee", "i"), ("ou", "u"), ("oo", "u"), ("q", "k")]  # fmt: skip


# English spells its long a "a_e" and "ay" where Russian writes ей/эй: Hale/Хейл, Chase/Чейз, Wayne/Вэйн.
_LONG_A = re.compile(r"a([bcdfgklmnprstvz])e(?=s?$)|ay")


def phonetic(romanized: str, english: bool = False) -> str:
    """A romanized word with spelling variants of one sound merged ("dzhon"/"john", "khyuston"/"houston").

    `english`: the word is English, whose long a is written as Russian writes "ei"."""
    if english:
        word = _LONG_A.sub(lambda m: "ei" + (m.group(1) or ""), romanized)
    else:  # Russian writes an English W before a vowel as "u" (Cyrillic U): Уэйн, Уильям, Уэльс
        word = re.sub(r"^u(?=[aeio])", "v", romanized)
    for old, new in _PHONETIC:
        word = word.replace(old, new)
    if word.startswith("g"):
        word = "h" + word[1:]  # Russian writes English H as Г: Галифакс, Хьюстон/Гьюстон
    collapsed = [ch for i, ch in enumerate(word) if i == 0 or ch != word[i - 1]]
    return "".join(collapsed)


# Spelling rules of English and of romanized Russian that write one sound several ways.
_ENGLISH_SPELLING = [("tion", "Sn"), ("dge", "j"), ("ge", "je"), ("gi", "ji"), ("gy", "ji"), ("ce", "se"), ("ci", "si"),
                     ("cy", "si"), ("ph", "f"), ("ck", "k"), ("qu", "kv"), ("x", "ks"), ("th", "t"), ("sh", "S"),
                     ("ch", "C")]  # fmt: skip
_ROMANIZED_SPELLING = [("shch", "S"), ("dzh", "j"), ("zh", "j"), ("kh", "h"), ("ts", "s"), ("sh", "S"), ("ch", "C")]
_CONSONANT_CLASSES = str.maketrans("bpfvckgqszxdtjlmnrSC", "BBFFKKKKSSSTTJLMNRSC", "aeiouyhw")
MIN_SKELETON = 3  # consonants a sound-skeleton needs before two names may be called the same by it


def skeleton(word: str, english: bool) -> str:
    """A name's consonants by sound class, vowels dropped: "Auckland" and "Окленд" are both KLNT.

    `english` applies English spelling rules (soft g, soft c, "ph"); otherwise those of romanized
    Russian ("kh", "zh", "dzh"). Russian writes an English H as Г, so a leading K is dropped too
    by `skeleton_variants`.
    """
    rules = _ENGLISH_SPELLING if english else _ROMANIZED_SPELLING
    for old, new in rules:
        word = word.replace(old, new)
    classes = word.translate(_CONSONANT_CLASSES)
    return "".join(ch for i, ch in enumerate(classes) if ch.isupper() and (i == 0 or ch != classes[i - 1]))


# Chinese names: Russian writes pinyin in the Palladius system (Qing: Цин, Jin: Цзинь, Xi'an:
# Сиань, Zedong: Цзэдун). Both are reduced to one key: the consonants the two write differently
# merged, "ong" as Russian hears it, and the -ng/-n and soft-sign distinctions dropped.
_PINYIN = [("zh", "Z"), ("ch", "C"), ("sh", "S"), ("ong", "un"), ("ng", "n"), ("j", "J"), ("z", "J"), ("q", "Q"),
           ("c", "Q"), ("x", "S"), ("s", "S"), ("r", "R"), ("w", "v"), ("y", "i"), ("'", ""),
           ("\u2019", "")]  # fmt: skip
_PALLADIUS = [("цз", "J"), ("чж", "Z"), ("ц", "Q"), ("ч", "C"), ("ш", "S"), ("с", "S"), ("ж", "R"), ("ь", ""),
              ("ъ", ""), ("й", "i"), ("ю", "iu"), ("я", "ia"), ("э", "e"), ("е", "e"), ("ё", "io")]  # fmt: skip
_CYRILLIC = str.maketrans("абвгдзиклмнопртуфхы", "abvgdziklmnoprtufhy")


def pinyin_key(word: str) -> str:
    """A pinyin word's key for matching its Palladius spelling ("Qing" and "Цин": Qin)."""
    key = word.lower()
    for old, new in _PINYIN:
        key = key.replace(old, new)
    return key


def palladius_key(word: str) -> str:
    """A Russian word's key for matching the pinyin it may spell ("Цзинь" and "Jin": Jin)."""
    key = word.lower()
    for old, new in _PALLADIUS:
        key = key.replace(old, new)
    return key.translate(_CYRILLIC)


def palladius_keys(*forms: str) -> set[str]:
    """Keys of a Russian name's forms, each also without a case ending ("Сиане": Сиан, Xi'an)."""
    stems = [form[:-1] for form in forms if len(form) > 3 and form[-1].lower() in "аеиоуыюя"]
    return {palladius_key(form) for form in [*forms, *stems]}
