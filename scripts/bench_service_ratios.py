#!/usr/bin/env python3
"""Prints the account-flow figures of authkit_bench_service next to their floors and targets.

Usage: bench_service_ratios.py [BENCH_JSON]   (default: build-bench/bench-service.json)

Medians over repetitions, CPU time except the thread-scaling rows (wall-time throughput) and
the postgres rows (wall time: the server process does its share of the work, which the bench's
CPU time does not see).
Targets (issue 3): sign_in <= 1.2x one raw Argon2id hash (its memory reused, as authkit does); 1 M users vs 10 k users <= 1.5x for
session lookup and sign-in, on every store (memory, sqlite, and postgres since issue 12).
A report, not a test: exits 0 whatever the figures are.
"""

from __future__ import annotations

import json
import sys

UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def load(path: str) -> dict[str, dict]:
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    rows: dict[str, dict] = {}
    for b in doc.get("benchmarks", []):
        name = b.get("run_name", b["name"])
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        if b.get("error_occurred"):
            print(f"ERROR in {name}: {b.get('error_message')}")
            continue
        rows[name] = b
    return rows


def ns(row: dict, field: str = "cpu_time") -> float:
    return row[field] * UNIT_NS[row.get("time_unit", "ns")]


def find(rows: dict[str, dict], prefix: str) -> dict | None:
    for name, row in rows.items():
        if name == prefix or name.startswith(prefix + "/"):
            return row
    return None


def duration(nanoseconds: float) -> str:
    """Milliseconds for hashes, microseconds for lookups, so neither rounds to nothing."""
    if nanoseconds >= 1e6:
        return f"{nanoseconds / 1e6:9.3f} ms"
    return f"{nanoseconds / 1e3:9.3f} us"


def ratio_line(label: str, num: dict | None, den: dict | None, target: float | None,
               field: str = "cpu_time") -> None:
    if num is None or den is None:
        print(f"  {label:<58} missing")
        return
    r = ns(num, field) / ns(den, field)
    verdict = "" if target is None else ("  meets <= %.2f" % target if r <= target
                                         else "  MISSES <= %.2f" % target)
    print(f"  {label:<58} {duration(ns(num, field))} / {duration(ns(den, field))} = "
          f"{r:5.2f}x{verdict}")


def main() -> int:
    path = sys.argv[1] if len(sys.argv) > 1 else "build-bench/bench-service.json"
    try:
        rows = load(path)
    except (OSError, ValueError) as e:
        print(f"bench_service_ratios: cannot read {path}: {e}", file=sys.stderr)
        return 1
    floor = find(rows, "floor/argon2id/hash")
    print("Sign-in against one raw Argon2id hash (m=19456 KiB, t=2, p=1, memory reused):")
    for store in ("memory", "sqlite"):
        ratio_line(f"service/{store}/sign_in / floor", find(rows, f"service/{store}/sign_in"),
                   floor, 1.2)
    # Context: libargon2's one-shot call mallocs its memory per hash, which may page-fault.
    ratio_line("floor/argon2id/hash_raw / floor", find(rows, "floor/argon2id/hash_raw"), floor,
               None)
    print("F2 parity (unknown email vs wrong password; ideal 1.00):")
    for store in ("memory", "sqlite"):
        ratio_line(f"{store}: unknown_email / wrong_password",
                   find(rows, f"service/{store}/sign_in_unknown_email"),
                   find(rows, f"service/{store}/sign_in_wrong_password"), None)
    print("get_session throughput (wall time):")
    for name, row in sorted(rows.items()):
        if "/get_session/" in name and name.startswith("service/"):
            ips = row.get("items_per_second")
            if ips:
                print(f"  {name:<58} {ips:12,.0f} ops/s")
    print("Scale: large population vs 10 k users (postgres: wall time):")
    for store in ("memory", "sqlite", "postgres"):
        field = "real_time" if store == "postgres" else "cpu_time"
        for op in ("get_session", "sign_in"):
            small = large = None
            label = "?"
            for name, row in rows.items():
                # "scale/<store>/<op>/users:N", then "/real_time" for postgres. Compared by
                # part: "users:1000000" starts with "users:10000".
                parts = name.split("/")
                if parts[:3] != ["scale", store, op] or not parts[3].startswith("users:"):
                    continue
                if parts[3] == "users:10000":
                    small = row
                else:
                    large, label = row, parts[3]
            ratio_line(f"scale/{store}/{op} {label} / users:10000", large, small, 1.5, field)
    return 0


if __name__ == "__main__":
    sys.exit(main())
