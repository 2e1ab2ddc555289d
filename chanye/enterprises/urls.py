from django.urls import path

from . import views

app_name = "enterprises"
urlpatterns = [
    path("s/<slug:slug>/enterprises/", views.enterprise_list_view, name="enterprise_list"),
    path("s/<slug:slug>/enterprises/review/", views.review_queue, name="review"),
    path("s/<slug:slug>/enterprises/import/", views.import_view, name="import"),
    path("s/<slug:slug>/enterprises/import/<int:pk>/", views.import_batch, name="import_batch"),
    path("s/<slug:slug>/enterprises/template.<str:fmt>", views.template_download, name="template"),
    path("s/<slug:slug>/enterprises/<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("s/<slug:slug>/industries/<slug:industry_slug>/chain/", views.chain_map, name="chain_map"),
    path(
        "s/<slug:slug>/industries/<slug:industry_slug>/chain/gaps.xlsx",
        views.chain_gaps_export,
        name="chain_gaps",
    ),
]
