// The cpp-httplib settings both example servers need on Debian's libcpp-httplib 0.11, whose
// compiled-in defaults are tuned for a toy: Nagle on, 5 requests per keep-alive connection,
// SO_REUSEPORT, and a listen backlog of 5.
//
// Thread safety: call before the server starts listening, from one thread.
#pragma once

#include <httplib.h>
#include <sys/socket.h>

#include <cstddef>
#include <memory>
#include <string>

namespace authkit_examples {

/// The listening socket, recorded when cpp-httplib creates it.
using ListenSocket = std::shared_ptr<int>;

/// Applies the settings: TCP_NODELAY (otherwise a 40 ms delayed-ACK stall per response),
/// long-lived keep-alive connections, a body cap, and `threads` workers (each open connection
/// holds one, hence more than the core count). Returns the handle bind() needs.
inline ListenSocket tune(httplib::Server& server, unsigned threads, std::size_t max_body) {
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(100000);
  server.set_keep_alive_timeout(5);
  server.set_payload_max_length(max_body);  // above it cpp-httplib answers 413 unread
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  auto fd = std::make_shared<int>(-1);
  server.set_socket_options([fd](socket_t sock) {
    // SO_REUSEADDR, so a restart binds while old connections sit in TIME_WAIT; not
    // cpp-httplib's default SO_REUSEPORT, which lets a second server bind the same port
    // silently and take half of its connections.
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    *fd = sock;
  });
  return fd;
}

/// Binds `host`:`port` (0 picks a free port) and returns the port, or -1.
inline int bind(httplib::Server& server, const std::string& host, int port,
                const ListenSocket& socket) {
  const int bound =
      port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
  // The library listens with a backlog of 5. When 64 clients connect at once the accept queue
  // overflows, the kernel drops their handshake's last ACK, and their first requests wait for
  // a SYN-ACK retransmission (1 s, then 3 s): get-session's p99 of ~1 s in
  // scripts/load-test.sh (TcpExtListenOverflows in nstat). listen() again raises the backlog.
  if (bound >= 0 && *socket >= 0) ::listen(*socket, SOMAXCONN);
  return bound;
}

}  // namespace authkit_examples
