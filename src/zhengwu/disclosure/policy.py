"""Rule data of proactive disclosure.

Legal time limits are `workdays.TimeLimit` rows (versioned policy data): D-7's 20 working days
(seeded by workdays) and the re-assessment period of withheld items ("D-2.reassess", seeded by
this app's migration 0002). What stays here are technical limits and the approval decision.
"""

from __future__ import annotations

from zhengwu.org.models import Role, UnitFunction

# D-7: the rule id of the publication clock (20 working days from formation or change).
PUBLICATION_RULE = "D-7"
# 条例第十八条: withheld information is re-assessed periodically; the period is policy data.
REASSESS_RULE = "D-2.reassess"

# D-10/D-11 approval (decision, documented in docs/architecture.md): an item is approved for
# release by a bureau leader (the director or a leader in charge) or by the head of the office that
# runs disclosure work (the section head of the office / disclosure office). Never by its author.
APPROVER_ROLES = (Role.DIRECTOR, Role.LEADER_IN_CHARGE)
APPROVER_HEAD_OF_FUNCTIONS = (UnitFunction.OFFICE, UnitFunction.DISCLOSURE)

# Who in a bureau reads its unpublished items (drafts, items in review, coordination or approval,
# approved, withdrawn, and every withheld item): besides the author and the head and liaison of
# each department that must sign off, the holders of these roles in the item's bureau (disclosure
# staff, confidentiality reviewers, approvers) and the heads of the units named in
# APPROVER_HEAD_OF_FUNCTIONS. Everyone else of the bureau (HR, the auditor, other sections) sees
# only its published items; the auditor follows unpublished work through the audit log.
UNPUBLISHED_READER_ROLES = (
    Role.DISCLOSURE_OFFICER,
    Role.CONFIDENTIALITY_REVIEWER,
    *APPROVER_ROLES,
)

# Attachments: the types accepted (checked on the content, not the name) and the size limit.
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ALLOWED_ATTACHMENT_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
    "application/x-ole-storage": "doc",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "text/plain": "txt",
}
# Text extracted from one attachment for the search index is capped (characters).
MAX_EXTRACTED_CHARS = 200_000
# Bounds of text extraction for the search index (a large or hostile file must not stall an
# upload): PDF pages read, spreadsheet cells read, and the characters kept per attachment.
MAX_PDF_PAGES = 300
MAX_SPREADSHEET_CELLS = 200_000
# Hostile files: an Office file (a zip) is refused beyond these before anything is parsed (its
# parts and their uncompressed size); reading the text of any file stops after this many XML
# elements or seconds, whichever comes first (what was read by then is indexed).
MAX_OFFICE_MEMBERS = 5_000
MAX_OFFICE_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_XML_ELEMENTS = 2_000_000
MAX_EXTRACTION_SECONDS = 5.0
XML_CHUNK_BYTES = 64 * 1024
