from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("s/<slug:slug>/projects/", views.project_list, name="project_list"),
    path("s/<slug:slug>/projects/funnel/", views.funnel_view, name="funnel"),
    path("s/<slug:slug>/projects/stalled/", views.stalled_view, name="stalled"),
    path("s/<slug:slug>/projects/export.xlsx", views.project_export, name="export"),
    path("s/<slug:slug>/projects/investments/export.xlsx", views.investment_export, name="investment_export"),
    path("s/<slug:slug>/projects/template.<str:fmt>", views.template_download, name="template"),
    path("s/<slug:slug>/projects/investments/", views.investments_view, name="investments"),
    path(
        "s/<slug:slug>/projects/investments/template.<str:fmt>",
        views.template_download,
        {"register": views.INVESTMENTS},
        name="investment_template",
    ),
    path("s/<slug:slug>/projects/<int:pk>/", views.project_detail, name="project_detail"),
]
