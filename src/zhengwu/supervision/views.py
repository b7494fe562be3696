"""Ledger pages: thin callers of selectors and services; every page asks the rules layer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zhengwu.audit.labels import action_label, actor_label
from zhengwu.core import clock
from zhengwu.core.errors import Conflict, DomainError
from zhengwu.org.models import Bureau, OrgUnit
from zhengwu.org.selectors import bureaus_for, mask_phone
from zhengwu.supervision import exports, forms, importer, policy, rules, selectors, services
from zhengwu.supervision.models import (
    Attachment,
    Feedback,
    FeedbackStatus,
    Instruction,
    Meeting,
    Milestone,
    MilestoneStatus,
    Plan,
    PlanStatus,
    Task,
)

DECISION_ROWS = 5
IMPORT_SESSION_KEY = "supervision_import"

ACTION_LABELS = {
    services.Actions.TASK_CREATED: gettext_lazy("Task recorded"),
    services.Actions.TASK_ASSIGNED: gettext_lazy("Assigned and undertakers notified"),
    services.Actions.FEEDBACK_DRAFTED: gettext_lazy("Report drafted"),
    services.Actions.FEEDBACK_SIGNED_OFF: gettext_lazy("Report signed off by the head"),
    services.Actions.FEEDBACK_CHECKED: gettext_lazy("Report checked by the leader in charge"),
    services.Actions.FEEDBACK_CHECK_RETURNED: gettext_lazy(
        "Report sent back by the leader in charge"
    ),
    services.Actions.FEEDBACK_ACCEPTED: gettext_lazy("Report accepted by the office"),
    services.Actions.FEEDBACK_RETURNED: gettext_lazy("Report returned for redrafting"),
    services.Actions.PLAN_SUBMITTED: gettext_lazy("Plan submitted"),
    services.Actions.PLAN_FORWARDED: gettext_lazy("Plan forwarded to the leaders"),
    services.Actions.PLAN_APPROVAL: gettext_lazy("Plan approved by a leader"),
    services.Actions.PLAN_APPROVED: gettext_lazy("Plan approved; nodes became milestones"),
    services.Actions.PLAN_RETURNED: gettext_lazy("Plan returned"),
    services.Actions.TASK_CLOSED: gettext_lazy("Task closed"),
    services.Actions.TASK_REOPENED: gettext_lazy("Task reopened"),
    services.Actions.FEEDBACK_HEAD_RETURNED: gettext_lazy("Report sent back by the head"),
    services.Actions.LEADER_REMARK: gettext_lazy("Leader's remark"),
    services.Actions.TASK_EDITED: gettext_lazy("Task changed"),
    services.Actions.ATTACHMENT_ADDED: gettext_lazy("Material stored"),
    "workdays.deadline_opened": gettext_lazy("Deadline opened"),
    "workdays.deadline_met": gettext_lazy("Deadline met"),
    "workdays.deadline_cancelled": gettext_lazy("Deadline stopped"),
    "workdays.deadline_recomputed": gettext_lazy("Deadline recomputed"),
    "workdays.deadline_extended": gettext_lazy("Deadline extended"),
    # S-8: what the office and the supervision office did about the task's overdue reports.
    "warnings.phone_reminder_opened": gettext_lazy("On the phone-reminder list"),
    "warnings.phone_reminder_listed": gettext_lazy("Another overdue report on the phone reminder"),
    "warnings.phone_call_recorded": gettext_lazy("Phone reminder call recorded"),
    "warnings.phone_reminder_resolved": gettext_lazy("Phone reminder resolved"),
    "warnings.key_item_opened": gettext_lazy("On the key supervision list"),
    "warnings.key_item_listed": gettext_lazy("Another overdue report on the key supervision list"),
    "warnings.key_item_entry": gettext_lazy("Key supervision entry"),
    "warnings.key_item_closed": gettext_lazy("Key supervision item concluded"),
}


def _need(request: HttpRequest, perm: str, obj: Any = None) -> None:
    if not request.user.has_perm(perm, obj):
        if rules.refusal_message(request.user, perm, obj):
            # S-13: the service refuses it again and its message is shown on the page.
            return
        raise PermissionDenied


def _visible_task(request: HttpRequest, pk: int) -> Task:
    # S-13: a task the person may not see does not exist for them (404, not 403).
    task = selectors.visible_tasks(request.user).filter(pk=pk).first()
    if task is None:
        raise Http404
    return task


def _bureau(request: HttpRequest) -> Bureau:
    bureau_id = selectors.bureau_of(request.user)
    if bureau_id is None:
        raise PermissionDenied
    return get_object_or_404(Bureau, pk=bureau_id)


def _attempt(request: HttpRequest, action: Callable[[], Any], success: str) -> bool:
    try:
        action()
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, success)
    return True


# --- the ledger -----------------------------------------------------------------------------------


def _filter_from(form: forms.LedgerFilterForm) -> selectors.LedgerFilter:
    if not form.is_valid():
        return selectors.LedgerFilter()
    d = form.cleaned_data
    urgent = {"1": True, "0": False}.get(d.get("urgent") or "")
    return selectors.LedgerFilter(
        q=(d.get("q") or "").strip(),
        unit=d["unit"].pk if d.get("unit") else None,
        leader=d["leader"].pk if d.get("leader") else None,
        source=d.get("source") or "",
        status=d.get("status") or "",
        due_from=d.get("due_from"),
        due_to=d.get("due_to"),
        urgent=urgent,
        warning=int(d["warning"]) if d.get("warning") else None,
        sort=d.get("sort") or "-number",
    )


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    _need(request, "supervision.view_ledger")
    form = forms.LedgerFilterForm(request.GET or None, bureau_id=selectors.bureau_of(request.user))
    tasks = selectors.ledger(request.user, _filter_from(form))
    return render(
        request,
        "supervision/ledger.html",
        {
            "form": form,
            "tasks": tasks[:500],
            "count": tasks.count(),
            "query": request.GET.urlencode(),
            "today": clock.today(),
        },
    )


@login_required
def ledger_export(request: HttpRequest) -> HttpResponse:
    _need(request, "supervision.export_ledger")
    form = forms.LedgerFilterForm(request.GET or None, bureau_id=selectors.bureau_of(request.user))
    tasks = selectors.ledger(request.user, _filter_from(form))
    bureau = _bureau(request)
    content = exports.ledger_xlsx(tasks, title=f"{bureau}12340工作台账")
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="ledger-{clock.today()}.xlsx"'
    return response


# --- sources --------------------------------------------------------------------------------------


@login_required
def sources(request: HttpRequest) -> HttpResponse:
    _need(request, "supervision.view_ledger")
    bureau_id = selectors.bureau_of(request.user)
    return render(
        request,
        "supervision/sources.html",
        {
            "meetings": Meeting.objects.filter(bureau_id=bureau_id)[:100],
            "instructions": Instruction.objects.filter(bureau_id=bureau_id).select_related(
                "leader"
            )[:100],
            "can_manage": request.user.has_perm("supervision.manage_ledger"),
        },
    )


@login_required
def meeting_new(request: HttpRequest) -> HttpResponse:
    _need(request, "supervision.manage_ledger")
    bureau = _bureau(request)
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        holder: dict[str, Meeting] = {}

        def act() -> None:
            holder["m"] = services.record_meeting(
                by=request.user, bureau=bureau, **form.cleaned_data
            )

        if _attempt(request, act, _("Meeting recorded. Now enter its decisions.")):
            return redirect("supervision:meeting", pk=holder["m"].pk)
    return render(
        request, "supervision/source_form.html", {"form": form, "heading": _("New meeting")}
    )


@login_required
def instruction_new(request: HttpRequest) -> HttpResponse:
    _need(request, "supervision.manage_ledger")
    bureau = _bureau(request)
    form = forms.InstructionForm(request.POST or None, bureau_id=bureau.pk)
    if request.method == "POST" and form.is_valid():
        holder: dict[str, Instruction] = {}

        def act() -> None:
            holder["i"] = services.record_instruction(
                by=request.user, bureau=bureau, **form.cleaned_data
            )

        if _attempt(request, act, _("Instruction recorded. Now enter the tasks it gives.")):
            return redirect("supervision:instruction", pk=holder["i"].pk)
    return render(
        request, "supervision/source_form.html", {"form": form, "heading": _("New instruction")}
    )


def _decisions(request: HttpRequest, source: Meeting | Instruction, template: str) -> HttpResponse:
    """One form turns a meeting's (or an instruction's) decisions into several tasks at once."""
    _need(request, "supervision.view_ledger")
    bureau = get_object_or_404(Bureau, pk=source.bureau_id)
    can_manage = request.user.has_perm("supervision.manage_ledger")
    initial_leader = source.leader_id if isinstance(source, Instruction) else None
    rows = [
        forms.TaskForm(
            request.POST or None, prefix=f"d{i}", bureau_id=bureau.pk,
            initial={"instructing_leader": initial_leader},
        )
        for i in range(DECISION_ROWS)
    ]  # fmt: skip
    if request.method == "POST":
        _need(request, "supervision.manage_ledger")
        if all(f.is_valid() for f in rows):
            filled = [f for f in rows if not f.is_blank()]
            decisions = [
                services.TaskInput(
                    title=f.cleaned_data["title"],
                    content=f.cleaned_data["content"],
                    lead_unit=f.cleaned_data["lead_unit"],
                    instructing_leader=f.cleaned_data["instructing_leader"],
                    co_units=list(f.cleaned_data["co_units"]),
                    issue_kind=f.cleaned_data["issue_kind"],
                    urgent=f.cleaned_data["urgent"],
                    confidential=f.cleaned_data["confidential"],
                    named_readers=list(f.cleaned_data["named_readers"]),
                )
                for f in filled
            ]
            kwargs = {"meeting": source} if isinstance(source, Meeting) else {"instruction": source}
            if _attempt(
                request,
                lambda: services.create_tasks(
                    by=request.user, bureau=bureau, decisions=decisions, **kwargs
                ),
                _("%(n)d tasks assigned; the undertakers have been notified.")
                % {"n": len(decisions)},
            ):
                return redirect(request.path)
    visible = selectors.visible_tasks(request.user)
    field = "meeting" if isinstance(source, Meeting) else "instruction"
    tasks = visible.filter(**{field: source}).select_related("lead_unit")
    return render(
        request,
        template,
        {"source": source, "rows": rows, "tasks": tasks, "can_manage": can_manage},
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bureau_id = selectors.bureau_of(request.user)
    meeting = get_object_or_404(Meeting, pk=pk, bureau_id=bureau_id)
    return _decisions(request, meeting, "supervision/meeting.html")


@login_required
def instruction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bureau_id = selectors.bureau_of(request.user)
    instruction = get_object_or_404(Instruction, pk=pk, bureau_id=bureau_id)
    return _decisions(request, instruction, "supervision/instruction.html")


# --- a task ---------------------------------------------------------------------------------------


def _person_line(request: HttpRequest, person: Any) -> str:
    if person is None:
        return ""
    phone = person.mobile or ""
    if phone and not request.user.has_perm("org.view_personal_data"):
        phone = mask_phone(phone)
    return f"{person}（{phone}）" if phone else str(person)


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = _visible_task(request, pk)
    user = request.user
    milestones = []
    for m in task.milestones.select_related("deadline").prefetch_related(
        "feedback__attachments", "feedback__author", "feedback__signed_off_by",
        "feedback__checked_by",
    ):  # fmt: skip
        versions = list(m.feedback.all())
        current = versions[-1] if versions else None
        can_draft = (
            m.status == MilestoneStatus.OPEN
            and not task.is_closed
            and user.has_perm("supervision.draft_feedback", m)
            and (
                current is None or current.status in (FeedbackStatus.DRAFT, FeedbackStatus.RETURNED)
            )
        )
        initial = ""
        if current is not None and current.status in (
            FeedbackStatus.DRAFT,
            FeedbackStatus.RETURNED,
        ):
            initial = current.text
        milestones.append(
            {
                "m": m,
                "versions": versions,
                "current": current,
                "can_draft": can_draft,
                "form": forms.FeedbackForm(initial={"text": initial}, prefix=f"m{m.pk}"),
                "can_sign": current is not None
                and current.status == FeedbackStatus.DRAFT
                and user.has_perm("supervision.sign_off_feedback", current),
                "can_check": current is not None
                and current.status == FeedbackStatus.SIGNED_OFF
                and policy.leader_check_required()
                and user.has_perm("supervision.check_feedback", current),
                "can_review": current is not None
                and current.status == policy.office_review_status()
                and user.has_perm("supervision.review_feedback", current),
            }
        )
    plans = []
    for plan in task.plans.prefetch_related("nodes", "attachments").select_related(
        "director_approved_by", "leader_approved_by"
    ):
        pending = plan.status in (PlanStatus.SUBMITTED, PlanStatus.FORWARDED)
        plans.append(
            {
                "plan": plan,
                "can_forward": plan.status == PlanStatus.SUBMITTED
                and user.has_perm("supervision.forward_plan", plan),
                "can_approve": plan.status == PlanStatus.FORWARDED
                and user.has_perm("supervision.approve_plan", plan),
                "can_return": pending
                and (
                    user.has_perm("supervision.forward_plan", plan)
                    or user.has_perm("supervision.approve_plan", plan)
                ),
            }
        )
    events = [
        {
            "e": e,
            "actor": actor_label(e),
            "label": ACTION_LABELS.get(e.action) or action_label(e.action),
        }
        for e in selectors.timeline(task)
    ]
    return render(
        request,
        "supervision/task.html",
        {
            "task": task,
            "milestones": milestones,
            "plans": plans,
            "events": events,
            "attachments": task.attachments.filter(feedback=None, plan=None),
            "responsible": _person_line(request, task.responsible_person),
            "liaison": _person_line(request, task.liaison),
            "can_remark": user.has_perm("supervision.remark_task", task),
            "remarks": task.remarks.select_related("leader", "plan"),
            "can_close": task.is_open and user.has_perm("supervision.close_task", task),
            "owed": [item["m"] for item in milestones if item["m"].status == MilestoneStatus.OPEN],
            "can_reopen": task.is_closed and user.has_perm("supervision.reopen_task", task),
            "leader_check": policy.leader_check_required(),
            "can_edit": not task.is_closed and user.has_perm("supervision.edit_task", task),
            "can_attach": not task.is_closed and user.has_perm("supervision.add_attachment", task),
            "can_plan": task.issue_kind == "major"
            and task.status in ("assigned", "in_progress")
            and user.has_perm("supervision.submit_plan", task),
            "plan_form": forms.PlanForm(),
            "result_form": forms.ResultForm(),
            "reason_form": forms.ReasonForm(),
            "attachment_form": forms.AttachmentForm(),
            "PlanStatus": PlanStatus,
        },
    )


def _back(task: Task) -> HttpResponse:
    return redirect("supervision:task", pk=task.pk)


@login_required
@require_POST
def feedback_draft(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_object_or_404(Milestone, pk=pk)
    task = _visible_task(request, milestone.task_id)
    _need(request, "supervision.draft_feedback", milestone)
    form = forms.FeedbackForm(request.POST, request.FILES, prefix=f"m{milestone.pk}")
    text = request.POST.get(f"m{milestone.pk}-text", "")
    files = request.FILES.getlist(f"m{milestone.pk}-files")
    del form
    _attempt(
        request,
        lambda: services.draft_feedback(
            by=request.user, milestone=milestone, text=text, files=files
        ),
        _("Report saved; the head of the section can now sign it off."),
    )
    return _back(task)


def _feedback_action(request: HttpRequest, pk: int, perm: str) -> tuple[Feedback, Task]:
    feedback = get_object_or_404(Feedback.objects.select_related("milestone"), pk=pk)
    task = _visible_task(request, feedback.milestone.task_id)
    _need(request, perm, feedback)
    return feedback, task


@login_required
@require_POST
def feedback_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    feedback, task = _feedback_action(request, pk, "supervision.sign_off_feedback")
    _attempt(
        request,
        lambda: services.sign_off_feedback(by=request.user, feedback=feedback),
        _("Signed off; the report went to the leader in charge for checking.")
        if policy.leader_check_required()
        else _("Signed off; the report went to the office."),
    )
    return _back(task)


@login_required
@require_POST
def task_remark(request: HttpRequest, pk: int) -> HttpResponse:
    task = _visible_task(request, pk)
    _need(request, "supervision.remark_task", task)
    plan = None
    plan_id = request.POST.get("plan", "")
    if plan_id.isdigit():
        plan = task.plans.filter(pk=int(plan_id)).first()
    _attempt(
        request,
        lambda: services.record_remark(
            by=request.user, task=task, plan=plan, kind=request.POST.get("kind", ""),
            text=request.POST.get("text", ""),
        ),
        _("Your remark was recorded and sent."),
    )  # fmt: skip
    return _back(task)


@login_required
@require_POST
def feedback_head_return(request: HttpRequest, pk: int) -> HttpResponse:
    feedback, task = _feedback_action(request, pk, "supervision.sign_off_feedback")
    reason = request.POST.get("reason", "")
    _attempt(
        request,
        lambda: services.return_draft_feedback(by=request.user, feedback=feedback, reason=reason),
        _("Report sent back to the liaison for redrafting."),
    )
    return _back(task)


@login_required
@require_POST
def feedback_check(request: HttpRequest, pk: int) -> HttpResponse:
    feedback, task = _feedback_action(request, pk, "supervision.check_feedback")
    _attempt(
        request,
        lambda: services.check_feedback(by=request.user, feedback=feedback),
        _("Checked; the report went to the office."),
    )
    return _back(task)


@login_required
@require_POST
def feedback_check_return(request: HttpRequest, pk: int) -> HttpResponse:
    feedback, task = _feedback_action(request, pk, "supervision.check_feedback")
    reason = request.POST.get("reason", "")
    _attempt(
        request,
        lambda: services.return_checked_feedback(by=request.user, feedback=feedback, reason=reason),
        _("Report sent back to the undertaker for redrafting."),
    )
    return _back(task)


@login_required
@require_POST
def feedback_accept(request: HttpRequest, pk: int) -> HttpResponse:
    feedback, task = _feedback_action(request, pk, "supervision.review_feedback")
    _attempt(
        request,
        lambda: services.accept_feedback(by=request.user, feedback=feedback),
        _("Report accepted; the milestone is met."),
    )
    return _back(task)


@login_required
@require_POST
def feedback_return(request: HttpRequest, pk: int) -> HttpResponse:
    feedback, task = _feedback_action(request, pk, "supervision.review_feedback")
    reason = request.POST.get("reason", "")
    _attempt(
        request,
        lambda: services.return_feedback(by=request.user, feedback=feedback, reason=reason),
        _("Report returned to the liaison for redrafting."),
    )
    return _back(task)


@login_required
@require_POST
def plan_submit(request: HttpRequest, pk: int) -> HttpResponse:
    task = _visible_task(request, pk)
    _need(request, "supervision.submit_plan", task)
    text = request.POST.get("text", "")
    files = request.FILES.getlist("files")

    def act() -> None:
        nodes = services.parse_nodes(request.POST.get("nodes", ""))
        services.submit_plan(by=request.user, task=task, text=text, nodes=nodes, files=files)

    _attempt(request, act, _("Plan submitted to the office."))
    return _back(task)


def _plan_action(request: HttpRequest, pk: int) -> tuple[Plan, Task]:
    plan = get_object_or_404(Plan, pk=pk)
    return plan, _visible_task(request, plan.task_id)


@login_required
@require_POST
def plan_forward(request: HttpRequest, pk: int) -> HttpResponse:
    plan, task = _plan_action(request, pk)
    _need(request, "supervision.forward_plan", plan)
    _attempt(
        request,
        lambda: services.forward_plan(by=request.user, plan=plan),
        _("Plan forwarded to the director and the leader in charge."),
    )
    return _back(task)


@login_required
@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    plan, task = _plan_action(request, pk)
    _need(request, "supervision.approve_plan", plan)
    _attempt(request, lambda: services.approve_plan(by=request.user, plan=plan), _("Approved."))
    return _back(task)


@login_required
@require_POST
def plan_return(request: HttpRequest, pk: int) -> HttpResponse:
    plan, task = _plan_action(request, pk)
    reason = request.POST.get("reason", "")
    _attempt(
        request,
        lambda: services.return_plan(by=request.user, plan=plan, reason=reason),
        _("Plan returned."),
    )
    return _back(task)


@login_required
@require_POST
def task_close(request: HttpRequest, pk: int) -> HttpResponse:
    task = _visible_task(request, pk)
    _need(request, "supervision.close_task", task)
    result = request.POST.get("result", "")
    reason = request.POST.get("reason", "")
    _attempt(
        request,
        lambda: services.close_task(by=request.user, task=task, result=result, reason=reason),
        _("Task closed."),
    )
    return _back(task)


@login_required
@require_POST
def task_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    task = _visible_task(request, pk)
    _need(request, "supervision.reopen_task", task)
    reason = request.POST.get("reason", "")
    _attempt(
        request,
        lambda: services.reopen_task(by=request.user, task=task, reason=reason),
        _("Task reopened."),
    )
    return _back(task)


@login_required
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = _visible_task(request, pk)
    _need(request, "supervision.edit_task", task)
    form = forms.TaskEditForm(
        request.POST or None, bureau_id=task.bureau_id,
        initial=forms.TaskEditForm.initial_of(task),
    )  # fmt: skip
    conflict = ""
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = services.TaskInput(
            title=d["title"],
            content=d["content"],
            lead_unit=d["lead_unit"],
            instructing_leader=d["instructing_leader"],
            co_units=list(d["co_units"]),
            issue_kind=d["issue_kind"],
            urgent=d["urgent"],
            confidential=d["confidential"],
            named_readers=list(d["named_readers"]),
        )
        try:
            services.edit_task(
                by=request.user, task=task, data=data, expected_revision=d["revision"]
            )
        except Conflict as exc:
            # the other person's change stands; this person's input stays in the form
            conflict = exc.message
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Task changed."))
            return _back(task)
    return render(
        request, "supervision/task_edit.html", {"task": task, "form": form, "conflict": conflict}
    )


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    task = _visible_task(request, pk)
    _need(request, "supervision.add_attachment", task)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
        return _back(task)
    _attempt(
        request,
        lambda: services.add_attachment(by=request.user, task=task, upload=upload),
        _("Material stored."),
    )
    return _back(task)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(Attachment, pk=pk)
    _visible_task(request, attachment.task_id)
    _need(request, "supervision.download_attachment", attachment)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@login_required
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    task = _visible_task(request, pk)
    _need(request, "supervision.print_notice", task)
    response = HttpResponse(
        exports.notice_docx(task),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="notice-{task.pk}.docx"'
    return response


# --- undertakers (S-5 清零) ---------------------------------------------------------------------


@login_required
def units(request: HttpRequest) -> HttpResponse:
    _need(request, "supervision.view_ledger")
    bureau_id = selectors.bureau_of(request.user)
    rows = [
        r
        for r in selectors.open_counts_by_unit(request.user, bureau_id)
        if request.user.has_perm("supervision.view_unit", r["unit"])
    ]
    return render(request, "supervision/units.html", {"rows": rows})


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(OrgUnit, pk=pk, bureau_id__in=bureaus_for(request.user))
    _need(request, "supervision.view_unit", unit)
    tasks = list(selectors.unit_tasks(request.user, unit))
    open_tasks = [t for t in tasks if t.is_open]
    return render(
        request,
        "supervision/unit.html",
        {"unit": unit, "tasks": tasks, "open_count": len(open_tasks)},
    )


# --- import ---------------------------------------------------------------------------------------


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    _need(request, "supervision.import_ledger")
    form = forms.ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            headers, rows = importer.read_workbook(upload.read())
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            request.session[IMPORT_SESSION_KEY] = {
                "name": upload.name,
                "headers": headers,
                "rows": rows,
                "mapping": importer.guess_mapping(headers),
            }
            return redirect("supervision:import-preview")
    return render(request, "supervision/import_upload.html", {"form": form})


@login_required
def import_preview(request: HttpRequest) -> HttpResponse:
    _need(request, "supervision.import_ledger")
    staged = request.session.get(IMPORT_SESSION_KEY)
    if not staged:
        messages.error(request, _("Upload a workbook first."))
        return redirect("supervision:import")
    bureau = _bureau(request)
    mapping: dict[str, int | None] = staged["mapping"]
    on_existing = staged.get("on_existing", importer.OnExisting.SKIP)
    if request.method == "POST":
        for key in importer.FIELDS:
            value = request.POST.get(f"map-{key}", "")
            mapping[key] = int(value) if value.isdigit() else None
        staged["mapping"] = mapping
        # S-7: rows whose number the ledger holds are skipped unless the office asks to update.
        chosen = request.POST.get("on_existing", importer.OnExisting.SKIP)
        on_existing = chosen if chosen in importer.OnExisting.CHOICES else importer.OnExisting.SKIP
        staged["on_existing"] = on_existing
        request.session[IMPORT_SESSION_KEY] = staged
        if "commit" in request.POST:
            holder: dict[str, list[Task]] = {}

            def act() -> None:
                holder["t"] = importer.commit_rows(
                    by=request.user, bureau=bureau, rows=staged["rows"], mapping=mapping,
                    file_name=staged["name"], on_existing=on_existing,
                )  # fmt: skip

            if _attempt(request, act, _("Ledger imported.")):
                del request.session[IMPORT_SESSION_KEY]
                messages.info(
                    request,
                    _("%(n)d tasks imported or updated; rows already in the ledger were skipped.")
                    % {"n": len(holder["t"])},
                )
                return redirect("supervision:ledger")
    checks: list[importer.RowCheck] = []
    problem = ""
    try:
        checks = importer.check_rows(
            bureau, staged["rows"], mapping, by=request.user, on_existing=on_existing
        )
    except DomainError as exc:
        problem = exc.message
    fields = [
        {"key": key, "label": label, "selected": mapping.get(key)}
        for key, (label, _names) in importer.FIELDS.items()
    ]
    return render(
        request,
        "supervision/import_preview.html",
        {
            "staged": staged,
            "headers": list(enumerate(staged["headers"])),
            "fields": fields,
            "checks": checks,
            "problem": problem,
            "bad": sum(1 for c in checks if c.errors),
            "on_existing": on_existing,
            "counts": {
                action: sum(1 for c in checks if c.action == action and not c.errors)
                for action in ("new", "update", "duplicate", "unchanged")
            },
            "importable": any(c.is_import for c in checks),
        },
    )
