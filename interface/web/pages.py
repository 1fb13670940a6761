"""The web app's front door: signing in and out, the home page (a visitor's networks; a
network's own page is `interface.web.network`), and how the web app's errors are shown as
pages. The other pages are in modules by area: one-to-ones, campaigns, the dashboard,
decisions, people and the rest.

Pages are rendered on the server (Jinja2) and every form works without JavaScript; a small
script of our own only adds conveniences (filtering the person picker, sending the reader's
time zone). The pages call the same commands and read the same views as the API, with the
same validation: a form is turned into the API's request body and checked by its model, so
a page and the API can never disagree about what is valid.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from domain.network import Network
from interface.api.limits import TooManyAttempts, guard_of
from interface.api.routing import WorkerThreadRoute
from interface.web.rendering import PageNotFound, render
from interface.web.session import COOKIE, NotAllowed, VisitorDep, safe_next

router = APIRouter(prefix="/app", include_in_schema=False, route_class=WorkerThreadRoute)


# ------------------------------------------------------------------ signing in and out


@router.get("/sign-in")
def sign_in_form(request: Request, next: str | None = None) -> HTMLResponse:
    return render(request, "sign_in.html", next=safe_next(next), name="", error=None)


@router.post("/sign-in", response_model=None)
def sign_in(
    request: Request,
    name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/app/",
) -> Response:
    guard, address = guard_of(request)
    try:
        guard.check(address, name)
        with guard.checking_password():
            signed_in = request.app.state.groundwork.sign_in(name, password)
    except TooManyAttempts as limited:
        page = render(
            request,
            "sign_in.html",
            limited.status,
            next=safe_next(next),
            name=name,
            error=limited.detail,
        )
        page.headers.update(limited.headers)
        return page
    if signed_in is None:
        guard.failed(address, name)
        return render(
            request,
            "sign_in.html",
            401,
            next=safe_next(next),
            name=name,
            error="That name and password do not match an account that may sign in.",
        )
    _, token = signed_in
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


@router.post("/sign-out")
def sign_out(request: Request, visitor: VisitorDep) -> RedirectResponse:
    request.app.state.groundwork.sign_out(visitor.token)
    response = RedirectResponse("/app/sign-in", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


# ------------------------------------------------------------------ home


@router.get("/", response_model=None)
def home(request: Request, visitor: VisitorDep) -> Response:
    app = request.app.state.groundwork
    networks = [app.read(Network, i) for i in app.network_ids() if visitor.caller.may_see(i)]
    if len(networks) == 1:
        return RedirectResponse(f"/app/networks/{networks[0].id}", status_code=303)
    return render(request, "home.html", visitor=visitor, networks=networks)


# ------------------------------------------------------------------ errors


def install_web_error_handlers(api: FastAPI) -> None:
    from interface.web.session import CrossSiteForm, SignInNeeded

    @api.exception_handler(CrossSiteForm)
    def cross_site_form(request: Request, error: CrossSiteForm) -> HTMLResponse:
        title = "Sent from another site"
        return render(request, "error.html", 403, title=title, detail=error.detail)

    @api.exception_handler(SignInNeeded)
    def sign_in_needed(_: Request, error: SignInNeeded) -> RedirectResponse:
        return RedirectResponse(error.next_url, status_code=303)

    @api.exception_handler(NotAllowed)
    def not_allowed(request: Request, error: NotAllowed) -> HTMLResponse:
        return render(request, "error.html", 403, title="Not for your role", detail=error.detail)

    @api.exception_handler(PageNotFound)
    def page_not_found(request: Request, error: PageNotFound) -> HTMLResponse:
        return render(request, "error.html", 404, title="Not on record", detail=error.detail)
