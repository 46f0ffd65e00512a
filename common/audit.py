"""The request being served, for the operation log (操作日志): who acted and from where.

Services record operations without every signature carrying the request: the innermost
middleware (merchant.middleware.CurrentShopMiddleware) sets it for the request's duration,
in a context variable (each request, thread or task has its own). Outside a request (a
Celery task, a shell, a test calling a service) there is none, and the operation is the
system's. The user is read when an operation is recorded, after authentication: DRF sets
token users on the Django request as well."""

from contextvars import ContextVar

_request: ContextVar = ContextVar("current_request", default=None)


def set_current_request(request):
    return _request.set(request)


def reset_current_request(token) -> None:
    _request.reset(token)


def current_request():
    return _request.get()
