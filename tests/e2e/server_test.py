#!/usr/bin/env python3
"""End-to-end checks of the authkit-server binary over real HTTP, with the Python standard
library only (better-auth's own client and the browser run in the node-based suite).

Usage: server_test.py AUTHKIT_SERVER CASE
  config            J5: the default listen address is loopback (--print-config), and a
                    PostgreSQL URL's password is never printed
  secret_required   without AUTHKIT_SECRET and without --dev the server refuses to start
  usage             --help answers 0 with the usage; bad arguments answer 2 and say why
  listener          the accept queue is wide (ss) and a second server cannot share the port
  restart           a restart on the same database keeps the JWKS (the signing key is stored,
                    sealed) and the signed-in sessions
  flow              sign-up, verification link from the outbox, sign-in, get-session, /token
                    and /jwks, reset by link, the old session refused, sign-out, /health,
                    /ready, a clean SIGTERM shutdown and an access log without tokens
  pages             the browser pages: every page and asset with its type and security
                    headers, the config with --resource-url, / and the /dashboard guard
                    (302 without a session, the user with one), the links landing on the pages
  abuse             the device cookie keeps the owner in while strangers are throttled,
                    duplicate sign-ups mail at most 3 notices, GET /error, the audit log
                    (--audit-log), and mail queued at SIGTERM is still delivered
Exit status 0 on success; a failed check raises with a message.
"""

from __future__ import annotations

import base64
import http.cookiejar
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

PASSWORD = "correct horse battery"


def check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


class Server:
    """authkit-server on a free loopback port with a temporary database and outbox."""

    def __init__(self, binary: str, workdir: str, extra_args: list[str] | None = None) -> None:
        self.outbox = os.path.join(workdir, "outbox.jsonl")
        self.log_path = os.path.join(workdir, "server.log")
        env = dict(os.environ, AUTHKIT_SECRET="e2e-secret-0123456789-abcdefghijklmnopqrstuvwxyz")
        self.log = open(self.log_path, "w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [binary, "--listen", "127.0.0.1:0", "--db", os.path.join(workdir, "auth.db"),
             "--mail-outbox", self.outbox, "--rate-limit", "off", *(extra_args or [])],
            stdout=subprocess.PIPE, stderr=self.log, text=True, env=env)
        line = self.proc.stdout.readline()
        match = re.search(r"listening on (http://127\.0\.0\.1:\d+)", line)
        check(match is not None, f"no listening line, got {line!r}")
        self.root = match.group(1)
        self.base = self.root + "/api/v1/auth"

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=30)
        self.log.close()
        return code


