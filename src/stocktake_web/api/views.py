"""A person's API tokens: made and revoked on their own page, the token shown once."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from stocktake_web.accounts.models import User
from stocktake_web.api.domain.tokens import issue_token, revoke_token, tokens_of
from stocktake_web.api.interfaces.forms import NewTokenForm


def _person(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """The list, and a new token: the response that makes it is the only one that shows it."""
    user = _person(request)
    form = NewTokenForm(request.POST or None)
    new_token = ""
    if request.method == "POST" and form.is_valid():
        _row, new_token = issue_token(user=user, name=form.cleaned_data["name"])
        form = NewTokenForm()
    context = {"form": form, "tokens": tokens_of(user), "new_token": new_token}
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "api/tokens.html", context, status=status)


@login_required
@require_POST
def revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    """Revoke one's own token; someone else's, or one revoked already, is "not found"."""
    if not revoke_token(user=_person(request), token_id=token_id):
        messages.error(request, _("There is no such token of yours to revoke."))
    else:
        messages.success(request, _("The token is revoked; scripts using it are refused now."))
    return redirect("api:tokens")
