"""Who may see and do what: every rule of access, as named predicates, in one place.

A person's roles are read once per request (one query) and kept on the user object. Each view
calls :func:`authorize` once: a person who may not see the city at all gets "not found" (a
city's rounds and answers are not even confirmed to exist), one who may see it but not do the
thing gets "forbidden".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from stocktake_web.accounts.models import Role
from stocktake_web.assessments.models import Answer, Round
from stocktake_web.frameworks.models import FrameworkDraft, FrameworkVersion
from stocktake_web.network.models import City, Cohort, Department, Network

AnyUser = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class Roles:
    """The ids of the places where a person holds each kind of role."""

    networks: frozenset[int] = frozenset()
    coordinated: frozenset[int] = frozenset()
    viewed: frozenset[int] = frozenset()
    departments: frozenset[int] = frozenset()
    departments_cities: frozenset[int] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not (self.networks or self.coordinated or self.viewed or self.departments)


def roles_of(user: AnyUser) -> Roles:
    """The user's roles, read once and then kept on the user object for the request."""
    if not user.is_authenticated:
        return Roles()
    cached: Roles | None = user.__dict__.get("_stocktake_roles")
    if cached is None:
        cached = _read_roles(Role.objects.filter(user_id=user.pk).select_related("department"))
        user.__dict__["_stocktake_roles"] = cached
    return cached


def _read_roles(rows: Iterable[Role]) -> Roles:
    places: dict[str, set[int]] = defaultdict(set)
    for role in rows:
        if role.kind == Role.Kind.NETWORK_ADMIN and role.network_id is not None:
            places["networks"].add(role.network_id)
        elif role.kind == Role.Kind.COORDINATOR and role.city_id is not None:
            places["coordinated"].add(role.city_id)
        elif role.kind == Role.Kind.VIEWER and role.city_id is not None:
            places["viewed"].add(role.city_id)
        elif role.kind == Role.Kind.RESPONDENT and role.department is not None:
            places["departments"].add(role.department.pk)
            places["departments_cities"].add(role.department.city_id)
    return Roles(**{name: frozenset(ids) for name, ids in places.items()})


# -- networks and cohorts -------------------------------------------------------------------------


def is_network_admin(user: AnyUser, network: Network) -> bool:
    return network.pk in roles_of(user).networks


def can_read_audit_log(user: AnyUser, network: Network) -> bool:
    """A network's audit log: its secretariat, and the installation's staff."""
    return is_network_admin(user, network) or bool(getattr(user, "is_staff", False))


def can_view_cohort(user: AnyUser, cohort: Cohort) -> bool:
    """The secretariat overview of a cohort is for the network's administrators."""
    return cohort.network_id in roles_of(user).networks


# -- cities ---------------------------------------------------------------------------------------


def is_city_coordinator(user: AnyUser, city: City) -> bool:
    return city.pk in roles_of(user).coordinated


def can_view_city(user: AnyUser, city: City) -> bool:
    """Anyone with a role in the city, or in its network's secretariat."""
    roles = roles_of(user)
    return (
        city.network_id in roles.networks
        or city.pk in roles.coordinated
        or city.pk in roles.viewed
        or city.pk in roles.departments_cities
    )


def can_view_results(user: AnyUser, city: City) -> bool:
    """The city's dashboard and exports: the secretariat, the coordinator and viewers.

    A respondent sees the department's own answers, not the whole city's.
    """
    roles = roles_of(user)
    return city.network_id in roles.networks or city.pk in roles.coordinated | roles.viewed


def can_view_city_dashboard(user: AnyUser, city: City) -> bool:
    """The city's dashboard: whoever may read its results, and its departments' respondents
    when the network lets them (``Network.respondents_see_city_dashboard``). The round page,
    the exports and the network's comparisons stay with :func:`can_view_results`."""
    if can_view_results(user, city):
        return True
    return city.pk in roles_of(user).departments_cities and bool(
        city.network.respondents_see_city_dashboard
    )


