#!/usr/bin/env python3
"""End-to-end checks of authkit-resource-server over real HTTP, with the Python standard
library plus Debian's python3-jwt and python3-cryptography (to mint tokens, including expired
ones) and, for jwks_https, the openssl command (to make a CA and certificates).

Usage: resource_server_test.py RESOURCE_SERVER AUTH_SERVER CASE
  usage       --help answers 0; bad or contradictory flags answer 2 and say why; a missing or
              short HS256 secret or an unreadable --ca-file stops the start with 2
  jwks        authkit-server issues the tokens, the resource server fetches its JWKS: CRUD,
              per-user isolation (403), 401 MISSING/MALFORMED/INVALID, CORS for a trusted
              origin and none for another, /health, SIGTERM exit 0, an access log without
              tokens
  hs256       a shared secret: TOKEN_EXPIRED, wrong secret / iss / aud / alg none / no sub,
              and the body contract (400 VALIDATION_ERROR, 415, 413, 404 TASK_NOT_FOUND)
  caps        1,000 tasks per user: the 1,001st is 409 TASK_LIMIT_REACHED (and a deletion
              makes room), oversize titles and descriptions are 400, other users unaffected
  jwks_https  the JWKS over https from a throwaway CA: trusted with --ca-file, refused (401)
              with the system store, for a certificate naming another host, after a
              redirect, and when the JWKS is over 1 MiB (declared or not)
  transport   405 with Allow, 404 in JSON, HEAD /health, 413 on a declared 70 KiB body before
              it is sent, no CORS for a percent-encoded Origin, per-segment decoding of the
              path, repeated Authorization headers, --max-connections-per-client and
              --header-timeout
Exit status 0 on success; a failed check raises with a message. A missing tool or module
fails the case with the command that installs it; nothing is skipped.
"""

from __future__ import annotations

import http.client
import http.server
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

try:
    import jwt  # python3-jwt
    from cryptography.hazmat.primitives.asymmetric import ec  # python3-cryptography
except ImportError as missing:
    raise SystemExit(f"resource_server_test: {missing}. Install the test dependencies "
                     "(Debian: python3-jwt python3-cryptography): "
                     "bash scripts/install-deps.sh test") from None

# authkit-server's harness: its Server and Client classes and the outbox reader.
from server_test import PASSWORD, Client, Server, check, last_mail
from raw_http import exchange

TRUSTED = "http://dashboard.test"
HS256_SECRET = "resource-e2e-secret-0123456789-abcdefghijklmnop"
HS256_ISSUER = "http://issuer.test"
HS256_AUDIENCE = "http://audience.test"


class ResourceServer:
    """authkit-resource-server on a free loopback port; stderr goes to a log file."""

    def __init__(self, binary: str, workdir: str, args: list[str], env: dict | None = None,
                 log_name: str = "resource.log"):
        self.log_path = os.path.join(workdir, log_name)
        self.log = open(self.log_path, "w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [binary, "--listen", "127.0.0.1:0", *args], stdout=subprocess.PIPE,
            stderr=self.log, text=True, env=dict(os.environ, **(env or {})))
        line = self.proc.stdout.readline()
        match = re.search(r"authkit-resource-server listening on (http://127\.0\.0\.1:\d+)$",
                          line.strip())
        check(match is not None, f"no listening line, got {line!r}")
        self.root = match.group(1)
        self.port = int(self.root.rsplit(":", 1)[1])

    def read_log(self) -> str:
        with open(self.log_path, encoding="utf-8") as f:
            return f.read()

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
    for flag in ("--ca-file PATH", "--max-connections N", "--max-connections-per-client N",
                 "--header-timeout S"):
        check(flag in out.stdout, f"--help does not mention {flag}: {out.stdout}")
    jwks = ["--jwks-url", "http://127.0.0.1:1/api/v1/auth/jwks"]
    for args, reason in (([], "exactly one of --jwks-url and --hs256-secret-env"),
                         ([*jwks, "--hs256-secret-env", "X"], "exactly one of"),
                         (["--jwks-url", "ftp://x/jwks"], "--jwks-url wants an http://"),
                         ([*jwks, "--listen", "nope"], "--listen wants HOST:PORT"),
                         ([*jwks, "--listen", "127.0.0.1:70000"], "--listen wants HOST:PORT"),
                         ([*jwks, "--trusted-origin", "http://a.test/path"],
                          "--trusted-origin wants an origin"),
                         ([*jwks, "--issuer"], "--issuer needs a value"),
                         ([*jwks, "--bogus"], "unknown argument"),
                         ([*jwks, "--max-connections", "0"], "--max-connections wants 1..1000000"),
                         ([*jwks, "--max-connections-per-client", "many"],
                          "--max-connections-per-client wants 1..1000000"),
                         ([*jwks, "--header-timeout", "0"],
                          "--header-timeout wants 1..86400 seconds"),
                         (["--hs256-secret-env", "X", "--ca-file", "/dev/null"],
                          "--ca-file only applies to --jwks-url"),
                         ([*jwks, "--ca-file", "/nonexistent/authkit-e2e/ca.pem"],
                          "cannot read --ca-file")):
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
        # The transport hands paths over as sent (never percent-decoded), and the access log
        # escapes what is left: an encoded newline cannot start a forged line.
        check("\n1.2.3.4 GET forged" not in log
              and "GET /api/x%0A1.2.3.4%20GET%20forged%20200/tasks 403" in log,
              f"control characters in a logged path: {log}")


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


# --- caps ------------------------------------------------------------------------------------

class KeepAlive:
    """One keep-alive HTTP/1.1 connection (http.client), for many requests in a row."""

    def __init__(self, rs: ResourceServer) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", rs.port, timeout=30)

    def call(self, method: str, path: str, token: str | None = None, body=None,
             headers: dict | None = None):
        all_headers = dict(headers or {})
        if token is not None:
            all_headers["Authorization"] = "Bearer " + token
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
        self.conn.request(method, path, body=data, headers=all_headers)
        response = self.conn.getresponse()
        text = response.read().decode()
        return response.status, response.headers, json.loads(text) if text else None

    def close(self) -> None:
        self.conn.close()


def case_caps(binary: str, _auth_binary: str) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        resource = ResourceServer(binary, workdir, [
            "--hs256-secret-env", "RS_E2E_SECRET", "--issuer", HS256_ISSUER,
            "--audience", HS256_AUDIENCE], env={"RS_E2E_SECRET": HS256_SECRET})
        try:
            run_caps(resource)
        finally:
            code = resource.stop()
        check(code == 0, f"SIGTERM exit status {code}")


def run_caps(rs: ResourceServer) -> None:
    limit = 1000
    alice, bob = "cap-alice", "cap-bob"
    alice_jwt, bob_jwt = mint({"sub": alice}), mint({"sub": bob})
    alice_tasks, bob_tasks = f"/api/{alice}/tasks", f"/api/{bob}/tasks"
    client = KeepAlive(rs)
    try:
        started = time.monotonic()
        ids = []
        for n in range(limit):
            status, _, body = client.call("POST", alice_tasks, alice_jwt, {"title": f"task {n}"})
            check(status == 201, f"create #{n + 1}: {status} {body}")
            ids.append(body["id"])
        elapsed = time.monotonic() - started
        print(f"caps: {limit} creations in {elapsed:.2f} s on one connection")

        # The 1,001st is refused, and nothing is stored.
        expect_error(client.call("POST", alice_tasks, alice_jwt, {"title": "one too many"}), 409,
                     "TASK_LIMIT_REACHED", "task 1001")
        status, _, body = client.call("GET", alice_tasks, alice_jwt)
        check(status == 200 and len(body) == limit and [t["id"] for t in body] == ids,
              f"alice's list after the refusal: {status} {len(body or [])} tasks")
        # Validation still comes first at the cap: a bad body is 400, not 409.
        expect_error(client.call("POST", alice_tasks, alice_jwt, {"title": "x" * 201}), 400,
                     "VALIDATION_ERROR", "oversize title at the cap")
        # Updates are not creations: allowed at the cap.
        status, _, body = client.call("PUT", f"{alice_tasks}/{ids[0]}", alice_jwt,
                                      {"completed": True})
        check(status == 200 and body["completed"] is True, f"update at the cap: {status} {body}")

        # Other users are unaffected by alice's cap.
        status, _, body = client.call("POST", bob_tasks, bob_jwt, {"title": "bob's own"})
        check(status == 201, f"bob creates while alice is capped: {status} {body}")
        status, _, body = client.call("GET", bob_tasks, bob_jwt)
        check(status == 200 and [t["title"] for t in body] == ["bob's own"], f"bob's list: {body}")

        # Deleting makes room for exactly one more.
        status, _, _ = client.call("DELETE", f"{alice_tasks}/{ids[-1]}", alice_jwt)
        check(status == 204, f"delete at the cap: {status}")
        status, _, body = client.call("POST", alice_tasks, alice_jwt, {"title": "room again"})
        check(status == 201, f"create after a delete: {status} {body}")
        expect_error(client.call("POST", alice_tasks, alice_jwt, {"title": "full again"}), 409,
                     "TASK_LIMIT_REACHED", "cap after refilling")

        # The size caps (task_json.hpp), for a user below the task cap.
        for body, what in (({"title": "x" * 201}, "title over 200 bytes"),
                           ({"title": "t", "description": "d" * 2001},
                            "description over 2000 bytes")):
            expect_error(client.call("POST", bob_tasks, bob_jwt, body), 400, "VALIDATION_ERROR",
                         what)
        bob_task = client.call("GET", bob_tasks, bob_jwt)[2][0]
        for body, what in (({"title": "x" * 201}, "PUT title over 200 bytes"),
                           ({"description": "d" * 2001}, "PUT description over 2000 bytes")):
            expect_error(client.call("PUT", f"{bob_tasks}/{bob_task['id']}", bob_jwt, body), 400,
                         "VALIDATION_ERROR", what)
        status, _, body = client.call("GET", bob_tasks, bob_jwt)
        check(status == 200 and body == [bob_task], f"refused bodies changed bob's list: {body}")
    finally:
        client.close()


