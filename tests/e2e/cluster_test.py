#!/usr/bin/env python3
"""Several authkit-server instances on one PostgreSQL, behind nginx with TLS: the deployment
docs/deployment.md describes, tested for real. Each case makes its own throwaway cluster
(scripts/pg-cluster.sh), a certificate (openssl), two instances that trust nginx as a proxy,
and nginx balancing between them; everything is removed afterwards.

Usage: cluster_test.py AUTHKIT_SERVER CASE
  flows        sign up on A, verify on B, sign in on A, get-session on B (through nginx and
               directly); a sign-out on one instance ends the session on the other at once,
               and so does a password reset; one JWKS everywhere, its key created once although
               both instances started together; cookies are __Secure- over https; the client
               address comes from X-Forwarded-For only when nginx sent it
  rate_limits  the 4th sign-in attempt within 10 s is refused, whichever instance serves it
  kill_instance       an instance killed with SIGKILL under a sign-up load: nginx fails over,
                      only requests in flight fail, no acknowledged sign-up is lost
  postgres_restart    PostgreSQL restarted under load: 503s (never a 500) while it is down,
                      every request succeeds within seconds after; prints the failure count
  slow_database       a get-session stuck on a lock in PostgreSQL does not hold up /health
  better_auth_client  better-auth's JavaScript client suite through nginx over https
Exit status 0 on success; a failed check raises with a message.
"""

from __future__ import annotations

import http.client
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
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SECRET = "cluster-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
PASSWORD = "correct horse battery"
CLIENT = "127.0.0.2"  # the browser's address: not the trusted proxy's (127.0.0.1)


def check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def need(tool: str, package: str) -> str:
    path = shutil.which(tool) or (f"/usr/sbin/{tool}" if os.path.exists(f"/usr/sbin/{tool}") else None)
    check(path is not None, f"`{tool}` is not installed (Debian: {package}). Fix: bash "
                            "scripts/install-deps.sh test postgres")
    return path


