"""Matching keys for the five items of 本人確認情報 (5情報) as the 2023 総点検 compared them.

A kanji name (漢字氏名) is folded through the MJ縮退マップ (jntajis): each 異体字 becomes the
first candidate of `mj_shrink_candidates` under the four shrink schemes the 総点検's comparison
needs (JIS包摂・UCS統合規則, 読み・字形による類推, 法務省告示582号, 戸籍法関連通達), so 髙橋 and
高橋, 渡邉 and 渡辺 are one name. Width and spacing are normalised first (half-width kana
widened, NFKC for Latin). A reading (カナ氏名) is folded as the register's kana key is.

An address (住所) is compared as its text, NFKC-normalised with every space and hyphen-like
character dropped and kanji variants folded, and the postal code where the record has one.
⚠ The real 総点検 compared addresses by their 住所コード and text as each agency held them; a
record here that writes its address differently (丁目 as a hyphen, say) counts as a mismatch.

Folding is cached per distinct string and per character: names and addresses repeat across a
population. The link audit folds names with the same function (`audit.links_fold`).
"""

from __future__ import annotations

import functools
import re
import unicodedata

import jntajis

from mynumber.kernel.japanese import KANJI_VARIANTS, fold_kana, normalize_text

__all__ = ["fold_address", "fold_kanji_name", "fold_postal_code", "fold_reading"]

_SCHEMES = (
    jntajis.MJShrinkSchemeCombo.JIS_INCORPORATION_UCS_UNIFICATION_RULE
    | jntajis.MJShrinkSchemeCombo.INFERENCE_BY_READING_AND_GLYPH
    | jntajis.MJShrinkSchemeCombo.MOJ_NOTICE_582
    | jntajis.MJShrinkSchemeCombo.MOJ_FAMILY_REGISTER_ACT_RELATED_NOTICE
)
_SPACES_AND_DASHES = re.compile(r"[\s\u3000\-‐‑‒–—―−ー－]+")


@functools.lru_cache(maxsize=262_144)
def fold_kanji_name(value: str) -> str:
    """Return a matching key for a kanji name: normalised, no spaces, variants folded (MJ)."""
    text = normalize_text(value).replace(" ", "")
    if not text:
        return ""
    return _shrink(text)


@functools.lru_cache(maxsize=262_144)
def fold_address(value: str) -> str:
    """Return a matching key for an address line: NFKC, no spaces or dashes, variants folded."""
    text = _SPACES_AND_DASHES.sub("", unicodedata.normalize("NFKC", value))
    return _shrink(text) if text else ""


def fold_postal_code(value: str) -> str:
    """Return the digits of a postal code (〒123-4567 and 1234567 are one code)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", value) if ch.isdigit())


def _shrink(text: str) -> str:
    return "".join(map(_usual_form, text))


@functools.cache
def _usual_form(ch: str) -> str:
    """Return one character's usual form: MJ shrink's first candidate, then the kernel's
    reviewed 異体字 table (`KANJI_VARIANTS`) for what the MJ maps leave."""
    try:
        candidates = jntajis.mj_shrink_candidates(ch, _SCHEMES)
    except Exception:  # jntajis raises on characters outside its tables: keep them as written
        candidates = []
    first = candidates[0] if candidates else ch
    return KANJI_VARIANTS.get(first, first) if len(first) == 1 else first


@functools.lru_cache(maxsize=262_144)
def fold_reading(value: str) -> str:
    """Return a matching key for a reading: the register's own kana key (jaconv widening,
    small kana made large, ヴ→ブ)."""
    return fold_kana(value)