# --- jwks_https ------------------------------------------------------------------------------

def openssl(*args: str, cwd: str) -> None:
    try:
        subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, text=True,
                       timeout=60)
    except FileNotFoundError:
        raise AssertionError("the openssl command is not installed; it makes the test "
                             "certificates. Install it (Debian: apt-get install openssl)"
                             ) from None
    except subprocess.CalledProcessError as error:
        raise AssertionError(f"openssl {' '.join(args)} failed: {error.stderr}") from None


def make_pki(workdir: str) -> dict[str, str]:
    """A throwaway CA and two server certificates it signs: one for 127.0.0.1, one for
    another host name only. Returns the paths by name."""
    check(shutil.which("openssl") is not None,
          "the openssl command is not installed; it makes the test certificates. "
          "Install it (Debian: apt-get install openssl)")
    curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl("req", "-x509", *curve, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
            "-subj", "/CN=authkit e2e test CA", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=workdir)
    for name, san in (("server", "IP:127.0.0.1,DNS:localhost"), ("wronghost", "DNS:wrong.test")):
        with open(os.path.join(workdir, f"{name}.ext"), "w", encoding="utf-8") as ext:
            ext.write(f"subjectAltName={san}\nbasicConstraints=CA:FALSE\n"
                      "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n")
        openssl("req", "-new", *curve, "-keyout", f"{name}.key", "-out", f"{name}.csr",
                "-subj", f"/CN={name}", cwd=workdir)
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", f"{name}.pem", "-days", "2", "-extfile",
                f"{name}.ext", cwd=workdir)
    return {name: os.path.join(workdir, name) for name in (
        "ca.pem", "server.pem", "server.key", "wronghost.pem", "wronghost.key")}


class HttpsServer:
    """Python's http.server behind ssl on a free loopback port, answering GETs from a table
    path -> (status, headers, body); `hits` lists the paths requested, in order."""

    def __init__(self, certfile: str, keyfile: str, routes: dict) -> None:
        self.hits: list[str] = []
        hits = self.hits

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                hits.append(self.path)
                status, headers, body = routes.get(self.path, (404, {}, b"not found"))
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up (a body over its cap): expected

            def log_message(self, *args) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certfile, keyfile)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.origin = f"https://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def es256_key_and_jwks(kid: str):
    key = ec.generate_private_key(ec.SECP256R1())
    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(key.public_key()))
    jwk.update({"kid": kid, "alg": "ES256", "use": "sig"})
    return key, json.dumps({"keys": [jwk]}).encode()


