// The transport of http_server.hpp. Reading order: Impl (listening, accepting, the caps,
// stopping), then Connection, whose member functions follow one request through its life:
// wait_for_request -> read_header -> parse_header -> read_body -> dispatch -> respond -> (again).
//
// Each connection lives on one event loop, run by one thread, and has at most one operation in
// flight, so its members need no lock. The header is collected and checked byte by byte before
// Beast parses it: Beast folds obs-fold lines and accepts repeated equal Content-Length fields, and
// both are request smuggling material behind a proxy, so they are refused here.
#include "http_server.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <exception>
#include <list>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "ascii.hpp"

namespace authkit_examples {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

namespace {

/// Open connections (or, behind a proxy, requests in flight) per client, capped.
class ClientCounts {
 public:
  explicit ClientCounts(std::size_t cap) : cap_(cap) {}

  bool try_add(const std::string& client) {
    const std::lock_guard lock(mutex_);
    auto& count = counts_[client];
    if (count >= cap_) return false;
    ++count;
    return true;
  }

  void remove(const std::string& client) {
    const std::lock_guard lock(mutex_);
    const auto it = counts_.find(client);
    if (it != counts_.end() && --it->second == 0) counts_.erase(it);
  }

 private:
  std::size_t cap_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::size_t> counts_;
};

/// The methods the handlers serve. TRACE and CONNECT exist but are refused (405); anything
/// else is not implemented (501).
bool served_method(std::string_view method) {
  for (const std::string_view m : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    if (method == m) return true;
  }
  return false;
}

/// Where a header's framing is broken at the byte level: a bare CR or LF, a NUL, obs-fold (a
/// line starting with SP or HT), or whitespace before the request line. `header` ends with
/// the blank line.
std::optional<std::string_view> raw_header_problem(std::string_view header) {
  if (!header.empty() && (header.front() == ' ' || header.front() == '\t')) {
    return "The request line starts with whitespace";
  }
  for (std::size_t i = 0; i < header.size(); ++i) {
    const char c = header[i];
    if (c == '\0') return "The header contains a NUL byte";
    if (c == '\n' && (i == 0 || header[i - 1] != '\r')) return "A line ends with a bare LF";
    if (c == '\r' && (i + 1 >= header.size() || header[i + 1] != '\n')) {
      return "The header contains a bare CR";
    }
    if (c == '\n' && i + 1 < header.size() && (header[i + 1] == ' ' || header[i + 1] == '\t')) {
      return "Folded header lines (obs-fold) are not accepted";
    }
  }
  return std::nullopt;
}

/// Framing rules Beast leaves open: one Content-Length holding one number, Transfer-Encoding
/// exactly "chunked" and only under HTTP/1.1, never both, and Host once (required in 1.1).
std::optional<std::string_view> framing_problem(const bhttp::request<bhttp::string_body>& req) {
  std::size_t content_lengths = 0, transfer_encodings = 0, hosts = 0;
  for (const auto& field : req) {
    const auto name = field.name();
    if (name == bhttp::field::content_length) {
      ++content_lengths;
      if (field.value().find(',') != beast::string_view::npos) {
        return "Content-Length must be a single number";
      }
    } else if (name == bhttp::field::transfer_encoding) {
      ++transfer_encodings;
      if (!iequals({field.value().data(), field.value().size()}, "chunked")) {
        return "Transfer-Encoding must be exactly \"chunked\"";
      }
    } else if (name == bhttp::field::host) {
      ++hosts;
    }
  }
  if (content_lengths > 1) return "Content-Length is repeated";
  if (transfer_encodings > 1) return "Transfer-Encoding is repeated";
  if (transfer_encodings > 0 && content_lengths > 0) {
    return "Transfer-Encoding and Content-Length together are ambiguous";
  }
  if (transfer_encodings > 0 && req.version() < 11) return "Transfer-Encoding needs HTTP/1.1";
  if (hosts > 1) return "Host is repeated";
  if (hosts == 0 && req.version() >= 11) return "HTTP/1.1 requests need a Host header";
  const auto target = req.target();
  if (target.empty() || target.front() != '/') return "The request target must be a path";
  if (target.find('#') != beast::string_view::npos) return "The request target has a fragment";
  return std::nullopt;
}

std::string_view view(beast::string_view s) { return {s.data(), s.size()}; }

}  // namespace

bool has_side_effects(const authkit::http::Request& request) {
  return request.method != "GET" && request.method != "HEAD" && request.method != "OPTIONS";
}

authkit::http::Response json_error(int status, std::string_view code, std::string_view message) {
  authkit::http::Response response;
  response.status = status;
  response.headers.push_back({"Content-Type", "application/json"});
  // Ordered as the handler's errors are: message, then code.
  response.body = nlohmann::ordered_json{{"message", message}, {"code", code}}.dump(
      -1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  return response;
}

class Connection;

/// An event loop and what keeps it running while it has nothing to do.
struct Loop {
  net::io_context io{1};  // one thread runs it; other threads (the workers) post to it
  net::executor_work_guard<net::io_context::executor_type> keep_running{io.get_executor()};
};

struct HttpServer::Impl {
  Impl(HttpServerOptions opts, RequestHandler h, BlockingPredicate b, AccessLog l)
      : options(std::move(opts)),
        handler(std::move(h)),
        blocking(std::move(b)),
        log(std::move(l)),
        per_client(options.max_connections_per_client),
        loops(make_loops(options.io_threads)),
        acceptor(loops.front()->io),
        retry_accept(loops.front()->io),
        shutdown_timer(loops.front()->io),
        workers(options.worker_threads) {}

  /// One event loop per I/O thread. Each connection lives on one loop for its whole life, so
  /// its handlers never hop threads or contend for a lock (no strands). A loop runs until
  /// stop_loops(): the guard keeps it alive while it has no connection.
  static std::vector<std::unique_ptr<Loop>> make_loops(unsigned count) {
    std::vector<std::unique_ptr<Loop>> out;
    for (unsigned i = 0; i < count; ++i) out.push_back(std::make_unique<Loop>());
    return out;
  }

  void stop_loops() {
    for (auto& loop : loops) loop->io.stop();
  }

  void accept();
  void on_accept(beast::error_code ec, tcp::socket socket);
  void refuse(tcp::socket& socket, const std::string& peer, int status, std::string_view code,
              std::string_view message);
  void begin_stop();
  void connection_closed();

  /// The handler's answer; an exception (which it promises not to throw) becomes a 500.
  authkit::http::Response call(const authkit::http::Request& request) const {
    try {
      return handler(request);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "http: the handler threw: %s\n", e.what());
    } catch (...) {
      std::fprintf(stderr, "http: the handler threw\n");
    }
    return json_error(500, "INTERNAL_SERVER_ERROR", "Internal server error");
  }

  // Declared in this order so that they are destroyed in the reverse one: the workers first
  // (joined), then the I/O objects, then the loops, whose destructors destroy the handlers
  // still queued after a forced stop and with them their Connections, which use everything
  // declared above the loops.
  HttpServerOptions options;
  RequestHandler handler;
  BlockingPredicate blocking;
  AccessLog log;
  ClientCounts per_client;
  std::atomic<std::size_t> open{0};
  std::atomic<bool> stopping{false};    // set by stop(): answers from now on close
  std::atomic<bool> stop_begun{false};  // begin_stop() ran
  std::atomic<bool> forced{false};      // the shutdown deadline passed: the loops were stopped
  std::size_t next_loop = 0;            // round robin; used on the first loop's thread only
  int port = 0;
  // Every open connection, so that stop() can close the idle ones.
  std::mutex connections_mutex;
  std::list<std::weak_ptr<Connection>> connections;

  std::vector<std::unique_ptr<Loop>> loops;  // the first also runs the acceptor and the timers
  tcp::acceptor acceptor;
  net::steady_timer retry_accept;
  net::steady_timer shutdown_timer;
  net::thread_pool workers;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(HttpServer::Impl& server, tcp::socket socket, std::string peer, std::string client)
      : server_(server),
        stream_(std::move(socket)),
        peer_(std::move(peer)),
        client_(std::move(client)) {}

  ~Connection() {
    release_proxied_client();
    if (!client_.empty()) server_.per_client.remove(client_);
    {
      const std::lock_guard lock(server_.connections_mutex);
      server_.connections.erase(registration_);
    }
    server_.connection_closed();
  }

  void start(std::list<std::weak_ptr<Connection>>::iterator registration) {
    registration_ = registration;
    // The first request's header must arrive within header_timeout of the connection.
    stream_.expires_after(server_.options.header_timeout);
    wait_for_request();
  }

  /// From stop(): a connection between requests is closed now; one with a request in flight
  /// closes after its response.
  void close_if_idle() {
    if (!busy_) close();
  }

  net::any_io_executor executor() { return stream_.get_executor(); }

 private:
  // Waits for the first bytes of the next request: idle_timeout on a kept-alive connection.
  void wait_for_request() {
    busy_ = false;
    if (server_.stopping) return close();
    if (buffer_.size() > 0) return read_header();  // pipelined
    // An idle connection keeps 2 KiB of buffer at most: a large request's memory goes back.
    if (buffer_.capacity() > 2048) buffer_.shrink_to_fit();
    if (!first_request_) stream_.expires_after(server_.options.idle_timeout);
    stream_.async_read_some(buffer_.prepare(2048),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              if (ec) return self->close();
                              self->buffer_.commit(n);
                              if (!self->first_request_)
                                self->stream_.expires_after(self->server_.options.header_timeout);
                              self->read_header();
                            });
  }

