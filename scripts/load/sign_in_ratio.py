#!/usr/bin/env python3
"""Sign-in latency against one raw Argon2id hash, for the load scripts:

  sign_in_ratio.py WRK_OUTPUT BENCHMARK_JSON

WRK_OUTPUT is wrk --latency at 1 connection on sign-in; BENCHMARK_JSON is authkit_bench_service
--benchmark_filter='^floor/argon2id/hash$' with repetitions (its median is used). Prints the
ratio on p50 (the measure the project's figures use) and on the mean.
"""

import json
import re
import sys

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def main() -> int:
    text = open(sys.argv[1], encoding="utf-8").read()
    req_s = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    m = re.search(r"^\s+50(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    p50_ms = float(m.group(1)) * UNITS[m.group(2)]
    runs = [b for b in json.load(open(sys.argv[2], encoding="utf-8"))["benchmarks"]
            if b.get("aggregate_name") == "median"]
    argon2_ms = runs[0]["real_time"] / {"ns": 1e6, "us": 1e3, "ms": 1.0}[runs[0]["time_unit"]]
    print(f"sign-in: p50 {p50_ms:.1f} ms, mean {1000 / req_s:.1f} ms; one Argon2id hash "
          f"{argon2_ms:.1f} ms (median of 3); ratio p50 {p50_ms / argon2_ms:.2f}x, "
          f"mean {1000 / req_s / argon2_ms:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
