"""A receptionist at the counter (窓口) uses the Japanese pages in a real browser."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from mynumber.app import System
from mynumber.kernel.staffauth import StaffRole
from mynumber.registry.data import ChangeKind, Sex
from tests.browser.conftest import fill_login, log_in_as_staff
from tests.integration.registry.helpers import SAPPORO, person
from tests.servers import StaffLogins

pytestmark = pytest.mark.browser

REGISTERED_ON = dt.date(2026, 11, 1)


def _seed(system: System) -> None:
    """Register four synthetic residents: three read タカハシ (高橋 and its variant 髙橋), one of
    them in 札幌市, the others in 千代田区."""
    for new in (
        person(family="高橋", given="花子", given_kana="ハナコ", sex=Sex.FEMALE,
               born=dt.date(1990, 2, 28)),
        person(family="髙橋", given="一郎", given_kana="イチロウ", address=SAPPORO),
        person(family="佐藤", given="美咲", family_kana="サトウ", given_kana="ミサキ",
               sex=Sex.FEMALE),
        person(family="髙橋", given="次郎", given_kana="ジロウ", born=dt.date(1985, 5, 5)),
    ):  # fmt: skip
        system.registry.register(new=new, kind=ChangeKind.BIRTH, on=REGISTERED_ON)


def _column(page: Page, index: int) -> list[str]:
    return page.locator(f"#results tbody tr td:nth-child({index})").all_inner_texts()


def test_receptionist_finds_residents_by_kana(
    page: Page, system: System, staff: StaffLogins
) -> None:
    _seed(system)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("マイナンバー制度のオープン実装")
    expect(page.get_by_text("住民数: 4 人")).to_be_visible()

    page.get_by_role("link", name="住民検索").click()
    expect(page.get_by_text("職員の認証が必要です")).to_be_visible()
    fill_login(page, staff.account(StaffRole.MUNICIPALITY_CLERK, "municipality:131016"))
    expect(page).to_have_title("住民検索 — 住民基本台帳")
    expect(page.get_by_role("heading", level=1)).to_have_text("住民検索（職員用）")
    expect(page.locator("#staff-account")).to_contain_text("municipality-clerk-131016")

    page.get_by_label("フリガナ").fill("たかはし")  # hiragana finds the katakana reading
    page.get_by_role("button", name="検索").click()
    expect(page.get_by_text("2 件")).to_be_visible()
    # 千代田区's clerk sees 千代田区's residents only: not the 髙橋 of 札幌市.
    assert sorted(_column(page, 2)) == ["高橋\u3000花子", "髙橋\u3000次郎"]
    assert sorted(_column(page, 3)) == ["タカハシ\u3000ジロウ", "タカハシ\u3000ハナコ"]
    assert "佐藤" not in page.locator("#results").inner_text()
    assert "一郎" not in page.locator("#results").inner_text()
    row = page.locator("#results tbody tr", has_text="花子")
    expect(row).to_contain_text("1990-02-28")
    expect(row).to_contain_text("女")
    expect(row).to_contain_text("〒100-0001 東京都千代田区千代田1番1号")
    expect(row).to_contain_text("記載中")
    expect(page.get_by_label("フリガナ")).to_have_value("たかはし")


def test_a_wrong_password_is_refused(page: Page, system: System, staff: StaffLogins) -> None:
    _seed(system)
    made = staff.account(StaffRole.MUNICIPALITY_CLERK, "municipality:131016")
    page.goto("/registry/search")
    page.get_by_label("アカウント名").fill(made.account.name)
    page.get_by_label("パスワード").fill("not-the-password")
    page.get_by_role("button", name="ログイン").click()
    expect(page.get_by_role("alert")).to_contain_text("ログインできません")
    expect(page.get_by_role("button", name="検索")).to_have_count(0)
    page.goto("/registry/search")
    expect(page.get_by_text("職員の認証が必要です")).to_be_visible()
    expect(page.get_by_role("button", name="検索")).to_have_count(0)
    page.goto("/registry/search?kana=タカハシ")
    expect(page.get_by_text("職員の認証が必要です")).to_be_visible()
    expect(page.locator("#results")).to_have_count(0)


def test_staff_search_by_name_folds_kanji_variants(
    page: Page, system: System, staff: StaffLogins
) -> None:
    _seed(system)
    log_in_as_staff(page, staff.account(StaffRole.MUNICIPALITY_CLERK, "municipality:011002"))
    staff_page = page  # a clerk of 札幌市中央区
    staff_page.get_by_label("氏名（漢字）").fill("高橋")  # also finds 髙橋 (異体字)
    staff_page.get_by_label("生年月日").fill("1980-04-01")
    staff_page.get_by_role("button", name="検索").click()
    expect(staff_page.get_by_text("1 件")).to_be_visible()
    assert _column(staff_page, 2) == ["髙橋\u3000一郎"]
    expect(staff_page.locator("#results tbody tr")).to_contain_text("北海道札幌市中央区")
    expect(staff_page.locator("#results tbody tr")).to_contain_text("男")
