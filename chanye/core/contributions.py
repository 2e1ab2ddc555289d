"""What an app on a higher floor adds to a lower app's page, figures or definition file, without
the lower app importing it (docs/architecture.md).

The lower app names a slot and asks for it; the higher app registers a provider for the slot in
its AppConfig.ready(). The industry page (industries) shows the industry's enterprise figures
(enterprises), so:

    # chanye/enterprises/apps.py, ready()
    contribute("industry_page", industry_page_figures)
    # chanye/industries/views.py
    context.update(collect("industry_page", system=system, industry=industry))

A provider takes keyword arguments and returns a dict; `collect` merges the dicts of every
provider of the slot (in order). `providers` gives the providers themselves, for slots whose
providers do work in turn (loading the sections of a definition file).
"""

from collections.abc import Callable

_SLOTS: dict[str, list[tuple[int, str, Callable]]] = {}


def contribute(slot: str, provider: Callable, *, order: int = 50) -> None:
    """Register `provider` for `slot` (again under the same name replaces it: ready() may run twice)."""
    name = f"{provider.__module__}.{provider.__qualname__}"
    entries = [e for e in _SLOTS.get(slot, []) if e[1] != name]
    entries.append((order, name, provider))
    _SLOTS[slot] = sorted(entries, key=lambda e: (e[0], e[1]))


def providers(slot: str) -> list[Callable]:
    return [provider for _, _, provider in _SLOTS.get(slot, [])]


def collect(slot: str, **kwargs) -> dict:
    out: dict = {}
    for provider in providers(slot):
        out.update(provider(**kwargs))
    return out
