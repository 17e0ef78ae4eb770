"""Tells the audit log where each request comes from (see ``audit.domain.origin``)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from stocktake_web.accounts.interfaces.clients import client_address
from stocktake_web.audit.domain.origin import requests_from


class RequestOriginMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        with requests_from(client_address(request)):
            return self.get_response(request)
