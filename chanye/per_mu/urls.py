from django.urls import path

from . import views

app_name = "per_mu"
urlpatterns = [
    path("s/<slug:slug>/per-mu/", views.home, name="home"),
    path("s/<slug:slug>/per-mu/evaluate/", views.evaluate, name="evaluate"),
    path("s/<slug:slug>/per-mu/<int:pk>/", views.run_view, name="run"),
    path("s/<slug:slug>/per-mu/<int:pk>/firms/", views.results_view, name="results"),
    path("s/<slug:slug>/per-mu/<int:pk>/firms/<int:enterprise_id>/", views.result_view, name="result"),
    path("s/<slug:slug>/per-mu/<int:pk>/results.xlsx", views.results_export, name="export"),
]
