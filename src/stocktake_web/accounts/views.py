"""Signing in and out, and the page that lists each person's work."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from stocktake_web.accounts.domain.work import work_of
from stocktake_web.permissions import roles_of


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Everything the person can act on, grouped by role: a few queries whatever the roles."""
    work = work_of(roles_of(request.user))
    return render(request, "accounts/home.html", {"work": work})
