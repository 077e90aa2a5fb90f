#!/usr/bin/env python3
"""End-to-end checks of authkit-server's HTTP transport (examples/common/http_server.*) over
raw loopback sockets: what an attacker can send, not what a polite client does.

Usage: transport_test.py AUTHKIT_SERVER CASE
  strict        each request-smuggling shape (repeated or conflicting Content-Length,
                Transfer-Encoding with Content-Length, obs-fold, bare CR/LF, ...) gets a JSON
                400 and the connection closes; so does an encoded Origin; HEAD is GET without
                a body; TRACE gets 405 and unknown methods 501; a declared body over the cap
                gets 413 before it is sent; an oversized header gets 431
  slow_clients  one client (127.0.0.2) holds 300 idle keep-alive sockets and 100 slowloris
                sockets while another (127.0.0.1) keeps calling get-session: every call
                succeeds (latencies printed, never asserted); the trickles are cut off at the
                header deadline
  caps          the per-client cap refuses a client's next connection with a JSON 429 while
                other clients connect; the overall cap answers 503; a trusted proxy's
                connections are not counted against it, but the client it names may have
                only so many requests in flight
  access_log    a path forging a log line comes out escaped; no query string, token or
                reset-link token in the log
  purge         expired sessions, verifications, rate-limit counters and sign-in failures are
                deleted by the periodic purge; live rows stay
  base_url      --base-url given as a bare origin serves the API at ORIGIN/api/v1/auth; a
                bad value is refused with a sentence
  shutdown      SIGTERM closes idle connections at once, lets a request in flight finish, and
                the server exits 0
Exit status 0 on success; a failed check raises with a message.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time

from raw_http import connect, exchange, read_response

SECRET = "e2e-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
PASSWORD = "correct horse battery"


def check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


class Server:
    """authkit-server on a free loopback port with a temporary database."""

    def __init__(self, binary: str, workdir: str, extra: list[str] | None = None,
                 listen: str = "127.0.0.1:0") -> None:
        self.db = os.path.join(workdir, "auth.db")
        self.outbox = os.path.join(workdir, "outbox.jsonl")
        self.log_path = os.path.join(workdir, "server.log")
        self.log = open(self.log_path, "w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [binary, "--listen", listen, "--db", self.db, "--mail-outbox", self.outbox,
             "--rate-limit", "off", *(extra or [])],
            stdout=subprocess.PIPE, stderr=self.log, text=True,
            env=dict(os.environ, AUTHKIT_SECRET=SECRET))
        line = self.proc.stdout.readline()
        match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
        check(match is not None, f"no listening line, got {line!r}")
        self.port = int(match.group(1))
        self.origin = f"http://127.0.0.1:{self.port}"

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        code = self.proc.wait(timeout=60)
        self.log.close()
        return code

    def log_text(self) -> str:
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()


def http_get(port: int, path: str, headers: str = "") -> tuple[int, dict[str, str], bytes]:
    raw = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}Connection: close\r\n\r\n"
    status, hdrs, body, _ = exchange(port, raw.encode())
    return status, hdrs, body


def json_error(body: bytes) -> dict:
    document = json.loads(body)
    check(isinstance(document, dict) and set(document) == {"message", "code"},
          f"not a JSON error: {body!r}")
    return document


def post_json(port: int, path: str, body: dict, extra: str = "", source: str = "127.0.0.1"):
    data = json.dumps(body).encode()
    raw = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
           f"Origin: http://127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
           f"Content-Length: {len(data)}\r\n{extra}Connection: close\r\n\r\n").encode() + data
    return exchange(port, raw, source)


def sign_up_and_in(server: Server, email: str) -> str:
    """A verified account signed in; returns the Cookie header value of its session."""
    status, _, body, _ = post_json(server.port, "/api/v1/auth/sign-up/email",
                                   {"name": "T", "email": email, "password": PASSWORD})
    check(status == 200, f"sign-up: {status} {body!r}")
    deadline = time.monotonic() + 10
    link = None
    while link is None and time.monotonic() < deadline:
        if os.path.exists(server.outbox):
            with open(server.outbox, encoding="utf-8") as f:
                for line in f:
                    mail = json.loads(line)
                    if mail["to"] == email and mail["kind"] == "verify-email":
                        link = mail["url"]
        time.sleep(0.02)
    check(link is not None, "no verification mail")
    path = link.split(f":{server.port}", 1)[1]
    http_get(server.port, path)
    status, headers, body, _ = post_json(server.port, "/api/v1/auth/sign-in/email",
                                         {"email": email, "password": PASSWORD})
    check(status == 200, f"sign-in: {status} {body!r}")
    # One Set-Cookie is kept by read_response (the last); ask get-session with the bearer token
    # instead, which is what the handler sends in set-auth-token.
    token = headers.get("set-auth-token")
    check(token, f"no set-auth-token: {headers}")
    return f"Authorization: Bearer {token}\r\n"


# Each shape with the reason it is dangerous behind a proxy that reads it the other way.
SMUGGLING = {
    "two equal Content-Length": "Content-Length: 4\r\nContent-Length: 4\r\n\r\nabcd",
    "two different Content-Length": "Content-Length: 4\r\nContent-Length: 5\r\n\r\nabcd",
    "a Content-Length list": "Content-Length: 4, 4\r\n\r\nabcd",
    "Transfer-Encoding with Content-Length":
        "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    "Content-Length after Transfer-Encoding":
        "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n",
    "Transfer-Encoding not exactly chunked": "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
    "an unknown Transfer-Encoding": "Transfer-Encoding: gzip\r\n\r\n",
    "Transfer-Encoding twice": "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    "obs-fold": "X-Folded: a\r\n b\r\nContent-Length: 0\r\n\r\n",
    "obs-fold of Transfer-Encoding": "Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n",
    "a bare LF": "X-A: a\nContent-Length: 0\r\n\r\n",
    "a bare CR": "X-A: a\rContent-Length: 0\r\n\r\n",
    "a NUL byte": "X-A: a\x00b\r\nContent-Length: 0\r\n\r\n",
    "space before the colon": "Content-Length : 4\r\n\r\nabcd",
    "a negative Content-Length": "Content-Length: -1\r\n\r\n",
    "a signed Content-Length": "Content-Length: +4\r\n\r\nabcd",
}


def case_strict(binary: str) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        server = Server(binary, workdir)
        try:
            port = server.port
            for name, rest in SMUGGLING.items():
                raw = f"POST /api/v1/auth/ok HTTP/1.1\r\nHost: 127.0.0.1\r\n{rest}".encode()
                status, headers, body, closed = exchange(port, raw)
                check(status == 400, f"{name}: {status} {body!r}")
                check(headers.get("content-type") == "application/json", f"{name}: {headers}")
                json_error(body)
                check(closed, f"{name}: the connection stayed open")

            # Framing of the request line and Host.
            for name, raw, want in [
                ("no Host under HTTP/1.1", "GET /health HTTP/1.1\r\n\r\n", 400),
                ("two Host fields", "GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
                ("absolute-form target", "GET http://127.0.0.1/health HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                ("asterisk-form target", "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", 400),
                ("HTTP/2.0 version", "GET /health HTTP/2.0\r\nHost: a\r\n\r\n", 505),
                ("garbage", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 400),
            ]:
                status, _, body, _ = exchange(port, raw.encode("latin-1"))
                check(status == want, f"{name}: {status}, want {want}")
                json_error(body)

            # Methods: TRACE and CONNECT refused, unknown ones (a lower-case get too) unknown.
            for method, want in [("TRACE", 405), ("CONNECT", 405), ("FOO", 501), ("get", 501)]:
                target = "127.0.0.1:1" if method == "CONNECT" else "/health"
                status, _, body, _ = exchange(
                    port, f"{method} {target} HTTP/1.1\r\nHost: a\r\n\r\n".encode())
                if method == "CONNECT":
                    check(status in (400, 405), f"CONNECT: {status}")
                else:
                    check(status == want, f"{method}: {status}, want {want}")
                json_error(body)

            # HEAD is GET without the body, with GET's Content-Length.
            get_status, get_headers, get_body = http_get(port, "/api/v1/auth/ok")
            status, headers, body, _ = exchange(
                port, b"HEAD /api/v1/auth/ok HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
            check(status == get_status == 200, f"HEAD: {status}")
            check(body == b"" and headers.get("content-length") == str(len(get_body)),
                  f"HEAD body {body!r}, headers {headers}, GET body {get_body!r}")
            check(headers.get("content-type") == get_headers.get("content-type"), "HEAD type")

            # A declared body over the cap: 413 at once, before a byte of it is sent.
            status, _, body, closed = exchange(
                port, b"POST /api/v1/auth/sign-in/email HTTP/1.1\r\nHost: a\r\n"
                      b"Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n")
            check(status == 413 and json_error(body)["code"] == "PAYLOAD_TOO_LARGE" and closed,
                  f"oversized body: {status} {body!r}")
            # The same over chunked encoding: cut off once the cap is passed.
            chunk = b"x" * 8192
            raw = (b"POST /api/v1/auth/sign-in/email HTTP/1.1\r\nHost: a\r\n"
                   b"Transfer-Encoding: chunked\r\n\r\n" +
                   (b"2000\r\n" + chunk + b"\r\n") * 9 + b"0\r\n\r\n")
            status, _, body, _ = exchange(port, raw)
            check(status == 413, f"oversized chunked body: {status} {body!r}")
            # An oversized header.
            status, _, body, closed = exchange(
                port, b"GET /health HTTP/1.1\r\nHost: a\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n")
            check(status == 431 and closed, f"oversized header: {status}")
            json_error(body)

            # Header values reach the handler as sent: an encoded Origin is not decoded into a
            # trusted one (cpp-httplib did, and it passed the CSRF check).
            encoded = f"http%3A%2F%2F127.0.0.1%3A{port}"
            data = json.dumps({"email": "x@example.com", "password": PASSWORD}).encode()
            raw = (f"POST /api/v1/auth/sign-in/email HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                   f"Origin: {encoded}\r\nContent-Type: application/json\r\n"
                   f"Content-Length: {len(data)}\r\n\r\n").encode() + data
            status, _, body, _ = exchange(port, raw)
            check(status == 400 and json_error(body)["code"] == "MALFORMED_ORIGIN",
                  f"encoded Origin: {status} {body!r}")

            # Expect: 100-continue is honoured (curl sends it for bodies over 1 KiB).
            with connect(port) as sock:
                body_bytes = json.dumps({"email": "y@example.com", "password": "p" * 2000}).encode()
                sock.sendall((f"POST /api/v1/auth/sign-in/email HTTP/1.1\r\nHost: a\r\n"
                              f"Origin: http://127.0.0.1:{port}\r\n"
                              f"Content-Type: application/json\r\nExpect: 100-continue\r\n"
                              f"Content-Length: {len(body_bytes)}\r\n\r\n").encode())
                interim = sock.recv(100)
                check(interim.startswith(b"HTTP/1.1 100 Continue\r\n\r\n"), f"100: {interim!r}")
                sock.sendall(body_bytes)
                status, _, _, _ = read_response(sock)
                check(status in (400, 401), f"after 100-continue: {status}")

            # Pipelined requests on one connection are answered in order.
            with connect(port) as sock:
                sock.sendall(b"GET /health HTTP/1.1\r\nHost: a\r\n\r\n"
                             b"GET /api/v1/auth/ok HTTP/1.1\r\nHost: a\r\n\r\n")
                data = b""
                while data.count(b"HTTP/1.1 200") < 2:
                    chunk = sock.recv(65536)
                    check(chunk != b"", f"pipelining: {data!r}")
                    data += chunk
                check(data.index(b'"status":"ok"') < data.index(b'"ok":true'), "order")
        finally:
            check(server.stop() == 0, "server did not stop cleanly")


def trickle(sock: socket.socket, deadline: float) -> bool:
    """Sends a header one line at a time until the server closes the connection (True) or
    `deadline` passes (False)."""
    try:
        sock.sendall(b"GET /api/v1/auth/ok HTTP/1.1\r\nHost: a\r\n")
        i = 0
        while time.monotonic() < deadline:
            sock.sendall(f"X-Trickle-{i}: x\r\n".encode())
            i += 1
            sock.settimeout(0.5)
            try:
                if sock.recv(1) == b"":
                    return True
            except socket.timeout:
                pass
    except (BrokenPipeError, ConnectionResetError):
        return True
    return False


def case_slow_clients(binary: str) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        server = Server(binary, workdir, ["--max-connections-per-client", "1000",
                                          "--header-timeout", "3"])
        held: list[socket.socket] = []
        try:
            port = server.port
            auth = sign_up_and_in(server, "victim@example.com")
            # 300 idle keep-alive connections: each has made a request and stays open.
            for _ in range(300):
                sock = connect(port, "127.0.0.2")
                sock.sendall(b"GET /api/v1/auth/ok HTTP/1.1\r\nHost: a\r\n\r\n")
                status, _, _, _ = read_response(sock)
                check(status == 200, f"attacker request: {status}")
                held.append(sock)
            # 100 slowloris connections: half a header each, one more line every second.
            slow = []
            for _ in range(100):
                sock = connect(port, "127.0.0.2")
                sock.sendall(b"GET /api/v1/auth/ok HTTP/1.1\r\nHost: a\r\n")
                slow.append(sock)
            held.extend(slow)
            check(server.proc.poll() is None, "the server died")

            # Meanwhile the victim's get-session calls all succeed.
            latencies = []
            with connect(port) as victim:
                for _ in range(100):
                    start = time.monotonic()
                    victim.sendall(f"GET /api/v1/auth/get-session HTTP/1.1\r\nHost: a\r\n{auth}\r\n"
                                   .encode())
                    status, headers, rest, _ = read_response(victim)
                    length = int(headers.get("content-length", "0"))
                    while len(rest) < length:
                        rest += victim.recv(65536)
                    latencies.append((time.monotonic() - start) * 1000)
                    check(status == 200, f"the victim's get-session answered {status}")
                    check(json.loads(rest)["user"]["email"] == "victim@example.com", "session")
            latencies.sort()
            print(f"victim get-session while 400 sockets are held: p50 "
                  f"{statistics.median(latencies):.2f} ms, max {latencies[-1]:.2f} ms (reported, "
                  "not asserted)")

            # A header trickle is cut off at the header deadline (3 s), long before the 30 s
            # it would otherwise go on for.
            with connect(port, "127.0.0.3") as sock:
                check(trickle(sock, time.monotonic() + 30),
                      "a header trickled one line at a time was not cut off")
            # The 100 slowloris sockets above are gone by now too.
            for sock in slow:
                sock.settimeout(10)
                try:
                    data = sock.recv(1)
                except ConnectionResetError:
                    data = b""
                check(data == b"", "a slowloris socket is still open after the header deadline")
        finally:
            for sock in held:
                sock.close()
            check(server.stop() == 0, "server did not stop cleanly")


def refused(port: int, source: str) -> tuple[int, str]:
    """Connects and reads the immediate refusal: status and code."""
    with connect(port, source) as sock:
        status, headers, rest, closed = read_response(sock)
        check(closed, "a refused connection was not closed")
        return status, json_error(rest)["code"]


def case_caps(binary: str) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        server = Server(binary, workdir, ["--max-connections-per-client", "5",
                                          "--max-connections", "12",
                                          "--trusted-proxy", "127.0.0.9"])
        held: list[socket.socket] = []
        try:
            port = server.port
            for _ in range(5):
                sock = connect(port, "127.0.0.2")
                sock.sendall(b"GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
                check(read_response(sock)[0] == 200, "a connection under the cap was refused")
                held.append(sock)
            status, code = refused(port, "127.0.0.2")
            check((status, code) == (429, "TOO_MANY_CONNECTIONS"), f"over the cap: {status} {code}")
            # Another client is not affected.
            check(http_get(port, "/health")[0] == 200, "another client was refused")
            # A closed connection frees its slot.
            held.pop().close()
            time.sleep(0.2)  # the server notices the close on its next read
            ok = False
            for _ in range(50):
                with connect(port, "127.0.0.2") as sock:
                    sock.sendall(b"GET /health HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
                    if read_response(sock)[0] == 200:
                        ok = True
                        break
                time.sleep(0.1)
            check(ok, "a freed slot was not given back")

            # A trusted proxy carries many clients: its connections are not capped per peer.
            for _ in range(6):
                sock = connect(port, "127.0.0.9")
                sock.sendall(b"GET /health HTTP/1.1\r\nHost: a\r\nX-Forwarded-For: 198.51.100.7\r\n\r\n")
                check(read_response(sock)[0] == 200, "the trusted proxy was capped per peer")
                held.append(sock)
            # 4 + 6 = 10 held; two more reach the overall cap of 12, and then 503.
            for _ in range(2):
                sock = connect(port, "127.0.0.4")
                sock.sendall(b"GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
                check(read_response(sock)[0] == 200, "under the overall cap")
                held.append(sock)
            status, code = refused(port, "127.0.0.5")
            check((status, code) == (503, "TOO_MANY_CONNECTIONS"), f"overall cap: {status} {code}")
            for sock in held[-8:]:
                sock.close()
            del held[-8:]
            time.sleep(0.5)  # the server notices the closes on its next reads

            # Behind the proxy, the client it names may have 5 requests in flight: 5 headers
            # whose bodies are still on their way hold the 5 slots, and a 6th is refused
            # while another client's request passes.
            proxied = []
            header = ("POST /api/v1/auth/sign-out HTTP/1.1\r\nHost: a\r\n"
                      "X-Forwarded-For: {}\r\nContent-Type: application/json\r\n"
                      "Content-Length: 2\r\n\r\n")
            for _ in range(5):
                sock = connect(port, "127.0.0.9")
                sock.sendall(header.format("198.51.100.7").encode())
                proxied.append(sock)
            held.extend(proxied)
            time.sleep(0.5)  # let the server take the headers in
            status, _, body, _ = exchange(port, header.format("198.51.100.7").encode() + b"{}",
                                          "127.0.0.9")
            check(status == 429 and json_error(body)["code"] == "TOO_MANY_CONNECTIONS",
                  f"a 6th request in flight for one proxied client: {status} {body!r}")
            status, _, _, _ = exchange(port, header.format("198.51.100.8").encode() + b"{}",
                                       "127.0.0.9")
            check(status != 429, f"another proxied client was refused: {status}")
            for sock in proxied:
                sock.sendall(b"{}")
                check(read_response(sock)[0] != 429, "a request in flight was refused")
        finally:
            for sock in held:
                sock.close()
            check(server.stop() == 0, "server did not stop cleanly")


def case_access_log(binary: str) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        server = Server(binary, workdir)
        try:
            port = server.port
            forged = "/api/v1/auth/ok%0a203.0.113.9%20POST%20/api/v1/auth/sign-in/email%20200"
            http_get(port, forged)
            raw = b"GET /api/v1/auth/ok\xc2\x85203.0.113.9 HTTP/1.1\r\nHost: a\r\n\r\n"
            exchange(port, raw)  # a non-ASCII line separator (NEL) in the path, raw
            http_get(port, "/api/v1/auth/get-session?token=QUERYSECRET123")
            http_get(port, "/api/v1/auth/reset-password/LINKSECRET456?callbackURL=/x")
            http_get(port, "/health", "Authorization: Bearer HEADERSECRET789\r\n")
        finally:
            check(server.stop() == 0, "server did not stop cleanly")
        log = server.log_text()
        for line in log.splitlines():
            check(not line.startswith("203.0.113.9"), f"a forged log line: {line!r}")
        check("%0a203.0.113.9" in log, "the forged path is not in the log as sent")
        check("\\xc2\\x85" in log, f"the non-ASCII path was not escaped: {log}")
        for secret in ["QUERYSECRET123", "LINKSECRET456", "HEADERSECRET789"]:
            check(secret not in log, f"{secret} reached the log")
        check("/reset-password/[token]" in log, "the reset link token was not redacted")


def case_purge(binary: str) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        server = Server(binary, workdir, ["--purge-interval", "1"])
        try:
            now_ms = int(time.time() * 1000)
            day_ms = 86400 * 1000
            db = sqlite3.connect(server.db, timeout=30)
            with db:
                db.execute('INSERT INTO "user" (id, name, email, "emailVerified", "createdAt", '
                           '"updatedAt") VALUES (?, ?, ?, 1, ?, ?)',
                           ("purge-user", "P", "purge@example.com", now_ms, now_ms))
                for name, expires in [("dead", now_ms - 1000), ("live", now_ms + day_ms)]:
                    db.execute('INSERT INTO session (id, "expiresAt", token, "createdAt", '
                               '"updatedAt", "userId") VALUES (?, ?, ?, ?, ?, ?)',
                               (f"s-{name}", expires, f"t-{name}", now_ms, now_ms, "purge-user"))
                    db.execute('INSERT INTO verification (id, identifier, value, "expiresAt", '
                               '"createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)',
                               (f"v-{name}", f"i-{name}", "x", expires, now_ms, now_ms))
                for name, last in [("dead", now_ms - 2 * day_ms), ("live", now_ms)]:
                    db.execute('INSERT INTO "rateLimit" (id, key, count, "lastRequest") '
                               'VALUES (?, ?, 1, ?)', (f"r-{name}", f"k-{name}", last))
                    db.execute('INSERT INTO "signInFailure" (key, count, "lastFailure") '
                               'VALUES (?, 1, ?)', (f"signin:{name}", last))
            tables = [("session", "id", "s-"), ("verification", "id", "v-"),
                      ("rateLimit", "id", "r-"), ("signInFailure", "key", "signin:")]

            def remaining() -> dict[str, list[str]]:
                out = {}
                for table, column, prefix in tables:
                    rows = db.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" LIKE ?',
                                      (prefix + "%",)).fetchall()
                    out[table] = sorted(r[0] for r in rows)
                return out

            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                left = remaining()
                if all(len(rows) == 1 for rows in left.values()):
                    break
                time.sleep(0.2)
            left = remaining()
            want = {"session": ["s-live"], "verification": ["v-live"], "rateLimit": ["r-live"],
                    "signInFailure": ["signin:live"]}
            check(left == want, f"after the purge: {left}, want {want}")
            db.close()
        finally:
            check(server.stop() == 0, "server did not stop cleanly")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def case_base_url(binary: str) -> None:
    env = dict(os.environ, AUTHKIT_SECRET=SECRET)
    out = subprocess.run([binary, "--base-url", "https://auth.example.com/", "--print-config"],
                         capture_output=True, text=True, env=env, timeout=30)
    check(out.returncode == 0 and "base-url https://auth.example.com/api/v1/auth\n" in out.stdout,
          f"a bare origin: {out.returncode} {out.stdout} {out.stderr}")
    out = subprocess.run([binary, "--base-url", "https://example.com/auth/", "--print-config"],
                         capture_output=True, text=True, env=env, timeout=30)
    check("base-url https://example.com/auth\n" in out.stdout, f"a path: {out.stdout}")
    for bad in ["127.0.0.1:8080", "ftp://example.com", "https://example.com/a?b=c",
                "https://user:pw@example.com", "https://exa mple.com", ""]:
        out = subprocess.run([binary, "--base-url", bad, "--dev"], capture_output=True,
                             text=True, env=env, timeout=30)
        check(out.returncode == 2 and "--base-url wants an http(s) URL" in out.stderr or
              out.returncode == 2 and "--base-url must not hold credentials" in out.stderr,
              f"--base-url {bad!r}: {out.returncode} {out.stderr}")

    # Live: the API answers under ORIGIN/api/v1/auth, and a sign-up from that origin passes
    # the origin check.
    with tempfile.TemporaryDirectory() as workdir:
        port = free_port()
        server = Server(binary, workdir, ["--base-url", f"http://127.0.0.1:{port}"],
                        listen=f"127.0.0.1:{port}")
        try:
            status, _, body = http_get(port, "/api/v1/auth/ok")
            check(status == 200 and json.loads(body) == {"ok": True}, f"ok: {status} {body!r}")
            status, _, body, _ = post_json(port, "/api/v1/auth/sign-up/email",
                                           {"name": "B", "email": "b@example.com",
                                            "password": PASSWORD})
            check(status == 200, f"sign-up: {status} {body!r}")
        finally:
            check(server.stop() == 0, "server did not stop cleanly")


def case_shutdown(binary: str) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        server = Server(binary, workdir)
        port = server.port
        idle = connect(port)
        idle.sendall(b"GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
        check(read_response(idle)[0] == 200, "idle connection's request")
        # A request in flight: its header is in, its body not yet.
        data = json.dumps({"name": "S", "email": "s@example.com", "password": PASSWORD}).encode()
        busy = connect(port)
        busy.sendall((f"POST /api/v1/auth/sign-up/email HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                      f"Origin: http://127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
                      f"Content-Length: {len(data)}\r\n\r\n").encode())
        time.sleep(0.5)  # let the server take the header in
        server.proc.send_signal(signal.SIGTERM)
        idle.settimeout(20)
        try:
            check(idle.recv(1) == b"", "the idle connection was not closed at SIGTERM")
        except ConnectionResetError:
            pass
        check(server.proc.poll() is None, "the server exited with a request in flight")
        busy.sendall(data)
        status, headers, _, _ = read_response(busy)
        check(status == 200, f"the request in flight got {status}")
        check(headers.get("connection", "").lower() == "close", "no Connection: close at stop")
        code = server.proc.wait(timeout=30)
        server.log.close()
        check(code == 0, f"exit status {code}")
        idle.close()
        busy.close()
        check("stopped" in server.log_text(), "no 'stopped' line")


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, case = sys.argv[1], sys.argv[2]
    cases = {"strict": case_strict, "slow_clients": case_slow_clients, "caps": case_caps,
             "access_log": case_access_log, "purge": case_purge, "base_url": case_base_url,
             "shutdown": case_shutdown}
    cases[case](binary)
    print(f"transport_test {case}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