class Client:
    """A browser-like client: a cookie jar, an Origin header, JSON bodies."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def call(self, method: str, route: str, body: dict | None = None):
        """A request to the auth API (route relative to the base URL)."""
        return self.fetch(method, self.server.base + route, body)

    def page(self, path: str):
        """GET of a path relative to the server's root (a page or an asset)."""
        return self.fetch("GET", self.server.root + path)

    def fetch(self, method: str, url: str, body: dict | None = None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Origin", self.server.root)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102
        return None


def mails(outbox: str) -> list[dict]:
    """Every mail in the outbox so far (none when the file does not exist yet)."""
    try:
        with open(outbox, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        return []


def last_mail(outbox: str, to: str, kind: str, count: int = 1) -> dict:
    """The newest `kind` mail to `to`, once at least `count` of them are in the outbox. The
    server sends mail after answering (its mail queue), so this waits for it, up to 10 s."""
    deadline = time.monotonic() + 10
    while True:
        found = [m for m in mails(outbox) if m["to"] == to and m["kind"] == kind]
        if len(found) >= count or time.monotonic() > deadline:
            break
        time.sleep(0.02)
    check(len(found) >= count, f"no {kind} mail to {to} (wanted {count}, found {len(found)})")
    return found[-1]


def case_config(binary: str) -> None:
    out = subprocess.run([binary, "--print-config"], capture_output=True, text=True, check=True)
    check("listen 127.0.0.1:8080" in out.stdout, f"default listen is not loopback: {out.stdout}")
    check("resource-url none" in out.stdout, f"resource-url default: {out.stdout}")
    out = subprocess.run([binary, "--print-config", "--resource-url", "http://127.0.0.1:9000/"],
                         capture_output=True, text=True, check=True)
    check("resource-url http://127.0.0.1:9000\n" in out.stdout, f"--resource-url: {out.stdout}")
    # A PostgreSQL URL is printed without its password.
    out = subprocess.run([binary, "--print-config", "--db",
                          "postgresql://auth:s3cret-pw@db.internal:5432/auth?sslmode=require"],
                         capture_output=True, text=True, check=True)
    check("db postgresql://auth:***@db.internal:5432/auth?sslmode=require\n" in out.stdout,
          f"--db URL: {out.stdout}")
    check("s3cret-pw" not in out.stdout, "the database password was printed")
    check("cookie-prefix authkit\n" in out.stdout, f"cookie-prefix default: {out.stdout}")
    check("sign-up-domains any\n" in out.stdout, f"sign-up-domains default: {out.stdout}")
    out = subprocess.run([binary, "--print-config", "--sign-up-domain", "Example.COM",
                          "--sign-up-domain", "corp.example.org", "--cookie-prefix", "better-auth"],
                         capture_output=True, text=True, check=True)
    check("sign-up-domains example.com,corp.example.org\n" in out.stdout,
          f"--sign-up-domain: {out.stdout}")
    check("cookie-prefix better-auth\n" in out.stdout, f"--cookie-prefix: {out.stdout}")
    for bad in ["", "@example.com", "exa mple.com", ".example.com", "example..com"]:
        out = subprocess.run([binary, "--print-config", "--sign-up-domain", bad],
                             capture_output=True, text=True)
        check(out.returncode == 2 and "--sign-up-domain wants a domain" in out.stderr,
              f"--sign-up-domain {bad!r}: {out.returncode} {out.stderr}")
    out = subprocess.run([binary, "--print-config"], capture_output=True, text=True, check=True)
    check("user-fields none\n" in out.stdout, f"user-fields default: {out.stdout}")
    out = subprocess.run([binary, "--print-config", "--user-field", "company:string",
                          "--user-field", "plan:string:default=free:readonly:jwt",
                          "--user-field", "seats:number:default=2.5:required"],
                         capture_output=True, text=True, check=True)
    check("user-fields company:string,plan:string:readonly:jwt,seats:number:required\n"
          in out.stdout, f"--user-field: {out.stdout}")
    for bad in ["company", "company:text", ":string", "seats:number:default=many",
                "ok:boolean:default=yes", "company:string:secret"]:
        out = subprocess.run([binary, "--print-config", "--user-field", bad],
                             capture_output=True, text=True)
        check(out.returncode == 2 and f"--user-field {bad}:" in out.stderr,
              f"--user-field {bad!r}: {out.returncode} {out.stderr}")


def case_secret_required(binary: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "AUTHKIT_SECRET"}
    out = subprocess.run([binary, "--listen", "127.0.0.1:0", "--db", ":memory:"],
                         capture_output=True, text=True, env=env, timeout=30)
    check(out.returncode == 2, f"expected exit 2, got {out.returncode}")
    check("AUTHKIT_SECRET is not set" in out.stderr, f"unclear message: {out.stderr}")


def case_usage(binary: str) -> None:
    out = subprocess.run([binary, "--help"], capture_output=True, text=True, timeout=30)
    check(out.returncode == 0 and "--listen HOST:PORT" in out.stdout, "--help")
    check("--resource-url URL" in out.stdout, "--help does not mention --resource-url")
    for flag in ["--max-connections N", "--max-connections-per-client N", "--header-timeout S",
                 "--trusted-proxy CIDR", "--purge-interval S", "--workers N", "--cookie-prefix P"]:
        check(flag in out.stdout, f"--help does not mention {flag}")
    for args, reason in ((["--listen", "nope"], "--listen wants HOST:PORT"),
                         (["--rate-limit", "maybe"], "--rate-limit wants on or off"),
                         (["--threads", "0"], "--threads wants 1..1024"),
                         (["--workers", "x"], "--workers wants 1..1024"),
                         (["--max-connections", "0"], "--max-connections wants 1..1000000"),
                         (["--max-connections-per-client", "-3"],
                          "--max-connections-per-client wants 1..1000000"),
                         (["--header-timeout", "0"], "--header-timeout wants 1..86400 seconds"),
                         (["--purge-interval", "1h"], "--purge-interval wants 1..86400 seconds"),
                         (["--trusted-proxy", "10.0.0.0/99", "--dev", "--db", ":memory:",
                           "--listen", "127.0.0.1:0"], "--trusted-proxy"),
                         (["--resource-url", "ftp://x"], "--resource-url wants an http(s) URL"),
                         (["--cookie-prefix", "a;b"], "--cookie-prefix wants letters, digits"),
                         (["--cookie-prefix", ""], "--cookie-prefix wants letters, digits"),
                         (["--resource-url", "http://x/a b"], "--resource-url wants an http(s) URL"),
                         (["--base-url", "http://127.0.0.1:1/auth", "--listen", "127.0.0.1:0"],
                          "overlaps the browser pages"),
                         (["--db"], "--db needs a value"),
                         (["--bogus"], "unknown argument")):
        out = subprocess.run([binary, *args], capture_output=True, text=True, timeout=30)
        check(out.returncode == 2 and reason in out.stderr, f"{args}: {out.returncode} {out.stderr}")


def case_flow(binary: str) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        server = Server(binary, workdir)
        try:
            run_flow(server)
        finally:
            code = server.stop()
        check(code == 0, f"SIGTERM exit status {code}")
        log = open(server.log_path, encoding="utf-8").read()
        check("POST /api/v1/auth/sign-in/email 200" in log, "no access log line for sign-in")
        check("stopped" in log, "no shutdown message")
        for mail in open(server.outbox, encoding="utf-8"):
            if mail.strip() and json.loads(mail)["token"]:
                check(json.loads(mail)["token"] not in log, "a token reached the access log")
        check(PASSWORD not in log, "a password reached the log")


def run_flow(server: Server) -> None:
    browser = Client(server)
    status, _, _ = browser.call("GET", "/ok")
    check(status == 200, "ok route")
    with urllib.request.urlopen(server.root + "/health", timeout=30) as r:
        check(r.status == 200, "/health")
    with urllib.request.urlopen(server.root + "/ready", timeout=30) as r:
        check(json.loads(r.read()) == {"status": "ready"}, "/ready")

    email = "e2e@example.com"
    status, _, body = browser.call("POST", "/sign-up/email",
                                   {"name": "E2E", "email": email, "password": PASSWORD})
    check(status == 200 and json.loads(body)["token"] is None, f"sign-up: {status} {body}")
    status, _, body = browser.call("POST", "/sign-in/email", {"email": email, "password": PASSWORD})
    check(status == 403 and json.loads(body)["code"] == "EMAIL_NOT_VERIFIED", "unverified sign-in")

    link = last_mail(server.outbox, email, "verify-email")["url"]
    check(link.startswith(server.base + "/verify-email?token="), f"verification link {link}")
    status, headers, _ = browser.call("GET", link[len(server.base):])
    check(status == 302 and headers.get("Location") == "/", f"verify-email: {status} {headers}")

    status, headers, body = browser.call("POST", "/sign-in/email",
                                         {"email": email, "password": PASSWORD})
    check(status == 200, f"sign-in: {status} {body}")
    check("authkit.session_token=" in headers.get("Set-Cookie", ""), "no session cookie")
    status, _, body = browser.call("GET", "/get-session")
    check(json.loads(body)["user"]["email"] == email, f"get-session: {body}")
    status, _, body = browser.call("GET", "/token")
    check(status == 200 and json.loads(body)["token"].count(".") == 2, "token")
    status, _, body = browser.call("GET", "/jwks")
    check(json.loads(body)["keys"][0]["kty"] == "OKP", f"jwks: {body}")

    # A second device keeps its session until the reset.
    other = Client(server)
    check(other.call("POST", "/sign-in/email", {"email": email, "password": PASSWORD})[0] == 200,
          "second sign-in")
    status, _, _ = browser.call("POST", "/request-password-reset",
                                {"email": email, "redirectTo": "/reset"})
    check(status == 200, "request reset")
    reset = last_mail(server.outbox, email, "reset-password")
    status, headers, _ = browser.call("GET", reset["url"][len(server.base):])
    check(status == 302 and headers["Location"].endswith("/reset?token=" + reset["token"]),
          f"reset link: {status} {headers}")
    status, _, body = browser.call("POST", "/reset-password",
                                   {"newPassword": "a new password for e2e", "token": reset["token"]})
    check(status == 200, f"reset: {status} {body}")
    check(other.call("GET", "/get-session")[2] == "null", "the old session survived the reset")
    status, _, _ = browser.call("POST", "/sign-in/email",
                                {"email": email, "password": "a new password for e2e"})
    check(status == 200, "sign-in with the new password")
    status, _, body = browser.call("POST", "/sign-out", {})
    check(status == 200 and browser.call("GET", "/get-session")[2] == "null", "sign-out")


# Every page with ids its scripts and the browser tests rely on (the page contract in
# docs/examples.md).
PAGES = {
    "/auth/login": ['id="email"', 'id="password"', 'id="remember"', 'id="submit"',
                    'id="message"', 'id="resend-verification"', 'href="/auth/register"',
                    'href="/auth/reset-password"', 'src="/auth/assets/login.js"'],
    "/auth/register": ['id="name"', 'id="email"', 'id="password"', 'id="confirm-password"',
                       'id="submit"', 'id="message"', 'src="/auth/assets/register.js"'],
    "/auth/reset-password": ['id="email"', 'id="submit"', 'id="message"'],
    "/auth/update-password": ['id="password"', 'id="confirm-password"', 'id="submit"',
                              'id="message"'],
    "/auth/verify-email": ['id="message"', 'id="dashboard-link"', 'id="login-link"'],
}
ASSETS = {"style.css": "text/css; charset=utf-8", "favicon.svg": "image/svg+xml"} | {
    name: "text/javascript; charset=utf-8"
    for name in ("authkit-client.js", "forms.js", "login.js", "register.js",
                 "reset-password.js", "update-password.js", "verify-email.js", "dashboard.js")}
RESOURCE = "http://127.0.0.1:9"


def check_page_headers(path: str, headers: dict, resource_origin: str | None) -> None:
    csp = headers.get("Content-Security-Policy", "")
    connect = "connect-src 'self'" + (f" {resource_origin};" if resource_origin else ";")
    for part in ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", connect):
        check(part in csp, f"{path}: CSP without {part!r}: {csp!r}")
    check("unsafe-inline" not in csp, f"{path}: CSP allows inline code: {csp!r}")
    check(headers.get("X-Content-Type-Options") == "nosniff", f"{path}: nosniff")
    check(headers.get("Referrer-Policy") == "no-referrer", f"{path}: Referrer-Policy")
    check(headers.get("X-Frame-Options") == "DENY", f"{path}: X-Frame-Options")


def case_pages(binary: str) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        # A trailing '/' on --resource-url is dropped; CSP and config carry the bare URL.
        server = Server(binary, workdir, ["--resource-url", RESOURCE + "/"])
        try:
            run_pages(server)
        finally:
            check(server.stop() == 0, "SIGTERM exit status")
    with tempfile.TemporaryDirectory() as workdir:
        server = Server(binary, workdir)
        try:
            status, headers, body = Client(server).page("/auth/config.js")
            check(status == 200 and '"resourceBase":null' in body, f"config without tasks: {body}")
            check_page_headers("/auth/login", Client(server).page("/auth/login")[1], None)
        finally:
            check(server.stop() == 0, "SIGTERM exit status")


def run_pages(server: Server) -> None:
    browser = Client(server)
    for path, elements in PAGES.items():
        status, headers, body = browser.page(path)
        check(status == 200, f"{path}: {status}")
        check(headers.get("Content-Type") == "text/html; charset=utf-8", f"{path}: {headers}")
        check(headers.get("Cache-Control") == "no-store", f"{path}: Cache-Control")
        check_page_headers(path, headers, RESOURCE)
        check(body.startswith("<!doctype html>") and "<script>" not in body, f"{path}: body")
        check('href="/auth/assets/style.css"' in body, f"{path}: no style sheet")
        for element in elements:
            check(element in body, f"{path}: no {element}")
        for label_for in re.findall(r'<input id="([^"]+)"', body):
            check(f'<label for="{label_for}">' in body, f"{path}: #{label_for} has no label")
    for name, content_type in ASSETS.items():
        status, headers, body = browser.page("/auth/assets/" + name)
        check(status == 200 and headers.get("Content-Type") == content_type,
              f"{name}: {status} {headers.get('Content-Type')}")
        check(headers.get("X-Content-Type-Options") == "nosniff" and body, f"{name}: headers")
    for missing in ("/auth/assets/nope.js", "/auth/assets/login.html", "/auth/assets/..%2fx",
                    "/auth/nope"):
        check(browser.page(missing)[0] == 404, f"{missing} is served")

    status, headers, body = browser.page("/auth/config.js")
    check(status == 200 and headers.get("Content-Type") == "text/javascript; charset=utf-8",
          f"config.js: {status} {headers}")
    check(headers.get("Cache-Control") == "no-store", "config.js: Cache-Control")
    check(f'"resourceBase":"{RESOURCE}"' in body and '"authBase":"/api/v1/auth"' in body,
          f"config.js: {body}")
    check('"minLength":8' in body and '"maxLength":128' in body, f"config.js rules: {body}")

    status, headers, _ = browser.page("/")
    check(status == 302 and headers.get("Location") == "/dashboard", f"/: {status} {headers}")
    status, headers, _ = browser.page("/dashboard")
    check(status == 302 and headers.get("Location") == "/auth/login",
          f"/dashboard without a session: {status} {headers}")

    # Sign up as the register page does; the mailed link lands on /auth/verify-email.
    email, name = "pages@example.com", "Page <b>& 'Tester'"
    status, _, body = browser.call("POST", "/sign-up/email", {
        "name": name, "email": email, "password": PASSWORD,
        "callbackURL": "/auth/verify-email?verified=1"})
    check(status == 200, f"sign-up: {status} {body}")
    link = last_mail(server.outbox, email, "verify-email")["url"]
    status, headers, _ = browser.fetch("GET", link)
    check(status == 302 and headers.get("Location") == "/auth/verify-email?verified=1",
          f"verification link: {status} {headers}")
    status, headers, _ = browser.fetch("GET", link)  # used: back to the page with the error
    check(status == 302 and headers.get("Location", "").startswith(
        "/auth/verify-email?verified=1&error="), f"used verification link: {headers}")

    status, _, body = browser.call("POST", "/sign-in/email",
                                   {"email": email, "password": PASSWORD, "rememberMe": True})
    check(status == 200, f"sign-in: {status} {body}")
    user_id = json.loads(body)["user"]["id"]
    status, headers, body = browser.page("/dashboard")
    check(status == 200 and headers.get("Content-Type") == "text/html; charset=utf-8",
          f"/dashboard with a session: {status} {headers}")
    check(headers.get("Cache-Control") == "no-store", "/dashboard: Cache-Control")
    check_page_headers("/dashboard", headers, RESOURCE)
    check(f'data-user-id="{user_id}"' in body, "/dashboard: no user id")
    check(f'<dd id="user-email">{email}</dd>' in body, "/dashboard: no email")
    check('<dd id="user-name">Page &lt;b&gt;&amp; &#39;Tester&#39;</dd>' in body,
          "/dashboard: the name is missing or not escaped")
    check('<dd id="user-verified">yes</dd>' in body, "/dashboard: not verified")
    check("{{" not in body, "/dashboard: a placeholder was left")
    for element in ('id="sign-out"', 'id="task-list"', 'id="task-title"', 'id="add-task"',
                    'id="message"', 'id="tasks-unavailable"', 'src="/auth/assets/dashboard.js"'):
        check(element in body, f"/dashboard: no {element}")

    # The reset link lands on /auth/update-password, with the token or the error.
    status, _, _ = browser.call("POST", "/request-password-reset",
                                {"email": email, "redirectTo": server.root + "/auth/update-password"})
    check(status == 200, "request reset")
    reset = last_mail(server.outbox, email, "reset-password")
    status, headers, _ = browser.fetch("GET", reset["url"])
    check(status == 302 and headers.get("Location") ==
          server.root + "/auth/update-password?token=" + reset["token"], f"reset link: {headers}")
    bad = reset["url"].replace(reset["token"], "x" * len(reset["token"]))
    status, headers, _ = browser.fetch("GET", bad)
    check(status == 302 and headers.get("Location") ==
          server.root + "/auth/update-password?error=INVALID_TOKEN", f"bad reset link: {headers}")

    # Signed out (the dashboard's button), the guard sends the browser back to sign-in.
    status, _, _ = browser.call("POST", "/sign-out", {})
    check(status == 200, "sign-out")
    status, headers, _ = browser.page("/dashboard")
    check(status == 302 and headers.get("Location") == "/auth/login", "/dashboard after sign-out")


def case_restart(binary: str) -> None:
    """A restart on the same database and secret keeps the JWKS and the sessions."""
    with tempfile.TemporaryDirectory() as workdir:
        server = Server(binary, workdir)
        try:
            client = Client(server)
            email = "restart@example.com"
            status, _, _ = client.call("POST", "/sign-up/email",
                                       {"email": email, "password": PASSWORD, "name": "R"})
            check(status == 200, f"sign-up: {status}")
            link = last_mail(server.outbox, email, "verify-email")["url"]
            client.fetch("GET", link)
            status, _, _ = client.call("POST", "/sign-in/email",
                                       {"email": email, "password": PASSWORD})
            check(status == 200, f"sign-in: {status}")
            status, _, body = client.call("GET", "/token")
            check(status == 200, f"token: {status}")
            token_header = json.loads(base64url_decode(json.loads(body)["token"].split(".")[0]))
            _, _, jwks_before = client.call("GET", "/jwks")
        finally:
            check(server.stop() == 0, "first server did not stop cleanly")
        server = Server(binary, workdir)
        try:
            client.server = server
            _, _, jwks_after = client.call("GET", "/jwks")
            check(json.loads(jwks_after) == json.loads(jwks_before),
                  f"JWKS changed across a restart: {jwks_before} -> {jwks_after}")
            check(token_header["kid"] in jwks_after, "the old token's kid is not published")
            # The cookie jar still holds the session cookie (same host, another port).
            status, _, body = client.call("GET", "/get-session")
            check(status == 200 and json.loads(body)["user"]["email"] == email,
                  f"session lost across a restart: {status} {body}")
            with open(os.path.join(workdir, "auth.db"), "rb") as db:
                raw = db.read()
            check(b'"d":' not in raw, "a private JWK member is stored in clear")
        finally:
            check(server.stop() == 0, "second server did not stop cleanly")


def case_listener(binary: str) -> None:
    """The listening socket: a wide accept queue (a backlog of 5, cpp-httplib's, stalled
    bursts of connections for a second) and no second server on the same port."""
    with tempfile.TemporaryDirectory() as workdir:
        server = Server(binary, workdir)
        try:
            port = server.root.rsplit(":", 1)[1]
            try:
                out = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True,
                                     text=True, check=True, timeout=30)
            except FileNotFoundError:
                raise AssertionError("`ss` is not installed (Debian: iproute2); install the "
                                     "test dependencies: bash scripts/install-deps.sh test"
                                     ) from None
            fields = out.stdout.split()
            check(len(fields) >= 3 and fields[0] == "LISTEN", f"ss: {out.stdout!r}")
            check(int(fields[2]) >= 128, f"listen backlog is {fields[2]}, want >= 128")
            env = dict(os.environ, AUTHKIT_SECRET="e2e-secret-0123456789-abcdefghijklmnopqrstuvwxyz")
            second = subprocess.run(
                [binary, "--listen", f"127.0.0.1:{port}", "--db", ":memory:"],
                capture_output=True, text=True, env=env, timeout=30)
            check(second.returncode == 1 and "cannot listen" in second.stderr,
                  f"a second server bound the same port: {second.returncode} {second.stderr}")
        finally:
            check(server.stop() == 0, "server did not stop cleanly")


def case_abuse(binary: str) -> None:
    """Account-level defences through the real server: the device cookie keeps the owner in
    while strangers have the account throttled, duplicate sign-ups mail a capped number of
    notices, the error page, the audit log, and mail queued at SIGTERM still goes out."""
    with tempfile.TemporaryDirectory() as workdir:
        audit_path = os.path.join(workdir, "audit.jsonl")
        server = Server(binary, workdir, ["--audit-log", audit_path])
        email = "abuse@example.com"
        try:
            owner = Client(server)
            status, _, _ = owner.call("POST", "/sign-up/email",
                                      {"name": "Owner", "email": email, "password": PASSWORD})
            check(status == 200, f"sign-up: {status}")
            owner.fetch("GET", last_mail(server.outbox, email, "verify-email")["url"])
            status, headers, _ = owner.call("POST", "/sign-in/email",
                                            {"email": email, "password": PASSWORD})
            check(status == 200, f"owner sign-in: {status}")
            devices = [c for c in owner.jar if c.name == "authkit.device"]
            check(len(devices) == 1, f"no device cookie: {[c.name for c in owner.jar]}")
            check(devices[0].has_nonstandard_attr("HttpOnly"), "the device cookie is not HttpOnly")

            # Strangers guess until the account throttle refuses them (5 free guesses)...
            stranger = Client(server)
            refused = None
            for _ in range(20):
                status, headers, _ = stranger.call(
                    "POST", "/sign-in/email", {"email": email, "password": "a wrong guess"})
                if status == 429:
                    refused = headers
                    break
                check(status == 401, f"a wrong guess answered {status}")
            check(refused is not None and "Retry-After" in refused, "strangers were not throttled")
            # ...while the owner's browser, presenting its device cookie, gets in.
            status, _, body = owner.call("POST", "/sign-in/email",
                                         {"email": email, "password": PASSWORD})
            check(status == 200, f"the owner was kept out: {status} {body}")

            # Duplicate sign-ups: the same concealed answer, at most 3 notices an hour.
            for i in range(5):
                status, _, _ = stranger.call("POST", "/sign-up/email", {
                    "name": "Dup", "email": email, "password": f"another password {i}"})
                check(status == 200, f"duplicate sign-up {i}: {status}")

            status, headers, body = stranger.call("GET", "/error?error=INVALID_TOKEN")
            check(status == 200 and headers.get("Content-Type", "").startswith("text/html"),
                  f"/error: {status} {headers}")
            check("<code>INVALID_TOKEN</code>" in body, "/error does not name the code")
            check("default-src 'none'" in headers.get("Content-Security-Policy", ""),
                  f"/error CSP: {headers}")

            # A reset requested just before the stop: the queue delivers it on the way out.
            status, _, _ = stranger.call("POST", "/request-password-reset", {"email": email})
            check(status == 200, f"request reset: {status}")
        finally:
            code = server.stop()
        check(code == 0, f"SIGTERM exit status {code}")
        sent = mails(server.outbox)
        notices = [m for m in sent if m["to"] == email and m["kind"] == "existing-account"]
        check(len(notices) == 3, f"{len(notices)} existing-account notices, want 3")
        check(any(m["to"] == email and m["kind"] == "reset-password" for m in sent),
              "the reset mail queued at SIGTERM was lost")
        with open(audit_path, encoding="utf-8") as f:
            events = [json.loads(line) for line in f if line.strip()]
        reasons = {(e["event"], e.get("reason", "")) for e in events}
        for wanted in [("sign_in_failed", "THROTTLED"), ("sign_in_succeeded", ""),
                       ("rate_limited", "MAIL_PER_ADDRESS"), ("sign_in_failed", "INVALID_PASSWORD")]:
            check(wanted in reasons, f"audit log lacks {wanted}: {sorted(reasons)}")
        raw = open(audit_path, encoding="utf-8").read()
        for mail in sent:
            check(not mail["token"] or mail["token"] not in raw, "a token reached the audit log")
        check(PASSWORD not in raw, "a password reached the audit log")


def base64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, case = sys.argv[1], sys.argv[2]
    cases = {"config": case_config, "secret_required": case_secret_required,
             "usage": case_usage, "flow": case_flow, "pages": case_pages,
             "restart": case_restart, "listener": case_listener, "abuse": case_abuse}
    cases[case](binary)
    print(f"server_test {case}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
