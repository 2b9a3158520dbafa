"""Kazakh Cyrillic -> Latin (2021 alphabet), Kazakh-aware case mapping, and search keys.

The official table (docs ``domain.md`` §7, 31 letters, presented 28 Jan 2021) is applied
exactly::

    а a   ә ä   б b   в v   г g   ғ ğ   д d   е e   ж j   з z   и i   й i
    к k   қ q   л l   м m   н n   ң ñ   о o   ө ö   п p   р r   с s   т t
    у u   ұ ū   ү ü   ф f   х h   һ h   ш ş   ы y   і ı   ъ -   ь -

Capitals follow the Kazakh case pairs İ/i and I/ı, so И, Й -> İ and І -> I.

The Russian-only letters are NOT in the 2021 alphabet. Their mapping here is unofficial,
chosen to stay inside the 31 letters and to read naturally for Russian loan names:

    э e   ё io   ю iu   я ia   ц ts   ч ch   щ şş

ё, ю, я use i for the /j/ glide, consistent with й -> i. Right after и or й, which are
already i, the glide is not written twice: "Юлия" -> "İulia", "Мария" -> "Maria". (The
stanza script's Ç and Şç are avoided: Ç is not in the alphabet.) Any other character,
including Cyrillic letters of other languages, passes through unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Final

# Lower-case Cyrillic -> Latin. Upper case is derived in _latin_for, so the two cannot
# drift apart.
_CYRILLIC_TO_LATIN: Final[dict[str, str]] = {
    "а": "a",
    "ә": "ä",
    "б": "b",
    "в": "v",
    "г": "g",
    "ғ": "ğ",
    "д": "d",
    "е": "e",
    "ж": "j",
    "з": "z",
    "и": "i",
    "й": "i",
    "к": "k",
    "қ": "q",
    "л": "l",
    "м": "m",
    "н": "n",
    "ң": "ñ",
    "о": "o",
    "ө": "ö",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ұ": "ū",
    "ү": "ü",
    "ф": "f",
    "х": "h",
    "һ": "h",
    "ш": "ş",
    "ы": "y",
    "і": "ı",
    "ъ": "",
    "ь": "",
    # Russian-only letters: unofficial, see the module docstring.
    "э": "e",
    "ё": "io",
    "ю": "iu",
    "я": "ia",
    "ц": "ts",
    "ч": "ch",
    "щ": "şş",
}

# ё, ю, я start with the glide "i"; и, й are written "i" themselves.
_IOTATED: Final = frozenset("ёюя")
_I_LETTERS: Final = frozenset("ий")

# Python's own case mapping follows English here: "i".upper() is "I" and "İ".lower() is
# "i" + U+0307 (COMBINING DOT ABOVE). Kazakh pairs İ/i and I/ı, so those four letters
# are mapped explicitly before the default mapping handles everything else.
_KK_LOWER: Final = str.maketrans({"İ": "i", "I": "ı"})
_KK_UPPER: Final = str.maketrans({"i": "İ", "ı": "I"})
_COMBINING_DOT_ABOVE: Final = "\u0307"


def _nfc(text: str) -> str:
    # Text pasted from other systems may be decomposed (й as и + U+0306, ё as е + U+0308).
    # Composing first lets those hit the table instead of leaking Cyrillic through.
    return unicodedata.normalize("NFC", text)


def kk_lower(text: str) -> str:
    """Lower-case with Kazakh Latin pairs: İ -> i, I -> ı; default mapping otherwise.

    Meant for Kazakh text: an English or Russian-style "I" also becomes "ı". A dotted i
    left by Python's own lower() ("i" + U+0307) is repaired to a plain "i", so the result
    never contains the combining dot.
    """
    text = _nfc(text).replace("i" + _COMBINING_DOT_ABOVE, "i")
    return text.translate(_KK_LOWER).lower()


def kk_upper(text: str) -> str:
    """Upper-case with Kazakh Latin pairs: i -> İ, ı -> I; default mapping otherwise.

    Meant for Kazakh text: an English "i" also becomes "İ". "i" + U+0307 becomes "İ".
    """
    text = _nfc(text).replace("i" + _COMBINING_DOT_ABOVE, "İ")
    return text.translate(_KK_UPPER).upper()


def _latin_for(text: str, index: int) -> str | None:
    """The Latin for the Cyrillic letter at ``text[index]``, cased; None if not mapped."""
    char = text[index]
    lower = char.lower()
    latin = _CYRILLIC_TO_LATIN.get(lower)
    if latin is None:
        return None
    if lower in _IOTATED and index > 0 and text[index - 1].lower() in _I_LETTERS:
        # The glide is already written by the preceding i: "ия" -> "ia", not "iia".
        latin = latin[1:]
    if char == lower:
        return latin
    if len(latin) <= 1:
        return kk_upper(latin)
    # A capital that becomes two letters: "Юлия" -> "İulia" but "ЮЛИЯ" -> "İULİA". Decide
    # from the neighbours: an upper-case next letter, or (at the word's end) an upper-case
    # previous letter, means an all-caps word.
    after = text[index + 1] if index + 1 < len(text) else ""
    before = text[index - 1] if index > 0 else ""
    all_caps = after.isupper() or (not after.islower() and before.isupper())
    return kk_upper(latin) if all_caps else kk_upper(latin[0]) + latin[1:]


# Names repeat: a cache makes transliterating a long list cheap.
@lru_cache(maxsize=65536)
def to_latin(text: str) -> str:
    """Transliterate Kazakh (and Russian) Cyrillic to the 2021 Kazakh Latin alphabet.

    "Бұрыңғы өткен заманда" -> "Būryñğy ötken zamanda". See the module docstring for the
    table, the unofficial Russian-only letters and how case is kept.
    """
    text = _nfc(text)
    out: list[str] = []
    for index, char in enumerate(text):
        latin = _latin_for(text, index)
        out.append(char if latin is None else latin)
    return "".join(out)


# Latin letters that Unicode does not decompose into a base letter plus accent, so the
# NFKD step below cannot reach them.
_ASCII_FOLD: Final = str.maketrans(
    {
        "ı": "i",
        "ə": "a",  # schwa, used for ә in the 1929-1940 and 2017 Latin spellings
        "ǝ": "a",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "q": "k",
    }
)
_APOSTROPHES: Final = re.compile(r"['\u2019\u2018\u02bc\u02bb`\u00b4]")
_HYPHENS: Final = re.compile(r"[-\u2010\u2011\u2012\u2013\u2014]")
# Russian-style Latin digraphs, longest first so "shch" is not read as "sh" + "ch".
_DIGRAPHS: Final = (
    ("shch", "s"),
    ("zh", "j"),
    ("kh", "h"),
    ("sh", "s"),
    ("ch", "c"),
    ("ts", "c"),
    ("y", "i"),
)
_DOUBLED: Final = re.compile(r"([a-z])\1+")
_SPACES: Final = re.compile(r"\s+")


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def search_key(text: str) -> str:
    """A loose key so a name or place typed in any script or spelling finds its match.

    Steps, in order:

    1. ``to_latin`` (Cyrillic -> 2021 Latin).
    2. Fold to ASCII: decompose (NFKD) and drop accents (ä->a, ö->o, ü->u, ū->u, ğ->g,
       ş->s, ñ->n, ç->c, ...; other Cyrillic: ї->і, ў->у, then ``to_latin`` again),
       ``kk_lower``, then ı->i, ə->a and q->k.
    3. Drop apostrophes (' ’ ‘ ʼ ʻ ` ´); hyphens and dashes become spaces.
    4. Fold Russian-style digraphs: shch->s, zh->j, kh->h, sh->s, ch->c, ts->c, then
       y->i. So j/zh meet at "j", h/kh at "h", and yu/iu, ya/ia at "iu", "ia".
    5. Collapse runs of one letter ("ii"->"i", "ss"->"s"); repeat 4-5 until stable
       (so search_key(search_key(x)) == search_key(x)). Then whitespace runs become one
       space, trimmed.

    "Айжан", "Aizhan", "Aijan" -> "aijan"; "Қаскелең", "Kaskelen", "Qaskeleñ" ->
    "kaskelen"; "Данияр", "Daniyar", "Daniiar" -> "daniar". Deliberately lossy (ы, і
    and и all meet at "i"); use it only to find candidates, never to compare identity.
    """
    text = _strip_accents(to_latin(text))
    # Again after decomposing: Cyrillic of other languages (ї, ў, ӛ) only now shows its
    # Kazakh base letter. Lower-case only now, too: compatibility forms like "ℐ" only
    # become a plain upper-case "I" once decomposed.
    text = kk_lower(_strip_accents(to_latin(text)))
    text = text.translate(_ASCII_FOLD)
    text = _APOSTROPHES.sub("", text)
    text = _HYPHENS.sub(" ", text)
    # Folding and collapsing can each expose new pairs ("kkh" -> "kh" -> "h"), so repeat
    # until nothing changes; that also makes the key its own key. Each round that changes
    # something shortens the text or removes a "y", so this stops.
    previous = None
    while text != previous:
        previous = text
        for spelling, folded in _DIGRAPHS:
            text = text.replace(spelling, folded)
        text = _DOUBLED.sub(r"\1", text)
    return _SPACES.sub(" ", text).strip()


def words_search_key(words: Iterable[str]) -> str:
    """``search_key`` of the words joined by spaces, from the (cached) key of each word.

    Every step of ``search_key`` works inside a word, so the two agree; names repeat far
    more often than whole names, so this is what a long list of people should use.
    """
    return " ".join(key for key in (search_key(word) for word in words) if key)
