"""What the reception page (受付画面) shows: eligibility answers in the words staff read.

Codes of the interface (QualificationValidity, InsuredPartialContributionRatio, the consent
flags and their JST times, error codes) become Japanese labels here, so that the templates
only lay them out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mynumber.eligibility.data import (
    ConsentScope,
    Diagnosis,
    EligibilityAnswer,
    FacilityKind,
    QualificationInfo,
    QualificationValidity,
)
from mynumber.kernel.dates import compact_moment, japanese_date, parse_compact_date
from mynumber.kernel.errors import DomainError

__all__ = [
    "CONSENT_LABELS",
    "KIND_LABELS",
    "AnswerView",
    "ConsentLine",
    "QualificationView",
    "answer_view",
    "error_view",
    "jst_text",
    "moment_text",
    "refusal_text",
    "treatment_kind",
    "ymd_text",
]

# 資格有効性, and whether staff may go on (ok), should look again (warn) or must not (bad).
VALIDITY_LABELS = {
    QualificationValidity.VALID: ("有効", "ok"),
    QualificationValidity.INVALID: ("無効", "bad"),
    QualificationValidity.INVALID_WITH_NEWER: ("無効（新しい資格あり）", "warn"),
    QualificationValidity.NONE: ("該当資格なし", "bad"),
    QualificationValidity.MULTIPLE: ("複数該当", "warn"),
    QualificationValidity.PENDING: ("有効（資格情報未登録）", "ok"),
}
VALIDITY_NOTES = {
    QualificationValidity.INVALID_WITH_NEWER: (
        "この資格は失効しています。新しい保険の資格があります。"
    ),
    QualificationValidity.NONE: (
        "入力された保険者番号・記号・番号・枝番・生年月日に一致する資格がありません。"
        "入力内容をご確認ください。"
    ),
    QualificationValidity.PENDING: (
        "保険者が資格を受け付けていますが、番号がまだ登録されていません（タイムラグ）。"
        "有効として扱えます。"
    ),
}
# 限度額適用区分 as insurers.rules gives it: ア–オ under 70, the income bands from 70.
LIMIT_LABELS = {
    "ア": "区分ア（年収約1,160万円～）",
    "イ": "区分イ（年収約770万～約1,160万円）",
    "ウ": "区分ウ（年収約370万～約770万円）",
    "エ": "区分エ（～年収約370万円）",
    "オ": "区分オ（住民税非課税）",
    "現役並み": "現役並み所得者（70歳以上）",
    "一般": "一般（70歳以上）",
    "低所得": "低所得者（70歳以上）",
}
CONSENT_LABELS = {
    ConsentScope.MEDICATION: "薬剤情報",
    ConsentScope.CHECKUP: "特定健診等情報",
    ConsentScope.TREATMENT: "診療情報",
}
KIND_LABELS = {
    FacilityKind.HOSPITAL: "病院",
    FacilityKind.CLINIC: "医科診療所",
    FacilityKind.DENTAL: "歯科診療所",
    FacilityKind.PHARMACY: "薬局",
    FacilityKind.PRACTITIONER: "施術所",
    FacilityKind.HOME_NURSING: "訪問看護ステーション",
}
# Refusals in the words staff say to the patient; the code is shown beside them.
ERROR_MESSAGES = {
    "holder_not_confirmed": (
        "本人確認ができませんでした（顔認証が一致せず、職員の目視確認もありません）。"
    ),
    "card_not_registered": "このカードは健康保険証として利用登録されていません。",
    "no_card_signature": "暗証番号による本人確認が必要です。",
    "pin_required": "暗証番号を入力してください。",
    "wrong_pin": "暗証番号が違います。",
    "pin_blocked": "暗証番号がロックされています。市区町村の窓口で再設定が必要です。",
    "card_not_found": "このカードは読み取れません（カードが見つかりません）。",
    "card_refused": "このカードは現在利用できません。",
    "certificate_revoked": "カードの電子証明書が失効しています。",
    "certificate_on_hold": "カードが一時停止されています（紛失の届出など）。",
    "certificate_expired": "カードの電子証明書の有効期限が切れています。",
    "not_yet_valid": "カードの電子証明書はまだ有効になっていません。",
    "untrusted_issuer": "カードの電子証明書を確認できません。",
    "unknown_certificate": "カードの電子証明書を確認できません。",
    "challenge_refused": "読み取りの有効時間が過ぎました。もう一度カードを置いてください。",
    "reader_signature_invalid": "カードリーダーの署名を確認できませんでした。",
    "reader_card_mismatch": "カードリーダーの結果が別のカードのものです。",
    "reader_challenge_mismatch": "カードリーダーの結果が別の読み取りのものです。",
    "reader_skew": "カードリーダーの時刻がずれています。端末の時刻をご確認ください。",
    "terminal_unknown": "この資格確認端末は登録されていません。",
    "facility_not_registered": "この医療機関・薬局はオンライン資格確認に登録されていません。",
    "facility_not_found": "この医療機関コードの施設は登録されていません。",
    "facility_code_invalid": "医療機関コードが正しくありません。",
    "consent_absent": "患者の同意がないため表示できません（カードリーダーで同意を得てください）。",
    "consent_expired": (
        "同意の有効期限（24時間）が過ぎています。もう一度カードで同意を得てください。"
    ),
    "simple_mode": "資格確認限定型の施設では医療情報を閲覧できません。",
    "visit_plan_required": "訪問先（居宅）での確認です。訪問計画の最終日を入力してください。",
    "visit_plan_out_of_range": "訪問計画の最終日は訪問日から1年以内の日付にしてください。",
    "no_such_insured": "該当する被保険者がいません。",
    "no_active_disaster": "災害時の閲覧は有効になっていません。",
    "oral_consent_absent": "災害時の閲覧には患者さんの口頭での同意が必要です。",
    "invalid_input": "入力内容に誤りがあります。",
    "unauthenticated": "職員の認証が必要です。",
    "session_expired": "ログインの有効期限が切れました。もう一度ログインしてください。",
    "wrong_role": "この画面は医療機関・薬局の受付職員だけが使えます。",
    "csrf_failed": "画面の有効期限が切れたか、不正な送信です。画面を開き直してください。",
    "terminal_revoked": "この資格確認端末は失効しています（盗難・廃棄など）。",
    "other_organisation": "この端末は、ログインしている職員の医療機関・薬局のものではありません。",
}


@dataclass(frozen=True)
class ConsentLine:
    """One scope of consent as the answer reports it: given until when, refused, or not asked."""

    label: str
    state: str  # given / refused / not_asked
    text: str


@dataclass(frozen=True)
class QualificationView:
    """One membership (ResultOfQualificationConfirmation) as staff read it."""

    info: QualificationInfo
    sex: str
    birth_date: str
    role: str
    ratio: str
    limit: str
    valid_from: str
    valid_to: str
    preschool: bool


@dataclass(frozen=True)
class AnswerView:
    """An eligibility answer: the refusal, or the validity, memberships and consent."""

    reference: str
    executed_at: str
    refused: bool
    error_code: str
    error_text: str
    validity: str
    tone: str
    note: str
    qualifications: tuple[QualificationView, ...]
    consents: tuple[ConsentLine, ...]


def ymd_text(value: str) -> str:
    """Return YYYYMMDD as 2026年11月22日 (anything else, '' too, as it is)."""
    try:
        return japanese_date(parse_compact_date(value))
    except ValueError:
        return value


def jst_text(value: str) -> str:
    """Return YYYYMMDDHHMMSS (JST) as 2026年11月23日 12:00."""
    if len(value) != 14 or not value.isdigit():
        return value
    return f"{ymd_text(value[:8])} {value[8:10]}:{value[10:12]}"


def moment_text(moment: dt.datetime) -> str:
    """Return an aware moment as JST text, like jst_text."""
    return jst_text(compact_moment(moment))


def treatment_kind(item: object) -> str:
    """Return 傷病名 for a diagnosis and 診療行為 for a procedure of a treatment view."""
    return "傷病名" if isinstance(item, Diagnosis) else "診療行為"


def refusal_text(code: str, reason: str = "", *, tries_left: int | None = None) -> str:
    """Return the Japanese sentence for a refusal code (the reason itself when unknown)."""
    text = ERROR_MESSAGES.get(code) or reason or "処理できませんでした。"
    if code == "wrong_pin" and tries_left is not None:
        text += f"（残り {tries_left} 回）"
    return text


def error_view(error: DomainError, *, reference: str) -> AnswerView:
    """Return a refusal raised before any answer (an unknown card, a wrong PIN) as a view."""
    tries = getattr(error, "tries_left", None)
    return _refused(
        reference, "", error.code, refusal_text(error.code, error.reason, tries_left=tries)
    )


def answer_view(answer: EligibilityAnswer) -> AnswerView:
    """Return what the reception page shows of an eligibility answer."""
    reference = "マイナ保険証" if answer.reference_classification == "1" else "資格確認書・保険証"
    executed = jst_text(answer.process_execution_time)
    if answer.segment_of_result == "9" or answer.qualification_validity is None:
        text = refusal_text(answer.error_code, answer.error_message)
        return _refused(reference, executed, answer.error_code, text)
    validity = answer.qualification_validity
    label, tone = VALIDITY_LABELS[validity]
    return AnswerView(
        reference=reference,
        executed_at=executed,
        refused=False,
        error_code="",
        error_text="",
        validity=label,
        tone=tone,
        note=VALIDITY_NOTES.get(validity, ""),
        qualifications=tuple(_qualification(info) for info in answer.results),
        consents=_consents(answer),
    )


def _refused(reference: str, executed: str, code: str, text: str) -> AnswerView:
    return AnswerView(
        reference=reference,
        executed_at=executed,
        refused=True,
        error_code=code,
        error_text=text,
        validity="",
        tone="bad",
        note="",
        qualifications=(),
        consents=(),
    )


def _qualification(info: QualificationInfo) -> QualificationView:
    ratio = info.insured_partial_contribution_ratio
    limit = info.limit_application_certificate_classification
    return QualificationView(
        info=info,
        sex={"1": "男", "2": "女"}.get(info.sex1, "—"),
        birth_date=ymd_text(info.birthdate),
        role={"1": "本人", "2": "家族"}.get(info.personal_family_classification, "—"),
        ratio=f"{int(ratio) // 10}割" if ratio.isdigit() else "—",
        limit=LIMIT_LABELS.get(limit, limit) if limit else "—（区分なし）",
        valid_from=ymd_text(info.insured_card_valid_date),
        valid_to=ymd_text(info.insured_card_expiration_date),
        preschool=info.preschool_classification == "1",
    )


def _consents(answer: EligibilityAnswer) -> tuple[ConsentLine, ...]:
    flags = (
        (ConsentScope.MEDICATION, answer.pharmacists_info_cons_flg,
         answer.pharmacists_info_available_time),
        (ConsentScope.CHECKUP, answer.specific_health_checkups_info_cons_flg,
         answer.specific_health_checkups_info_available_time),
        (ConsentScope.TREATMENT, answer.diagnosis_info_cons_flg,
         answer.diagnosis_info_available_time),
    )  # fmt: skip
    if not any(flag for _, flag, _ in flags):
        return ()  # the number path and simple mode ask no consent
    lines = []
    for scope, flag, until in flags:
        label = CONSENT_LABELS[scope]
        if flag == "1":
            lines.append(ConsentLine(label, "given", f"同意あり（{jst_text(until)} まで）"))
        elif flag == "0":
            lines.append(ConsentLine(label, "refused", "同意なし"))
        else:
            lines.append(ConsentLine(label, "not_asked", "確認していません"))
    return tuple(lines)