class Cluster:
    """A PostgreSQL cluster, two instances and nginx in `workdir`."""

    def __init__(self, binary: str, workdir: str, instance_args: list[str]) -> None:
        self.workdir = workdir
        os.chmod(workdir, 0o755)  # the cluster runs as the postgres user, which must reach it
        self.procs: list[subprocess.Popen] = []
        self.pg_dir = os.path.join(workdir, "pg")
        # One outbox for both instances: each mail is one O_APPEND write, so lines never mix.
        self.outbox = os.path.join(workdir, "outbox.jsonl")
        try:
            self._start(binary, instance_args)
        except BaseException:
            self.close()
            raise

    def _start(self, binary: str, instance_args: list[str]) -> None:
        workdir = self.workdir
        out = subprocess.run(["bash", os.path.join(ROOT, "scripts/pg-cluster.sh"), "start",
                              self.pg_dir], capture_output=True, text=True, timeout=120)
        check(out.returncode == 0, f"pg-cluster start failed: {out.stderr}. Fix: bash "
                                   "scripts/install-deps.sh postgres")
        self.db_url = out.stdout.strip()
        # nginx's port, held (bound, not listening) until nginx starts, so that the instances,
        # which bind port 0, cannot be given it meanwhile.
        self.port_holder = socket.socket()
        self.port_holder.bind(("127.0.0.1", 0))
        self.nginx_port = self.port_holder.getsockname()[1]
        self.origin = f"https://127.0.0.1:{self.nginx_port}"
        self.cert = os.path.join(workdir, "cert.pem")
        key = os.path.join(workdir, "key.pem")
        out = subprocess.run(
            [need("openssl", "openssl"), "req", "-x509", "-newkey", "ec", "-pkeyopt",
             "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=127.0.0.1", "-addext",
             "subjectAltName=IP:127.0.0.1", "-days", "1", "-keyout", key, "-out", self.cert],
            capture_output=True, text=True, timeout=60)
        check(out.returncode == 0, f"openssl: {out.stderr}")
        # Both instances start together, racing for the migration and the signing key.
        self.instances = [self._start_instance(binary, name, instance_args)
                          for name in ("a", "b")]
        self.ports = [self._wait_listening(proc, name) for proc, name in
                      zip(self.instances, ("a", "b"))]
        self._start_nginx(key)

    def _start_instance(self, binary: str, name: str, extra: list[str]) -> subprocess.Popen:
        log = open(os.path.join(self.workdir, f"{name}.log"), "w", encoding="utf-8")
        proc = subprocess.Popen(
            [binary, "--listen", "127.0.0.1:0", "--db", self.db_url, "--base-url", self.origin,
             "--trusted-proxy", "127.0.0.1", "--mail-outbox", self.outbox, *extra],
            stdout=subprocess.PIPE, stderr=log, text=True, env=dict(os.environ, AUTHKIT_SECRET=SECRET))
        self.procs.append(proc)
        return proc

    @staticmethod
    def _wait_listening(proc: subprocess.Popen, name: str) -> int:
        line = proc.stdout.readline()
        match = re.search(r"listening on http://127\.0\.0\.1:(\d+)", line)
        check(match is not None, f"instance {name} did not start: {line!r}")
        return int(match.group(1))

    def _start_nginx(self, key: str) -> None:
        nginx = need("nginx", "nginx-light")
        for sub in ("tmp", "logs"):
            os.makedirs(os.path.join(self.workdir, sub), exist_ok=True)
        # The shipped example, with the test's addresses and paths.
        with open(os.path.join(ROOT, "examples/deploy/nginx-authkit.conf"), encoding="utf-8") as f:
            example = f.read()
        for old, new in [("listen 443 ssl;", f"listen 127.0.0.1:{self.nginx_port} ssl;"),
                         ("server 127.0.0.1:8081 ", f"server 127.0.0.1:{self.ports[0]} "),
                         ("server 127.0.0.1:8082 ", f"server 127.0.0.1:{self.ports[1]} "),
                         ("/etc/ssl/certs/auth.example.com.pem", self.cert),
                         ("/etc/ssl/private/auth.example.com.key", key)]:
            check(old in example, f"examples/deploy/nginx-authkit.conf no longer has {old!r}")
            example = example.replace(old, new)
        site = os.path.join(self.workdir, "authkit.conf")
        with open(site, "w", encoding="utf-8") as f:
            f.write(example)
        user = "user root;" if os.geteuid() == 0 else ""
        conf = f"""{user}
worker_processes 1;
daemon off;
pid {self.workdir}/nginx.pid;
error_log {self.workdir}/logs/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {self.workdir}/tmp/body;
  proxy_temp_path {self.workdir}/tmp/proxy;
  fastcgi_temp_path {self.workdir}/tmp/fastcgi;
  uwsgi_temp_path {self.workdir}/tmp/uwsgi;
  scgi_temp_path {self.workdir}/tmp/scgi;
  include {site};
}}
"""
        path = os.path.join(self.workdir, "nginx.conf")
        with open(path, "w", encoding="utf-8") as f:
            f.write(conf)
        log = open(os.path.join(self.workdir, "logs/nginx.out"), "w", encoding="utf-8")
        self.port_holder.close()
        self.nginx = subprocess.Popen([nginx, "-c", path, "-p", self.workdir], stdout=log,
                                      stderr=subprocess.STDOUT)
        self.procs.append(self.nginx)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.nginx_port), timeout=1):
                    return
            except OSError:
                if self.nginx.poll() is not None:
                    logs = ""
                    for name in ("logs/nginx.out", "logs/error.log"):
                        try:
                            logs += open(os.path.join(self.workdir, name)).read()
                        except FileNotFoundError:
                            pass
                    raise AssertionError(f"nginx exited: {logs}")
                time.sleep(0.05)
        raise AssertionError("nginx did not start listening")

    def psql(self, sql: str) -> str:
        out = subprocess.run([need("psql", "postgresql-client"), self.db_url, "-tAc", sql],
                             capture_output=True, text=True, timeout=60)
        check(out.returncode == 0, f"psql {sql}: {out.stderr}")
        return out.stdout.strip()

    def mails(self) -> list[dict]:
        try:
            with open(self.outbox, encoding="utf-8") as f:
                return [json.loads(line) for line in f if line.strip()]
        except FileNotFoundError:
            return []

    def wait_mail(self, to: str, kind: str) -> dict:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            found = [m for m in self.mails() if m["to"] == to and m["kind"] == kind]
            if found:
                return found[-1]
            time.sleep(0.05)
        raise AssertionError(f"no {kind} mail to {to}")

    def close(self) -> None:
        if hasattr(self, "port_holder"):
            self.port_holder.close()
        for proc in reversed(self.procs):
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        subprocess.run(["bash", os.path.join(ROOT, "scripts/pg-cluster.sh"), "stop", self.pg_dir],
                       capture_output=True, timeout=120)


