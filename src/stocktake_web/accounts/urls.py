from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from stocktake_web.accounts import views

app_name = "accounts"

FORGOTTEN = {"heading": _("Forgotten password")}
NEW_PASSWORD = {"heading": _("Choose a new password")}
CHANGE_PASSWORD = {"heading": _("Change my password")}

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("me/", views.own_account, name="me"),
    path(
        "password/reset/",
        views.PasswordResetView.as_view(extra_context=FORGOTTEN),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/password_reset_done.html", extra_context=FORGOTTEN
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(extra_context=NEW_PASSWORD),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_changed.html",
            extra_context={
                **NEW_PASSWORD,
                "next_url": reverse_lazy("accounts:login"),
                "next_label": _("Sign in"),
            },
        ),
        name="password_reset_complete",
    ),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
            extra_context=CHANGE_PASSWORD,
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_changed.html",
            extra_context={
                **CHANGE_PASSWORD,
                "next_url": reverse_lazy("accounts:me"),
                "next_label": _("My account"),
            },
        ),
        name="password_change_done",
    ),
]
