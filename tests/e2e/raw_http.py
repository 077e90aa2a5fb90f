"""HTTP/1.1 over raw sockets for the e2e suites that must send bytes no HTTP library would
(smuggling shapes, unfinished headers, nothing at all) and see exactly what comes back."""

from __future__ import annotations

import socket


def connect(port: int, source: str = "127.0.0.1", timeout: float = 10) -> socket.socket:
    """A TCP connection from `source` (any 127/8 address is this host's loopback)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout,
                                    source_address=(source, 0))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def read_response(sock: socket.socket) -> tuple[int, dict[str, str], bytes, bool]:
    """One response's head: status, headers (lower-case names), the bytes read past the head,
    and whether the server said it closes the connection after it."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if chunk == b"":
            raise AssertionError(f"connection closed before a response; got {data!r}")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return status, headers, rest, headers.get("connection", "").lower() == "close"


def exchange(port: int, raw: bytes, source: str = "127.0.0.1", timeout: float = 10):
    """Sends `raw` as is (nothing when empty) on a fresh connection and reads one response:
    (status, headers, body, closed), `closed` saying whether the server then closed."""
    with connect(port, source, timeout) as sock:
        if raw:
            sock.sendall(raw)
        status, headers, rest, close_header = read_response(sock)
        length = int(headers.get("content-length", "0"))
        body = rest
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
        closed = False
        if close_header:
            sock.settimeout(10)
            try:
                closed = sock.recv(1) == b""
            except ConnectionResetError:
                closed = True
        return status, headers, body[:length], closed