def can_edit_city_context(user: AnyUser, city: City) -> bool:
    """Region, languages, climate, sectors, kind, population: the coordinator and the
    secretariat keep them (peers and groups are formed on them)."""
    return is_city_coordinator(user, city) or city.network_id in roles_of(user).networks


def can_open_round(user: AnyUser, city: City) -> bool:
    return is_city_coordinator(user, city)


# -- rounds ---------------------------------------------------------------------------------------


def is_round_coordinator(user: AnyUser, round: Round) -> bool:
    """Assigning, reconciling, reopening and signing off are the city coordinator's."""
    return round.city_id in roles_of(user).coordinated


def can_view_round(user: AnyUser, round: Round) -> bool:
    return can_view_results(user, round.city)


def is_department_respondent(user: AnyUser, department: Department) -> bool:
    return department.pk in roles_of(user).departments


def can_view_department_answers(user: AnyUser, round: Round, department: Department) -> bool:
    """A department's answers in a round: its respondents, the coordinator, the secretariat."""
    return department.city_id == round.city_id and (
        is_department_respondent(user, department)
        or is_round_coordinator(user, round)
        or round.city.network_id in roles_of(user).networks
    )


def can_submit_department(user: AnyUser, round: Round, department: Department) -> bool:
    return department.city_id == round.city_id and is_department_respondent(user, department)


# -- workshop sessions ----------------------------------------------------------------------------


def can_run_workshop(user: AnyUser, round: Round) -> bool:
    """Facilitating a round's workshop session (the clock, who is present, the room's scores,
    dissent) is the city coordinator's, as reconciling is."""
    return is_round_coordinator(user, round)


def can_view_workshop(user: AnyUser, round: Round) -> bool:
    """The session's screen: whoever reads the city's results, and the city's respondents, who
    sit in the room (they follow it on a tablet, without changing it)."""
    return can_view_results(user, round.city) or round.city_id in roles_of(user).departments_cities


# -- answers --------------------------------------------------------------------------------------


def is_assigned_respondent(user: AnyUser, answer: Answer) -> bool:
    """Only the respondents of the department an indicator is assigned to may answer it."""
    return answer.assignment.department_id in roles_of(user).departments


def can_view_answer(user: AnyUser, answer: Answer) -> bool:
    assignment = answer.assignment
    return can_view_department_answers(user, assignment.round, assignment.department)


def can_request_revision(user: AnyUser, answer: Answer) -> bool:
    """Asking a department to revise an answer, and settling the request: the coordinator."""
    return is_round_coordinator(user, answer.assignment.round)


def can_comment_on_answer(user: AnyUser, answer: Answer) -> bool:
    """An answer's thread is between the coordinator and the department's respondents; the
    secretariat reads it (``can_view_answer``) without posting."""
    return is_assigned_respondent(user, answer) or is_round_coordinator(
        user, answer.assignment.round
    )


# -- invitations ---------------------------------------------------------------------------------


def can_invite(user: AnyUser, city: City, kind: str) -> bool:
    """The secretariat invites a city's coordinators, viewers and respondents; the city's
    coordinator its viewers and its departments' respondents."""
    if city.network_id in roles_of(user).networks:
        return kind in (Role.Kind.COORDINATOR, Role.Kind.VIEWER, Role.Kind.RESPONDENT)
    return is_city_coordinator(user, city) and kind in (Role.Kind.VIEWER, Role.Kind.RESPONDENT)


# -- events ---------------------------------------------------------------------------------------


def member_city_ids(user: AnyUser) -> frozenset[int]:
    """The cities where ``user`` holds any role: coordinator, viewer or respondent."""
    roles = roles_of(user)
    return roles.coordinated | roles.viewed | roles.departments_cities


def can_edit_events(user: AnyUser, network: Network) -> bool:
    """Recording and editing the network's events is the secretariat's."""
    return is_network_admin(user, network)