def case_jwks_https(binary: str, _auth_binary: str) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        pki = make_pki(workdir)
        key, jwks = es256_key_and_jwks("https-e2e")
        json_type = {"Content-Type": "application/json"}
        big = b'{"keys":[' + b" " * (2 * 1024 * 1024) + b"]}"
        routes = {
            "/jwks": (200, dict(json_type, **{"Content-Length": str(len(jwks))}), jwks),
            "/moved": (302, {"Location": "/jwks", "Content-Length": "0"}, b""),
            "/missing": (404, {"Content-Length": "0"}, b""),
            "/big": (200, dict(json_type, **{"Content-Length": str(len(big))}), big),
            # No Content-Length: HTTP/1.0 framing, the body ends when the connection closes,
            # so only the fetcher's own count can stop it.
            "/big-undeclared": (200, json_type, big),
        }
        good = HttpsServer(pki["server.pem"], pki["server.key"], routes)
        wrong_host = HttpsServer(pki["wronghost.pem"], pki["wronghost.key"], routes)
        try:
            run_jwks_https(binary, workdir, pki, key, good, wrong_host)
        finally:
            good.close()
            wrong_host.close()


def run_jwks_https(binary: str, workdir: str, pki: dict, key, good: HttpsServer,
                   wrong_host: HttpsServer) -> None:
    user = "https-user"
    now = int(time.time())

    def token(origin: str) -> str:
        # --jwks-url makes the URL's origin the expected iss and aud.
        return jwt.encode({"sub": user, "iss": origin, "aud": origin, "iat": now,
                           "exp": now + 600}, key, algorithm="ES256",
                          headers={"kid": "https-e2e"})

    def start(url: str, log_name: str, ca: bool = True) -> ResourceServer:
        args = ["--jwks-url", url] + (["--ca-file", pki["ca.pem"]] if ca else [])
        return ResourceServer(binary, workdir, args, log_name=log_name)

    def stop(rs: ResourceServer) -> str:
        code = rs.stop()
        check(code == 0, f"{rs.log_path}: SIGTERM exit status {code}")
        return rs.read_log()

    tasks = f"/api/{user}/tasks"

    # Trusted through --ca-file: the keys arrive over https and the token verifies.
    rs = start(good.origin + "/jwks", "trusted.log")
    try:
        good_token = token(good.origin)
        status, _, body = rs.call("POST", tasks, good_token, {"title": "over https"})
        check(status == 201, f"create with a key fetched over https: {status} {body}")
        status, _, body = rs.call("GET", tasks, good_token)
        check(status == 200 and [t["title"] for t in body] == ["over https"],
              f"list with a key fetched over https: {status} {body}")
        expect_error(rs.call("GET", tasks, token("https://127.0.0.1:1")), 401, "INVALID_TOKEN",
                     "a token for another issuer")
    finally:
        log = stop(rs)
    check(good.hits.count("/jwks") >= 1, f"the JWKS was not fetched: {good.hits}")
    check("JWKS fetch from" not in log, f"a fetch failed with --ca-file: {log}")

    # Refusals: each one leaves the server without keys, so the token gets 401 INVALID_TOKEN,
    # and the log says why (one line, never the body). `reached` is what the HTTPS server's
    # handler saw: nothing when TLS was refused, and exactly the one path otherwise (the
    # fetch at start; the request's refetch waits for the 30 s cooldown), so a redirect
    # shows as no "/jwks" after "/moved".
    refusals = (
        ("untrusted.log", good, "/jwks", False, [],
         "without --ca-file (the system store does not know the test CA)", "certificate"),
        ("wronghost.log", wrong_host, "/jwks", True, [], "a certificate for another host name",
         "subject name"),
        ("redirect.log", good, "/moved", True, ["/moved"], "a redirect (not followed)",
         "HTTP status 302"),
        ("status.log", good, "/missing", True, ["/missing"], "a 404", "HTTP status 404"),
        ("big.log", good, "/big", True, ["/big"], "a declared 2 MiB JWKS",
         "larger than 1048576 bytes"),
        ("undeclared.log", good, "/big-undeclared", True, ["/big-undeclared"],
         "an undeclared 2 MiB JWKS", "larger than 1048576 bytes"),
    )
    for log_name, server, path, ca, reached, what, reason in refusals:
        seen = len(server.hits)
        rs = start(server.origin + path, log_name, ca)
        try:
            expect_error(rs.call("GET", tasks, token(server.origin)), 401, "INVALID_TOKEN", what)
        finally:
            log = stop(rs)
        fetch_lines = [line for line in log.splitlines() if "JWKS fetch from" in line]
        check(fetch_lines and all(reason in line for line in fetch_lines),
              f"{what}: the log says {log!r}")
        print(f"jwks_https: {what}: {fetch_lines[0].split(': ', 1)[1]}")
        check(server.hits[seen:] == reached, f"{what}: requests seen {server.hits[seen:]}")


