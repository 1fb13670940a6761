"""What a newcomer sees after `make run`: the server answers, the web app sends them to sign
in, and the sample account's token reads the API. Standard library only (it runs before
anything but the runtime dependencies is installed, and needs no curl).

    python3 .ci/smoke.py http://127.0.0.1:PORT data/groundwork.sample-token [seconds]

Each step prints its name; the first that fails says what it saw and exits 1."""

from __future__ import annotations

import json
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def fail(step: str, why: str) -> None:
    print(f"smoke: FAILED at '{step}': {why}", flush=True)
    sys.exit(1)


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    opener = urllib.request.build_opener(NoRedirect)
    # Only ever the local server this script started (an http://127.0.0.1 address).
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wait_for_health(base: str, seconds: float) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    last = "no answer yet"
    while time.monotonic() < deadline:
        try:
            status, _, body = get(f"{base}/health")
            if status == 200:
                return dict(json.loads(body))
            last = f"status {status}"
        except OSError as error:
            last = str(error)
        time.sleep(1)
    fail("health", f"no 200 from {base}/health within {seconds:.0f} s ({last})")
    raise AssertionError  # unreachable


def main() -> None:
    base, token_file = sys.argv[1].rstrip("/"), Path(sys.argv[2])
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 600

    health = wait_for_health(base, seconds)
    if not health.get("events"):
        fail("health", f"the sample network was not recorded: {health}")
    print(f"smoke: health ok ({health['events']} events on record)", flush=True)

    status, headers, _ = get(f"{base}/app/")
    location = headers.get("location", headers.get("Location", ""))
    if status not in (302, 303, 307) or not location.startswith("/app/sign-in"):
        fail("sign-in page", f"/app/ answered {status}, location {location!r}")
    status, _, body = get(f"{base}{location}")
    if status != 200 or b'name="password"' not in body:
        fail("sign-in page", f"{location} answered {status} without a password field")
    print("smoke: /app/ redirects to the sign-in page, which answers", flush=True)

    if not token_file.exists():
        fail("authenticated read", f"{token_file} was not written")
    token = token_file.read_text().strip()
    status, _, body = get(f"{base}/networks", {"Authorization": f"Bearer {token}"})
    if status != 200:
        fail("authenticated read", f"/networks answered {status}: {body[:200]!r}")
    networks = json.loads(body)
    if not networks:
        fail("authenticated read", "/networks is empty: no sample network")
    status, _, _ = get(f"{base}/networks")
    if status != 401:
        fail("authenticated read", f"/networks without a token answered {status}, not 401")
    print(f"smoke: the sample token reads /networks ({len(networks)} network)", flush=True)


if __name__ == "__main__":
    main()
