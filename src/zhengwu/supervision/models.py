"""The 12340 ledger (工作台账, S-7): sources, tasks, milestones, feedback, plans, attachments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingType(models.TextChoices):
    PLENARY = "plenary", _("Bureau plenary meeting")
    PARTY_GROUP = "party_group", _("Bureau Party group meeting")
    DIRECTOR_OFFICE = "director_office", _("Director's office meeting")
    SPECIAL = "special", _("Bureau special-topic meeting")


class Meeting(models.Model):
    """A meeting whose decisions become tasks (会议部署)."""

    bureau = models.ForeignKey(
        "org.Bureau", on_delete=models.PROTECT, related_name="+", verbose_name=_("bureau")
    )
    meeting_type = models.CharField(_("meeting type"), max_length=20, choices=MeetingType.choices)
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=200)
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.get_meeting_type_display()}：{self.title}"


class Instruction(models.Model):
    """An instruction of the director or a leader (领导交办)."""

    bureau = models.ForeignKey(
        "org.Bureau", on_delete=models.PROTECT, related_name="+", verbose_name=_("bureau")
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("leader"),
    )
    given_on = models.DateField(_("given on"))
    text = models.TextField(_("instruction"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("leader's instruction")
        verbose_name_plural = _("leaders' instructions")
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.given_on:%Y-%m-%d} {self.leader}：{self.text[:40]}"


class SourceKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    INSTRUCTION = "instruction", _("Leader's instruction")
    OTHER = "other", _("Other (imported)")


class IssueKind(models.TextChoices):
    GENERAL = "general", _("General issue")
    MAJOR = "major", _("Major issue")


class TaskStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    PLAN_PENDING = "plan_pending", _("Plan awaiting approval")
    PLAN_APPROVED = "plan_approved", _("Plan approved")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = (
    TaskStatus.ASSIGNED,
    TaskStatus.IN_PROGRESS,
    TaskStatus.PLAN_PENDING,
    TaskStatus.PLAN_APPROVED,
)


class Task(models.Model):
    """督办事项: one supervised item of the ledger."""

    bureau = models.ForeignKey(
        "org.Bureau", on_delete=models.PROTECT, related_name="+", verbose_name=_("bureau")
    )
    number = models.CharField(_("number"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"), blank=True)
    source_kind = models.CharField(_("source"), max_length=12, choices=SourceKind.choices)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks",
        verbose_name=_("meeting"),
    )  # fmt: skip
    instruction = models.ForeignKey(
        Instruction, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks",
        verbose_name=_("instruction"),
    )  # fmt: skip
    source_note = models.CharField(_("source note"), max_length=200, blank=True)
    issue_kind = models.CharField(
        _("issue kind"), max_length=10, choices=IssueKind.choices, default=IssueKind.GENERAL
    )
    urgent = models.BooleanField(_("urgent"), default=False)  # S-11
    # S-10: the director or a leader in charge; decides the reporting chain.
    instructing_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("instructing leader"),
    )  # fmt: skip
    lead_unit = models.ForeignKey(
        "org.OrgUnit", on_delete=models.PROTECT, related_name="+",
        verbose_name=_("lead undertaker"),
    )  # fmt: skip
    co_units = models.ManyToManyField(
        "org.OrgUnit", blank=True, related_name="+", verbose_name=_("co-undertakers")
    )
    # S-6: taken from the lead undertaker when the task is assigned.
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("first responsible person"),
    )  # fmt: skip
    liaison = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("liaison"),
    )  # fmt: skip
    # S-13: a confidential task is seen only by the people named on it.
    confidential = models.BooleanField(_("confidential"), default=False)
    named_readers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+",
        verbose_name=_("people named on the task"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.DRAFT
    )
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)  # S-5
    # S-5: why the office closed the task while reports were still owed (they count as missed).
    closing_reason = models.TextField(_("reason for closing with reports missing"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))
    # Optimistic concurrency (foundation: two people editing the same task): every edit raises it;
    # an edit started from an older revision is refused instead of overwriting the other's change.
    revision = models.PositiveIntegerField(_("revision"), default=1)

    class Meta:
        verbose_name = _("supervised task")
        verbose_name_plural = _("supervised tasks")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "number"], name="supervision_task_number"),
            models.CheckConstraint(
                condition=~models.Q(status="closed") | ~models.Q(result=""),
                name="supervision_closed_task_has_result",
            ),
        ]
        indexes = [models.Index(fields=["bureau", "status"])]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_closed(self) -> bool:
        return self.status == TaskStatus.CLOSED

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def source_label(self) -> str:
        if self.meeting_id:
            return str(self.meeting)
        if self.instruction_id:
            return str(self.instruction)
        return self.source_note or self.get_source_kind_display()


class MilestoneKind(models.TextChoices):
    DEPLOYMENT = "deployment", _("Deployment feedback")  # S-1
    PROGRESS = "progress", _("Progress feedback")  # S-2
    IMPLEMENTATION = "implementation", _("Implementation report")  # S-3
    RESULT = "result", _("Four-week result report")  # S-4
    PLAN_NODE = "plan_node", _("Plan node report")  # S-4 (approved plan)


class MilestoneStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MET = "met", _("Met")
    CANCELLED = "cancelled", _("Cancelled")
    # S-5/S-8/S-14: the task was closed while this report was still owed; it counts as late.
    MISSED = "missed", _("Missed (closed without the report)")


class Milestone(models.Model):
    """A report the undertaker owes by a deadline from the working-day engine (S-1…S-4)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones")
    kind = models.CharField(_("kind"), max_length=16, choices=MilestoneKind.choices)
    rule_id = models.CharField(_("rule"), max_length=12)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("label"), max_length=200, blank=True)
    deadline = models.OneToOneField(
        "workdays.Deadline", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("deadline"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=MilestoneStatus.choices, default=MilestoneStatus.OPEN
    )
    met_on = models.DateField(_("met on"), null=True, blank=True)
    early = models.BooleanField(_("completed early"), default=False)  # S-11

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["task", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.task.number} {self.display_label()}"

    @property
    def bureau_id(self) -> int:
        return self.task.bureau_id

    def display_label(self) -> str:
        return self.label or str(self.get_kind_display())


class FeedbackStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SIGNED_OFF = "signed_off", _("Signed off by the head")
    CHECKED = "checked", _("Checked by the leader in charge")  # S-13
    ACCEPTED = "accepted", _("Accepted by the office")
    RETURNED = "returned", _("Returned for redrafting")


class Feedback(models.Model):
    """One version of a milestone's report. A returned version stays on record; the redraft is a
    new version (S-12), so the ledger keeps every report the office saw (S-13 archive)."""

    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="feedback")
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    text = models.TextField(_("report"))
    status = models.CharField(
        _("status"), max_length=12, choices=FeedbackStatus.choices, default=FeedbackStatus.DRAFT
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    drafted_at = models.DateTimeField(_("drafted at"))
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True,
    )  # fmt: skip
    signed_off_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    early = models.BooleanField(_("before the deadline"), default=False)  # S-11
    # S-13: the leader in charge of the lead undertaker checks the report after the head.
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True, verbose_name=_("checked by the leader in charge"),
    )  # fmt: skip
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True,
    )  # fmt: skip
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)  # S-12

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["milestone", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["milestone", "version"], name="supervision_feedback_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.milestone} v{self.version}"

    @property
    def bureau_id(self) -> int:
        return self.milestone.task.bureau_id


class PlanStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    FORWARDED = "forwarded", _("Forwarded to the leaders")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class Plan(models.Model):
    """S-4: the written plan with time nodes for a major issue that cannot finish in 4 weeks."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="plans")
    text = models.TextField(_("plan"))
    status = models.CharField(
        _("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True,
    )  # fmt: skip
    director_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True,
    )  # fmt: skip
    director_approved_at = models.DateTimeField(null=True, blank=True)
    leader_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True,
    )  # fmt: skip
    leader_approved_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["task", "pk"]

    def __str__(self) -> str:
        return f"{self.task.number} {self.get_status_display()}"

    @property
    def bureau_id(self) -> int:
        return self.task.bureau_id


class PlanNode(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="nodes")
    order = models.PositiveSmallIntegerField(_("order"))
    due_date = models.DateField(_("node date"))
    description = models.CharField(_("node"), max_length=300)
    milestone = models.OneToOneField(
        Milestone, on_delete=models.SET_NULL, null=True, blank=True, related_name="plan_node"
    )

    class Meta:
        verbose_name = _("plan node")
        verbose_name_plural = _("plan nodes")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return f"{self.due_date:%Y-%m-%d} {self.description}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is not the user's: it never reaches a URL, downloads go through a view.
    import uuid

    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"supervision/{instance.task_id}/{uuid.uuid4().hex}.{suffix[:8]}"


class Attachment(models.Model):
    """Materials stored in the ledger (S-13): type checked by content, permission to download."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="attachments")
    feedback = models.ForeignKey(
        Feedback, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )  # S-4: the written plan's materials
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def bureau_id(self) -> int:
        return self.task.bureau_id


class RemarkKind(models.TextChoices):
    INSTRUCTION = "instruction", _("Instruction (批示)")
    READ = "read", _("Read and noted (阅示)")


class LeaderRemark(models.Model):
    """S-9, S-10: the director or a leader writes 批示 / 阅示 on a task or on one of its plans."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="remarks")
    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="remarks"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("leader"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=12, choices=RemarkKind.choices)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written at"))

    class Meta:
        verbose_name = _("leader's remark")
        verbose_name_plural = _("leaders' remarks")
        ordering = ["task", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.task.number} {self.get_kind_display()} {self.leader}"

    @property
    def bureau_id(self) -> int:
        return self.task.bureau_id