# --- transport -------------------------------------------------------------------------------

def case_transport(binary: str, _auth_binary: str) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        resource = ResourceServer(binary, workdir, [
            "--hs256-secret-env", "RS_E2E_SECRET", "--issuer", HS256_ISSUER,
            "--audience", HS256_AUDIENCE, "--trusted-origin", TRUSTED],
            env={"RS_E2E_SECRET": HS256_SECRET})
        try:
            run_transport(resource)
        finally:
            code = resource.stop()
        check(code == 0, f"SIGTERM exit status {code}")
        limited = ResourceServer(binary, workdir, [
            "--hs256-secret-env", "RS_E2E_SECRET", "--issuer", HS256_ISSUER,
            "--audience", HS256_AUDIENCE, "--max-connections-per-client", "2",
            "--header-timeout", "1"], env={"RS_E2E_SECRET": HS256_SECRET},
            log_name="limited.log")
        try:
            run_transport_limits(limited)
        finally:
            code = limited.stop()
        check(code == 0, f"SIGTERM exit status {code} (limited)")


def run_transport(rs: ResourceServer) -> None:
    user = "transport-user"
    token = mint({"sub": user})
    tasks = f"/api/{user}/tasks"

    # A known path with another method: 405 with Allow, before any token check.
    for method, path, allow in (("PATCH", tasks, "GET, HEAD, POST"),
                                ("DELETE", tasks, "GET, HEAD, POST"),
                                ("POST", f"{tasks}/1", "GET, HEAD, PUT, DELETE"),
                                ("PATCH", f"{tasks}/1", "GET, HEAD, PUT, DELETE"),
                                ("POST", "/health", "GET, HEAD"),
                                ("OPTIONS", tasks, "GET, HEAD, POST")):
        result = rs.call(method, path, body={} if method in ("POST", "PATCH") else None)
        expect_error(result, 405, "METHOD_NOT_ALLOWED", f"{method} {path}")
        check(result[1].get("Allow") == allow, f"{method} {path}: Allow {result[1].get('Allow')!r}")
    # TRACE never reaches the routes.
    expect_error(rs.call("TRACE", tasks), 405, "METHOD_NOT_ALLOWED", "TRACE")

    # Unknown paths: 404 in JSON, whatever the method.
    for method, path in (("GET", "/"), ("GET", "/nope"), ("GET", "/api"), ("GET", f"{tasks}/"),
                         ("GET", f"{tasks}/1/more"), ("GET", "/api//tasks"),
                         ("POST", "/api/tasks"), ("GET", "/health/")):
        status, headers, body = rs.call(method, path, token)
        check(status == 404 and body == {"message": "Not found", "code": "NOT_FOUND"}
              and headers.get("Content-Type") == "application/json",
              f"{method} {path}: {status} {headers.get('Content-Type')} {body}")

    # HEAD /health: GET's headers, no body.
    conn = http.client.HTTPConnection("127.0.0.1", rs.port, timeout=30)
    try:
        conn.request("HEAD", "/health")
        response = conn.getresponse()
        body = response.read()
        check(response.status == 200 and body == b""
              and response.getheader("Content-Length") == str(len(b'{"status":"ok"}'))
              and response.getheader("Content-Type") == "application/json",
              f"HEAD /health: {response.status} {response.getheaders()} {body!r}")
        # HEAD of a task list: the same checks as GET, so a 401 without a token.
        conn.request("HEAD", tasks)
        response = conn.getresponse()
        check(response.status == 401 and response.read() == b"", f"HEAD {tasks}: {response.status}")
    finally:
        conn.close()

    # A declared 70 KiB body: 413 in JSON as soon as the header is in, the body never sent.
    status, headers, body, _ = exchange(rs.port, (
        f"POST {tasks} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {70 * 1024}\r\n\r\n").encode())
    payload = json.loads(body)
    check(status == 413 and payload.get("code") == "PAYLOAD_TOO_LARGE"
          and isinstance(payload.get("message"), str)
          and headers.get("content-type") == "application/json",
          f"declared 70 KiB: {status} {headers} {body!r}")

    # CORS compares the Origin byte for byte: percent-encoded, it is not the trusted one.
    encoded = "http%3A%2F%2Fdashboard.test"
    check(TRUSTED == "http://dashboard.test", "TRUSTED changed: update the encoded origin")
    for method, path, headers in (
            ("GET", "/health", {"Origin": encoded}),
            ("GET", tasks, {"Origin": encoded}),
            ("OPTIONS", tasks, {"Origin": encoded, "Access-Control-Request-Method": "GET"})):
        status, got, _ = rs.call(method, path, token if method == "GET" else None,
                                 headers=headers)
        check(not any(h.lower().startswith("access-control-") for h in got),
              f"CORS headers for an encoded origin on {method} {path}: {status} {dict(got)}")
    status, got, _ = rs.call("GET", "/health", headers={"Origin": TRUSTED})
    check(got.get("Access-Control-Allow-Origin") == TRUSTED, "the plain origin is trusted")
    # A preflight is answered on any path, before routing.
    status, got, _ = rs.call("OPTIONS", "/anything", headers={
        "Origin": TRUSTED, "Access-Control-Request-Method": "DELETE"})
    check(status == 204 and got.get("Access-Control-Allow-Origin") == TRUSTED,
          f"preflight on an unknown path: {status} {dict(got)}")
    # CORS headers ride on errors too (the page must be able to read a 401 or a 404).
    status, got, _ = rs.call("GET", "/nope", headers={"Origin": TRUSTED})
    check(status == 404 and got.get("Access-Control-Allow-Origin") == TRUSTED, "CORS on a 404")

    # Path segments are percent-decoded one by one: %2D is '-', %2F stays inside its segment.
    status, _, body = rs.call("GET", "/api/transport%2Duser/tasks", token)
    check(status == 200 and body == [], f"encoded user id: {status} {body}")
    slashed = mint({"sub": "team/a"})
    status, _, body = rs.call("POST", "/api/team%2Fa/tasks", slashed, {"title": "t"})
    check(status == 201 and body["user_id"] == "team/a", f"%2F in a user id: {status} {body}")
    expect_error(rs.call("GET", "/api/team/a/tasks", slashed), 404, "NOT_FOUND",
                 "a raw '/' splits the path")
    expect_error(rs.call("GET", "/api/%zz/tasks", token), 400, "BAD_REQUEST",
                 "broken percent-encoding")

    # Authorization sent twice is malformed, even when both copies are valid.
    conn = http.client.HTTPConnection("127.0.0.1", rs.port, timeout=30)
    try:
        conn.putrequest("GET", tasks)
        conn.putheader("Authorization", "Bearer " + token)
        conn.putheader("authorization", "Bearer " + token)
        conn.endheaders()
        response = conn.getresponse()
        body = json.loads(response.read())
        check(response.status == 401 and body.get("code") == "MALFORMED_TOKEN",
              f"two Authorization headers: {response.status} {body}")
    finally:
        conn.close()


