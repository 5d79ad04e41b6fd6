"""What every view needs to check access: the one way to load an assessment for a request."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .. import permissions
from ..answers.selectors import assessment_by_id
from ..models import Assessment


def viewable_assessment(request, pk: int) -> Assessment:
    """The assessment if the user may see it; 404 if absent, sign-in or 403 if not allowed."""
    assessment = assessment_by_id(pk)
    if assessment is None:
        raise Http404
    if not permissions.can_view_assessment(request.user, assessment):
        raise PermissionDenied
    return assessment


def login_first(view):
    """Anonymous users go to sign-in; signed-in users without access get 403."""

    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped
