"""The interface language and the language of framework text.

Django names languages in lower case (``zh-hant``); framework files use BCP 47 tags
(``zh-Hant``). Framework text is picked with the core's fallback to English.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from stocktake.frameworks import localise
from stocktake.frameworks.text import canonical_tag


def bcp47(code: str) -> str:
    """``zh-hant`` -> ``zh-Hant``, ``pt-br`` -> ``pt-BR``: Django's language codes and people's
    typing in the usual case of a tag (:func:`stocktake.frameworks.text.canonical_tag`)."""
    return canonical_tag(code)


def current_language() -> str:
    """The active interface language as a framework language tag."""
    return bcp47(translation.get_language() or "en")


def localised(text: Mapping[str, str] | None) -> str:
    """Framework or member text in the active language, falling back to English."""
    return localise(text, current_language())


class PersonLanguageMiddleware:
    """A signed-in person's own language (``User.language``) chooses the interface.

    Officials often sign in from shared or English-language machines, so the language a person
    chose for themselves goes before the browser's ``Accept-Language``. Only a choice made on
    this browser with the language switcher (its cookie) goes before the person's. Placed after
    the authentication middleware; Django's ``LocaleMiddleware`` has already chosen for everyone
    else.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = person_language(request)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


def person_language(request: HttpRequest) -> str | None:
    """The signed-in person's interface language, unless the browser chose one with the switcher.

    ``None`` when there is no person, they chose none (the network's default, empty), or their
    choice is not an interface language (any more).
    """
    languages = dict(settings.LANGUAGES)
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) in languages:
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    language = getattr(user, "language", "")
    return language if language in languages else None
