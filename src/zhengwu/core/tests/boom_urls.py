"""The site's URLs plus one view that fails, to see the 500 page as a visitor would."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from zhengwu.urls import urlpatterns as site


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom), *site]
handler500 = "zhengwu.core.views.server_error"
