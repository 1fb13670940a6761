"""How `groundwork serve` runs uvicorn: which proxies' headers it believes."""

from __future__ import annotations

from typing import Any

from interface.settings import Settings


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's options for the client's address. uvicorn believes X-Forwarded-For from
    127.0.0.1 and ::1 unless told otherwise, so that anyone on the machine (or any proxy on
    it that passes the header through) could choose the address the sign-in limits count:
    here proxy headers are read only from GROUNDWORK_TRUSTED_PROXIES, and not at all when
    it names none."""
    if not settings.trusted_proxies:
        return {"proxy_headers": False, "forwarded_allow_ips": ""}
    return {"proxy_headers": True, "forwarded_allow_ips": settings.trusted_proxies}
