"""Request bodies read as JSON that says one thing: an object naming a key twice is
refused (422, naming the key), where Python's `json` would quietly keep the last value, and
another reader of the same text (a proxy, a log, an audit) might have seen the first."""

from __future__ import annotations

import json
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request


class DuplicateKey(HTTPException):
    """A JSON object in the body names a key twice. An HTTPException, so that FastAPI hands
    it on as raised from reading the body, to the handler in `interface.api.errors`."""

    def __init__(self, key: str) -> None:
        self.key = key[:100]
        super().__init__(
            422, f"the key {self.key!r} appears more than once in an object; send it once."
        )


def _one_value_per_key(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise DuplicateKey(key)
        found[key] = value
    return found


class StrictJsonRequest(Request):
    """A request whose body, read as JSON, refuses an object that names a key twice."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            self._json = json.loads(body, object_pairs_hook=_one_value_per_key)
        return self._json
