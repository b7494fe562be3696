from django.urls import path

from zhengwu.supervision import views

app_name = "supervision"

urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("export.xlsx", views.ledger_export, name="export"),
    path("sources/", views.sources, name="sources"),
    path("meetings/new/", views.meeting_new, name="meeting-new"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("instructions/new/", views.instruction_new, name="instruction-new"),
    path("instructions/<int:pk>/", views.instruction_detail, name="instruction"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task-edit"),
    path("tasks/<int:pk>/close/", views.task_close, name="task-close"),
    path("tasks/<int:pk>/reopen/", views.task_reopen, name="task-reopen"),
    path("tasks/<int:pk>/attachments/", views.attachment_add, name="attachment-add"),
    path("tasks/<int:pk>/plan/", views.plan_submit, name="plan-submit"),
    path("tasks/<int:pk>/notice.docx", views.notice, name="notice"),
    path("milestones/<int:pk>/feedback/", views.feedback_draft, name="feedback-draft"),
    path("feedback/<int:pk>/sign-off/", views.feedback_sign_off, name="feedback-sign-off"),
    path("feedback/<int:pk>/check/", views.feedback_check, name="feedback-check"),
    path("tasks/<int:pk>/remark/", views.task_remark, name="task-remark"),
    path("feedback/<int:pk>/head-return/", views.feedback_head_return, name="feedback-head-return"),
    path(
        "feedback/<int:pk>/check-return/",
        views.feedback_check_return,
        name="feedback-check-return",
    ),
    path("feedback/<int:pk>/accept/", views.feedback_accept, name="feedback-accept"),
    path("feedback/<int:pk>/return/", views.feedback_return, name="feedback-return"),
    path("plans/<int:pk>/forward/", views.plan_forward, name="plan-forward"),
    path("plans/<int:pk>/approve/", views.plan_approve, name="plan-approve"),
    path("plans/<int:pk>/return/", views.plan_return, name="plan-return"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("units/", views.units, name="units"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("import/", views.import_upload, name="import"),
    path("import/preview/", views.import_preview, name="import-preview"),
]
