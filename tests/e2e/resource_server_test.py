#!/usr/bin/env python3
"""End-to-end checks of authkit-resource-server over real HTTP, with the Python standard
library plus Debian's python3-jwt (to mint HS256 tokens, including expired ones).

Usage: resource_server_test.py RESOURCE_SERVER AUTH_SERVER CASE
  usage   --help answers 0; bad or contradictory flags answer 2 and say why; a missing or
          short HS256 secret stops the start with 2
  jwks    authkit-server issues the tokens, the resource server fetches its JWKS: CRUD,
          per-user isolation (403), 401 MISSING/MALFORMED/INVALID, CORS for a trusted origin
          and none for another, /health, SIGTERM exit 0, an access log without tokens
  hs256   a shared secret: TOKEN_EXPIRED, wrong secret / iss / aud / alg none / no sub,
          and the body contract (400 VALIDATION_ERROR, 415, 413, 404 TASK_NOT_FOUND)
Exit status 0 on success; a failed check raises with a message.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import jwt  # python3-jwt

# authkit-server's harness: its Server and Client classes and the outbox reader.
from server_test import PASSWORD, Client, Server, check, last_mail

TRUSTED = "http://dashboard.test"
HS256_SECRET = "resource-e2e-secret-0123456789-abcdefghijklmnop"
HS256_ISSUER = "http://issuer.test"
HS256_AUDIENCE = "http://audience.test"


class ResourceServer:
    """authkit-resource-server on a free loopback port; stderr goes to a log file."""

    def __init__(self, binary: str, workdir: str, args: list[str], env: dict | None = None):
        self.log_path = os.path.join(workdir, "resource.log")
        self.log = open(self.log_path, "w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [binary, "--listen", "127.0.0.1:0", *args], stdout=subprocess.PIPE,
            stderr=self.log, text=True, env=dict(os.environ, **(env or {})))
        line = self.proc.stdout.readline()
        match = re.search(r"authkit-resource-server listening on (http://127\.0\.0\.1:\d+)$",
                          line.strip())
        check(match is not None, f"no listening line, got {line!r}")
        self.root = match.group(1)

    def call(self, method: str, path: str, token: str | None = None, body=None,
             headers: dict | None = None, raw: bytes | None = None,
             content_type: str | None = "application/json"):
        data = raw if raw is not None else (None if body is None else json.dumps(body).encode())
        request = urllib.request.Request(self.root + path, data=data, method=method)
        if token is not None:
            request.add_header("Authorization", "Bearer " + token)
        if data is not None and content_type is not None:
            request.add_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read().decode()
                return response.status, response.headers, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            text = error.read().decode()
            return error.code, error.headers, json.loads(text) if text else None

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=30)
        self.log.close()
        return code


def expect_error(result, status: int, code: str, what: str) -> None:
    got_status, headers, body = result
    check(got_status == status and body is not None and body.get("code") == code
          and isinstance(body.get("message"), str),
          f"{what}: expected {status} {code}, got {got_status} {body}")
    if status == 401:
        challenge = headers.get("WWW-Authenticate", "")
        if code == "MISSING_TOKEN":
            check(challenge == "Bearer", f"{what}: challenge {challenge!r}")
        else:
            check(challenge.startswith('Bearer error="invalid_token"'),
                  f"{what}: challenge {challenge!r}")


def check_task(task: dict, user_id: str, title: str, description: str, completed: bool) -> None:
    check(set(task) == {"id", "user_id", "title", "description", "completed", "created_at",
                        "updated_at"}, f"task members: {task}")
    check(isinstance(task["id"], int) and task["user_id"] == user_id and task["title"] == title
          and task["description"] == description and task["completed"] is completed,
          f"task: {task}")
    for stamp in ("created_at", "updated_at"):
        check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", task[stamp]) is not None,
              f"{stamp}: {task[stamp]}")


# --- usage -----------------------------------------------------------------------------------

def case_usage(binary: str, _auth_binary: str) -> None:
    out = subprocess.run([binary, "--help"], capture_output=True, text=True, timeout=30)
    check(out.returncode == 0 and "--jwks-url URL" in out.stdout, f"--help: {out}")
    jwks = ["--jwks-url", "http://127.0.0.1:1/api/v1/auth/jwks"]
    for args, reason in (([], "exactly one of --jwks-url and --hs256-secret-env"),
                         ([*jwks, "--hs256-secret-env", "X"], "exactly one of"),
                         (["--jwks-url", "ftp://x/jwks"], "--jwks-url wants an http://"),
                         ([*jwks, "--listen", "nope"], "--listen wants HOST:PORT"),
                         ([*jwks, "--listen", "127.0.0.1:70000"], "--listen wants HOST:PORT"),
                         ([*jwks, "--trusted-origin", "http://a.test/path"],
                          "--trusted-origin wants an origin"),
                         ([*jwks, "--issuer"], "--issuer needs a value"),
                         ([*jwks, "--bogus"], "unknown argument")):
        out = subprocess.run([binary, *args], capture_output=True, text=True, timeout=30)
        check(out.returncode == 2 and reason in out.stderr,
              f"{args}: {out.returncode} {out.stderr}")
    env = {k: v for k, v in os.environ.items() if k != "RS_E2E_SECRET"}
    for value in (None, "too short"):
        if value is not None:
            env["RS_E2E_SECRET"] = value
        out = subprocess.run([binary, "--listen", "127.0.0.1:0", "--hs256-secret-env",
                              "RS_E2E_SECRET"], capture_output=True, text=True, env=env,
                             timeout=30)
        check(out.returncode == 2 and "RS_E2E_SECRET must hold the shared HS256 secret"
              in out.stderr, f"secret {value!r}: {out.returncode} {out.stderr}")


# --- jwks ------------------------------------------------------------------------------------

def sign_in_and_get_jwt(auth: Server, email: str) -> tuple[str, str]:
    """Signs a new user up, verifies the address from the outbox, signs in, and trades the
    session for a JWT. Returns (user id, JWT)."""
    browser = Client(auth)
    status, _, body = browser.call("POST", "/sign-up/email",
                                   {"name": email, "email": email, "password": PASSWORD})
    check(status == 200, f"sign-up {email}: {status} {body}")
    link = last_mail(auth.outbox, email, "verify-email")["url"]
    check(browser.call("GET", link[len(auth.base):])[0] == 302, "verify-email")
    status, _, body = browser.call("POST", "/sign-in/email", {"email": email, "password": PASSWORD})
    check(status == 200, f"sign-in {email}: {status} {body}")
    user_id = json.loads(body)["user"]["id"]
    status, _, body = browser.call("GET", "/token")
    check(status == 200, f"/token: {status} {body}")
    return user_id, json.loads(body)["token"]


def case_jwks(binary: str, auth_binary: str) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        auth = Server(auth_binary, workdir)
        try:
            alice, alice_jwt = sign_in_and_get_jwt(auth, "alice@example.com")
            bob, bob_jwt = sign_in_and_get_jwt(auth, "bob@example.com")
            resource = ResourceServer(binary, workdir, [
                "--jwks-url", auth.base + "/jwks", "--trusted-origin", TRUSTED])
            try:
                run_jwks(resource, alice, alice_jwt, bob, bob_jwt)
            finally:
                code = resource.stop()
        finally:
            auth.stop()
        check(code == 0, f"SIGTERM exit status {code}")
        log = open(resource.log_path, encoding="utf-8").read()
        check("stopped" in log, "no shutdown message")
        check(f"POST /api/{alice}/tasks 201" in log, f"no access log line: {log}")
        for token in (alice_jwt, bob_jwt):
            for part in token.split("."):
                check(part not in log, "token material reached the log")


def run_jwks(rs: ResourceServer, alice: str, alice_jwt: str, bob: str, bob_jwt: str) -> None:
    status, _, body = rs.call("GET", "/health")
    check(status == 200 and body == {"status": "ok"}, f"/health: {status} {body}")

    # CRUD as alice.
    tasks = f"/api/{alice}/tasks"
    status, _, body = rs.call("GET", tasks, alice_jwt)
    check(status == 200 and body == [], f"empty list: {status} {body}")
    status, _, first = rs.call("POST", tasks, alice_jwt, {"title": "  buy milk  "})
    check(status == 201, f"create: {status} {first}")
    check_task(first, alice, "buy milk", "", False)
    status, _, second = rs.call("POST", tasks, alice_jwt,
                                {"title": "write tests", "description": "e2e"})
    check(status == 201 and second["id"] > first["id"], f"second create: {status} {second}")
    status, _, body = rs.call("GET", tasks, alice_jwt)
    check(status == 200 and [t["id"] for t in body] == [first["id"], second["id"]],
          f"list order: {body}")
    status, _, body = rs.call("GET", f"{tasks}/{first['id']}", alice_jwt)
    check(status == 200 and body == first, f"get: {status} {body}")
    status, _, body = rs.call("PUT", f"{tasks}/{first['id']}", alice_jwt, {"completed": True})
    check(status == 200, f"update: {status} {body}")
    check_task(body, alice, "buy milk", "", True)
    check(body["created_at"] == first["created_at"], "created_at changed on update")
    status, _, body = rs.call("PUT", f"{tasks}/{second['id']}", alice_jwt,
                              {"title": "write more tests", "description": ""})
    check(status == 200, f"update title: {status} {body}")
    check_task(body, alice, "write more tests", "", False)
    status, _, body = rs.call("DELETE", f"{tasks}/{second['id']}", alice_jwt)
    check(status == 204 and body is None, f"delete: {status} {body}")
    expect_error(rs.call("GET", f"{tasks}/{second['id']}", alice_jwt), 404, "TASK_NOT_FOUND",
                 "deleted task")
    expect_error(rs.call("DELETE", f"{tasks}/{second['id']}", alice_jwt), 404,
                 "TASK_NOT_FOUND", "second delete")

    # Per-user isolation: bob cannot reach alice's path, and alice's ids are not his.
    expect_error(rs.call("GET", tasks, bob_jwt), 403, "FORBIDDEN", "bob lists alice's")
    expect_error(rs.call("GET", f"{tasks}/{first['id']}", bob_jwt), 403, "FORBIDDEN",
                 "bob reads alice's")
    expect_error(rs.call("PUT", f"{tasks}/{first['id']}", bob_jwt, {"title": "mine"}), 403,
                 "FORBIDDEN", "bob updates alice's")
    expect_error(rs.call("DELETE", f"{tasks}/{first['id']}", bob_jwt), 403, "FORBIDDEN",
                 "bob deletes alice's")
    expect_error(rs.call("POST", tasks, bob_jwt, {"title": "spam"}), 403, "FORBIDDEN",
                 "bob creates in alice's list")
    bob_tasks = f"/api/{bob}/tasks"
    status, _, body = rs.call("GET", bob_tasks, bob_jwt)
    check(status == 200 and body == [], f"bob's list: {status} {body}")
    for method, body in (("GET", None), ("PUT", {"title": "mine"}), ("DELETE", None)):
        expect_error(rs.call(method, f"{bob_tasks}/{first['id']}", bob_jwt, body), 404,
                     "TASK_NOT_FOUND", f"bob {method} alice's id under his path")
    status, _, body = rs.call("GET", f"{tasks}/{first['id']}", alice_jwt)
    check(status == 200 and body["title"] == "buy milk" and body["completed"] is True,
          f"alice's task after bob: {body}")

    # 401s: missing, malformed, invalid.
    expect_error(rs.call("GET", tasks), 401, "MISSING_TOKEN", "no header")
    expect_error(rs.call("GET", tasks, headers={"Authorization": "Basic YTpi"}), 401,
                 "MALFORMED_TOKEN", "basic auth")
    expect_error(rs.call("GET", tasks, headers={"Authorization": "Bearer"}), 401,
                 "MALFORMED_TOKEN", "bearer without token")
    expect_error(rs.call("GET", tasks, "not-a-jwt"), 401, "MALFORMED_TOKEN", "not a JWS")
    head, payload, signature = alice_jwt.split(".")
    tampered = ".".join([head, payload, ("A" if signature[0] != "A" else "B") + signature[1:]])
    expect_error(rs.call("GET", tasks, tampered), 401, "INVALID_TOKEN", "tampered signature")
    forged = jwt.encode({"sub": alice, "exp": int(time.time()) + 600}, "x" * 32,
                        algorithm="HS256")
    expect_error(rs.call("GET", tasks, forged), 401, "INVALID_TOKEN", "HS256 forgery")
    # A made-up kid: unknown key (one refetch at most, then the cooldown).
    unknown_kid = jwt.encode({"sub": alice}, "x" * 32, algorithm="HS256",
                             headers={"kid": "no-such-key"})
    expect_error(rs.call("GET", tasks, unknown_kid), 401, "INVALID_TOKEN", "unknown kid")

    # CORS: a trusted origin gets the headers (preflight included), another gets none.
    preflight = {"Origin": TRUSTED, "Access-Control-Request-Method": "PUT",
                 "Access-Control-Request-Headers": "authorization, content-type"}
    status, headers, _ = rs.call("OPTIONS", f"{tasks}/{first['id']}", headers=preflight)
    check(status == 204 and headers.get("Access-Control-Allow-Origin") == TRUSTED,
          f"preflight: {status} {dict(headers)}")
    check("PUT" in headers.get("Access-Control-Allow-Methods", "")
          and "DELETE" in headers.get("Access-Control-Allow-Methods", ""), "allowed methods")
    allowed = headers.get("Access-Control-Allow-Headers", "").lower()
    check("authorization" in allowed and "content-type" in allowed, f"allowed headers {allowed}")
    status, headers, _ = rs.call("GET", tasks, alice_jwt, headers={"Origin": TRUSTED})
    check(status == 200 and headers.get("Access-Control-Allow-Origin") == TRUSTED,
          "CORS on a simple request")
    stranger = dict(preflight, Origin="http://evil.test")
    status, headers, _ = rs.call("OPTIONS", tasks, headers=stranger)
    check(not any(h.lower().startswith("access-control-") for h in headers),
          f"CORS headers for an untrusted origin: {dict(headers)}")
    status, headers, _ = rs.call("GET", tasks, alice_jwt, headers={"Origin": "http://evil.test"})
    check(status == 200 and "Access-Control-Allow-Origin" not in headers,
          "CORS on an untrusted simple request")


# --- hs256 -----------------------------------------------------------------------------------

def mint(claims: dict, secret: str = HS256_SECRET, **kwargs) -> str:
    now = int(time.time())
    payload = {"iss": HS256_ISSUER, "aud": HS256_AUDIENCE, "iat": now, "exp": now + 600}
    payload.update(claims)
    return jwt.encode({k: v for k, v in payload.items() if v is not None}, secret,
                      algorithm=kwargs.pop("algorithm", "HS256"), **kwargs)


def case_hs256(binary: str, _auth_binary: str) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        resource = ResourceServer(binary, workdir, [
            "--hs256-secret-env", "RS_E2E_SECRET", "--issuer", HS256_ISSUER,
            "--audience", HS256_AUDIENCE], env={"RS_E2E_SECRET": HS256_SECRET})
        try:
            run_hs256(resource)
        finally:
            code = resource.stop()
        check(code == 0, f"SIGTERM exit status {code}")
        log = open(resource.log_path, encoding="utf-8").read()
        check("\n1.2.3.4 GET forged" not in log and "/api/x?1.2.3.4 GET forged 200/tasks 403"
              in log, f"control characters in a logged path: {log}")


def run_hs256(rs: ResourceServer) -> None:
    user = "user-42"
    tasks = f"/api/{user}/tasks"
    token = mint({"sub": user})
    status, _, task = rs.call("POST", tasks, token, {"title": "t", "description": "d" * 2000})
    check(status == 201, f"create: {status} {task}")
    check_task(task, user, "t", "d" * 2000, False)
    one = f"{tasks}/{task['id']}"

    # Token failures.
    now = int(time.time())
    expect_error(rs.call("GET", tasks, mint({"sub": user, "iat": now - 7200, "exp": now - 3600})),
                 401, "TOKEN_EXPIRED", "expired")
    expect_error(rs.call("GET", tasks, mint({"sub": user}, secret="another-secret-" + "x" * 32)),
                 401, "INVALID_TOKEN", "wrong secret")
    expect_error(rs.call("GET", tasks, mint({"sub": user, "iss": "http://other.test"})), 401,
                 "INVALID_TOKEN", "wrong iss")
    expect_error(rs.call("GET", tasks, mint({"sub": user, "aud": "http://other.test"})), 401,
                 "INVALID_TOKEN", "wrong aud")
    expect_error(rs.call("GET", tasks, mint({"sub": None})), 401, "INVALID_TOKEN", "no sub")
    expect_error(rs.call("GET", tasks, mint({"sub": user}, algorithm="HS512",
                                            secret=HS256_SECRET + "x" * 32)),
                 401, "INVALID_TOKEN", "alg not allowed")
    # An unsecured JWS (alg none, empty signature) is not a signed token at all: authkit calls
    # it JWT_MALFORMED. With a signature segment pasted on, alg none is an algorithm refused.
    unsecured = jwt.encode({"sub": user, "exp": now + 600}, None, algorithm="none")
    expect_error(rs.call("GET", tasks, unsecured), 401, "MALFORMED_TOKEN", "unsecured JWS")
    expect_error(rs.call("GET", tasks, unsecured + "c2ln"), 401, "INVALID_TOKEN", "alg none")
    status, _, _ = rs.call("GET", tasks, headers={"Authorization": f"bearer {token}"})
    check(status == 200, "the Bearer scheme is case-insensitive")
    expect_error(rs.call("GET", "/api/someone-else/tasks", token), 403, "FORBIDDEN",
                 "sub mismatch")

    # Body contract.
    for body, what in (({"title": ""}, "empty title"), ({"title": "   "}, "blank title"),
                       ({"title": "x" * 201}, "title over 200 bytes"),
                       ({"title": "é" * 101}, "title over 200 bytes in UTF-8"),
                       ({"title": 5}, "title not a string"), ({}, "no title"),
                       ({"title": "t", "description": "d" * 2001}, "description over 2000"),
                       ({"title": "t", "description": None}, "description null"),
                       ({"title": "t", "owner": "me"}, "unknown member"),
                       (["title"], "not an object")):
        expect_error(rs.call("POST", tasks, token, body), 400, "VALIDATION_ERROR", what)
    status, _, body = rs.call("POST", tasks, token, {"title": "x" * 200})
    check(status == 201, f"200-byte title: {status} {body}")
    expect_error(rs.call("POST", tasks, token, raw=b"{not json"), 400, "VALIDATION_ERROR",
                 "bad JSON")
    expect_error(rs.call("POST", tasks, token, raw=b'{"title":"\xff"}'), 400, "VALIDATION_ERROR",
                 "invalid UTF-8")
    for body, what in (({"completed": "yes"}, "completed not a bool"),
                       ({"title": ""}, "empty title"), ({"id": 7}, "unknown member")):
        expect_error(rs.call("PUT", one, token, body), 400, "VALIDATION_ERROR", what)
    status, _, body = rs.call("PUT", one, token, {})
    check(status == 200 and body == task, f"empty update changes nothing: {status} {body}")
    expect_error(rs.call("POST", tasks, token, {"title": "t"}, content_type="text/plain"), 415,
                 "UNSUPPORTED_MEDIA_TYPE", "text/plain")
    expect_error(rs.call("POST", tasks, token, raw=b'{"title":"t"}', content_type=None), 415,
                 "UNSUPPORTED_MEDIA_TYPE", "no content type")
    expect_error(rs.call("PUT", one, token, {"completed": True}, content_type="text/plain"), 415,
                 "UNSUPPORTED_MEDIA_TYPE", "PUT text/plain")
    status, _, body = rs.call("POST", tasks, token, {"title": "charset"},
                              content_type="application/json; charset=utf-8")
    check(status == 201, f"json with charset: {status} {body}")
    big = json.dumps({"title": "t", "description": "d" * (70 * 1024)}).encode()
    expect_error(rs.call("POST", tasks, token, raw=big), 413, "PAYLOAD_TOO_LARGE", "64 KiB cap")
    for missing in (f"{tasks}/999999", f"{tasks}/abc", f"{tasks}/-1"):
        expect_error(rs.call("GET", missing, token), 404, "TASK_NOT_FOUND", missing)
    expect_error(rs.call("GET", "/api/nothing-here", token), 404, "NOT_FOUND", "unknown route")
    expect_error(rs.call("GET", "/api/x%0A1.2.3.4%20GET%20forged%20200/tasks", token), 403,
                 "FORBIDDEN", "a newline in the path")
    # Auth comes first: a bad body without a token is a 401, not a 400.
    expect_error(rs.call("POST", tasks, None, {"nope": 1}), 401, "MISSING_TOKEN", "401 first")


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    binary, auth_binary, case = sys.argv[1:]
    cases = {"usage": case_usage, "jwks": case_jwks, "hs256": case_hs256}
    cases[case](binary, auth_binary)
    print(f"resource_server_test {case}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
