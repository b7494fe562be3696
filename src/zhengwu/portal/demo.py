"""Demo site settings: the portal of 示例市生态环境局 (made-up identifiers of the right shape).

The settings belong to the installation, not to a bureau: whichever demo bureau is loaded first
writes the same row, so loading one bureau or both gives the same site.
"""

from __future__ import annotations

from zhengwu.core.demo_loader import DemoContext
from zhengwu.portal import services
from zhengwu.portal.models import SiteSettings

SITE = {
    "site_name": "示例市生态环境局",
    "host_organisation": "示例市生态环境局",
    "address": "示例市人民路88号市政府大楼B座",
    "phone": "0571-88001234",
    "website_code": "0000000001",
    "icp_number": "示ICP备00000001号",
    "police_number": "示公网安备00000000000001号",
    "show_emblem": True,
}


def load(ctx: DemoContext) -> None:
    if SiteSettings.objects.exists():
        return
    services.save_site_settings(by=ctx.people.get("sysadmin"), **SITE)


load_transport = load