  // Reads until the blank line that ends the header, within header_timeout and
  // max_header_bytes.
  void read_header() {
    const std::string_view data(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    const auto from = scanned_ >= 3 ? scanned_ - 3 : 0;
    const auto end = data.find("\r\n\r\n", from);
    if (end != std::string_view::npos) {
      scanned_ = 0;
      return parse_header(end + 4);
    }
    scanned_ = data.size();
    const std::size_t limit = server_.options.max_header_bytes;
    if (data.size() >= limit) {
      return fail(431, "REQUEST_HEADER_FIELDS_TOO_LARGE",
                  "The request header is larger than " + std::to_string(limit) + " bytes");
    }
    stream_.async_read_some(buffer_.prepare(std::min<std::size_t>(4096, limit - data.size())),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              if (ec) return self->close();  // includes the header deadline passing
                              self->buffer_.commit(n);
                              self->read_header();
                            });
  }

  void parse_header(std::size_t header_size) {
    busy_ = true;
    const std::string_view header(static_cast<const char*>(buffer_.data().data()), header_size);
    if (const auto problem = raw_header_problem(header)) return fail(400, "BAD_REQUEST", *problem);
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.options.max_header_bytes));
    parser_->body_limit(server_.options.max_body_bytes);
    beast::error_code ec;
    const auto used = parser_->put(net::buffer(header.data(), header.size()), ec);
    auto& req = parser_->get();  // the request line is parsed even when a field is refused
    method_ = std::string(view(req.method_string()));
    path_ = std::string(view(req.target().substr(0, req.target().find('?'))));
    if (ec == bhttp::error::body_limit) {
      // Declared too large: answered now, and the body is never read.
      return fail(413, "PAYLOAD_TOO_LARGE",
                  "The request body is larger than " +
                      std::to_string(server_.options.max_body_bytes) + " bytes");
    }
    if (ec == bhttp::error::bad_version) {
      return fail(505, "HTTP_VERSION_NOT_SUPPORTED", "Only HTTP/1.0 and HTTP/1.1 are served");
    }
    if (ec || !parser_->is_header_done()) {
      return fail(400, "BAD_REQUEST", "Malformed request: " + ec.message());
    }
    buffer_.consume(used);
    if (req.version() != 10 && req.version() != 11) {
      return fail(505, "HTTP_VERSION_NOT_SUPPORTED", "Only HTTP/1.0 and HTTP/1.1 are served");
    }
    if (const auto problem = framing_problem(req)) return fail(400, "BAD_REQUEST", *problem);
    if (!served_method(method_)) {
      if (req.method() == bhttp::verb::trace || req.method() == bhttp::verb::connect) {
        return fail(405, "METHOD_NOT_ALLOWED", "Method not allowed");
      }
      return fail(501, "NOT_IMPLEMENTED", "Method not implemented");
    }
    // Behind a trusted proxy, the cap counts the named client's requests in flight, from
    // the moment their header is in.
    if (server_.options.trusted_proxies.is_trusted(peer_)) {
      const auto forwarded = req["X-Forwarded-For"];
      auto client = server_.options.trusted_proxies.client_address(peer_, view(forwarded));
      if (!server_.per_client.try_add(client)) {
        return fail(429, "TOO_MANY_CONNECTIONS", "Too many requests in flight from this client");
      }
      proxied_client_ = std::move(client);
    }
    if (parser_->is_done()) return dispatch();
    const auto expect = req[bhttp::field::expect];
    if (!expect.empty()) {
      if (!iequals(view(expect), "100-continue")) {
        return fail(417, "EXPECTATION_FAILED", "Only \"Expect: 100-continue\" is supported");
      }
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      stream_.expires_after(server_.options.write_timeout);
      return net::async_write(stream_, net::buffer(kContinue.data(), kContinue.size()),
                              [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                if (ec) return self->close();
                                self->read_body();
                              });
    }
    read_body();
  }

  void read_body() {
    stream_.expires_after(server_.options.body_timeout);
    bhttp::async_read(
        stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
          if (ec == bhttp::error::body_limit) {
            return self->fail(413, "PAYLOAD_TOO_LARGE",
                              "The request body is larger than " +
                                  std::to_string(self->server_.options.max_body_bytes) + " bytes");
          }
          if (ec == beast::error::timeout || ec == net::error::eof ||
              ec == net::error::connection_reset) {
            return self->close();
          }
          if (ec) {
            return self->fail(400, "BAD_REQUEST", "Malformed body: " + ec.message());
          }
          self->dispatch();
        });
  }

  void dispatch() {
    auto& req = parser_->get();
    keep_alive_ = req.keep_alive();
    version_ = req.version();
    head_ = req.method() == bhttp::verb::head;
    authkit::http::Request request;
    request.method = head_ ? "GET" : method_;  // HEAD is answered as GET, without the body
    request.path = path_;
    const auto target = view(req.target());
    if (const auto q = target.find('?'); q != std::string_view::npos) {
      request.query = std::string(target.substr(q + 1));
    }
    request.headers.reserve(static_cast<std::size_t>(std::distance(req.begin(), req.end())));
    for (const auto& field : req) {
      request.headers.push_back(
          {std::string(view(field.name_string())), std::string(view(field.value()))});
    }
    request.body = std::move(req.body());
    request.peer_address = peer_;
    parser_.reset();

    if (server_.blocking && server_.blocking(request)) {
      net::post(server_.workers, [self = shared_from_this(), request = std::move(request)] {
        auto response = self->server_.call(request);
        net::post(self->executor(), [self, response = std::move(response)]() mutable {
          self->respond(std::move(response));
        });
      });
      return;
    }
    respond(server_.call(request));
  }

  // A transport error: answered in JSON, then the connection closes (its input may hold
  // anything).
  void fail(int status, std::string_view code, std::string_view message) {
    busy_ = true;
    keep_alive_ = false;
    respond(json_error(status, code, message));
  }

  void release_proxied_client() {
    if (proxied_client_) server_.per_client.remove(*proxied_client_);
    proxied_client_.reset();
  }

  void respond(authkit::http::Response answer) {
    release_proxied_client();
    if (server_.log) {
      server_.log({.peer = peer_,
                   .method = method_.empty() ? std::string_view("-") : method_,
                   .path = path_.empty() ? std::string_view("-") : path_,
                   .status = answer.status});
    }
    response_ = {};
    response_.version(version_);
    response_.result(static_cast<unsigned>(answer.status));
    for (auto& header : answer.headers) response_.insert(header.name, header.value);
    const bool bodiless = answer.status < 200 || answer.status == 204 || answer.status == 304;
    if (!bodiless) response_.content_length(answer.body.size());
    if (!head_) response_.body() = std::move(answer.body);
    response_.keep_alive(keep_alive_ && !server_.stopping);
    stream_.expires_after(server_.options.write_timeout);
    bhttp::async_write(stream_, response_,
                       [self = shared_from_this()](beast::error_code ec, std::size_t) {
                         if (ec || !self->response_.keep_alive()) return self->close();
                         self->first_request_ = false;
                         self->method_.clear();
                         self->path_.clear();
                         self->head_ = false;
                         self->wait_for_request();
                       });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
  }

  HttpServer::Impl& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bhttp::response<bhttp::string_body> response_;
  std::list<std::weak_ptr<Connection>>::iterator registration_;
  std::string peer_;    // the socket peer
  std::string client_;  // the key it is counted under; empty for a trusted proxy
  std::optional<std::string> proxied_client_;
  std::string method_, path_;  // of the request being served, for the log
  std::size_t scanned_ = 0;    // header bytes already searched for the blank line
  unsigned version_ = 11;
  bool first_request_ = true, keep_alive_ = false, head_ = false, busy_ = false;
};

