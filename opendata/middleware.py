"""Read-only CORS for the API: any origin may read it, nobody may write or send credentials."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase

ALLOWED_METHODS = "GET, HEAD, OPTIONS"


class ReadOnlyCorsMiddleware:
    """Adds `Access-Control-Allow-Origin: *` to API responses and answers preflights itself.

    Only GET, HEAD and OPTIONS are allowed; other methods get 405. No credentials are allowed,
    so browsers never send cookies to the API from another site.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path_info.startswith(settings.OPENDATA_API_PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS":
            response: HttpResponseBase = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = "Accept, Content-Type, If-None-Match"
            response["Access-Control-Max-Age"] = "86400"
        elif request.method not in ("GET", "HEAD"):
            response = HttpResponse(
                b'{"message": "the API is read-only"}',
                status=405,
                content_type="application/json",
            )
            response["Allow"] = ALLOWED_METHODS
        else:
            response = self.get_response(request)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "Content-Length, ETag"
        return response