class Client:
    """A browser-like client from CLIENT: a cookie jar, the public origin, JSON bodies. It talks
    to nginx over TLS (trusting the test certificate) or to an instance directly."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.cookies: dict[str, str] = {}
        self.tls = ssl.create_default_context(cafile=cluster.cert)

    def call(self, target: str, method: str, path: str, body: dict | None = None,
             headers: dict | None = None) -> tuple[int, list[tuple[str, str]], str]:
        """target: "nginx", "a" or "b"."""
        if target == "nginx":
            conn = http.client.HTTPSConnection("127.0.0.1", self.cluster.nginx_port, timeout=30,
                                               context=self.tls, source_address=(CLIENT, 0))
        else:
            port = self.cluster.ports[0 if target == "a" else 1]
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30,
                                              source_address=(CLIENT, 0))
        all_headers = {"Origin": self.cluster.origin, **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
        conn.request(method, path, body=data, headers=all_headers)
        response = conn.getresponse()
        text = response.read().decode()
        headers_out = response.getheaders()
        conn.close()
        for name, value in headers_out:
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                cname, _, cvalue = pair.partition("=")
                if "Max-Age=0" in value or cvalue == "":
                    self.cookies.pop(cname, None)
                else:
                    self.cookies[cname] = cvalue
        return response.status, headers_out, text


API = "/api/v1/auth"


def sign_up_verified(cluster: Cluster, email: str) -> None:
    """Sign-up through instance A; the verification link is opened on instance B."""
    client = Client(cluster)
    status, _, body = client.call("a", "POST", API + "/sign-up/email",
                                  {"name": "C", "email": email, "password": PASSWORD})
    check(status == 200, f"sign-up on A: {status} {body}")
    url = urllib.parse.urlsplit(cluster.wait_mail(email, "verify-email")["url"])
    status, _, body = client.call("b", "GET", url.path + "?" + url.query)
    check(status in (200, 302), f"verify on B: {status} {body}")
    check(cluster.psql(f"SELECT \"emailVerified\" FROM \"user\" WHERE email = '{email}'") == "t",
          "the address is not verified")


def signed_in_browser(cluster: Cluster, email: str, target: str) -> Client:
    """A browser signed in as a new, verified `email`, through `target`."""
    sign_up_verified(cluster, email)
    browser = Client(cluster)
    status, _, body = browser.call(target, "POST", API + "/sign-in/email",
                                   {"email": email, "password": PASSWORD})
    check(status == 200, f"sign-in: {status} {body}")
    return browser


def case_flows(binary: str) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        cluster = Cluster(binary, workdir, ["--rate-limit", "off"])
        try:
            # One signing key, one JWKS, although both instances started together. authkit's
            # keys are in a table of their own: better-auth's jwks stays better-auth's.
            keys = "SELECT count(*) FROM authkit_signing_keys"
            check(cluster.psql(keys) == "1", f"{cluster.psql(keys)} signing keys")
            check(cluster.psql("SELECT count(*) FROM jwks") == "0", "a key in better-auth's jwks")
            client = Client(cluster)
            jwks = {t: json.loads(client.call(t, "GET", API + "/jwks")[2]) for t in ("a", "b", "nginx")}
            check(jwks["a"] == jwks["b"] == jwks["nginx"] and len(jwks["a"]["keys"]) == 1,
                  f"JWKS differ: {jwks}")

            email = "cluster@example.com"
            sign_up_verified(cluster, email)
            browser = Client(cluster)
            status, headers, body = browser.call("nginx", "POST", API + "/sign-in/email",
                                                 {"email": email, "password": PASSWORD})
            check(status == 200, f"sign-in through nginx: {status} {body}")
            cookies = [v for n, v in headers if n.lower() == "set-cookie"]
            session_cookie = [c for c in cookies if c.startswith("__Secure-authkit.session_token=")]
            check(len(session_cookie) == 1 and "Secure" in session_cookie[0],
                  f"no __Secure- session cookie over https: {cookies}")
            for target in ("a", "b", "nginx"):
                status, _, body = browser.call(target, "GET", API + "/get-session")
                check(status == 200 and json.loads(body)["user"]["email"] == email,
                      f"get-session on {target}: {status} {body}")

            # The client address: nginx's X-Forwarded-For names the browser (127.0.0.2), not
            # what the browser claimed; a direct caller's X-Forwarded-For is not believed.
            sessions = json.loads(browser.call("b", "GET", API + "/list-sessions")[2])
            check([s["ipAddress"] for s in sessions] == [CLIENT], f"via nginx: {sessions}")
            direct = Client(cluster)
            status, _, body = direct.call("a", "POST", API + "/sign-in/email",
                                          {"email": email, "password": PASSWORD},
                                          {"X-Forwarded-For": "203.0.113.9"})
            check(status == 200, f"direct sign-in: {status} {body}")
            forged = Client(cluster)
            status, _, _ = forged.call("nginx", "POST", API + "/sign-in/email",
                                       {"email": email, "password": PASSWORD},
                                       {"X-Forwarded-For": "203.0.113.10"})
            check(status == 200, "sign-in with a forged X-Forwarded-For through nginx")
            addresses = cluster.psql('SELECT string_agg(DISTINCT "ipAddress", \',\') FROM session')
            check(addresses == CLIENT, f"session addresses {addresses!r}, want only {CLIENT}")

            # A sign-out on A ends the session on B at once.
            status, _, _ = direct.call("a", "POST", API + "/sign-out", {})
            check(status == 200, f"sign-out on A: {status}")
            status, _, body = direct.call("b", "GET", API + "/get-session")
            check(status == 200 and body == "null", f"signed out on A, B says {status} {body}")

            # A password reset through B ends every session, including the one made through A.
            status, _, _ = browser.call("b", "POST", API + "/request-password-reset",
                                        {"email": email, "redirectTo": "/auth/update-password"})
            check(status == 200, "request reset on B")
            token = cluster.wait_mail(email, "reset-password")["token"]
            status, _, body = Client(cluster).call("a", "POST", API + "/reset-password",
                                                   {"token": token, "newPassword": "a new battery staple"})
            check(status == 200, f"reset on A: {status} {body}")
            for target in ("a", "b", "nginx"):
                status, _, body = browser.call(target, "GET", API + "/get-session")
                check(body == "null", f"after the reset, {target} still has the session: {body}")
        finally:
            cluster.close()


def case_rate_limits(binary: str) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        cluster = Cluster(binary, workdir, ["--rate-limit", "on"])
        try:
            client = Client(cluster)
            statuses = []
            # Alternate instances: the window lives in PostgreSQL, not in either process.
            for target in ("a", "b", "a", "b", "nginx"):
                status, headers, _ = client.call(target, "POST", API + "/sign-in/email",
                                                 {"email": "nobody@example.com", "password": "x" * 12})
                statuses.append(status)
            check(statuses[:3] == [401, 401, 401], f"first three attempts: {statuses}")
            check(statuses[3] == 429 and statuses[4] == 429, f"4th and 5th: {statuses}")
            # Through nginx the client is the browser, not nginx: another address has its own
            # window.
            other = Client(cluster)
            conn_source = "127.0.0.3"
            conn = http.client.HTTPSConnection("127.0.0.1", cluster.nginx_port, timeout=30,
                                               context=other.tls, source_address=(conn_source, 0))
            conn.request("POST", API + "/sign-in/email",
                         body=json.dumps({"email": "nobody@example.com", "password": "x" * 12}),
                         headers={"Origin": cluster.origin, "Content-Type": "application/json"})
            check(conn.getresponse().status == 401, "another client shares the first one's window")
        finally:
            cluster.close()


class Load:
    """Requests through nginx from `threads` threads until stop(), each on its own keep-alive TLS
    connection (reopened after a failure, as a browser would). `request(n)` gives the n-th
    request of a thread as (method, path, body, headers, key); every answer is recorded as
    Sample(started, finished, key, status), status 0 when the connection itself failed."""

    def __init__(self, cluster: Cluster, threads: int, request) -> None:
        self.cluster = cluster
        self.request = request
        self.samples: list[tuple[float, float, str, int]] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._run, args=(i,)) for i in range(threads)]
        for thread in self.threads:
            thread.start()

    def _connect(self) -> http.client.HTTPSConnection:
        return http.client.HTTPSConnection(
            "127.0.0.1", self.cluster.nginx_port, timeout=30,
            context=ssl.create_default_context(cafile=self.cluster.cert), source_address=(CLIENT, 0))

    def _run(self, thread: int) -> None:
        conn = self._connect()
        n = 0
        while not self.stopping.is_set():
            method, path, body, headers, key = self.request(thread, n)
            n += 1
            started = time.monotonic()
            try:
                conn.request(method, path, body=None if body is None else json.dumps(body),
                             headers={"Origin": self.cluster.origin,
                                      "Content-Type": "application/json", **headers})
                response = conn.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = self._connect()
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = self._connect()
            with self.lock:
                self.samples.append((started, time.monotonic(), key, status))
        conn.close()

    def stop(self) -> list[tuple[float, float, str, int]]:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=60)
        return sorted(self.samples)


def wait_for_samples(load: Load, count: int, what: str, since: float = 0.0) -> None:
    """Until `count` requests started after `since` have been answered 200."""
    deadline = time.monotonic() + 60
    while len([s for s in list(load.samples) if s[3] == 200 and s[0] >= since]) < count:
        check(time.monotonic() < deadline, f"{what}: fewer than {count} answers in 60 s")
        time.sleep(0.05)


def served_sign_ups(log_path: str) -> int:
    """How many sign-ups an instance's access log (stderr) shows it answered."""
    with open(log_path, encoding="utf-8", errors="replace") as f:
        return sum(1 for line in f if " POST /api/v1/auth/sign-up/email " in line)


