from .permissions import can_manage_tasks


def permissions(request):
    """What the layout offers this user (links to pages only some roles may open)."""
    user = getattr(request, "user", None)
    return {"can_manage_tasks": can_manage_tasks(user)}
