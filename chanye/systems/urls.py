from django.urls import path

from . import views

app_name = "systems"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("s/<slug:slug>/", views.overview, name="overview_for"),
    path("s/<slug:slug>/elements/<str:key>/", views.element_detail, name="element_detail"),
    path("s/<slug:slug>/sources/", views.source_list, name="source_list"),
]