def status_counts(samples) -> dict[int, int]:
    counts: dict[int, int] = {}
    for sample in samples:
        counts[sample[3]] = counts.get(sample[3], 0) + 1
    return counts


def case_kill_instance(binary: str) -> None:
    """Sign-ups through nginx from 4 threads; instance A is killed with SIGKILL in the middle.
    Only requests A held at that moment may fail (with a gateway error, never a 500); every
    later one is served by B; every sign-up that was answered 200 is in the database."""
    threads = 4
    with tempfile.TemporaryDirectory() as workdir:
        cluster = Cluster(binary, workdir, ["--rate-limit", "off"])
        try:
            def sign_up(thread: int, n: int):
                email = f"load-{thread}-{n}@example.com"
                return ("POST", API + "/sign-up/email",
                        {"name": "L", "email": email, "password": PASSWORD}, {}, email)

            load = Load(cluster, threads, sign_up)
            try:
                wait_for_samples(load, 40, "sign-ups before the kill")
                a_log = os.path.join(workdir, "a.log")
                check(served_sign_ups(a_log) > 0, "instance A served no sign-up before the kill")
                cluster.instances[0].send_signal(signal.SIGKILL)
                cluster.instances[0].wait(timeout=30)
                killed = time.monotonic()
                served_by_a = served_sign_ups(a_log)
                wait_for_samples(load, 40, "sign-ups after the kill", since=killed + 0.5)
            finally:
                samples = load.stop()
            # Only what was in flight at the kill may fail; nginx sends everything later to B.
            settled = killed + 0.5
            failed = [s for s in samples if s[3] != 200]
            late_failures = [s for s in failed if s[0] >= settled]
            print(f"kill_instance: {len(samples)} sign-ups, {served_by_a} served by A before the "
                  f"kill, {len(failed)} failed {status_counts(failed)}; "
                  f"{len([s for s in samples if s[0] >= killed])} started after the kill")
            check(not late_failures, f"requests started 0.5 s after the kill failed: {late_failures[:5]}")
            check(len(failed) <= threads, f"{len(failed)} failures, more than the {threads} in flight")
            check(all(s[3] in (502, 504) for s in failed), f"failures that are not gateway errors: {failed}")
            check(sum(1 for s in samples if s[0] >= settled and s[3] == 200) > 0, "nothing after the kill")
            # No acknowledged write is lost: every sign-up answered 200 has its user row.
            acknowledged = sorted(s[2] for s in samples if s[3] == 200)
            stored = set(cluster.psql("SELECT email FROM \"user\" WHERE email LIKE 'load-%'").split("\n"))
            lost = [email for email in acknowledged if email not in stored]
            check(not lost, f"{len(lost)} acknowledged sign-ups are not in the database: {lost[:5]}")
            check(Client(cluster).call("nginx", "GET", API + "/jwks")[0] == 200, "nginx after the kill")
        finally:
            cluster.close()


