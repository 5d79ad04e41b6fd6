from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path


def favicon(request):
    """Pages name their icon in <head>; this answers clients that ask for /favicon.ico regardless."""
    return redirect(static("favicon.svg"))


urlpatterns = [
    path("admin/", admin.site.urls),
    path("favicon.ico", favicon, name="favicon"),
    # Django's own sign-in, sign-out, password change and reset views, with their usual names.
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("assessment.urls")),
]
