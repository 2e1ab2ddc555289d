from django.urls import path

from . import views

app_name = "lists"
urlpatterns = [
    path("s/<slug:slug>/lists/", views.overview, name="overview"),
    path("s/<slug:slug>/lists/leads/<int:pk>/", views.lead_detail, name="lead_detail"),
    path("s/<slug:slug>/lists/leads/<int:pk>/convert/", views.lead_convert, name="lead_convert"),
    path("s/<slug:slug>/lists/<slug:kind>/", views.list_view, name="list"),
    path("s/<slug:slug>/lists/<slug:kind>/template.<str:fmt>", views.template_download, name="template"),
    path("s/<slug:slug>/lists/<slug:kind>/export.xlsx", views.list_export, name="export"),
]
