"""The secretariat's pages of its network, and invitations: sending one and accepting one.

The network's pages exist only for its own secretariat (404 for everyone else, as every
network-wide page). Inviting is also the city coordinator's; accepting needs only the link.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stocktake_web import permissions
from stocktake_web.accounts.domain import grant_role, revoke_role
from stocktake_web.accounts.models import Role, User
from stocktake_web.network.domain import city_with_network, network_with_slug
from stocktake_web.network.models import City, Network
from stocktake_web.secretariat.domain.imports import COLUMNS, Problem, import_people
from stocktake_web.secretariat.domain.invitations import (
    INVITATION_DAYS,
    InvitationError,
    accept_invitation,
    accept_invitation_with_new_account,
    invitation_city,
    invitation_with_token,
    invite,
    pending_invitations,
    refusal_of,
)
from stocktake_web.secretariat.domain.people import (
    account_with_username,
    role_in_network,
    roles_in_city,
    roles_in_network,
)
from stocktake_web.secretariat.domain.places import (
    PlaceError,
    add_city_department,
    add_member_city,
    change_network_settings,
    departments_of,
    member_cities,
    member_city,
)
from stocktake_web.secretariat.interfaces.forms import (
    CityForm,
    DepartmentForm,
    GrantRoleForm,
    ImportForm,
    InvitationForm,
    NetworkSettingsForm,
    NewAccountForm,
)
from stocktake_web.secretariat.interfaces.spreadsheet import (
    UnreadableFile,
    problem_rows,
    read_upload,
    template_csv,
    template_xlsx,
)
from stocktake_web.secretariat.models import Invitation

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INVITABLE = (Role.Kind.COORDINATOR, Role.Kind.VIEWER, Role.Kind.RESPONDENT)


def _managed_network(request: HttpRequest, slug: str) -> Network:
    """The network at ``slug`` when the person is of its secretariat; 404 otherwise."""
    network = network_with_slug(slug)
    if network is None:
        raise Http404
    permissions.authorize_network(
        request.user, allowed=permissions.is_network_admin(request.user, network)
    )
    return network


def _managed_city(request: HttpRequest, network: str, city: str) -> City:
    place = member_city(_managed_network(request, network), city)
    if place is None:
        raise Http404
    return place


def _acting(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # the views below all require signing in
    return request.user


@login_required
@require_http_methods(["GET"])
def cities(request: HttpRequest, network: str) -> HttpResponse:
    """The network's cities, each with its departments' count, and the ways to add more."""
    place = _managed_network(request, network)
    context = {"network": place, "cities": member_cities(place)}
    return render(request, "secretariat/cities.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def add_city(request: HttpRequest, network: str) -> HttpResponse:
    place = _managed_network(request, network)
    form = CityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            city = add_member_city(
                network=place,
                slug=data["slug"],
                name=form.name(),
                country=data["country"],
                kind=data["kind"],
                population=data["population"],
                region=data["region"],
                by=_acting(request),
            )
        except PlaceError as exc:
            form.add_error("slug", str(exc))
        else:
            messages.success(request, _("The city is added."))
            return redirect("secretariat:city", network=place.slug, city=city.slug)
    return render(request, "secretariat/add_city.html", {"network": place, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def city(request: HttpRequest, network: str, city: str) -> HttpResponse:
    """A city's departments (a form to add one), the roles held in it and its invitations."""
    place = _managed_city(request, network, city)
    form = DepartmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            add_city_department(
                city=place, slug=form.cleaned_data["slug"], name=form.name(), by=_acting(request)
            )
        except PlaceError as exc:
            form.add_error("slug", str(exc))
        else:
            messages.success(request, _("The department is added."))
            return redirect("secretariat:city", network=place.network.slug, city=place.slug)
    context = {
        "network": place.network,
        "city": place,
        "departments": departments_of(place),
        "roles": roles_in_city(place),
        "form": form,
    }
    return render(request, "secretariat/city.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def people(request: HttpRequest, network: str) -> HttpResponse:
    """Everyone holding a role in the network, and a form to give an existing account a role."""
    place = _managed_network(request, network)
    form = GrantRoleForm(request.POST or None, network=place)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = account_with_username(data["username"])
        if person is None:
            form.add_error("username", _("There is no account with this user name."))
        else:
            kind = data["kind"]
            grant_role(
                user=person,
                kind=kind,
                network=place if kind == Role.Kind.NETWORK_ADMIN else None,
                city=data["city"] if kind in (Role.Kind.COORDINATOR, Role.Kind.VIEWER) else None,
                department=data["department"] if kind == Role.Kind.RESPONDENT else None,
                by=_acting(request),
            )
            messages.success(request, _("The role is given."))
            return redirect("secretariat:people", network=place.slug)
    context = {"network": place, "roles": roles_in_network(place), "form": form}
    return render(request, "secretariat/people.html", context)


@login_required
@require_POST
def revoke(request: HttpRequest, network: str, role: int) -> HttpResponse:
    place = _managed_network(request, network)
    held = role_in_network(place, role)
    if held is None:
        raise Http404
    revoke_role(role=held, by=_acting(request))
    messages.success(request, _("The role is taken away."))
    return redirect("secretariat:people", network=place.slug)


@login_required
@require_http_methods(["GET", "POST"])
def network_settings(request: HttpRequest, network: str) -> HttpResponse:
    place = _managed_network(request, network)
    initial = {
        "time_zone": place.time_zone,
        "minimum_sign_off_coverage": place.minimum_sign_off_coverage,
        "respondents_see_city_dashboard": place.respondents_see_city_dashboard,
    }
    form = NetworkSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            change_network_settings(network=place, by=_acting(request), **form.cleaned_data)
        except PlaceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The network's settings are saved."))
            return redirect("secretariat:settings", network=place.slug)
    return render(request, "secretariat/settings.html", {"network": place, "form": form})


# -- invitations ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest, city: str) -> HttpResponse:
    """Invite someone to a role in the city; the invitations still waiting for an answer."""
    place = city_with_network(city)
    if place is None:
        raise Http404
    kinds = [kind for kind in INVITABLE if permissions.can_invite(request.user, place, kind)]
    permissions.authorize(request.user, city=place, allowed=bool(kinds))
    form = InvitationForm(request.POST or None, city=place, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invite(
                email=data["email"],
                kind=data["kind"],
                city=place,
                department=data["department"],
                invited_by=_acting(request),
                language=translation.get_language() or "en",
            )
        except InvitationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("The invitation is sent to %(email)s.") % {"email": data["email"]}
            )
            return redirect("secretariat:invitations", city=place.slug)
    context = {
        "city": place,
        "form": form,
        "pending": pending_invitations(place),
        "invitation_days": INVITATION_DAYS,
    }
    return render(request, "secretariat/invitations.html", context)


@require_http_methods(["GET", "POST"])
def accept(request: HttpRequest, token: str) -> HttpResponse:
    """Open to anyone with the link: choose a user name and password, or accept while signed in.

    A link never sent, already used or expired gets a page that says which (410 Gone for used
    and expired ones, 404 for a link that never existed).
    """
    invitation = invitation_with_token(token)
    if invitation is None:
        unknown = _("This invitation link is not valid. Check that it is complete.")
        return render(request, "secretariat/accept.html", {"refusal": unknown}, status=404)
    refusal = refusal_of(invitation)
    signed_in = isinstance(request.user, User)
    form = NewAccountForm(request.POST or None) if not signed_in else None
    if refusal is None and request.method == "POST":
        outcome = _accept_posted(request, invitation, form)
        if outcome is True:
            messages.success(request, _("Welcome: the invitation is accepted."))
            return redirect("home")
        refusal = outcome or None
    context: dict[str, object] = {
        "invitation": invitation,
        "city": invitation_city(invitation),
        "refusal": refusal,
        "form": form,
    }
    return render(request, "secretariat/accept.html", context, status=410 if refusal else 200)


def _accept_posted(
    request: HttpRequest, invitation: Invitation, form: NewAccountForm | None
) -> bool | str:
    """True once accepted; a sentence when refused; False when the form has errors to show."""
    try:
        if isinstance(request.user, User):
            accept_invitation(invitation=invitation, user=request.user)
            return True
        if form is None or not form.is_valid():
            return False
        person = accept_invitation_with_new_account(
            invitation=invitation,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
    except InvitationError as exc:
        return str(exc)
    login(request, person, backend="django.contrib.auth.backends.ModelBackend")
    return True


# -- importing from a spreadsheet -----------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest, network: str) -> HttpResponse:
    """Upload a file: every row is checked, and nothing is written unless all of it is right."""
    place = _managed_network(request, network)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[Problem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            sheets = read_upload(upload)
        except UnreadableFile as exc:
            form.add_error("file", str(exc))
        else:
            plan = import_people(
                network=place, sheets=sheets, file_name=upload.name, by=_acting(request)
            )
            problems = problem_rows(plan.problems)
            if not problems:
                messages.success(request, _imported_message(plan.counts()))
                return redirect("secretariat:import", network=place.slug)
    context = {
        "network": place,
        "form": form,
        "problems": problems,
        "sheets": COLUMNS,
    }
    status = 400 if problems or form.errors else 200
    return render(request, "secretariat/import.html", context, status=status)


def _imported_message(counts: dict[str, int]) -> str:
    message = _(
        "The file is imported. New cities: %(cities)s; new departments: %(departments)s; "
        "new accounts: %(accounts)s; new roles: %(roles)s."
    )
    return message % {name: number_format(count) for name, count in counts.items()}


@login_required
@require_http_methods(["GET"])
def import_template(request: HttpRequest, network: str, sheet: str = "") -> HttpResponse:
    """The template: the workbook with every sheet, or one sheet as CSV."""
    _managed_network(request, network)
    if not sheet:
        response = HttpResponse(template_xlsx(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = 'attachment; filename="stocktake-import.xlsx"'
        return response
    if sheet not in COLUMNS:
        raise Http404
    response = HttpResponse(template_csv(sheet), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="stocktake-import-{sheet}.csv"'
    return response
