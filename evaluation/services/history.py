"""Who a history record names."""


def stamp(obj, user) -> None:
    """The history names ``user`` as author (also outside a request, e.g. in commands)."""
    if user is not None:
        obj._history_user = user
