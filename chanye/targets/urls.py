from django.urls import path

from . import views

app_name = "targets"
urlpatterns = [
    path("s/<slug:slug>/targets/", views.target_board_view, name="target_board"),
    path("s/<slug:slug>/targets/export.xlsx", views.target_board_export, name="target_board_export"),
    path("s/<slug:slug>/targets/template.xlsx", views.target_template, name="target_template"),
    path("s/<slug:slug>/targets/actuals.xlsx", views.actuals_export, name="actuals_export"),
    path("s/<slug:slug>/targets/import/", views.target_import, name="target_import"),
    path("s/<slug:slug>/targets/stocktake/", views.stocktake, name="stocktake"),
    path("s/<slug:slug>/targets/<str:code>/", views.target_detail, name="target_detail"),
    path("s/<slug:slug>/milestones/<str:code>/", views.milestone_edit, name="milestone_edit"),
    path(
        "s/<slug:slug>/districts/<str:code>/scorecard/", views.district_scorecard, name="district_scorecard"
    ),
]