def case_postgres_restart(binary: str) -> None:
    """get-session (3 threads) and sign-ups (1 thread) through nginx while PostgreSQL restarts.
    During the restart requests fail with 503 and Retry-After, never a 500; within seconds of
    PostgreSQL being back every request succeeds again, and both instances are still up.
    Prints how many requests failed."""
    with tempfile.TemporaryDirectory() as workdir:
        cluster = Cluster(binary, workdir, ["--rate-limit", "off"])
        try:
            email = "restart@example.com"
            browser = signed_in_browser(cluster, email, "nginx")
            cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())

            def mixed(thread: int, n: int):
                if thread == 0:
                    address = f"restart-{n}@example.com"
                    return ("POST", API + "/sign-up/email",
                            {"name": "R", "email": address, "password": PASSWORD}, {}, address)
                return ("GET", API + "/get-session", None, {"Cookie": cookie}, "get-session")

            load = Load(cluster, 4, mixed)
            try:
                wait_for_samples(load, 100, "requests before the restart")
                restart_began = time.monotonic()
                out = subprocess.run(["bash", os.path.join(ROOT, "scripts/pg-cluster.sh"),
                                      "restart", cluster.pg_dir], capture_output=True, text=True,
                                     timeout=120)
                check(out.returncode == 0, f"pg-cluster restart: {out.stderr}")
                restarted = time.monotonic()
                time.sleep(8)  # the load keeps running: recovery happens in here
            finally:
                samples = load.stop()
            check(all(proc.poll() is None for proc in cluster.instances), "an instance exited")
            failed = [s for s in samples if s[3] != 200]
            check(all(s[3] in (200, 503) for s in samples),
                  f"answers other than 200 and 503: {status_counts(failed)}")
            # Recovery: the last failure, measured from the moment PostgreSQL accepted again.
            last_failure = max((s[1] for s in failed), default=restart_began)
            recovery = max(0.0, last_failure - restarted)
            after = [s for s in samples if s[0] > last_failure]
            print(f"postgres_restart: {len(samples)} requests, {len(failed)} failed "
                  f"{status_counts(failed)}; PostgreSQL was down for "
                  f"{restarted - restart_began:.2f} s; the last failure came {recovery:.2f} s "
                  f"after it was back; {len(after)} requests succeeded after that")
            check(recovery <= 5.0, f"requests still failed {recovery:.2f} s after the restart")
            check(len(after) >= 20, f"only {len(after)} requests after recovery")
            acknowledged = sorted(s[2] for s in samples if s[3] == 200 and s[2] != "get-session")
            stored = set(cluster.psql("SELECT email FROM \"user\" WHERE email LIKE 'restart-%'").split("\n"))
            lost = [address for address in acknowledged if address not in stored]
            check(not lost, f"acknowledged sign-ups lost across the restart: {lost[:5]}")
            status, _, body = browser.call("nginx", "GET", API + "/get-session")
            check(status == 200 and json.loads(body)["user"]["email"] == email,
                  f"the session after the restart: {status} {body}")
        finally:
            cluster.close()


