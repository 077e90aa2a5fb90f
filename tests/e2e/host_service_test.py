#!/usr/bin/env python3
"""End-to-end check of examples/host_service, the README's "your service with authkit inside":
better-auth's API under /api/auth and one protected route of the host's own, /api/me.

Usage: host_service_test.py HOST_SERVICE protected_route
  protected_route  /api/me answers 401 without a session; sign-up, the verification link
                   from the console mail, sign-in; then /api/me answers the user by cookie
                   and by bearer token, 150 times in a row (never rate-limited, unlike
                   get-session), and 401 again after sign-out
Exit status 0 on success; a failed check raises with a message.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Service:
    """host_service in a temporary directory; its stdout (the console mail) is collected."""

    def __init__(self, binary: str):
        self.dir = tempfile.TemporaryDirectory()
        self.port = free_port()
        env = dict(os.environ, AUTHKIT_SECRET="host-service-e2e-secret-of-32-bytes-or-more")
        self.proc = subprocess.Popen([binary, str(self.port)], cwd=self.dir.name, env=env,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: list[str] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()
        deadline = time.time() + 20
        while not any("host_service on" in line for line in self.snapshot()):
            if self.proc.poll() is not None or time.time() > deadline:
                raise AssertionError("host_service did not start: " + "".join(self.snapshot()))
            time.sleep(0.05)

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with self.lock:
                self.lines.append(line)

    def snapshot(self) -> list[str]:
        with self.lock:
            return list(self.lines)

    def request(self, method: str, path: str, body: dict | None = None,
                headers: dict | None = None) -> tuple[int, dict, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        all_headers = {"Origin": f"http://127.0.0.1:{self.port}"}
        all_headers.update(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
        conn.request(method, path, body=data, headers=all_headers)
        response = conn.getresponse()
        payload = response.read()
        result_headers: dict = {}
        for name, value in response.getheaders():
            result_headers.setdefault(name.lower(), []).append(value)
        conn.close()
        return response.status, result_headers, payload

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.dir.cleanup()


def session_cookie(headers: dict) -> str:
    for value in headers.get("set-cookie", []):
        if value.startswith("authkit.session_token="):
            return value.split(";", 1)[0]
    raise AssertionError(f"no session cookie in {headers}")


def protected_route(binary: str) -> None:
    service = Service(binary)
    try:
        status, _, _ = service.request("GET", "/api/me")
        assert status == 401, f"/api/me without a session: {status}"

        email = "host@example.com"
        password = "a long enough password"
        status, _, body = service.request(
            "POST", "/api/auth/sign-up/email",
            {"email": email, "password": password, "name": "Host"})
        assert status == 200, f"sign-up: {status} {body!r}"

        deadline = time.time() + 10
        link = None
        while link is None and time.time() < deadline:
            for line in service.snapshot():
                found = re.search(r"(/api/auth/verify-email\?token=[A-Za-z0-9_\-]+)", line)
                if found:
                    link = found.group(1)
            time.sleep(0.05)
        assert link, "no verification link in the console mail"
        status, _, body = service.request("GET", link)
        assert status in (200, 302), f"verify-email: {status} {body!r}"

        status, headers, body = service.request(
            "POST", "/api/auth/sign-in/email", {"email": email, "password": password})
        assert status == 200, f"sign-in: {status} {body!r}"
        cookie = session_cookie(headers)
        token = headers["set-auth-token"][0]

        for i in range(150):
            status, _, body = service.request("GET", "/api/me", headers={"Cookie": cookie})
            assert status == 200, f"/api/me call {i}: {status} {body!r}"
        assert json.loads(body)["email"] == email, body

        status, _, body = service.request("GET", "/api/me",
                                          headers={"Authorization": f"Bearer {token}"})
        assert status == 200 and json.loads(body)["email"] == email, (status, body)

        status, _, _ = service.request("POST", "/api/auth/sign-out", {},
                                       headers={"Cookie": cookie})
        assert status == 200, f"sign-out: {status}"
        status, _, _ = service.request("GET", "/api/me", headers={"Cookie": cookie})
        assert status == 401, f"/api/me after sign-out: {status}"
        status, _, _ = service.request("GET", "/api/unknown")
        assert status == 404, status
    finally:
        service.stop()


def main() -> int:
    if len(sys.argv) != 3 or sys.argv[2] != "protected_route":
        print(__doc__, file=sys.stderr)
        return 2
    protected_route(sys.argv[1])
    print("host_service: protected_route passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