def run_transport_limits(rs: ResourceServer) -> None:
    # --max-connections-per-client 2: a third connection from the same address gets 429.
    first = socket.create_connection(("127.0.0.1", rs.port), timeout=10)
    second = socket.create_connection(("127.0.0.1", rs.port), timeout=10)
    try:
        time.sleep(0.2)  # both accepted and counted
        # Nothing is sent: the refusal comes at accept time.
        status, _, body = exchange(rs.port, b"")[:3]
        check(status == 429 and json.loads(body).get("code") == "TOO_MANY_CONNECTIONS",
              f"third connection: {status} {body!r}")
    finally:
        first.close()
        second.close()

    # --header-timeout 1: a header that never ends is cut off after about a second.
    deadline = time.monotonic() + 10
    while True:  # the two connections above are released asynchronously
        with socket.create_connection(("127.0.0.1", rs.port), timeout=10) as sock:
            started = time.monotonic()
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
            try:
                data = sock.recv(65536)
            except ConnectionResetError:
                data = b""
            elapsed = time.monotonic() - started
        if not data.startswith(b"HTTP/1.1 429") or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    check(not data.startswith(b"HTTP/1.1 200") and elapsed < 5,
          f"an unfinished header was held {elapsed:.1f} s: {data!r}")
    check(elapsed >= 0.5, f"the connection closed after {elapsed:.2f} s, before the timeout")


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    binary, auth_binary, case = sys.argv[1:]
    cases = {"usage": case_usage, "jwks": case_jwks, "hs256": case_hs256, "caps": case_caps,
             "jwks_https": case_jwks_https, "transport": case_transport}
    cases[case](binary, auth_binary)
    print(f"resource_server_test {case}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