def case_slow_database(binary: str) -> None:
    """With one event loop (--threads 1), a get-session stuck on a PostgreSQL lock does not hold
    up /health: on PostgreSQL every request but /health runs on the worker pool."""
    with tempfile.TemporaryDirectory() as workdir:
        cluster = Cluster(binary, workdir, ["--rate-limit", "off", "--threads", "1"])
        try:
            email = "slow@example.com"
            browser = signed_in_browser(cluster, email, "a")
            # Holds every session lookup until COMMIT is written (the store's statement timeout
            # is 5 s; the lock is released well before).
            locker = subprocess.Popen([need("psql", "postgresql-client"), cluster.db_url, "-q"],
                                      stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.PIPE, text=True)
            locked = ("SELECT count(*) FROM pg_locks WHERE relation = 'session'::regclass AND "
                      "mode = 'AccessExclusiveLock' AND granted")
            try:
                locker.stdin.write("BEGIN; LOCK TABLE session IN ACCESS EXCLUSIVE MODE;\n")
                locker.stdin.flush()
                check(wait_until(lambda: cluster.psql(locked) == "1"), "the lock was not taken")
                result: dict = {}
                lookup = threading.Thread(target=lambda: result.update(
                    answer=browser.call("a", "GET", API + "/get-session")))
                lookup.start()
                check(wait_until(lambda: cluster.psql(
                    "SELECT count(*) FROM pg_locks WHERE relation = 'session'::regclass "
                    "AND NOT granted") != "0"), "the get-session never waited on the lock")
                started = time.monotonic()
                status, _, body = Client(cluster).call("a", "GET", "/health")
                waited = time.monotonic() - started
                # Without the worker pool, /health would wait for the get-session, which waits
                # for the lock until its statement timeout.
                lookup_waiting = lookup.is_alive()
                check(status == 200, f"/health: {status} {body}")
            finally:
                locker.stdin.write("COMMIT;\n")
                _, error = locker.communicate(timeout=30)
            lookup.join(timeout=30)
            check(lookup_waiting, f"/health answered only after the get-session ({waited:.2f} s)")
            check(locker.returncode == 0, f"psql: {error}")
            status, _, body = result["answer"]
            check(status == 200 and json.loads(body)["user"]["email"] == email,
                  f"the held get-session: {status} {body}")
            print(f"slow_database: /health answered in {waited * 1000:.0f} ms while a "
                  "get-session waited on the lock")
        finally:
            cluster.close()


