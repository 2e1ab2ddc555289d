from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import SecurityEvent


def _ip(request):
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    SecurityEvent.objects.create(kind="login", username=user.username, ip_address=_ip(request))


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    SecurityEvent.objects.create(
        kind="logout", username=getattr(user, "username", ""), ip_address=_ip(request)
    )


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    SecurityEvent.objects.create(
        kind="login_failed", username=str(credentials.get("username", ""))[:150], ip_address=_ip(request)
    )
