#!/usr/bin/env python3
"""Reads wrk --latency outputs and prints one line each, plus ratios against a peer:

  wrk_summary.py LABEL=FILE [LABEL=FILE ...] [--ratio LABEL/LABEL ...]

A line: requests/s, p50, p99, socket errors and non-2xx answers. Used by scripts/load-test.sh.
"""

import re
import sys

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse(path: str) -> dict:
    text = open(path, encoding="utf-8").read()
    out = {"req_s": 0.0, "p50": None, "p99": None, "errors": 0, "non2xx": 0}
    if m := re.search(r"Requests/sec:\s+([\d.]+)", text):
        out["req_s"] = float(m.group(1))
    for pct, key in (("50", "p50"), ("99", "p99")):
        if m := re.search(rf"^\s+{pct}(?:\.000)?%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M):
            out[key] = float(m.group(1)) * UNITS[m.group(2)]
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text):
        out["errors"] = sum(int(g) for g in m.groups())
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", text):
        out["non2xx"] = int(m.group(1))
    return out


def main() -> int:
    runs, ratios = {}, []
    args = sys.argv[1:]
    while args:
        arg = args.pop(0)
        if arg == "--ratio":
            ratios.append(args.pop(0))
        else:
            label, _, path = arg.partition("=")
            runs[label] = parse(path)
    for label, r in runs.items():
        p50 = f"{r['p50']:.2f} ms" if r["p50"] is not None else "?"
        p99 = f"{r['p99']:.2f} ms" if r["p99"] is not None else "?"
        print(f"{label:<44} {r['req_s']:>10.0f} req/s   p50 {p50:>10}   p99 {p99:>10}   "
              f"errors {r['errors']}   non-2xx {r['non2xx']}")
    for ratio in ratios:
        a, _, b = ratio.partition("/")
        if runs.get(b, {}).get("req_s"):
            print(f"ratio {a} / {b}: {runs[a]['req_s'] / runs[b]['req_s']:.1f}x req/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
