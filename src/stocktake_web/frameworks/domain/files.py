"""A framework file in and out: read and checked as ``stocktake frameworks validate`` checks it,
stored all or nothing, and written back as the file it came from.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from stocktake.errors import FileError
from stocktake.frameworks import Framework, Problem, framework_yaml
from stocktake.frameworks.derive import check_against_base
from stocktake.frameworks.loader import parse_framework
from stocktake.yaml_files import parse_yaml
from stocktake_web.accounts.models import User
from stocktake_web.frameworks.definitions import definition_of, digest_of
from stocktake_web.frameworks.domain.errors import EditorError, InvalidFrameworkError
from stocktake_web.frameworks.domain.versions import Owner, check_new_key
from stocktake_web.frameworks.models import FrameworkVersion

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Largest framework file accepted: the bundled issa-36, in four languages, is about 200 kB."""


def check_size(size: int) -> None:
    """Refuse a file larger than :data:`MAX_FILE_BYTES` before reading it."""
    if size > MAX_FILE_BYTES:
        raise EditorError(
            _("The file is larger than %(size)s MB; a framework file is far smaller.")
            % {"size": MAX_FILE_BYTES // (1024 * 1024)}
        )


def read_framework_text(data: bytes) -> Framework:
    """The framework in an uploaded file; :class:`InvalidFrameworkError` lists every problem,
    each with its place in the file, as the command line's ``validate`` does."""
    check_size(len(data))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise EditorError(_("The file is not UTF-8 text; save it again as UTF-8.")) from None
    try:
        parsed = parse_yaml(text)
    except FileError as exc:
        raise InvalidFrameworkError([Problem("", exc.detail)]) from None
    framework, problems = parse_framework(parsed)
    if framework is None or problems:
        raise InvalidFrameworkError(problems)
    return framework


def store_version(
    *,
    framework: Framework,
    owner: Owner,
    by: User | None,
    derived_from: FrameworkVersion | None = None,
) -> FrameworkVersion:
    """Store ``framework`` as a new published version of ``owner``'s, once.

    The key must be new and the id ``owner``'s own (:func:`check_new_key`); two people
    publishing the same key at once get one version, and the second is told.
    """
    check_new_key(framework_id=framework.id, version=framework.version, owner=owner)
    definition = definition_of(framework)
    try:
        with transaction.atomic():
            return FrameworkVersion.objects.create(
                framework_id=framework.id,
                version=framework.version,
                title=dict(framework.title),
                definition=definition,
                digest=digest_of(definition),
                network=owner.network,
                city=owner.city,
                derived_from=derived_from,
                published_by=by,
            )
    except IntegrityError:
        raise EditorError(
            _("%(key)s was published a moment ago by someone else; give yours a new version.")
            % {"key": framework.key}
        ) from None


def base_of(framework: Framework, owner: Owner) -> FrameworkVersion | None:
    """The stored version a derived framework names as its base, when it is stored and is one
    ``owner`` could have derived it from (another city's own version stays unnamed)."""
    derived = framework.derived_from
    if derived is None:
        return None
    base = FrameworkVersion.objects.filter(framework_id=derived.id, version=derived.version).first()
    return base if base is not None and owner.may_use(base) else None


def import_version(*, data: bytes, owner: Owner, by: User | None) -> FrameworkVersion:
    """An uploaded framework file, checked whole and published for ``owner``; nothing is
    stored unless the whole file is right."""
    framework = read_framework_text(data)
    base = base_of(framework, owner)
    if base is not None:
        problems = check_against_base(framework, base.load())
        if problems:
            raise InvalidFrameworkError(problems)
    return store_version(framework=framework, owner=owner, by=by, derived_from=base)


def version_file(version: FrameworkVersion) -> str:
    """The version as a framework file, which ``stocktake frameworks validate`` accepts and
    which imports back into the same framework."""
    return framework_yaml(version.load())
