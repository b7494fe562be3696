"""`{% memo "name" value … %}…{% endmemo %}`: a fragment rendered once per language, values and
register generation in each process (portal.memo), for the parts of the portal's pages that are
the same for every visitor — the navigation, the footer, the catalogue's filter lists.

What the fragment shows must depend only on the language, the public register (the site settings
included) and the values named in the tag; never on the request, the person or a child block.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from zhengwu.portal import memo

register = template.Library()


class MemoNode(template.Node):
    def __init__(self, nodelist: template.NodeList, vary: list) -> None:
        self.nodelist = nodelist
        self.vary = vary

    def render(self, context: template.Context) -> str:
        key = ("fragment", get_language(), *(str(v.resolve(context)) for v in self.vary))
        return mark_safe(memo.remember(key, lambda: self.nodelist.render(context)))  # noqa: S308 — rendered by the template engine


@register.tag("memo")
def do_memo(parser: template.base.Parser, token: template.base.Token) -> MemoNode:
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% memo %} needs a fragment name")
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    return MemoNode(nodelist, [parser.compile_filter(bit) for bit in bits])
