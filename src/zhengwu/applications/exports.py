"""D-11: the refused applications as an .xlsx for the filing with the higher authority."""

from __future__ import annotations

import io
from collections.abc import Iterable

from zhengwu.applications import policy
from zhengwu.applications.letters import _zh_label
from zhengwu.applications.models import Application


def refusals_xlsx(rows: Iterable[Application]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "不予公开备案"
    ws.append(
        [
            "申请编号",
            "收到日期",
            "答复日期",
            "办理结果",
            "法律依据",
            "备案机关",
            "备案日期",
            "备案文号",
        ]
    )
    for a in rows:
        filing = getattr(a, "filing", None)
        ws.append(
            [
                a.tracking_number,
                a.received_on.isoformat() if a.received_on else "",
                a.answered_on.isoformat() if a.answered_on else "",
                _zh_label(a.outcome),
                policy.outcome(a.outcome).basis,
                filing.authority if filing else "",
                filing.filed_on.isoformat() if filing else "",
                filing.reference if filing else "",
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
