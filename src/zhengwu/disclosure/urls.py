from django.urls import path

from zhengwu.disclosure import views

app_name = "disclosure"

urlpatterns = [
    path("", views.register, name="register"),
    path("worklist/", views.worklist, name="worklist"),
    path("new/", views.item_new, name="item-new"),
    path("clarifications/new/", views.clarification_new, name="clarification-new"),
    path("guide/", views.guide_edit, name="guide"),
    path("<int:pk>/", views.item_detail, name="item"),
    path("<int:pk>/edit/", views.item_edit, name="item-edit"),
    path("<int:pk>/submit/", views.item_submit, name="item-submit"),
    path("<int:pk>/review/", views.item_review, name="item-review"),
    path("<int:pk>/secrecy-answer/", views.item_secrecy_answer, name="item-secrecy-answer"),
    path("<int:pk>/approve/", views.item_approve, name="item-approve"),
    path("<int:pk>/publish/", views.item_publish, name="item-publish"),
    path("<int:pk>/channel/", views.item_channel, name="item-channel"),
    path("<int:pk>/withdraw/", views.item_withdraw, name="item-withdraw"),
    path("<int:pk>/validity/", views.item_validity, name="item-validity"),
    path("<int:pk>/attachments/", views.item_attachment, name="item-attachment"),
    path("<int:pk>/reassess/", views.item_reassess, name="item-reassess"),
    path("signoffs/<int:pk>/", views.signoff_decide, name="signoff"),
    path("signoffs/<int:pk>/outcome/", views.signoff_outcome, name="signoff-outcome"),
    path("attachments/<int:pk>/", views.staff_attachment, name="attachment"),
]