void HttpServer::Impl::accept() {
  auto& loop = loops[next_loop++ % loops.size()]->io;
  acceptor.async_accept(
      loop, [this](beast::error_code ec, tcp::socket socket) { on_accept(ec, std::move(socket)); });
}

void HttpServer::Impl::on_accept(beast::error_code ec, tcp::socket socket) {
  if (stopping || ec == net::error::operation_aborted) return;
  if (ec) {
    // Out of file descriptors (or memory): wait a little instead of spinning on accept().
    retry_accept.expires_after(100ms);
    retry_accept.async_wait([this](beast::error_code wait_ec) {
      if (!wait_ec) accept();
    });
    return;
  }
  accept();
  beast::error_code peer_ec;
  const auto endpoint = socket.remote_endpoint(peer_ec);
  if (peer_ec) return;  // already gone
  auto address = endpoint.address();
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    address = net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6());
  }
  std::string peer = address.to_string();
  if (open.load() >= options.max_connections) {
    return refuse(socket, peer, 503, "TOO_MANY_CONNECTIONS",
                  "The server is at its connection limit");
  }
  std::string client;
  if (!options.trusted_proxies.is_trusted(peer)) {
    client = options.trusted_proxies.client_address(peer);
    if (!per_client.try_add(client)) {
      return refuse(socket, peer, 429, "TOO_MANY_CONNECTIONS",
                    "Too many open connections from this address");
    }
  }
  ++open;
  socket.set_option(tcp::no_delay(true), peer_ec);
  socket.set_option(net::socket_base::keep_alive(true), peer_ec);
  auto connection =
      std::make_shared<Connection>(*this, std::move(socket), std::move(peer), std::move(client));
  std::list<std::weak_ptr<Connection>>::iterator registration;
  {
    const std::lock_guard lock(connections_mutex);
    registration = connections.insert(connections.end(), connection);
  }
  connection->start(registration);
}

