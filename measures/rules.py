"""Who may do what with measures and status reports."""

import rules

from concept.rules import is_coordinator, is_reader


@rules.predicate
def is_lead_member(user, measure):
    """``user`` is a member of the measure's lead actor.

    Must agree with ``Measure.objects.led_by_member(user)``; measures/tests prove it.
    """
    if measure is None or measure.lead_actor_id is None or not user.is_authenticated:
        return False
    return measure.lead_actor.memberships.filter(user=user).exists()


def member_actor_ids(user) -> frozenset:
    """The actors ``user`` belongs to; asked once per request (cached on the user object)."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_member_actor_ids"):
        user._member_actor_ids = frozenset(user.memberships.values_list("actor_id", flat=True))
    return user._member_actor_ids


def partner_ids(measure) -> frozenset:
    """The measure's partner actors: from ``prefetch_related("partners")`` where loaded (a list
    page), else one query, remembered on the measure."""
    cache = getattr(measure, "_prefetched_objects_cache", {})
    if "partners" in cache:
        return frozenset(actor.pk for actor in cache["partners"])
    if not hasattr(measure, "_partner_ids"):
        measure._partner_ids = frozenset(measure.partners.values_list("pk", flat=True))
    return measure._partner_ids


@rules.predicate
def is_partner_member(user, measure):
    """``user`` belongs to an actor that is a partner of ``measure`` (lead members do not count,
    unless their actor is a partner too). No query per row: the user's actors are read once,
    the partners come from the prefetch."""
    if measure is None or not user.is_authenticated:
        return False
    mine = member_actor_ids(user)
    return bool(mine) and bool(mine & partner_ids(measure))


@rules.predicate
def is_open_in_time(user, measure):
    """The measure is open and not overdue (no query: reads the loaded measure)."""
    return measure is not None and measure.is_open_in_time


@rules.predicate
def is_confirmed_today(user, measure):
    """Already confirmed "unverändert" today (no query where the measure was loaded with
    ``with_confirmed_today()``)."""
    return measure is not None and measure.confirmed_unchanged_today


may_report_status = is_coordinator | is_lead_member
# A Sachstand that reached the coordination by phone or mail, recorded on the actor's behalf.
may_report_on_behalf = is_coordinator
# The state is checked first: it needs no query.
may_confirm_unchanged_now = is_open_in_time & ~is_confirmed_today

rules.add_perm("measures.view_measure", is_reader)
rules.add_perm("measures.add_measure", is_coordinator)
rules.add_perm("measures.change_measure", is_coordinator)
rules.add_perm("measures.delete_measure", is_coordinator)
rules.add_perm("measures.import_measures", is_coordinator)
rules.add_perm("measures.report_status", may_report_status)
rules.add_perm("measures.report_on_behalf", may_report_on_behalf)
# "Unverändert, weiter im Plan" only where it can be true: not for closed or overdue measures
# (a Sachstand can still be reported on those), and once a day.
rules.add_perm("measures.confirm_unchanged", may_confirm_unchanged_now & may_report_status)
rules.add_perm("measures.view_statusupdate", is_reader)
# Partner notes: written by the members of a partner actor (for their actor) and by the
# coordination (for a partner, e.g. after a phone call); deleted only by the coordination (the
# history keeps the note).
rules.add_perm("measures.add_note", is_coordinator | is_partner_member)
rules.add_perm("measures.delete_note", is_coordinator)

# Documents: read by whoever reads the measure; added by the coordination and by the members of
# the lead actor (the paperwork of their own measure); deleted and made public only by the
# coordination.
rules.add_perm("measures.view_document", is_reader)
rules.add_perm("measures.add_document", may_report_status)
rules.add_perm("measures.delete_document", is_coordinator)
rules.add_perm("measures.publish_document", is_coordinator)
