// The HTTP/1.1 transport both example servers run on: Boost.Beast's strict parser on Asio's
// event loop. A handful of threads serve every connection; an idle or slow client costs a
// socket and a few KiB, never a thread.
//
// What it guarantees to the handler behind it:
//   - every request is complete and unambiguous: one Content-Length or chunked, never both,
//     never two; no obs-fold, bare CR or LF; an origin-form target; Host present once under
//     HTTP/1.1; header values byte for byte as sent (nothing is percent-decoded);
//   - HEAD reaches it as GET (the body is dropped on the way out); TRACE and CONNECT get 405,
//     methods it does not know (FOO, a lower-case "get") 501;
//   - no request takes longer than its deadlines to arrive, and no client holds more than
//     its share of connections.
// Everything the transport answers on its own (400, 405, 413, 431, 501, 503...) has the
// handler's JSON error shape, {"message": "...", "code": "..."}.
//
// docs/http.md ("Running it exposed") explains the limits and how to pick them.
//
// Thread safety: start() and run() from one thread; stop() from any thread, any number of
// times. The RequestHandler and AccessLog are called concurrently from the I/O threads and the
// worker threads.
#pragma once

#include <authkit/http/handler.hpp>
#include <authkit/rate_limit.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace authkit_examples {

using namespace std::chrono_literals;

struct HttpServerOptions {
  std::string host = "127.0.0.1";  ///< Address to listen on.
  int port = 8080;                 ///< 0 picks a free port (see HttpServer::port()).
  /// Threads running the event loop (parsing, writing, and requests that do not block).
  /// 0: one per hardware thread.
  unsigned io_threads = 0;
  /// Threads for requests that may block for long (a password hash, a database write; see
  /// `blocking`), so that they never stall the event loop. 0: four per hardware thread.
  unsigned worker_threads = 0;
  /// Open connections at most; the next one gets 503 and is closed at once.
  std::size_t max_connections = 10000;
  /// Open connections per client at most (the peer address, IPv6 by /64); the next one gets
  /// 429 and is closed at once. Connections from a trusted proxy are not counted against the
  /// proxy: the client it names in X-Forwarded-For may have this many requests in flight.
  std::size_t max_connections_per_client = 128;
  /// Proxies whose X-Forwarded-For names the client (for the per-client cap).
  authkit::TrustedProxies trusted_proxies{};
  /// The whole request header must arrive within this time of its first byte (or of the
  /// connection's opening, for the first request).
  std::chrono::milliseconds header_timeout = 10s;
  /// The body must arrive within this time of the header.
  std::chrono::milliseconds body_timeout = 30s;
  /// A keep-alive connection is closed after this long without a new request.
  std::chrono::milliseconds idle_timeout = 60s;
  /// A response must be taken by the client within this time.
  std::chrono::milliseconds write_timeout = 30s;
  /// stop() lets requests in flight finish for at most this long, then closes everything.
  std::chrono::milliseconds shutdown_timeout = 10s;
  /// Request line plus header fields, in bytes; more gets 431.
  std::size_t max_header_bytes = 16 * 1024;
  /// Body bytes; a larger declared Content-Length gets 413 before any of it is read.
  std::size_t max_body_bytes = 64 * 1024;
};

/// Answers one request. Must not throw (an exception becomes a 500 and is logged).
using RequestHandler = std::function<authkit::http::Response(const authkit::http::Request&)>;

/// Whether a request may block for long and must run on a worker thread.
using BlockingPredicate = std::function<bool(const authkit::http::Request&)>;

/// The default BlockingPredicate: every method but GET, HEAD and OPTIONS (requests that carry
/// data may hash a password or write to the database; reads are fast).
[[nodiscard]] bool has_side_effects(const authkit::http::Request& request);

/// One line of the access log, as the transport saw it.
struct AccessRecord {
  std::string_view peer;    ///< The socket peer's address.
  std::string_view method;  ///< As received (HEAD stays HEAD).
  std::string_view path;    ///< As received, without the query string; may hold anything.
  int status = 0;
};
using AccessLog = std::function<void(const AccessRecord&)>;

/// A JSON error response {"message", "code"}, the shape of the handler's errors.
[[nodiscard]] authkit::http::Response json_error(int status, std::string_view code,
                                                 std::string_view message);

class HttpServer {
 public:
  /// Binds and listens (backlog SOMAXCONN, SO_REUSEADDR, never SO_REUSEPORT) and raises the
  /// open-file limit as far as the hard limit allows. Serves nothing until run(). On failure
  /// returns nullptr and sets `error` to a sentence.
  [[nodiscard]] static std::unique_ptr<HttpServer> start(HttpServerOptions options,
                                                         RequestHandler handler,
                                                         BlockingPredicate blocking, AccessLog log,
                                                         std::string& error);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// The port listened on.
  [[nodiscard]] int port() const noexcept;

  /// Serves until stop(), on the I/O threads plus the calling thread. Returns once every
  /// connection is closed and every worker is idle.
  void run();

  /// Stops accepting, closes idle connections, lets requests in flight finish (their
  /// connections close after the response) and after shutdown_timeout closes the rest.
  void stop();

  /// Open connections right now (for tests and diagnostics).
  [[nodiscard]] std::size_t connections() const noexcept;

  struct Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace authkit_examples
