"""Schemathesis hooks for the contract run (tests/interface/test_contract.py).

A well-behaved client sends a fresh Idempotency-Key with every new request (the
IETF draft recommends a random UUID). Schemathesis draws header values from a
small space and repeats them across different bodies, which is exactly the misuse
the API must answer with 422, and which its "valid data must be accepted" check
would then count as a failure. So every well-formed key it generates is swapped
for a fresh one; malformed keys are left alone, so they are still checked to be
refused. Reusing a key is tested on its own in tests/interface/test_idempotency.py.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import schemathesis

_WELL_FORMED = re.compile(r'^"?[\x21\x23-\x7e]+"?$')


@schemathesis.hook
def before_call(ctx: Any, case: Any, **kwargs: Any) -> None:
    headers = case.headers or {}
    key = headers.get("Idempotency-Key")
    if isinstance(key, str) and 0 < len(key) <= 255 and _WELL_FORMED.match(key):
        headers["Idempotency-Key"] = uuid.uuid4().hex
        case.headers = headers
