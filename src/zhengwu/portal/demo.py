"""Demo site settings: the portal of 示例市生态环境局 (made-up identifiers of the right shape)."""

from __future__ import annotations

from zhengwu.core.demo_loader import DemoContext
from zhengwu.portal import services
from zhengwu.portal.models import SiteSettings


def load(ctx: DemoContext) -> None:
    if ctx.bureau is None or SiteSettings.objects.exists():
        return
    services.save_site_settings(
        by=ctx.people.get("sysadmin"),
        site_name=ctx.bureau.name,
        host_organisation=ctx.bureau.name,
        address=ctx.bureau.address or "示例市人民路100号",
        phone=ctx.bureau.phone or "0000-12345678",
        website_code="0000000001",
        icp_number="示ICP备00000001号",
        police_number="示公网安备00000000000001号",
        show_emblem=True,
    )
