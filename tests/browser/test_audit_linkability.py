"""The auditor's linkability page draws both profiles' graphs, side by side, in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_the_page_draws_the_real_and_the_safeguarded_graphs(page: Page) -> None:
    page.goto("/audit/linkability")
    expect(page.locator("h1")).to_contain_text("名寄せ可能性")
    for profile in ("real", "safeguarded"):
        graph = page.locator(f'.graph[data-profile="{profile}"] svg')
        expect(graph).to_be_visible()
        # A node per party, drawn by Graphviz; the JPKI relying party among them.
        expect(graph.locator("g.node")).to_have_count(15)
        expect(graph.locator("g.node", has_text="JPKI検証者")).to_have_count(1)
    # The serial joins of the real rules are gone under the safeguards, switch named.
    differences = page.locator("#differences + table")
    expect(differences.locator("tr", has_text="registration_links_serial").first).to_be_visible()
    # The life insurer's jigsaw: all six pieces joined under the real rules, four safeguarded.
    expect(page.locator('.jigsaw-profile[data-profile="real"] .piece.joined')).to_have_count(6)
    expect(page.locator('.jigsaw-profile[data-profile="safeguarded"] .piece.joined')).to_have_count(
        4
    )
    real_edges = page.locator('.graph[data-profile="real"] svg g.edge').count()
    safe_edges = page.locator('.graph[data-profile="safeguarded"] svg g.edge').count()
    assert real_edges > safe_edges
