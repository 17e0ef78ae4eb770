"""Signing in and out, the page that lists each person's work, one's own account, and
resetting a forgotten password."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from stocktake_web.accounts.domain.addresses import AccountError, update_own_account
from stocktake_web.accounts.domain.work import work_of
from stocktake_web.accounts.interfaces.own_account import (
    OwnAccountForm,
    PasswordResetInLanguageForm,
)
from stocktake_web.accounts.interfaces.throttling import allow_reset_request
from stocktake_web.accounts.models import User
from stocktake_web.audit.domain import record_password_reset
from stocktake_web.permissions import roles_of


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Everything the person can act on, grouped by role: a few queries whatever the roles."""
    work = work_of(roles_of(request.user))
    return render(request, "accounts/home.html", {"work": work})


@login_required
@require_http_methods(["GET", "POST"])
def own_account(request: HttpRequest) -> HttpResponse:
    """The person's e-mail address and the language of their e-mails; a link to the password."""
    user = request.user
    assert isinstance(user, User)
    initial = {"email": user.email, "language": user.language}
    form = OwnAccountForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_own_account(user=user, **form.cleaned_data)
        except AccountError as exc:
            form.add_error("email", str(exc))
        else:
            messages.success(request, _("Your account is saved."))
            return redirect("accounts:me")
    context = {"form": form, "heading": _("My account")}
    return render(request, "accounts/own_account.html", context)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset request, in the person's language, paused like signing in when overused.

    A known and an unknown address get the same answer; so does a paused one (429 aside), so
    the page never tells whether an address has an account.
    """

    form_class = PasswordResetInLanguageForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        if not allow_reset_request(self.request, form.cleaned_data["email"]):
            return render(
                self.request,
                "accounts/password_reset_paused.html",
                {"heading": _("Forgotten password")},
                status=HTTPStatus.TOO_MANY_REQUESTS,
            )
        response: HttpResponse = super().form_valid(form)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's new-password page from the e-mailed link; the reset goes to the audit log."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response: HttpResponse = super().form_valid(form)
        record_password_reset(person=form.user)
        return response
