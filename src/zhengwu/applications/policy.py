"""Rule data of applications for disclosure (R-1…R-9, 国办函〔2020〕109号).

Legal time limits are `workdays.TimeLimit` rows (R-3, R-3.ext, R-4, R-5, R-6, seeded by workdays;
R-4.reply and R-8, seeded by this app's migration). What stays here: the national outcome taxonomy
with each outcome's legal basis, the fee bands, and technical limits of intake.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# the rule ids of the answer clock and its extension.
ANSWER_RULE = "R-3"
EXTENSION_RULE = "R-3.ext"
# the supplement request goes out within this rule's period after receipt.
SUPPLEMENT_RULE = "R-4"
# the applicant's reasonable period to supplement (policy data, default 15 working days).
SUPPLEMENT_REPLY_RULE = "R-4.reply"
# a third party or another agency has this rule's period for its opinion.
CONSULTATION_RULE = "R-5"
# the applicant pays within this rule's period: the working days after the notice's date,
# whatever day that is (workdays.policy.COUNTED_FROM_THE_DAY_ITSELF).
FEE_RULE = "R-6"
# a correction request is answered within this rule's period.
CORRECTION_RULE = "R-8"

# Remedies stated in every answer letter: 行政复议法第二十条, 行政诉讼法第四十六条.
REVIEW_WITHIN_DAYS = 60
LITIGATION_WITHIN_MONTHS = 6

# Intake: the scan of the identity document (checked by content, as attachments are).
MAX_SCAN_BYTES = 10 * 1024 * 1024
SCAN_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
# Redaction works on these answer files.
REDACTABLE_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# as-you-type suggestions of published items on the application form — at most this many
# look-ups a minute from one address, each answer kept this many seconds for the same words.
SUGGESTIONS_PER_MINUTE = 60
SUGGESTIONS_CACHE_SECONDS = 300
SUGGESTIONS_SHOWN = 5


@dataclass(frozen=True)
class Outcome:
    key: str  # the row of table 3 (annual-report-format.md), e.g. "3.3.1"
    label: str
    basis: str  # the legal basis stated in the answer letter
    withhold_reason: str = ""  # R-12 reason (disclosure.WithholdReason) for 不予公开 rows
    group: str = ""


# the national taxonomy (table 3, rows 三（一）…（六）), each with its legal basis.
OUTCOMES: tuple[Outcome, ...] = (
    Outcome(
        "3.1",
        _("Disclosed"),
        "《中华人民共和国政府信息公开条例》第三十六条第（一）项、第（二）项",
        group="3.1",
    ),
    Outcome(
        "3.2", _("Partly disclosed"), "《中华人民共和国政府信息公开条例》第三十七条", group="3.2"
    ),
    Outcome(
        "3.3.1",
        _("Not disclosed: state secret"),
        "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
        "state_secret",
        "3.3",
    ),
    Outcome(
        "3.3.2",
        _("Not disclosed: other laws and administrative regulations forbid disclosure"),
        "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
        "law_forbids",
        "3.3",
    ),
    Outcome(
        "3.3.3",
        _("Not disclosed: endangers the “three securities and one stability”"),
        "《中华人民共和国政府信息公开条例》第十四条、第三十六条第（三）项",
        "security",
        "3.3",
    ),
    Outcome(
        "3.3.4",
        _("Not disclosed: protection of third parties' lawful rights"),
        "《中华人民共和国政府信息公开条例》第十五条、第三十二条、第三十六条第（三）项",
        "third_party",
        "3.3",
    ),
    Outcome(
        "3.3.5",
        _("Not disclosed: internal affairs information"),
        "《中华人民共和国政府信息公开条例》第十六条第一款、第三十六条第（三）项",
        "internal_affairs",
        "3.3",
    ),
    Outcome(
        "3.3.6",
        _("Not disclosed: process information"),
        "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项",
        "process",
        "3.3",
    ),
    Outcome(
        "3.3.7",
        _("Not disclosed: administrative law-enforcement file"),
        "《中华人民共和国政府信息公开条例》第十六条第二款、第三十六条第（三）项",
        "law_enforcement",
        "3.3",
    ),
    Outcome(
        "3.3.8",
        _("Not disclosed: administrative enquiry matter"),
        "《中华人民共和国政府信息公开条例》第三十六条第（七）项",
        "",
        "3.3",
    ),
    Outcome(
        "3.4.1",
        _("Cannot be provided: the bureau does not hold the information"),
        "《中华人民共和国政府信息公开条例》第三十六条第（四）项、第（五）项",
        group="3.4",
    ),
    Outcome(
        "3.4.2",
        _("Cannot be provided: no existing information, it would have to be made"),
        "《中华人民共和国政府信息公开条例》第三十八条",
        group="3.4",
    ),
    Outcome(
        "3.4.3",
        _("Cannot be provided: still unclear after the supplement"),
        "《中华人民共和国政府信息公开条例》第三十条",
        group="3.4",
    ),
    Outcome(
        "3.5.1",
        _("Not processed: petition, report or complaint"),
        "《中华人民共和国政府信息公开条例》第三十九条第一款",
        group="3.5",
    ),
    Outcome(
        "3.5.2",
        _("Not processed: repeated application"),
        "《中华人民共和国政府信息公开条例》第三十六条第（六）项",
        group="3.5",
    ),
    Outcome(
        "3.5.3",
        _("Not processed: asks for public publications"),
        "《中华人民共和国政府信息公开条例》第三十九条第二款",
        group="3.5",
    ),
    Outcome(
        "3.5.4",
        _("Not processed: large numbers of repeated applications without good reason"),
        "《中华人民共和国政府信息公开条例》第三十五条",
        group="3.5",
    ),
    Outcome(
        "3.5.5",
        _("Not processed: asks to confirm or re-issue information already obtained"),
        "《中华人民共和国政府信息公开条例》第三十九条第二款",
        group="3.5",
    ),
    Outcome(
        "3.6.1",
        _("Other: no supplement in time without good reason"),
        "《中华人民共和国政府信息公开条例》第三十条",
        group="3.6",
    ),
    Outcome(
        "3.6.2",
        _("Other: the processing fee was not paid in time"),
        "《中华人民共和国政府信息公开条例》第四十二条、《政府信息公开信息处理费管理办法》",
        group="3.6",
    ),
    Outcome("3.6.3", _("Other"), "《中华人民共和国政府信息公开条例》", group="3.6"),
)
OUTCOMES_BY_KEY = {o.key: o for o in OUTCOMES}
# Outcomes that are a refusal: filed (备案) with the higher authority (D-11).
REFUSAL_GROUPS = ("3.3",)
# Outcomes the system sets by itself when a period runs out.
NO_SUPPLEMENT_OUTCOME = "3.6.1"
UNPAID_FEE_OUTCOME = "3.6.2"


def outcome(key: str) -> Outcome:
    return OUTCOMES_BY_KEY[key]


# R-6 / 国办函〔2020〕109号: per item (per applicant per calendar month) — the first 10 free, then
# bands (from, to, yuan per item); beyond the last band every further 10 items cost 100 more.
ITEM_BANDS: tuple[tuple[int, int, int], ...] = ((1, 10, 0), (11, 30, 100))
ITEM_STEP_SIZE = 10
ITEM_STEP_INCREASE = 100
# Per page (per application): bands (from, to or None, yuan per page).
PAGE_BANDS: tuple[tuple[int, int | None, int], ...] = (
    (1, 30, 0),
    (31, 100, 10),
    (101, 200, 20),
    (201, None, 40),
)
