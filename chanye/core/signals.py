from django.dispatch import receiver
from simple_history.signals import post_create_historical_record, pre_create_historical_record

from .history import current_request_id, current_source


@receiver(pre_create_historical_record)
def _stamp_source(sender, history_instance, **kwargs):
    history_instance.source = current_source()
    history_instance.request_id = current_request_id()


@receiver(post_create_historical_record)
def _data_changed(sender, **kwargs):
    """Every tracked write makes cached pages stale (chanye.core.pagecache)."""
    from .pagecache import bump_data_version

    bump_data_version()
