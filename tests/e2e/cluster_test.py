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
             "--trusted-proxy", "127.0.0.1", "--mail-outbox",
             os.path.join(self.workdir, f"outbox-{name}.jsonl"), *extra],
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
        found = []
        for name in ("a", "b"):
            try:
                with open(os.path.join(self.workdir, f"outbox-{name}.jsonl"), encoding="utf-8") as f:
                    found += [json.loads(line) for line in f if line.strip()]
            except FileNotFoundError:
                pass
        return found

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


def case_flows(binary: str) -> None:
    with tempfile.TemporaryDirectory() as workdir:
        cluster = Cluster(binary, workdir, ["--rate-limit", "off"])
        try:
            # One signing key, one JWKS, although both instances started together.
            check(cluster.psql("SELECT count(*) FROM jwks") == "1",
                  f"{cluster.psql('SELECT count(*) FROM jwks')} signing keys")
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


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    binary, case = sys.argv[1], sys.argv[2]
    cases = {"flows": case_flows, "rate_limits": case_rate_limits}
    cases[case](binary)
    print(f"cluster_test {case}: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
