from django.http import Http404

from chanye.systems.models import System

from .models import District


def district_list(*, system: System):
    return District.objects.filter(system=system).prefetch_related("priorities__industry__group", "named_systems", "facts").order_by("order")


def district_get(*, system: System, code: str) -> District:
    district = district_list(system=system).filter(code=code).first()
    if district is None:
        raise Http404(f"体系「{system.name_zh}」中没有代码为「{code}」的区。")
    return district