void HttpServer::Impl::refuse(tcp::socket& socket, const std::string& peer, int status,
                              std::string_view code, std::string_view message) {
  // A new connection's send buffer is empty, so this small answer goes out without waiting.
  const auto answer = json_error(status, code, message);
  const std::string bytes = "HTTP/1.1 " + std::to_string(status) +
                            (status == 429 ? " Too Many Requests" : " Service Unavailable") +
                            "\r\nContent-Type: application/json\r\nContent-Length: " +
                            std::to_string(answer.body.size()) + "\r\nConnection: close\r\n\r\n" +
                            answer.body;
  beast::error_code ignored;
  socket.non_blocking(true, ignored);
  socket.send(net::buffer(bytes), 0, ignored);
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
  if (log) log({.peer = peer, .method = "-", .path = "-", .status = status});
}

void HttpServer::Impl::begin_stop() {
  if (stop_begun.exchange(true)) return;
  beast::error_code ignored;
  acceptor.close(ignored);
  retry_accept.cancel();
  std::vector<std::shared_ptr<Connection>> live;
  {
    const std::lock_guard lock(connections_mutex);
    for (const auto& weak : connections) {
      if (auto connection = weak.lock()) live.push_back(std::move(connection));
    }
  }
  for (auto& connection : live) {
    auto executor = connection->executor();
    net::post(executor, [connection = std::move(connection)] { connection->close_if_idle(); });
  }
  live.clear();
  if (open.load() == 0) return stop_loops();
  shutdown_timer.expires_after(options.shutdown_timeout);
  shutdown_timer.async_wait([this](beast::error_code ec) {
    if (ec) return;
    forced = true;  // requests still running after the deadline are cut off
    stop_loops();
  });
}

