"""The JSON API's own description, for clients and tools that read OpenAPI."""

from django.http import JsonResponse
from django.views.decorators.http import require_safe

from ..reports import api_schema


@require_safe
def openapi(request):
    return JsonResponse(api_schema.openapi_document(), json_dumps_params={"ensure_ascii": False})
