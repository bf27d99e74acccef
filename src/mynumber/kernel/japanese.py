"""Japanese text: width, kana and kanji-variant handling for names and addresses.

Stored names keep the characters the person registered (髙 stays 髙): only width and spacing
are normalised. Matching uses a folded key that also maps common 異体字 to their usual form,
because NFKC leaves 髙/高, 﨑/崎 and 邊/邉/辺 apart.
"""

from __future__ import annotations

import re
import unicodedata

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
_KATAKANA_NAME = re.compile(r"^[\u30A0-\u30FF\u3000 ]+$")


def normalize_text(value: str) -> str:
    """Return value with half-width kana widened, ASCII narrowed and runs of spaces made one."""
    # NFKC is right for kana and Latin width but would rewrite some compatibility kanji, so it
    # is applied only to characters outside the CJK ideograph ranges (when anything changes).
    if unicodedata.is_normalized("NFKC", value):
        widened = value
    else:
        widened = "".join(
            ch if _is_ideograph(ch) else unicodedata.normalize("NFKC", ch) for ch in value
        )
    return _SPACES.sub(" ", widened).strip()


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


def _is_ideograph(ch: str) -> bool:
    code = ord(ch)
    return 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3FFFF
