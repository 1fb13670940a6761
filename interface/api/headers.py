"""The headers every answer is sent with: `PAGE_HEADERS` on the web app's pages and files,
and no caching of anything but the files.

A plain ASGI middleware that adds them as the answer starts. Starlette's
`BaseHTTPMiddleware` (what `app.middleware("http")` makes) did the same at a cost on every
request: the app ran in a task of its own and its answer streamed back through a queue,
about a tenth of the event loop's time under a load of one-to-ones (py-spy, 8 clients).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Sent with every page: nothing from anywhere but here (the data is sensitive, and
#: networks may be offline), no framing, no referrer leaking ids to other sites (and
#: "same-origin", not "no-referrer", so that forms carry their Origin to be checked).
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}

Header = tuple[bytes, bytes]


def _encoded(headers: dict[str, str]) -> tuple[Header, ...]:
    return tuple(
        (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()
    )


_PAGE = _encoded(PAGE_HEADERS)
# Pages and answers may carry people's names and stories: no cache, shared or the
# browser's own, keeps a copy (an answer that sets its own policy keeps it).
_NO_STORE = _encoded({"Cache-Control": "no-store"})
_FOR_FILES = _PAGE
_FOR_PAGES = _PAGE + _NO_STORE


def headers_for(path: str) -> tuple[Header, ...]:
    """The headers an answer at `path` is sent with, unless it sets them itself."""
    if path.startswith("/static"):
        return _FOR_FILES
    if path.startswith("/app"):
        return _FOR_PAGES
    return _NO_STORE


class AnswerHeaders:
    """Adds `headers_for` the request's path to its answer, where the answer has not set
    them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = headers_for(scope["path"])

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in extra if h[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, sending)
