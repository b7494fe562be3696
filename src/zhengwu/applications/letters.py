"""The answer letter (政府信息公开申请答复告知书, R-7) as .docx: a template per outcome with the
legal basis and the applicant's remedies. The letter is a Chinese legal document: its wording is
the official one, whatever the interface language."""

from __future__ import annotations

import io

from zhengwu.applications import policy
from zhengwu.applications.models import Application, CorrectionRequest
from zhengwu.core.exports import clauses

# Paragraph templates per outcome key; "{basis}" is the outcome's legal basis.
TEMPLATES: dict[str, str] = {
    "3.1": "经审查，您申请公开的政府信息属于公开范围。根据{basis}的规定，现向您提供该政府信息（见附件）。",  # noqa: E501
    "3.2": "经审查，您申请公开的政府信息中含有不应当公开的内容，但能够作区分处理。根据{basis}的规定，本机关对不应当公开的内容作了区分处理，现向您提供可以公开的部分（见附件），并说明理由：{reason}。",  # noqa: E501
    "3.3": "经审查，您申请公开的政府信息属于不予公开的范围（{label}）。根据{basis}的规定，本机关决定不予公开，理由：{reason}。",  # noqa: E501
    "3.4": "经审查，{label}。根据{basis}的规定，特此告知。",
    "3.5": "经审查，您的申请属于不予处理的情形（{label}）。根据{basis}的规定，本机关不予处理。",
    "3.6.1": "本机关于{asked_on}向您发出补正通知，您未在{reply_by}前补正且无正当理由。根据{basis}的规定，视为放弃申请，本机关不再处理您的政府信息公开申请。",  # noqa: E501
    "3.6.2": "本机关于{notified_on}向您发出收费通知，您未在{pay_by}前缴纳信息处理费。根据{basis}的规定，视为放弃申请，本机关不再处理您的政府信息公开申请。",  # noqa: E501
    "3.6.3": "经审查，本机关对您的申请作如下处理：{answer}根据{basis}的规定，特此告知。",
}

REMEDIES = (
    "如对本答复不服，可以自收到本告知书之日起{review}日内向本机关的本级人民政府申请行政复议，"
    "或者自收到本告知书之日起{months}个月内向有管辖权的人民法院提起行政诉讼。"
)


def template_for(key: str) -> str:
    return TEMPLATES.get(key) or TEMPLATES[key.rsplit(".", 1)[0]]


def letter_paragraphs(application: Application) -> list[str]:
    info = policy.outcome(application.outcome)
    reason = (
        application.get_refusal_reason_display()
        if application.refusal_reason
        else (application.answer_text or "涉及依法不应公开的内容")
    )
    supplement = getattr(application, "supplement", None)
    fee = getattr(application, "fee", None)
    values = {
        "basis": info.basis,
        "label": str(_zh_label(info.key)),
        # the templates close the sentence: a reason or answer that ends with its own "。" would
        # read "。。"
        "reason": clauses(reason),
        "answer": clauses(application.answer_text, end="。"),
        "asked_on": f"{supplement.asked_on:%Y年%m月%d日}" if supplement else "",
        "reply_by": f"{supplement.reply_by:%Y年%m月%d日}" if supplement else "",
        "notified_on": f"{fee.notified_on:%Y年%m月%d日}" if fee else "",
        "pay_by": f"{fee.pay_by:%Y年%m月%d日}" if fee else "",
    }
    received = f"{application.received_on:%Y年%m月%d日}" if application.received_on else ""
    what = application.info_title or application.description
    paragraphs = [
        f"{application.name}：",
        f"本机关于{received}收到您提出的政府信息公开申请（编号：{application.tracking_number}），"
        f"申请公开“{what}”。",
        template_for(info.key).format(**values),
    ]
    if application.answer_text and info.group not in ("3.6",):
        paragraphs.append(f"说明：{application.answer_text}")
    paragraphs.append(
        REMEDIES.format(review=policy.REVIEW_WITHIN_DAYS, months=policy.LITIGATION_WITHIN_MONTHS)
    )
    return paragraphs


def _zh_label(key: str) -> str:
    from django.utils import translation

    with translation.override("zh-hans"):
        return str(policy.outcome(key).label)


def answer_letter_docx(application: Application) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(12)
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run("政府信息公开申请答复告知书")
    run.bold = True
    run.font.size = Pt(20)
    number = doc.add_paragraph(f"编号：{application.tracking_number}")
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for text in letter_paragraphs(application):
        doc.add_paragraph(text)
    doc.add_paragraph(f"办理结果：{_zh_label(application.outcome)}")
    doc.add_paragraph(f"法律依据：{policy.outcome(application.outcome).basis}")
    doc.add_paragraph()
    footer = doc.add_paragraph(f"{application.bureau}")
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    day = application.answered_on
    date_line = doc.add_paragraph(f"{day:%Y年%m月%d日}" if day else "")
    date_line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# R-8 (条例第四十一条): the answer to a correction request, one paragraph per result.
CORRECTION_TEMPLATES: dict[str, str] = {
    "corrected": "经核实，您提出的更正申请理由成立，本机关已予以更正。",
    "refused": "经核实，您提出的更正申请理由不成立，本机关不予更正。",
    "referred": "经核实，您申请更正的政府信息不属于本机关职权范围，本机关已转送有权更正的行政机关处理。",  # noqa: E501
}


def correction_paragraphs(request: CorrectionRequest) -> list[str]:
    paragraphs = [
        f"{request.name}：",
        f"本机关于{request.received_on:%Y年%m月%d日}收到您提出的更正与您自身相关的政府信息记录的申请，"
        f"涉及“{request.record}”。",
        CORRECTION_TEMPLATES[request.status],
    ]
    if request.answer:
        paragraphs.append(f"说明：{request.answer}")
    paragraphs.append("根据《中华人民共和国政府信息公开条例》第四十一条的规定，特此告知。")
    paragraphs.append(
        REMEDIES.format(review=policy.REVIEW_WITHIN_DAYS, months=policy.LITIGATION_WITHIN_MONTHS)
    )
    return paragraphs


def correction_letter_docx(request: CorrectionRequest) -> bytes:
    """The answer letter of a correction request (更正申请答复告知书) as .docx."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(12)
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run("更正申请答复告知书")
    run.bold = True
    run.font.size = Pt(20)
    for text in correction_paragraphs(request):
        doc.add_paragraph(text)
    doc.add_paragraph()
    footer = doc.add_paragraph(f"{request.bureau}")
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    day = request.answered_on
    date_line = doc.add_paragraph(f"{day:%Y年%m月%d日}" if day else "")
    date_line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
