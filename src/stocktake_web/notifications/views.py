"""A person's notifications and their choice of which to receive: their own only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stocktake_web.assessments.views.lookups import signed_in_user
from stocktake_web.notifications import domain
from stocktake_web.notifications.interfaces.emails import subject_line
from stocktake_web.notifications.interfaces.forms import PreferencesForm


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    """Newest first, the unread marked; opening one marks it read."""
    page = domain.notifications_page(signed_in_user(request), number=request.GET.get("page"))
    rows = [(notification, subject_line(notification)) for notification in page]
    return render(request, "notifications/list.html", {"page": page, "rows": rows})


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    domain.mark_read(person=signed_in_user(request))
    return redirect("notifications:list")


@login_required
@require_GET
def open_notification(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark the notification read and go to the page it concerns."""
    person = signed_in_user(request)
    notification = domain.notification_of(person, notification_id)
    if notification is None:
        raise Http404
    domain.mark_read(person=person, notification=notification)
    if not url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None):
        return redirect("notifications:list")
    return redirect(notification.link)


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    person = signed_in_user(request)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            domain.choose_notifications(
                person=person,
                received=form.cleaned_data["received"],
                language=form.cleaned_data["language"],
            )
            messages.success(request, _("Your choices are saved."))
            return redirect("notifications:settings")
    else:
        received = sorted(domain.kinds_received(person))
        form = PreferencesForm(initial={"received": received, "language": person.language.lower()})
    return render(request, "notifications/settings.html", {"form": form, "person": person})