void HttpServer::Impl::connection_closed() {
  // The last one out ends run(). After a forced stop the loops are stopped already (and may be
  // being destroyed): nothing is left to do.
  if (--open == 0 && stopping && !forced) stop_loops();
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}

HttpServer::~HttpServer() = default;

std::unique_ptr<HttpServer> HttpServer::start(HttpServerOptions options, RequestHandler handler,
                                              BlockingPredicate blocking, AccessLog log,
                                              std::string& error) {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  if (options.io_threads == 0) options.io_threads = cores;
  if (options.worker_threads == 0) options.worker_threads = 4 * cores;
  if (options.max_connections == 0 || options.max_connections_per_client == 0) {
    error = "the connection limits must be at least 1";
    return nullptr;
  }

  // Each connection is a file descriptor: take as many as the hard limit allows.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }

  const std::string host = options.host;
  const int port = options.port;
  auto impl = std::make_unique<Impl>(std::move(options), std::move(handler), std::move(blocking),
                                     std::move(log));
  beast::error_code ec;
  const auto address = net::ip::make_address(host, ec);
  if (ec) {
    error = "\"" + host + "\" is not an IP address";
    return nullptr;
  }
  const tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
  auto& acceptor = impl->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  // SO_REUSEADDR lets a restart bind while old connections sit in TIME_WAIT. Never
  // SO_REUSEPORT: it would let a second server bind the same port and take half the clients.
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    error = "cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message();
    return nullptr;
  }
  impl->port = acceptor.local_endpoint().port();
  if (files.rlim_cur != RLIM_INFINITY && files.rlim_cur < impl->options.max_connections + 64) {
    std::fprintf(stderr,
                 "http: warning: the open-file limit (%llu) is below max-connections (%zu); "
                 "raise it (ulimit -n) or lower the cap\n",
                 static_cast<unsigned long long>(files.rlim_cur), impl->options.max_connections);
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

int HttpServer::port() const noexcept { return impl_->port; }

std::size_t HttpServer::connections() const noexcept { return impl_->open.load(); }

void HttpServer::run() {
  impl_->accept();
  // Nothing in a connection's life should throw, but a throw must cost one connection, not
  // the process: the loop logs it and carries on.
  const auto serve = [](Loop& loop) {
    for (;;) {
      try {
        loop.io.run();
        return;
      } catch (const std::exception& e) {
        std::fprintf(stderr, "http: %s\n", e.what());
      }
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < impl_->loops.size(); ++i) {
    threads.emplace_back(serve, std::ref(*impl_->loops[i]));
  }
  serve(*impl_->loops.front());
  for (auto& thread : threads) thread.join();
  impl_->workers.join();
}

void HttpServer::stop() {
  // At once, not when the first loop gets to it (it may be busy with a request): responses
  // finished from now on close their connections.
  impl_->stopping = true;
  net::post(impl_->loops.front()->io, [impl = impl_.get()] { impl->begin_stop(); });
}

}  // namespace authkit_examples
