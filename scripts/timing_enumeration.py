#!/usr/bin/env python3
"""Enumeration by timing (issue 10 part 4): does authkit-server's response time tell whether an
email address has an account?

Usage: timing_enumeration.py [--server PATH] [--requests N] [--warmup N] [--json FILE]
                             [--check [RATIO]]

Starts its own authkit-server (a copy of --server, default build/examples/authkit-server) in a
temporary directory with a fresh SQLite database, --dev, --rate-limit off and a mail outbox,
creates accounts by sign-up (unverified), then times four cases with N requests for an address
that has an account ("known") and N for one that has none ("unknown"), in pairs whose order is
random, over one keep-alive connection, each request timed from send to the end of its body:

  sign-in                  wrong password; both answer 401 INVALID_EMAIL_OR_PASSWORD
  sign-up                  known: an address that has an account (the concealed duplicate);
                           unknown: a new address; both answer 200
  send-verification-email  no session; known: an unverified account; both answer 200
  request-password-reset   both answer 200

It prints the median and IQR of each side in ms, the ratio of the medians (known / unknown;
the target is <= 1.05), and the figures as one JSON line (also written to --json FILE).

The server has limits that --rate-limit off leaves on, and a refused request would be timed
instead of the path under test: the sign-in throttle (5 free failures per address) and the
per-address mail cap (3 per address and purpose per hour, silent: the answer stays 200). So
each address is used at most 4 times for sign-in and at most 3 (2 for verification) for the
mail cases, unknown addresses as often as known ones (the cap's counter is hit for both), and
the outbox is checked at the end (waiting for queued mail): every request for a known address
must have sent its mail, and no unknown one a mail it should not have.

A measurement, never a test. Exit status: 0 when the run worked (whatever the figures), 1 when
something is broken (an unexpected status, a refusal, a missing mail, a server that died or
did not stop gracefully on SIGTERM; the figures are still printed in that last case), 2 for a
usage error, 3 with --check when a ratio exceeds RATIO (default 1.05).
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import math
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
API = "/api/v1/auth"
PASSWORD = "Correct-horse-battery-7"
WRONG_PASSWORD = "Wrong-horse-battery-777"  # as long as PASSWORD: same work to hash


class Broken(Exception):
    """The run did not measure what it should: exit status 1."""


def new_address() -> str:
    # Known and unknown addresses have the same shape and length, so parsing costs the same.
    return f"timing-{secrets.token_hex(8)}@example.com"


class Client:
    """One keep-alive HTTP/1.1 connection that sends JSON POSTs with the server's own Origin."""

    def __init__(self, port: int):
        self.port = port
        self.headers = {"Content-Type": "application/json", "Origin": f"http://127.0.0.1:{port}"}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def post(self, route: str, body: dict) -> tuple[int, bytes, int]:
        """(status, body, nanoseconds from send to the last byte of the body)."""
        data = json.dumps(body)
        for attempt in range(2):
            try:
                start = time.perf_counter_ns()
                self.conn.request("POST", API + route, data, self.headers)
                response = self.conn.getresponse()
                raw = response.read()
                return response.status, raw, time.perf_counter_ns() - start
            except (http.client.RemoteDisconnected, ConnectionError):
                # The server closes connections idle for 5 s (between phases); the request was
                # not processed, so open a new connection and send it again, once.
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 1:
                    raise
        raise AssertionError("unreachable")


@dataclass
class Case:
    name: str
    route: str
    password: str | None  # sent in the body when set
    status: int
    code: str | None  # the error code the answer must carry, if any
    known_uses: int  # times each known address is used (under the throttle or mail cap)
    unknown_uses: int
    known_mail: str | None  # the mail kind each known request must send
    unknown_mail: str | None  # the mail kind each unknown request must send (else none)

    def body(self, email: str) -> dict:
        body = {"email": email}
        if self.route == "/sign-up/email":
            body["name"] = "Timing"
        if self.password:
            body["password"] = self.password
        return body


CASES = [
    # 4 uses: the fifth failure would still be free, but stay clear of the throttle.
    Case("sign-in", "/sign-in/email", WRONG_PASSWORD, 401, "INVALID_EMAIL_OR_PASSWORD",
         4, 4, None, None),
    # The duplicate sends the owner an existing-account notice (mail-capped per address); a
    # new address is new only once.
    Case("sign-up", "/sign-up/email", PASSWORD, 200, None, 3, 1,
         "existing-account", "verify-email"),
    # 2, not 3: the account's sign-up already sent one verification mail, which may count.
    Case("send-verification-email", "/send-verification-email", None, 200, None, 2, 2,
         "verify-email", None),
    Case("request-password-reset", "/request-password-reset", None, 200, None, 3, 3,
         "reset-password", None),
]


