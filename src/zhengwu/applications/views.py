"""Staff pages of applications: thin callers of services and selectors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from zhengwu.applications import clock as calc
from zhengwu.applications import policy, selectors, services
from zhengwu.applications.models import (
    Application,
    CaseKind,
    CaseOutcome,
    ConfirmationMethod,
    ConsultationKind,
    CorrectionRequest,
    CorrectionStatus,
    Delivery,
    Document,
    FeeMethod,
    RemedyCase,
    Status,
)
from zhengwu.core import inputs
from zhengwu.core.errors import DomainError
from zhengwu.disclosure.models import WithholdReason


def _application(request: HttpRequest, pk: int) -> Application:
    application = get_object_or_404(Application.objects.select_related("bureau", "handler"), pk=pk)
    if not request.user.has_perm("applications.see_application", application):
        raise Http404
    return application


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("applications.view_list"):
        raise PermissionDenied
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()[:50]
    rows = selectors.applications_for(request.user, status=status, q=query)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "applications/list.html",
        {
            "page": page,
            "statuses": Status.choices,
            "status": status,
            "q": query,
            "several": selectors.released_to_several(selectors.bureaus_for(request.user)),
        },
    )


def _redactable(application: Application) -> list[tuple[Document, str]]:
    """Copies that can be redacted, with suggested passages (identity numbers, phones, names)."""
    from zhengwu.applications import redaction

    rows = []
    for document in application.documents.filter(
        kind="copy", content_type__in=list(policy.REDACTABLE_TYPES)
    ):
        try:
            data = document.file.open("rb").read()
            document.file.close()
            if document.content_type == "application/pdf":
                text = "\n".join(redaction.pdf_text(data))
            else:
                text = redaction.docx_text(data)
        except Exception:
            text = ""
        rows.append((document, "\n".join(s.text for s in redaction.suggest(text))))
    return rows


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    deadline = services.answer_deadline(application)
    return render(
        request,
        "applications/detail.html",
        {
            "a": application,
            "applicant": selectors.show_applicant_data(request.user, application),
            "deadline": deadline,
            "timeline": selectors.timeline_of(application),
            "documents": application.documents.all(),
            "redactable": _redactable(application),
            "withhold_reasons": WithholdReason.choices,
            "consultations": application.consultations.all(),
            "cases": application.cases.all(),
            "can_handle": request.user.has_perm("applications.handle_application", application),
            "can_extend": request.user.has_perm("applications.approve_extension", application),
            "outcomes": selectors.outcome_choices(),
            "methods": ConfirmationMethod.choices,
            "consultation_kinds": ConsultationKind.choices,
            "fee_methods": FeeMethod.choices,
            "fee_summary": getattr(selectors.fee_assessment_of(application), "summary", ""),
            "deliveries": Delivery.choices,
            "case_kinds": CaseKind.choices,
            "case_outcomes": [c for c in CaseOutcome.choices if c[0] != CaseOutcome.PENDING],
            "today": services.clock.today().isoformat(),
        },
    )


def _date(request: HttpRequest, name: str) -> dt.date:
    try:
        # a plausible date only (core.inputs: the system's one range)
        return inputs.parse_date(request.POST.get(name, ""))
    except ValueError as error:
        raise DomainError(str(error), code="date") from error


def _int(request: HttpRequest, name: str) -> int:
    try:
        return int(request.POST.get(name, "").strip())
    except ValueError as error:
        raise DomainError(_("Enter a whole number."), code="number") from error


ACTIONS: dict[str, Any] = {
    "confirm": lambda r, a: services.confirm_receipt(
        by=r.user, application=a, confirmed_on=_date(r, "on"), method=r.POST.get("method", "")
    ),
    "supplement": lambda r, a: services.ask_supplement(
        by=r.user, application=a, asked_on=_date(r, "on"), what=r.POST.get("what", "")
    ),
    "supplement_received": lambda r, a: services.receive_supplement(
        by=r.user, application=a, received_on=_date(r, "on"), content=r.POST.get("content", "")
    ),
    "consult": lambda r, a: services.start_consultation(
        by=r.user,
        application=a,
        kind=r.POST.get("kind", ""),
        party=r.POST.get("party", ""),
        sent_on=_date(r, "on"),
    ),
    "consulted": lambda r, a: services.record_consultation_answer(
        by=r.user,
        consultation=get_object_or_404(a.consultations, pk=_int(r, "consultation")),
        answered_on=_date(r, "on"),
        opinion=r.POST.get("opinion", ""),
    ),
    "fee": lambda r, a: services.assess_fee(
        by=r.user,
        application=a,
        method=r.POST.get("method", ""),
        quantity=_int(r, "quantity"),
        on=_date(r, "on"),
    ),
    "paid": lambda r, a: services.record_fee_paid(by=r.user, application=a, paid_on=_date(r, "on")),
    "extend": lambda r, a: services.extend(
        by=r.user, application=a, days=_int(r, "days"), reason=r.POST.get("reason", "")
    ),
    "answer": lambda r, a: services.answer(
        by=r.user,
        application=a,
        outcome=r.POST.get("outcome", ""),
        answered_on=_date(r, "on"),
        answer_text=r.POST.get("answer_text", ""),
    ),
    "deliver": lambda r, a: services.record_delivery(
        by=r.user, application=a, way=r.POST.get("way", ""), on=_date(r, "on")
    ),
    "document": lambda r, a: services.add_document(
        by=r.user, application=a, upload=_upload(r), sent=bool(r.POST.get("sent"))
    ),
    "redact": lambda r, a: services.redact(
        by=r.user,
        document=get_object_or_404(a.documents, pk=_int(r, "document")),
        passages=[
            (line.strip(), r.POST.get("reason", ""))
            for line in r.POST.get("passages", "")[:5000].splitlines()
            if line.strip()
        ],
    ),
    "file": lambda r, a: services.file_refusal(
        by=r.user,
        application=a,
        authority=r.POST.get("authority", ""),
        filed_on=_date(r, "on"),
        reference=r.POST.get("reference", ""),
    ),
    "case": lambda r, a: services.open_case(
        by=r.user,
        application=a,
        kind=r.POST.get("kind", ""),
        body=r.POST.get("body", ""),
        filed_on=_date(r, "on"),
        case_number=r.POST.get("case_number", ""),
    ),
    "conclude": lambda r, a: services.conclude_case(
        by=r.user,
        case=get_object_or_404(RemedyCase, application=a, pk=_int(r, "case")),
        outcome=r.POST.get("outcome", ""),
        concluded_on=_date(r, "on"),
        note=r.POST.get("note", ""),
    ),
}


def _upload(request: HttpRequest) -> Any:
    upload = request.FILES.get("file")
    if upload is None:
        raise DomainError(_("Choose a file."), code="file")
    return upload


@login_required
@require_POST
def act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    application = _application(request, pk)
    step = ACTIONS.get(action)
    if step is None:
        raise Http404
    try:
        result = step(request, application)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        # a fee assessment says what it found (本月累计N件，本次不收费 / the fee and its date).
        messages.success(
            request, result.summary if isinstance(result, services.FeeAssessment) else _("Saved.")
        )
    return redirect("applications:detail", pk=application.pk)


@login_required
def document(request: HttpRequest, pk: int, doc: int) -> HttpResponse:
    application = _application(request, pk)
    item = get_object_or_404(Document, application=application, pk=doc)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


@login_required
def calculator(request: HttpRequest) -> HttpResponse:
    """The what-if calculator: the same derivation as `zhengwu applications deadline`."""
    if not request.user.has_perm("applications.calculate"):
        raise PermissionDenied
    result, error = None, ""
    g = request.GET
    if g.get("received"):
        try:

            def day(name: str) -> dt.date | None:
                value = g.get(name, "").strip()
                return inputs.parse_date(value) if value else None

            pauses = []
            for text in g.getlist("pause"):
                if text.strip():
                    begin, _sep, end = text.partition(":")
                    pauses.append((inputs.parse_date(begin), inputs.parse_date(end)))
            result = calc.derive(
                received=day("received"),
                supplement_asked=day("supplement_asked"),
                supplement_received=day("supplement_received"),
                pauses=pauses,
                extension=int(g.get("extend") or 0),
            )
        except ValueError as exc:
            error = "{} {}".format(
                exc, _("Enter dates as YYYY-MM-DD, pauses as YYYY-MM-DD:YYYY-MM-DD.")
            )
        except DomainError as exc:
            error = exc.message
    return render(
        request, "applications/calculator.html", {"result": result, "error": error, "g": g}
    )


@login_required
def refusals(request: HttpRequest) -> HttpResponse:
    """D-11: refused applications and their filing with the higher authority (page or .xlsx)."""
    if not request.user.has_perm("applications.view_list"):
        raise PermissionDenied
    rows = selectors.refusals(selectors.bureaus_for(request.user))
    if request.GET.get("format") == "xlsx":
        from zhengwu.applications.exports import refusals_xlsx

        response = HttpResponse(
            refusals_xlsx(rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="refusals.xlsx"'
        return response
    return render(request, "applications/refusals.html", {"rows": rows, "policy": policy})


# --- public pages (no login): apply and track --------------------------------------------------


def _active_bureaus() -> list[Any]:
    """R-1: the bureaus an online application may be addressed to, by name."""
    from zhengwu.org.models import Bureau

    return list(Bureau.objects.filter(is_active=True).order_by("name"))


def _chosen(bureaus: list[Any], code: str) -> Any:
    """The active bureau with this code; with a single active bureau always that one."""
    if len(bureaus) == 1:
        return bureaus[0]
    return next((b for b in bureaus if b.code == code), None)


def _suggestions(text: str) -> list[Any]:
    """Published items that may already answer the request (the portal's search, which reads
    only `disclosure.selectors.public_items`)."""
    from zhengwu.disclosure.selectors import search_public

    text = " ".join(text.split())[:100]
    if not text:
        return []
    results, _tokens, _total = search_public(text, limit=policy.SUGGESTIONS_SHOWN)
    return results


SUGGEST_MIN_CHARS = 2


@never_cache
def suggest(request: HttpRequest) -> HttpResponse:
    """R-1: as the applicant types the description, published items that may answer it (an
    HTML fragment for htmx). Rate-limited per address; answers kept briefly per words typed and
    per state of the public register."""
    import hashlib

    from django.core.cache import cache
    from django.template.loader import render_to_string
    from django.utils import translation

    from zhengwu.applications import intake
    from zhengwu.disclosure.selectors import public_generation

    text = " ".join(request.GET.get("description", "").split())[:100]
    if len(text) < SUGGEST_MIN_CHARS:
        return HttpResponse("")
    if not intake.allow_suggestion(intake.source_hash(intake.client_address(request))):
        return HttpResponse(_("Too many look-ups; please wait a minute."), status=429)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
    key = f"apply-suggest:{public_generation()}:{translation.get_language()}:{digest}"
    fragment = cache.get(key)
    if fragment is None:
        fragment = render_to_string(
            "applications/_suggestions.html",
            {"suggestions": _suggestions(text), "live": True},
            request=request,
        )
        cache.set(key, fragment, policy.SUGGESTIONS_CACHE_SECONDS)
    return HttpResponse(fragment)


def _guide(bureau: Any) -> Any:
    from zhengwu.disclosure.models import DisclosureGuide

    return DisclosureGuide.objects.filter(bureau=bureau).first() if bureau else None


@never_cache
def apply(request: HttpRequest) -> HttpResponse:
    """R-1: the online application form; a second step shows published items that may answer it."""
    from zhengwu.applications import intake
    from zhengwu.applications.forms import PublicApplicationForm

    # One installation may serve several bureaus: the applicant chooses the one applied to
    # (?bureau=CODE preselects it); with a single active bureau that one is used silently.
    bureaus = _active_bureaus()
    preselected = _chosen(bureaus, request.GET.get("bureau", "")[:40])
    form = PublicApplicationForm(
        request.POST or None,
        request.FILES or None,
        bureaus=bureaus,
        initial={"bureau": preselected.code} if preselected else None,
    )
    if request.method == "POST":
        bureau = _chosen(bureaus, request.POST.get("bureau", "")[:40])
    else:
        bureau = preselected
    # With JavaScript, suggestions appear while typing (htmx); without, the button below does it.
    form.fields["description"].widget.attrs.update(
        {
            "hx-get": reverse("apply:suggest"),
            "hx-trigger": "input changed delay:400ms",
            "hx-target": "#live-suggestions",
            "hx-swap": "innerHTML",
            "aria-controls": "live-suggestions",
        }
    )
    suggestions: list[Any] = []
    error = ""
    status = 200
    if request.method == "POST" and bureaus:
        suggestions = _suggestions(request.POST.get("description", ""))
        address = intake.source_hash(intake.client_address(request))
        submitting = "suggest" not in request.POST
        if submitting:
            # Every attempt counts, valid or not, so guessing the captcha is limited too.
            try:
                intake.check_rate(address)
            except intake.RateLimited as exc:
                error, status, submitting = exc.message, 429, False
        if submitting and form.is_valid() and bureau is not None:
            data = dict(form.cleaned_data)
            scan = data.pop("scan", None)
            data.pop("bureau", None)
            try:
                intake.check_captcha(
                    request.POST.get("captcha_token", ""), request.POST.get("captcha", "")
                )
                application, secret = services.submit_application(
                    by=None,
                    bureau=bureau,
                    channel="online",
                    scan=scan,
                    source_hash=address,
                    **data,
                )
            except DomainError as exc:
                error = exc.message
            else:
                return render(
                    request,
                    "applications/public_receipt.html",
                    {"a": application, "secret": secret},
                )
    token, svg = intake.new_captcha()
    return render(
        request,
        "applications/public_apply.html",
        {
            "form": form,
            "bureau": bureau,
            "bureaus": bureaus if len(bureaus) > 1 else [],
            "guide": _guide(bureau),
            "suggestions": suggestions,
            "error": error,
            "captcha_token": token,
            "captcha_svg": svg,
            "captcha_on": intake.captcha_enabled(),
            "searched": "suggest" in request.POST,
        },
        status=status,
    )


def _tracked(request: HttpRequest) -> Application | None:
    number = request.POST.get("tracking_number", "").strip()[:20]
    secret = request.POST.get("secret", "").strip()[:64]
    if not number or not secret:
        return None
    return selectors.by_tracking(number, secret)


@never_cache
def track(request: HttpRequest) -> HttpResponse:
    """Tracking: with the number and the secret (and only with both) the status and documents."""
    application = _tracked(request) if request.method == "POST" else None
    return render(
        request,
        "applications/public_track.html",
        {
            "a": application,
            "asked": request.method == "POST",
            "timeline": selectors.timeline_of(application) if application else [],
            "documents": selectors.sent_documents(application) if application else [],
            "number": request.POST.get("tracking_number", "")[:20],
            "secret": request.POST.get("secret", "")[:64] if application else "",
        },
    )


@never_cache
@require_POST
def public_document(request: HttpRequest, doc: int) -> HttpResponse:
    application = _tracked(request)
    if application is None:
        raise Http404
    item = get_object_or_404(Document, application=application, pk=doc, sent=True)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


@login_required
def enter(request: HttpRequest) -> HttpResponse:
    """R-2: staff enter an application handed in, posted (registered or ordinary) or faxed."""
    from zhengwu.applications.forms import StaffEntryForm

    bureau = request.user.bureau
    if bureau is None or not request.user.has_perm("applications.enter_application", bureau):
        raise PermissionDenied
    form = StaffEntryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            application, _secret = services.submit_application(
                by=request.user, bureau=bureau, **data
            )
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Registered as %(number)s; give the applicant the secret code %(secret)s.")
                % {"number": application.tracking_number, "secret": _secret},
            )
            return redirect("applications:detail", pk=application.pk)
    return render(request, "applications/enter.html", {"form": form})


# --- correction requests (staff) ----------------------------------------------------------


def _correction(request: HttpRequest, pk: int) -> CorrectionRequest:
    correction = get_object_or_404(
        CorrectionRequest.objects.select_related("bureau", "application"), pk=pk
    )
    if not request.user.has_perm("applications.see_correction", correction):
        raise Http404
    return correction


@login_required
def correction_list(request: HttpRequest) -> HttpResponse:
    """R-8: the correction requests of the person's bureaus, with their answer clocks."""
    if not request.user.has_perm("applications.view_list"):
        raise PermissionDenied
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()[:50]
    rows = selectors.corrections_for(request.user, status=status, q=query)
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "applications/corrections.html",
        {
            "page": page,
            "rows": [
                (c, services.correction_deadline(c), selectors.show_requester_data(request.user, c))
                for c in page
            ],
            "statuses": CorrectionStatus.choices,
            "status": status,
            "q": query,
            "can_enter": request.user.bureau is not None
            and request.user.has_perm("applications.enter_application", request.user.bureau),
        },
    )


