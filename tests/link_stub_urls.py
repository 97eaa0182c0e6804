"""The project's URLs plus stand-ins for the personal-link pages (``participation:link_home``,
``participation:link_report``), for a checkout in which those pages are not there yet: the
reminder mails carry their addresses. Used only when the real ones are missing (fixture
``link_pages`` in participation/tests/reminder_helpers.py); unused once they are there."""

from django.http import HttpResponse
from django.urls import include, path

from laatzen_integration.urls import urlpatterns as project_urlpatterns
from participation.urls import urlpatterns as participation_urlpatterns


def _stand_in(request, **kwargs):
    return HttpResponse("link page stand-in")


stand_ins = [
    path("link/<str:token>/", _stand_in, name="link_home"),
    path("link/<str:token>/<int:measure_pk>/", _stand_in, name="link_report"),
]
# The first pattern of a namespace wins when reversing: ours, with the stand-ins.
urlpatterns = [
    path("beteiligung/", include((participation_urlpatterns + stand_ins, "participation"))),
    *project_urlpatterns,
]
