"""The framework pages: versions (list, page, file, preview, diff, import) and the editor's
drafts. Views check access once (:mod:`stocktake_web.frameworks.access`) and change state only
through the domain."""

from stocktake_web.frameworks.views.drafts import (
    add_local,
    changes_file,
    discard,
    draft_diff,
    draft_page,
    draft_preview,
    edit_local,
    publish,
    reword,
    save_identity,
    save_selection,
)
from stocktake_web.frameworks.views.versions import (
    derive,
    diff,
    export,
    frameworks,
    import_file,
    version_page,
    version_preview,
    withdraw,
)

__all__ = [
    "add_local",
    "changes_file",
    "derive",
    "diff",
    "discard",
    "draft_diff",
    "draft_page",
    "draft_preview",
    "edit_local",
    "export",
    "frameworks",
    "import_file",
    "publish",
    "reword",
    "save_identity",
    "save_selection",
    "version_page",
    "version_preview",
    "withdraw",
]
