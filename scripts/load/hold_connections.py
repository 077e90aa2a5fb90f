#!/usr/bin/env python3
"""Holds N idle keep-alive connections open to a server, for scripts/load-test.sh: each makes
one request (GET PATH) and then stays silent. Connections come from many loopback source
addresses (127.1.x.y), PER_SOURCE each, so that the server's per-client cap is not what is
measured. Prints "holding N" once they are all open, then waits for SIGTERM or SIGINT and
prints how many the server had closed by then.

  hold_connections.py PORT COUNT [PATH] [PER_SOURCE]
"""

import signal
import socket
import sys


def main() -> int:
    port, count = int(sys.argv[1]), int(sys.argv[2])
    path = sys.argv[3] if len(sys.argv) > 3 else "/health"
    per_source = int(sys.argv[4]) if len(sys.argv) > 4 else 100
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode()
    socks = []
    for i in range(count):
        source = f"127.1.{(i // per_source) // 250}.{(i // per_source) % 250 + 1}"
        sock = socket.create_connection(("127.0.0.1", port), timeout=30,
                                        source_address=(source, 0))
        sock.sendall(request)
        socks.append(sock)
    answered = 0
    for sock in socks:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
        answered += data.startswith(b"HTTP/1.1 200")
    print(f"holding {len(socks)} ({answered} answered 200)", flush=True)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    while not stop:
        signal.pause()
    closed = 0
    for sock in socks:
        sock.setblocking(False)
        try:
            closed += sock.recv(1) == b""
        except BlockingIOError:
            pass  # still open, nothing to read
        except OSError:
            closed += 1
    print(f"the server had closed {closed} of {len(socks)} held connections", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