def can_view_events(user: AnyUser, network: Network, *, member_cities: Collection[int]) -> bool:
    """The network's events pages: its secretariat, and the users of its cities
    (``member_cities``: the network's cities where ``user`` holds a role), who see the events
    their city hosted or took part in and those that name no city."""
    return is_network_admin(user, network) or bool(member_cities)


# -- framework versions and the editor -----------------------------------------------------------


def is_network_member(user: AnyUser, network: Network) -> bool:
    """The network's secretariat, or anyone with a role in one of its cities."""
    if is_network_admin(user, network):
        return True
    cities = member_city_ids(user)
    return bool(cities) and network.cities.filter(pk__in=cities).exists()


def can_view_framework_version(user: AnyUser, version: FrameworkVersion) -> bool:
    """A shared version (the bundled frameworks): everyone signed in. A network's version: the
    network's members. A city's own version: whoever may see the city."""
    if not user.is_authenticated:
        return False
    if version.network is None:
        return True
    if version.city is not None:
        return can_view_city(user, version.city)
    return is_network_member(user, version.network)


def can_edit_city_frameworks(user: AnyUser, city: City) -> bool:
    """Deriving, editing and publishing a city's own versions is its coordinator's."""
    return is_city_coordinator(user, city)


def can_edit_network_frameworks(user: AnyUser, network: Network) -> bool:
    """Versions for the whole network are its secretariat's."""
    return is_network_admin(user, network)


def can_edit_framework_draft(user: AnyUser, draft: FrameworkDraft) -> bool:
    """A city's draft is its coordinator's, a network's draft its secretariat's: neither edits
    the other's."""
    if draft.city_id is not None:
        return draft.city_id in roles_of(user).coordinated
    return draft.network_id in roles_of(user).networks


def can_edit_frameworks_somewhere(user: AnyUser) -> bool:
    """Whether the person coordinates a city or runs a network's secretariat."""
    roles = roles_of(user)
    return bool(roles.coordinated or roles.networks)


# -- innovation screening -------------------------------------------------------------------------


def can_manage_screening(user: AnyUser, city: City) -> bool:
    """Creating a screening, its candidates and panel, and sending it to the workshop planner:
    the city's coordinator."""
    return is_city_coordinator(user, city)


def can_view_screening_results(user: AnyUser, city: City) -> bool:
    """A screening's ranking, agreement, stability and exports: whoever reads the city's
    results (its coordinator and viewers, the network's secretariat)."""
    return can_view_results(user, city)


def can_score_screening(user: AnyUser, department: Department) -> bool:
    """A panel department's score sheet is filled in by that department's respondents only."""
    return is_department_respondent(user, department)


def can_view_screening_sheet(user: AnyUser, department: Department) -> bool:
    """A panel department's sheet: its respondents, and the city's coordinator (to read)."""
    return (
        is_department_respondent(user, department)
        or department.city_id in roles_of(user).coordinated
    )


def can_edit_screening_criteria(user: AnyUser, network: Network) -> bool:
    """The network's screening criteria are its secretariat's."""
    return is_network_admin(user, network)


# -- the one check per view -----------------------------------------------------------------------


def authorize(user: AnyUser, *, city: City, allowed: bool) -> None:
    """Raise 404 when ``user`` may not see ``city`` at all, 403 when not ``allowed``."""
    if not can_view_city(user, city):
        raise Http404
    if not allowed:
        raise PermissionDenied


def authorize_answer(user: AnyUser, *, answer: Answer, allowed: bool) -> None:
    """Raise 404 when ``user`` may not read ``answer`` (a respondent of another department, a
    viewer, anyone of another city), 403 when not ``allowed``: its revision requests and its
    thread are not even confirmed to exist."""
    if not can_view_answer(user, answer):
        raise Http404
    if not allowed:
        raise PermissionDenied


def authorize_network(user: AnyUser, *, allowed: bool) -> None:
    """Network-wide pages exist only for the network's secretariat: 404 for everyone else."""
    if not allowed:
        raise Http404
