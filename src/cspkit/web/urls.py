"""Every page of the web app, one include per app."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("cspkit.web.dashboard.urls")),
    path("accounts/", include("cspkit.web.accounts.urls")),
    path("plans/", include("cspkit.web.plan.urls")),
    path("performance/", include("cspkit.web.performance.urls")),
    path("board/", include("cspkit.web.board.urls")),
    path("evidence/", include("cspkit.web.evidence.urls")),
    path("access-log/", include("cspkit.web.audit.urls")),
    path("commissioning/", include("cspkit.web.commissioning.urls")),
    path("registers/", include("cspkit.web.registers.urls")),
    path("cases/", include("cspkit.web.cases.urls")),
    path("case-reviews/", include("cspkit.web.reviews.urls")),
    path("admin/", admin.site.urls),
]