@login_required
def correction_enter(request: HttpRequest) -> HttpResponse:
    """R-8: staff enter a correction request handed in, posted or phoned in."""
    from zhengwu.applications.forms import CorrectionForm

    bureau = request.user.bureau
    if bureau is None or not request.user.has_perm("applications.enter_application", bureau):
        raise PermissionDenied
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        number = data.pop("tracking_number").strip()
        application = None
        if number:
            application = Application.objects.filter(tracking_number=number, bureau=bureau).first()
        if number and application is None:
            form.add_error("tracking_number", _("No application of the bureau has this number."))
        else:
            try:
                correction = services.receive_correction(
                    by=request.user, bureau=bureau, application=application, **data
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Saved."))
                return redirect("applications:correction", pk=correction.pk)
    return render(request, "applications/correction_enter.html", {"form": form})


@login_required
def correction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from zhengwu.applications.forms import CorrectionAnswerForm

    correction = _correction(request, pk)
    can_handle = request.user.has_perm("applications.handle_application", correction)
    form = CorrectionAnswerForm(
        request.POST or None, initial={"answered_on": services.clock.today()}
    )
    if request.method == "POST":
        if not can_handle:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.answer_correction(by=request.user, request=correction, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Saved."))
                return redirect("applications:correction", pk=correction.pk)
    return render(
        request,
        "applications/correction.html",
        {
            "c": correction,
            "requester": selectors.show_requester_data(request.user, correction),
            "deadline": services.correction_deadline(correction),
            "can_handle": can_handle,
            "form": form,
            "application_visible": correction.application is not None
            and request.user.has_perm("applications.see_application", correction.application),
        },
    )


@login_required
def correction_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """R-8: the answer letter of an answered correction request (.docx)."""
    from zhengwu.applications.letters import correction_letter_docx

    correction = _correction(request, pk)
    if correction.status == CorrectionStatus.OPEN:
        raise Http404
    response = HttpResponse(
        correction_letter_docx(correction),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="correction-{correction.pk}.docx"'
    return response
