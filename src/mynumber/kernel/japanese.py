"""Japanese text: width, kana and kanji-variant handling for names and addresses.

Stored names keep the characters the person registered (髙 stays 髙): only width and spacing
are normalised. Half-width kana are widened by jaconv, and a voiced or semi-voiced mark
(濁点・半濁点, half-width ﾞﾟ or combining) joins the kana before it wherever Unicode has the
precomposed letter (ｶﾞ → ガ, ﾊﾟ → パ, ﾜﾞ → ヷ); a half-width mark with nothing to join becomes
the full-width ゛/゜. Matching uses a folded key that also maps common 異体字 to their usual
form, because NFKC leaves 髙/高, 﨑/崎 and 邊/邉/辺 apart.
"""

from __future__ import annotations

import re
import unicodedata

import jaconv

__all__ = [
    "KANJI_VARIANTS",
    "fold_kana",
    "fold_name",
    "is_katakana_name",
    "normalize_kana",
    "normalize_text",
]

# Common 異体字 in registered names → the form most records elsewhere use. A deliberately small,
# reviewed table; the linkage audit reports pairs it does not know.
KANJI_VARIANTS: dict[str, str] = {
    "髙": "高", "﨑": "崎", "嵜": "崎", "邊": "辺", "邉": "辺", "齋": "斎", "齊": "斉",
    "濵": "浜", "濱": "浜", "櫻": "桜", "澤": "沢", "廣": "広", "國": "国", "瀨": "瀬",
    "德": "徳", "槗": "橋", "栁": "柳", "眞": "真", "實": "実", "冨": "富", "𠮷": "吉",
    "曾": "曽", "惠": "恵", "會": "会", "藏": "蔵", "龍": "竜", "嶋": "島", "嶌": "島",
    "桒": "桑", "舘": "館", "淺": "浅", "條": "条", "圓": "円", "邨": "村",
}  # fmt: skip

_SMALL_KANA = str.maketrans("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ")
_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(ord("ぁ"), ord("ゖ") + 1)}
_SPACES = re.compile(r"[\s\u3000]+")
# Voiced and semi-voiced marks: half-width (ﾞﾟ) or combining, as the combining mark.
_MARKS = {"\uff9e": "\u3099", "\uff9f": "\u309a", "\u3099": "\u3099", "\u309a": "\u309a"}
_SPACING_MARKS = {"\uff9e": "\u309b", "\uff9f": "\u309c"}  # ﾞ → ゛, ﾟ → ゜
_KATAKANA_NAME = re.compile(r"^[\u30A0-\u30FF\u3000 ]+$")
# jaconv's half-width kana (and their marks): all it widens under kana=True, ascii=False.
_HALF_WIDTH_KANA = re.compile("[\uff61-\uff9f]")
# A voiced or semi-voiced mark that may join the kana before it.
_ANY_MARK = re.compile("[\uff9e\uff9f\u3099\u309a]")


def normalize_text(value: str) -> str:
    """Return value with half-width kana widened (voiced marks joined), ASCII narrowed and runs
    of spaces made one."""
    if value.isascii() and value.isprintable():  # nothing to widen or narrow (most numbers)
        return _SPACES.sub(" ", value).strip()
    # Most text (every name and address of a bulk load) has no half-width kana, and jaconv
    # costs more than the rest together: it runs only where it changes something.
    widened = (
        jaconv.h2z(value, kana=True, ascii=False, digit=False)
        if _HALF_WIDTH_KANA.search(value)
        else value
    )
    # NFKC is right for Latin width but would rewrite some compatibility kanji, and splits ゛/゜
    # into a space and a combining mark, so it leaves ideographs, kana and marks alone.
    if not unicodedata.is_normalized("NFKC", widened):
        widened = "".join(
            ch if _keeps_form(ch) else unicodedata.normalize("NFKC", ch) for ch in widened
        )
    return _SPACES.sub(" ", _join_marks(widened)).strip()


def _join_marks(text: str) -> str:
    """Join each voiced or semi-voiced mark to the kana before it where a letter has both."""
    if not _ANY_MARK.search(text):
        return text
    out: list[str] = []
    for ch in text:
        combining = _MARKS.get(ch)
        if combining is not None and out:
            joined = unicodedata.normalize("NFC", out[-1] + combining)
            if len(joined) == 1 and _is_kana(joined):
                out[-1] = joined
                continue
        out.append(_SPACING_MARKS.get(ch, ch))
    return "".join(out)


def normalize_kana(value: str) -> str:
    """Return a kana reading as full-width katakana with single spaces."""
    return normalize_text(value).translate(_HIRAGANA_TO_KATAKANA)


def is_katakana_name(value: str) -> bool:
    """Return whether value (already normalised) is a non-empty katakana reading."""
    return bool(value.strip()) and _KATAKANA_NAME.match(value) is not None


def fold_kana(value: str) -> str:
    """Return a matching key for a reading: katakana, no spaces, small kana made large, ヴ→ブ."""
    text = normalize_kana(value).replace(" ", "").translate(_SMALL_KANA)
    return text.replace("ヴ", "ブ").replace("ヰ", "イ").replace("ヱ", "エ").replace("ヲ", "オ")


def fold_name(value: str) -> str:
    """Return a matching key for a kanji name: normalised, no spaces, variants folded."""
    text = normalize_text(value).replace(" ", "")
    return "".join(KANJI_VARIANTS.get(ch, ch) for ch in text)


def _keeps_form(ch: str) -> bool:
    return _is_ideograph(ch) or _is_kana(ch) or ch in _MARKS


def _is_kana(ch: str) -> bool:
    return "\u3041" <= ch <= "\u30ff"  # hiragana and katakana, with ゛゜ and the marks


def _is_ideograph(ch: str) -> bool:
    code = ord(ch)
    return 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3FFFF
