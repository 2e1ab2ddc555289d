from django.urls import path

from . import views

app_name = "industries"
urlpatterns = [
    path("s/<slug:slug>/industries/", views.industry_list_view, name="industry_list"),
    path("s/<slug:slug>/industries/<str:industry_slug>/", views.industry_detail, name="industry_detail"),
    path("s/<slug:slug>/offices/<str:key>/", views.office_detail, name="office_detail"),
    path("s/<slug:slug>/package/", views.package_matrix, name="package_matrix"),
    path("s/<slug:slug>/package/export.xlsx", views.package_export, name="package_export"),
    path("support-items/<int:pk>/", views.support_item_detail, name="support_item_detail"),
    path("support-items/<int:pk>/cell/", views.support_item_cell, name="support_item_cell"),
]
