from django.urls import path

from . import views

app_name = "districts"
urlpatterns = [
    path("s/<slug:slug>/districts/", views.district_list_view, name="district_list"),
    path("s/<slug:slug>/districts/<str:code>/", views.district_detail, name="district_detail"),
    path("geo/<str:city_code>.geojson", views.geojson, name="geojson"),
]
