"""Whole-page cache for the read-mostly pages (体系总览, 产业, 区), keyed by the data version.

A page is cached per user (their role and permissions shape it, and its forms carry their CSRF
token) and per data version: any change of business data bumps the version, so a cached page
is never older than the data. A request with messages to show is never served from the cache.
"""

import hashlib
from functools import wraps

from django.contrib import messages
from django.core.cache import cache
from django.db import connection
from django.db.models import F

from chanye import __version__

from .models import DataVersion

SECONDS = 600


def data_version() -> int:
    row = DataVersion.objects.filter(pk=1).values_list("value", flat=True).first()
    if row is None:
        DataVersion.objects.get_or_create(pk=1)
        return 1
    return row


def bump_data_version(**kwargs) -> None:
    """Receiver and function: mark every cached page stale (one UPDATE)."""
    if DataVersion.objects.filter(pk=1).update(value=F("value") + 1) == 0:
        DataVersion.objects.get_or_create(pk=1)


def _key(request) -> str:
    user = request.user
    profile = getattr(user, "profile", None)
    who = f"{user.pk}|{getattr(profile, 'role', '')}|{getattr(profile, 'district_id', '')}|{request.META.get('CSRF_COOKIE', '')}"
    raw = f"{__version__}|{connection.settings_dict['NAME']}|{request.get_full_path()}|{who}|{data_version()}"
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def cached_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if (
            request.method != "GET"
            or not request.user.is_authenticated
            or len(messages.get_messages(request))
        ):
            return view(request, *args, **kwargs)
        key = _key(request)
        hit = cache.get(key)
        if hit is not None:
            return hit
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            cache.set(key, response, SECONDS)
        return response

    return wrapper
