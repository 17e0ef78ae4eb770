from django.urls import path

from stocktake_web.frameworks import views

app_name = "frameworks"

urlpatterns = [
    path("frameworks/", views.frameworks, name="list"),
    path("frameworks/import/", views.import_file, name="import"),
    path("frameworks/diff/", views.diff, name="diff"),
    path("frameworks/versions/<int:version_id>/", views.version_page, name="version"),
    path("frameworks/versions/<int:version_id>/framework.yaml", views.export, name="export"),
    path(
        "frameworks/versions/<int:version_id>/preview/<str:indicator>/",
        views.version_preview,
        name="version_preview",
    ),
    path("frameworks/versions/<int:version_id>/derive/", views.derive, name="derive"),
    path("frameworks/versions/<int:version_id>/withdraw/", views.withdraw, name="withdraw"),
    path("frameworks/drafts/<int:draft_id>/", views.draft_page, name="draft"),
    path("frameworks/drafts/<int:draft_id>/identity/", views.save_identity, name="identity"),
    path("frameworks/drafts/<int:draft_id>/selection/", views.save_selection, name="selection"),
    path(
        "frameworks/drafts/<int:draft_id>/indicators/<str:indicator>/",
        views.reword,
        name="reword",
    ),
    path("frameworks/drafts/<int:draft_id>/local/", views.add_local, name="add_local"),
    path(
        "frameworks/drafts/<int:draft_id>/local/<str:indicator>/",
        views.edit_local,
        name="edit_local",
    ),
    path(
        "frameworks/drafts/<int:draft_id>/preview/<str:indicator>/",
        views.draft_preview,
        name="draft_preview",
    ),
    path("frameworks/drafts/<int:draft_id>/diff/", views.draft_diff, name="draft_diff"),
    path("frameworks/drafts/<int:draft_id>/changes.yaml", views.changes_file, name="changes"),
    path("frameworks/drafts/<int:draft_id>/publish/", views.publish, name="publish"),
    path("frameworks/drafts/<int:draft_id>/discard/", views.discard, name="discard"),
]
