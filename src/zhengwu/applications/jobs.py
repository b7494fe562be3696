"""Background work of applications: telling applicants by SMS / e-mail (the notifications
app's SMS backend and the mail settings). The closing of expired periods runs from the one schedule
(`warnings.jobs`)."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from huey.contrib.djhuey import db_task

from zhengwu.notifications import sms

log = logging.getLogger(__name__)


def tell_applicant(application_id: int, text: str) -> None:
    """After commit: queue the message to the applicant (the applicant has no account)."""
    tell_applicant_task(application_id, text)


@db_task(retries=3, retry_delay=60)
def tell_applicant_task(application_id: int, text: str) -> None:
    from zhengwu.applications.models import Application

    application = Application.objects.filter(pk=application_id).first()
    if application is None:
        return
    message = f"【{application.bureau}】{application.tracking_number}：{text}"
    if application.phone:
        sms.get_backend().send(to=application.phone, text=message[:300])
    if application.email:
        send_mail(
            subject=f"政府信息公开申请 {application.tracking_number}",
            message=message,
            from_email=None,
            recipient_list=[application.email],
        )
