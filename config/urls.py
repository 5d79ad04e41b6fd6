from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views import defaults

from assessment.accounts import ThrottledPasswordResetForm


def favicon(request):
    """Pages name their icon in <head>; this answers clients that ask for /favicon.ico regardless."""
    return redirect(static("favicon.svg"))


def page_not_found(request, exception):
    """Under /api/ a missing address answers as the JSON API's own 404s do (assessment/openapi.json)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"error": "not found"}, status=404)
    return defaults.page_not_found(request, exception)


handler404 = page_not_found

urlpatterns = [
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon, name="favicon"),
    # Django's own sign-in, sign-out, password change and reset views, with their usual names; the
    # reset request first, with a limit on the e-mails it sends.
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=ThrottledPasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("assessment.urls")),
]
