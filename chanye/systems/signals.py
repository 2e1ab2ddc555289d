"""Signals other apps listen to, so systems never imports them."""

from django.dispatch import Signal

# Sent after a definition load that changed something (bulk writes send no model signals).
# Arguments: system.
system_changed = Signal()
