"""A trivial view: the load balancer's health check, and the benchmark's floor."""

from django.http import HttpResponse


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
