// The example servers' transport (examples/common/http_server.*) in-process, so that the
// sanitizer builds see its threads: the event loop, the workers, stop() from another thread.
// The attack shapes are in tests/e2e/transport_test.py, against the real authkit-server.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "http_server.hpp"

namespace {

using authkit::http::Request;
using authkit::http::Response;
using authkit_examples::HttpServer;
using authkit_examples::HttpServerOptions;

/// A blocking client socket to 127.0.0.1:port. Usable from any thread: it makes no Catch
/// assertion (Catch is single-threaded); callers check connected().
class Client {
 public:
  explicit Client(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    if (fd_ < 0) return;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval timeout{.tv_sec = 30, .tv_usec = 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  }
  ~Client() {
    if (fd_ >= 0) ::close(fd_);
  }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  [[nodiscard]] bool connected() const { return connected_; }

  void send(const std::string& bytes) const {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<std::size_t>(n);
    }
  }

  /// One response (Content-Length framed; none after HEAD), or "" when the connection closed
  /// first.
  std::string read_response(bool head = false) {
    for (;;) {
      const auto end = buffer_.find("\r\n\r\n");
      if (end != std::string::npos) {
        const auto at = buffer_.find("Content-Length: ");
        const std::size_t length =
            head || at == std::string::npos || at > end ? 0 : std::stoul(buffer_.substr(at + 16));
        if (buffer_.size() >= end + 4 + length) {
          std::string response = buffer_.substr(0, end + 4 + length);
          buffer_.erase(0, end + 4 + length);
          return response;
        }
      }
      char chunk[4096];
      const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) return "";
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }

  /// Whether the server closed the connection (reads until EOF or the receive timeout).
  bool closed_by_server() const {
    char byte = 0;
    return ::recv(fd_, &byte, 1, 0) == 0;
  }

 private:
  int fd_;
  bool connected_ = false;
  std::string buffer_;
};

/// A server on a free port, running on its own thread until the end of the scope.
struct RunningServer {
  explicit RunningServer(authkit_examples::RequestHandler handler, HttpServerOptions options = {}) {
    options.port = 0;
    options.io_threads = 2;
    options.worker_threads = 2;
    std::string error;
    server = HttpServer::start(options, std::move(handler), authkit_examples::has_side_effects,
                               nullptr, error);
    REQUIRE(server != nullptr);
    thread = std::thread([this] { server->run(); });
  }
  ~RunningServer() {
    server->stop();
    thread.join();
  }
  std::unique_ptr<HttpServer> server;
  std::thread thread;
};

/// Echoes method, path, query, the X-Raw header and the body.
Response echo(const Request& request) {
  Response response;
  response.headers.push_back({"Content-Type", "text/plain"});
  response.body = request.method + " " + request.path + " " + request.query + " [" +
                  std::string(request.header("X-Raw").value_or("")) + "] " + request.body;
  return response;
}

std::string body_of(const std::string& response) {
  return response.substr(response.find("\r\n\r\n") + 4);
}

}  // namespace

TEST_CASE("transport: many clients on several threads, reads inline and writes on workers",
          "[transport]") {
  RunningServer running(echo);
  const int port = running.server->port();
  std::atomic<int> correct{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 8; ++t) {
    clients.emplace_back([port, t, &correct] {
      Client client(port);
      if (!client.connected()) return;
      for (int i = 0; i < 50; ++i) {
        const std::string body = std::to_string(t) + "-" + std::to_string(i);
        const bool post = i % 2 == 0;  // POST goes to a worker thread, GET stays inline
        client.send(std::string(post ? "POST" : "GET") + " /p/" + body +
                    "?q=1 HTTP/1.1\r\nHost: a\r\nContent-Length: " + std::to_string(body.size()) +
                    "\r\n\r\n" + body);
        const std::string want =
            std::string(post ? "POST" : "GET") + " /p/" + body + " q=1 [] " + body;
        if (body_of(client.read_response()) == want) ++correct;
      }
    });
  }
  for (auto& client : clients) client.join();
  CHECK(correct == 8 * 50);
}

TEST_CASE("transport: header values and paths reach the handler byte for byte", "[transport]") {
  RunningServer running(echo);
  Client client(running.server->port());
  REQUIRE(client.connected());
  client.send("GET /a%2Fb%0A?x=%41 HTTP/1.1\r\nHost: a\r\nX-Raw:  http%3A%2F%2Fh\t \r\n\r\n");
  // Only the optional whitespace around the value goes, as HTTP defines it.
  CHECK(body_of(client.read_response()) == "GET /a%2Fb%0A x=%41 [http%3A%2F%2Fh] ");
}