def wait_until(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def case_better_auth_client(binary: str) -> None:
    """better-auth's own JavaScript client suite (tests/e2e/node/better_auth_client.test.mjs)
    through nginx over https, the two instances behind it sharing one outbox."""
    problem = os.environ.get("AUTHKIT_NODE_PROBLEM")
    check(not problem, f"{problem}. Fix: install Node.js 20+ (bash scripts/install-deps.sh node), "
                       "run bash scripts/install-node-deps.sh, then reconfigure")
    node = os.environ.get("AUTHKIT_NODE") or need("node", "Node.js 20+: bash scripts/install-deps.sh node")
    check("AUTHKIT_RESOURCE_SERVER" in os.environ,
          "AUTHKIT_RESOURCE_SERVER is not set: run this through ctest, which sets it")
    suite = os.path.join(ROOT, "tests/e2e/node")
    with tempfile.TemporaryDirectory() as workdir:
        cluster = Cluster(binary, workdir, ["--rate-limit", "off"])
        try:
            env = dict(os.environ, AUTHKIT_E2E_ROOT=cluster.origin, AUTHKIT_E2E_OUTBOX=cluster.outbox,
                       AUTHKIT_E2E_CA_FILE=cluster.cert, NODE_EXTRA_CA_CERTS=cluster.cert)
            out = subprocess.run([node, "--test", "better_auth_client.test.mjs"], cwd=suite, env=env,
                                 capture_output=True, text=True, timeout=240)
            print(out.stdout[-4000:])
            check(out.returncode == 0, f"the better-auth client suite through nginx failed:\n"
                                       f"{out.stdout[-6000:]}\n{out.stderr[-3000:]}")
            # It really went through both instances.
            for name in ("a", "b"):
                with open(os.path.join(workdir, f"{name}.log"), encoding="utf-8",
                          errors="replace") as f:
                    check(" /api/v1/auth/" in f.read(), f"instance {name} served none of the suite")
        finally:
            cluster.close()


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, case = sys.argv[1], sys.argv[2]
    cases = {"flows": case_flows, "rate_limits": case_rate_limits,
             "kill_instance": case_kill_instance, "postgres_restart": case_postgres_restart,
             "slow_database": case_slow_database, "better_auth_client": case_better_auth_client}
    cases[case](binary)
    print(f"cluster_test {case}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
