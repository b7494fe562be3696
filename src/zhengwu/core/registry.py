"""Where domain apps plug into the shell: staff navigation, home panels and banners.

Apps register in their AppConfig.ready(), so the shell never imports a domain app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: Any  # lazy translation
    url_name: str
    permission: str
    order: int = 100
    # The menu group it is listed under (a key of NAV_GROUPS); "" lists it on its own.
    group: str = ""


# The staff menu's groups, in order: one row of dropdowns instead of a row per page.
NAV_GROUPS: tuple[tuple[str, Any], ...] = (
    ("supervision", _("Supervision")),
    ("disclosure", _("Information disclosure")),
    ("applications", _("Applications for disclosure")),
    ("reports", _("Reports")),
    ("system", _("System")),
)


@dataclass(frozen=True)
class HomePanel:
    title: Any
    template: str
    context: Callable[[HttpRequest], dict[str, Any] | None]  # None: the panel is not shown
    order: int = 100


@dataclass
class Waiting:
    """One kind of work waiting for a person (待我处理): how many, where to act, and the first few
    records with a link to the page where each is acted on."""

    kind: str  # stable machine name, e.g. "disclosure.review"
    label: Any  # lazy translation
    count: int
    url: str
    entries: list[tuple[str, str]]  # (title, url)


staff_nav: list[NavItem] = []
home_panels: list[HomePanel] = []
# Each returns banners ({"level": "warning", "text": ...}) for the request.
banner_providers: list[Callable[[HttpRequest], list[dict[str, Any]]]] = []
# Each returns the work waiting for a person (see `core.selectors.waiting_for`).
work_providers: list[Callable[[Any], list[Waiting]]] = []


def register_nav(item: NavItem) -> None:
    if item not in staff_nav:
        staff_nav.append(item)
        staff_nav.sort(key=lambda i: i.order)


def register_panel(panel: HomePanel) -> None:
    if panel not in home_panels:
        home_panels.append(panel)
        home_panels.sort(key=lambda p: p.order)


def register_banner(provider: Callable[[HttpRequest], list[dict[str, Any]]]) -> None:
    if provider not in banner_providers:
        banner_providers.append(provider)


def register_work(provider: Callable[[Any], list[Waiting]]) -> None:
    if provider not in work_providers:
        work_providers.append(provider)
