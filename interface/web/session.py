"""Signing in to the web app: a session cookie, checked on every page like the API's token.

The cookie holds a session token (`domain.account`): HttpOnly, SameSite=Strict (so another
site's page cannot post a form with it), and Secure when served over HTTPS. Every form post,
signing in included, must also say it comes from this site (`same_origin`): SameSite is not
honoured by every browser, and the sign-in form has no cookie to protect it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote, urlsplit
from uuid import UUID

from fastapi import Depends, Request

from domain.account import Role
from domain.errors import NotFound
from interface.api.access import Caller, caller_of
from interface.api.limits import guard_of
from interface.api.scope import check_scope

COOKIE = "groundwork_session"


class SignInNeeded(Exception):
    """The page needs a signed-in account; the handler sends the browser to sign in."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


class NotAllowed(Exception):
    """The account's roles may not see this page, or may not post this form."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True)
class Visitor:
    """Who is signed in: their account and what the pages need to know of it."""

    caller: Caller
    name: str
    token: str

    def may(self, *roles: Role) -> bool:
        return bool(self.caller.roles & set(roles))

    def require(self, *roles: Role) -> None:
        if not self.may(*roles):
            raise NotAllowed(
                f"This page needs the role {' or '.join(sorted(roles))}; your account has "
                f"{', '.join(sorted(self.caller.roles))}."
            )


def sign_in_url(request: Request) -> str:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"/app/sign-in?next={quote(target, safe='')}"


async def visitor(request: Request) -> Visitor:
    token = request.cookies.get(COOKIE)
    if not token:
        raise SignInNeeded(sign_in_url(request))
    guard, address = guard_of(request)
    guard.check(address)
    account = request.app.state.groundwork.signed_in(token)
    if account is None:
        raise SignInNeeded(sign_in_url(request))
    caller = caller_of(account)
    await _check_scope(request, caller)
    return Visitor(
        caller=caller,
        name=account.name,
        token=token,
    )


async def _check_scope(request: Request, caller: Caller) -> None:
    """Outside the visitor's networks nothing is found: the page a missing record gets."""
    from interface.web.rendering import PageNotFound  # it renders pages for a Visitor

    try:
        await check_scope(request, caller.networks, caller.chapters, caller.person_id)
    except NotFound as error:
        raise PageNotFound(error.detail) from None


VisitorDep = Annotated[Visitor, Depends(visitor)]

#: Methods that change nothing, and so need not say where they come from.
SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


class CrossSiteForm(Exception):
    """A form sent without saying it comes from this site: refused, nothing recorded."""

    detail = (
        "This form did not come from a page of this site (its Origin, or Referer, names "
        "another site or is missing), so nothing was recorded. Go back to the page, reload "
        "it and send the form again."
    )


async def same_origin(request: Request) -> None:
    """Refuses a state-changing request whose Origin, or Referer when it has no Origin,
    is not this site. Browsers send Origin with every form post (and the pages' Referrer-
    Policy keeps a same-site Referer); a request with neither is refused too, for it could
    be a forged one from a client that strips them."""
    if request.method in SAFE:
        return
    here = f"{request.url.scheme}://{request.url.netloc}"
    origin = request.headers.get("origin")
    if origin is None:
        referer = urlsplit(request.headers.get("referer", ""))
        origin = f"{referer.scheme}://{referer.netloc}" if referer.netloc else None
    if origin != here:
        raise CrossSiteForm()


def safe_next(target: str | None) -> str:
    """Where to go after signing in: only a page of this app, never another site."""
    if target and target.startswith("/app") and not target.startswith("//"):
        return target
    return "/app/"


def account_of(visitor: Visitor) -> UUID:
    return visitor.caller.account_id