TEST_CASE("transport: HEAD is answered as GET without the body", "[transport]") {
  RunningServer running(echo);
  Client client(running.server->port());
  REQUIRE(client.connected());
  client.send("HEAD /h HTTP/1.1\r\nHost: a\r\n\r\nGET /h HTTP/1.1\r\nHost: a\r\n\r\n");
  const std::string head = client.read_response(/*head=*/true);
  // The handler saw GET; the length is that of GET's body, which is not sent.
  const std::string get_body = "GET /h  [] ";
  CHECK(head.find("Content-Length: " + std::to_string(get_body.size())) != std::string::npos);
  CHECK(body_of(head).empty());
  CHECK(body_of(client.read_response()) == get_body);  // the next response follows at once
}

TEST_CASE("transport: stop() closes idle connections and lets a request in flight finish",
          "[transport]") {
  std::mutex mutex;
  std::condition_variable changed;
  bool entered = false, release = false;
  auto handler = [&](const Request& request) {
    if (request.method == "POST") {
      std::unique_lock lock(mutex);
      entered = true;
      changed.notify_all();
      changed.wait(lock, [&] { return release; });
    }
    return echo(request);
  };
  HttpServerOptions options;
  options.port = 0;
  options.io_threads = 2;
  options.worker_threads = 1;
  std::string error;
  auto server =
      HttpServer::start(options, handler, authkit_examples::has_side_effects, nullptr, error);
  REQUIRE(server != nullptr);
  std::thread runner([&server] { server->run(); });

  Client idle(server->port());
  Client busy(server->port());
  REQUIRE(idle.connected());
  REQUIRE(busy.connected());
  idle.send("GET /i HTTP/1.1\r\nHost: a\r\n\r\n");
  CHECK(!idle.read_response().empty());
  busy.send("POST /b HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nx");
  {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return entered; });
  }
  server->stop();
  CHECK(idle.closed_by_server());
  {
    const std::lock_guard lock(mutex);
    release = true;
  }
  changed.notify_all();
  const std::string answer = busy.read_response();
  CHECK(body_of(answer) == "POST /b  [] x");
  CHECK(answer.find("Connection: close") != std::string::npos);
  runner.join();  // run() returns once the last connection is closed
  CHECK(server->connections() == 0);
  Client late(server->port());
  CHECK_FALSE(late.connected());  // nothing listens any more
}

TEST_CASE("transport: the per-client cap is counted and released under concurrency",
          "[transport]") {
  HttpServerOptions options;
  options.max_connections_per_client = 4;
  RunningServer running(echo, options);
  const int port = running.server->port();
  std::atomic<int> served{0}, refused{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 8; ++t) {
    clients.emplace_back([&, port] {
      for (int i = 0; i < 20; ++i) {
        Client client(port);
        if (!client.connected()) continue;
        client.send("GET /c HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        const std::string answer = client.read_response();
        if (answer.starts_with("HTTP/1.1 200")) ++served;
        if (answer.starts_with("HTTP/1.1 429")) ++refused;
      }
    });
  }
  for (auto& client : clients) client.join();
  CHECK(served + refused == 8 * 20);
  CHECK(served > 0);
  // Every slot came back: four connections at once are served again.
  std::vector<std::unique_ptr<Client>> held;
  int ok = 0;
  for (int attempt = 0; attempt < 100 && ok < 4; ++attempt) {
    if (running.server->connections() != held.size()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));  // closes still in progress
      continue;
    }
    held.push_back(std::make_unique<Client>(port));
    held.back()->send("GET /c HTTP/1.1\r\nHost: a\r\n\r\n");
    if (held.back()->read_response().starts_with("HTTP/1.1 200")) {
      ++ok;
    } else {
      held.pop_back();
    }
  }
  CHECK(ok == 4);
}

TEST_CASE("transport: past shutdown_timeout stop() cuts off what is still running", "[transport]") {
  std::atomic<bool> release{false};
  auto handler = [&release](const Request& request) {
    while (request.path == "/slow" && !release) std::this_thread::yield();
    return echo(request);
  };
  HttpServerOptions options;
  options.port = 0;
  options.io_threads = 2;
  options.worker_threads = 1;
  options.shutdown_timeout = std::chrono::milliseconds(50);
  std::string error;
  auto server =
      HttpServer::start(options, handler, authkit_examples::has_side_effects, nullptr, error);
  REQUIRE(server != nullptr);
  std::thread runner([&server] { server->run(); });
  Client client(server->port());
  REQUIRE(client.connected());
  client.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
  while (server->connections() == 0) std::this_thread::yield();
  server->stop();
  // Far past the 50 ms deadline: the event loop has given up by now. The handler returns
  // into a stopped loop, and the server is destroyed with the connection still queued.
  std::this_thread::sleep_for(std::chrono::seconds(1));
  release = true;
  runner.join();   // run() returned: the loop gave up on the request
  server.reset();  // and destroying the server closes its connection
  // (The answer may have gone out: the handler's write is tried at once, loop or no loop.)
  const std::string answer = client.read_response();
  CHECK((answer.empty() || answer.find("Connection: close") != std::string::npos));
  CHECK(client.closed_by_server());
}
