"""API v1: django-ninja, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

from ninja import NinjaAPI

from chanye.core.api import install_error_handlers, session_auth
from chanye.districts.api import router as districts_router
from chanye.enterprises.api import router as enterprises_router
from chanye.industries.api import router as industries_router
from chanye.lists.api import router as lists_router
from chanye.per_mu.api import router as per_mu_router
from chanye.places.api import router as places_router
from chanye.projects.api import router as projects_router
from chanye.systems.api import router as systems_router
from chanye.targets.api import router as targets_router
from chanye.targets.milestones import router as milestones_router

api = NinjaAPI(
    title="Chanye 产业 API",
    version="1",
    description="城市现代化产业体系（广州“12218”等）的数据接口。除文档外，所有接口都需要登录（会话）。",
    auth=session_auth,
    urls_namespace="api-1",
)
install_error_handlers(api)
api.add_router("", systems_router)
api.add_router("", industries_router)
api.add_router("", districts_router)
api.add_router("", targets_router)
api.add_router("", milestones_router)
api.add_router("", enterprises_router)
api.add_router("", per_mu_router)
api.add_router("", places_router)
api.add_router("", projects_router)
api.add_router("", lists_router)
