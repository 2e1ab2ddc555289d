from django.urls import path

from . import views

app_name = "places"
urlpatterns = [
    path("s/<slug:slug>/parks/", views.park_list_view, name="park_list"),
    path("s/<slug:slug>/parks/<slug:key>/", views.park_detail, name="park_detail"),
    path("s/<slug:slug>/land/", views.land_view, name="land"),
    path("s/<slug:slug>/carriers/", views.carriers_view, name="carriers"),
    path("s/<slug:slug>/land/export.xlsx", views.register_export, {"register": "land"}, name="land_export"),
    path(
        "s/<slug:slug>/carriers/export.xlsx",
        views.register_export,
        {"register": "carriers"},
        name="carriers_export",
    ),
    path(
        "s/<slug:slug>/land/template.<str:fmt>",
        views.template_download,
        {"register": "land"},
        name="land_template",
    ),
    path(
        "s/<slug:slug>/carriers/template.<str:fmt>",
        views.template_download,
        {"register": "carriers"},
        name="carriers_template",
    ),
]
