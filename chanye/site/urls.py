from django.contrib import admin
from django.urls import include, path

from chanye.core.views import healthz, ping
from chanye.site import views
from chanye.site.api import api

urlpatterns = [
    path("", include("chanye.systems.urls")),
    path("", include("chanye.industries.urls")),
    path("", include("chanye.districts.urls")),
    path("", include("chanye.targets.urls")),
    path("", include("chanye.enterprises.urls")),
    path("", include("chanye.per_mu.urls")),
    path("", include("chanye.places.urls")),
    path("", include("chanye.projects.urls")),
    path("", include("chanye.lists.urls")),
    path("accounts/", include("chanye.accounts.urls")),
    path(
        "tasks/",
        include(
            (
                [
                    path("", views.task_list, name="task_list"),
                    path("<uuid:pk>/retry/", views.task_retry, name="task_retry"),
                ],
                "site",
            )
        ),
    ),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("ping/", ping, name="ping"),
]

handler404 = "chanye.core.views.not_found"
handler403 = "chanye.core.views.forbidden"
handler500 = "chanye.core.views.server_error"
