from __future__ import annotations

from typing import Any

from django import template

from zhengwu.notifications.selectors import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_inbox_link.html", takes_context=True)
def inbox_link(context: dict[str, Any]) -> dict[str, Any]:
    """The header's inbox link with the unread count (shown on every staff page)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm("notifications.view_inbox"):
        return {"show": False}
    return {"show": True, "unread": unread_count(user)}