def schedule(addresses: list[str], uses: int, count: int) -> list[str]:
    """`count` addresses in random order, each at most `uses` times."""
    order = [a for a in addresses for _ in range(uses)][:count]
    random.shuffle(order)
    return order


def start_server(binary: Path, work: Path) -> tuple[subprocess.Popen, int]:
    out = open(work / "stdout", "w")
    err = open(work / "stderr", "w")  # the access log: one line per request
    proc = subprocess.Popen(
        [str(binary), "--listen", "127.0.0.1:0", "--db", str(work / "auth.db"), "--dev",
         "--rate-limit", "off", "--mail-outbox", str(work / "outbox.jsonl")],
        stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=work,
        env={k: v for k, v in os.environ.items() if k != "AUTHKIT_SECRET"})
    out.close()
    err.close()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and proc.poll() is None:
        # "authkit-server listening on http://127.0.0.1:PORT (auth API at ...)"
        bound = re.search(r"listening on http://[^ ]+:(\d+)", (work / "stdout").read_text())
        if bound:
            return proc, int(bound.group(1))
        time.sleep(0.1)
    stop_server(proc)
    raise Broken("the server did not start:\n" + (work / "stderr").read_text()[-2000:])


def stop_server(proc: subprocess.Popen) -> int:
    """SIGTERM, then the exit status (SIGKILL after 15 s)."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode


def expect(case: Case, email: str, status: int, raw: bytes) -> None:
    code = None
    try:
        code = json.loads(raw).get("code") if raw else None
    except (ValueError, AttributeError):
        pass
    if status != case.status or (case.code and code != case.code):
        raise Broken(f"{case.name} for {email}: expected {case.status} {case.code or ''}, "
                     f"got {status}: {raw[:300].decode(errors='replace')}")


def create_accounts(port: int, count: int) -> list[str]:
    """`count` new unverified accounts, signed up over 4 connections (Argon2id: ~30 ms each)."""
    local = threading.local()

    def sign_up(_: int) -> str:
        if not hasattr(local, "client"):
            local.client = Client(port)
        email = new_address()
        status, raw, _ns = local.client.post(
            "/sign-up/email", {"name": "Timing", "email": email, "password": PASSWORD})
        if status != 200:
            raise Broken(f"creating {email}: {status} {raw[:300].decode(errors='replace')}")
        return email

    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(sign_up, range(count)))


def measure(client: Client, case: Case, known: list[str], unknown: list[str],
            warmup: int) -> tuple[list[float], list[float]]:
    """Times the pairs (known[i], unknown[i]) in random order; the first `warmup` are not kept."""
    times: dict[bool, list[float]] = {True: [], False: []}
    for i, pair in enumerate(zip(known, unknown)):
        sides = [(True, pair[0]), (False, pair[1])]
        random.shuffle(sides)
        for is_known, email in sides:
            status, raw, ns = client.post(case.route, case.body(email))
            expect(case, email, status, raw)
            if i >= warmup:
                times[is_known].append(ns / 1e6)
    return times[True], times[False]


def check_mail(outbox: Path, case: Case, known: list[str], unknown: list[str],
               earlier: dict[str, collections.Counter]) -> None:
    """Every known request sent its mail, and unknown ones only theirs: nothing was silently
    refused (mail cap) and no mail gives the account away."""
    sent: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for line in outbox.read_text().splitlines():
        if line.strip():
            mail = json.loads(line)
            sent[mail["to"]][mail["kind"]] += 1
    for addresses, kind in ((known, case.known_mail), (unknown, case.unknown_mail)):
        for email, uses in collections.Counter(addresses).items():
            got = sent[email].copy()
            got.subtract(earlier.get(email, {}))  # the account's own sign-up mail
            got = {k: n for k, n in got.items() if n}
            want = {kind: uses} if kind else {}
            if got != want:
                raise Broken(f"{case.name}: mail to {email} after {uses} requests: expected "
                             f"{want or 'none'}, the outbox has {got or 'none'}")


def wait_for_mail(outbox: Path, schedules: list, earlier: dict[str, collections.Counter]) -> None:
    """check_mail() for every case, retried for up to 10 s: with a mail queue the server sends
    the mail after answering."""
    deadline = time.monotonic() + 10
    while True:
        try:
            for case, known, unknown in schedules:
                check_mail(outbox, case, known, unknown, earlier)
            return
        except Broken:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def summarize(name: str, known: list[float], unknown: list[float]) -> dict:
    def median_iqr(values: list[float]) -> tuple[float, float]:
        q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
        return statistics.median(values), q3 - q1

    km, ki = median_iqr(known)
    um, ui = median_iqr(unknown)
    return {"case": name, "n": len(known), "known_median_ms": round(km, 3),
            "known_iqr_ms": round(ki, 3), "unknown_median_ms": round(um, 3),
            "unknown_iqr_ms": round(ui, 3), "ratio": round(km / um, 3)}


def run(args: argparse.Namespace) -> dict:
    binary = Path(args.server).resolve()
    if not os.access(binary, os.X_OK):
        raise Broken(f"no server binary at {binary} (--server PATH)")
    load = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="authkit-timing-"))
    try:
        # A private copy: a rebuild in the build tree must not replace it mid-run.
        server = work / "authkit-server"
        shutil.copy2(binary, server)
        proc, port = start_server(server, work)
        try:
            pairs = args.warmup + args.requests
            pools = [math.ceil(pairs / case.known_uses) for case in CASES]
            print(f"load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
                  f"({os.cpu_count()} CPUs)")
            print(f"creating {sum(pools)} accounts...", flush=True)
            accounts = create_accounts(port, sum(pools))
            signed_up = {a: collections.Counter({"verify-email": 1}) for a in accounts}
            client = Client(port)
            results, schedules = [], []
            for case, size in zip(CASES, pools):
                pool, accounts = accounts[:size], accounts[size:]
                unknown_pool = [new_address()
                                for _ in range(math.ceil(pairs / case.unknown_uses))]
                known = schedule(pool, case.known_uses, pairs)
                unknown = schedule(unknown_pool, case.unknown_uses, pairs)
                print(f"timing {case.name}...", flush=True)
                k, u = measure(client, case, known, unknown, args.warmup)
                results.append(summarize(case.name, k, u))
                schedules.append((case, known, unknown))
            wait_for_mail(work / "outbox.jsonl", schedules, signed_up)
            if proc.poll() is not None:
                raise Broken(f"the server exited ({proc.returncode}) during the run")
        finally:
            status = stop_server(proc)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"load_average": [round(x, 2) for x in load], "cpus": os.cpu_count(),
            "requests": args.requests, "warmup": args.warmup, "server": str(binary),
            "server_exit": status, "cases": results}


def print_table(report: dict) -> None:
    print()
    print(f"{'case':<24} {'n':>5} {'known ms':>10} {'IQR':>8} {'unknown ms':>11} {'IQR':>8}"
          f" {'ratio':>7}")
    for r in report["cases"]:
        print(f"{r['case']:<24} {r['n']:>5} {r['known_median_ms']:>10.3f} "
              f"{r['known_iqr_ms']:>8.3f} {r['unknown_median_ms']:>11.3f} "
              f"{r['unknown_iqr_ms']:>8.3f} {r['ratio']:>7.3f}")
    print("(medians; ratio = known / unknown median, target <= 1.05)")
    print()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n", 1)[0],
        epilog="See the top of scripts/timing_enumeration.py for the details.")
    parser.add_argument("--server", default=str(ROOT / "build/examples/authkit-server"),
                        help="the authkit-server binary (default: %(default)s)")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per side")
    parser.add_argument("--warmup", type=int, default=20, help="untimed requests per side first")
    parser.add_argument("--json", metavar="FILE", help="also write the JSON figures to FILE")
    parser.add_argument("--check", type=float, nargs="?", const=1.05, metavar="RATIO",
                        help="exit 3 when a ratio exceeds RATIO (default 1.05)")
    args = parser.parse_args()
    if args.requests < 4 or args.warmup < 0:
        parser.error("--requests must be at least 4 and --warmup at least 0")
    try:
        report = run(args)
    except (Broken, OSError, http.client.HTTPException) as error:
        print(f"timing-enumeration: {error}", file=sys.stderr)
        return 1
    print_table(report)
    line = json.dumps(report, separators=(",", ":"))
    print(line)
    if args.json:
        Path(args.json).write_text(line + "\n")
    if report["server_exit"] != 0:
        # The figures stand, but SIGTERM should stop the server gracefully (status 0).
        print(f"timing-enumeration: the server stopped with status {report['server_exit']} "
              "on SIGTERM", file=sys.stderr)
        return 1
    if args.check is not None:
        over = [r["case"] for r in report["cases"] if r["ratio"] > args.check]
        if over:
            print(f"timing-enumeration: ratio above {args.check}: {', '.join(over)}",
                  file=sys.stderr)
            return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
