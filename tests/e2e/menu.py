"""The staff menu as a person uses it: open a group (督查督办 ▾ …), then choose a page."""

from __future__ import annotations

from typing import Any


def open_page(page: Any, group: str, link: str) -> None:
    page.get_by_test_id("staff-menu").locator("summary", has_text=group).click()
    page.get_by_test_id("staff-menu").get_by_role("link", name=link, exact=True).click()
