// authkit-server: better-auth's HTTP API on SQLite, served by the Boost.Beast transport of
// examples/common/http_server.hpp.
//
//   AUTHKIT_SECRET=... authkit-server [--listen 127.0.0.1:8080] [--db authkit.db] ...
//   authkit-server --dev          # ephemeral secret, for trying it out
//
// The auth routes live under the base URL's path (/api/v1/auth by default); the browser pages
// under /auth/ and /dashboard (web_pages.hpp); /health answers when the process is up, /ready
// when the database is reachable. SIGINT or SIGTERM stop it gracefully: the listener closes,
// requests in flight finish, and the mail they queued is sent.
#include <authkit/authkit.hpp>

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

#include "access_log.hpp"
#include "http_server.hpp"
#include "outbox_mail.hpp"
#include "periodic_purge.hpp"
#include "server_options.hpp"
#include "sign_up_policy.hpp"
#include "store_open.hpp"
#include "user_field_flag.hpp"
#include "web_pages.hpp"

namespace {

using authkit_server::ServerOptions;

/// `items` joined with `separator`.
std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string joined;
  for (const auto& item : items) {
    if (!joined.empty()) joined += separator;
    joined += item;
  }
  return joined;
}

/// The path part of an absolute URL ("/api/v1/auth"), without a trailing '/'.
std::string path_of(const std::string& url) {
  const auto scheme = url.find("://");
  const auto slash = scheme == std::string::npos ? std::string::npos : url.find('/', scheme + 3);
  std::string path = slash == std::string::npos ? std::string{} : url.substr(slash);
  while (!path.empty() && path.back() == '/') path.pop_back();
  return path;
}

/// AUTHKIT_SECRET, or with --dev a fresh random one. nullptr (after saying why) otherwise.
std::shared_ptr<const authkit::Secret> load_secret(const ServerOptions& options) {
  const char* configured = std::getenv("AUTHKIT_SECRET");
  if (configured != nullptr && *configured != '\0') {
    auto secret = authkit::Secret::from_env("AUTHKIT_SECRET");
    if (!secret) {
      std::cerr << "authkit-server: AUTHKIT_SECRET is unusable: " << secret.error().message()
                << " (it needs at least 32 bytes)\n";
      return nullptr;
    }
    return std::make_shared<const authkit::Secret>(std::move(*secret));
  }
  if (!options.dev) {
    std::cerr << "authkit-server: AUTHKIT_SECRET is not set. Set it to at least 32 random bytes\n"
                 "  (e.g. export AUTHKIT_SECRET=$(openssl rand -base64 48)), or pass --dev to\n"
                 "  run with an ephemeral secret.\n";
    return nullptr;
  }
  auto secret = authkit::Secret::random(48);
  if (!secret) return nullptr;
  std::cerr << "authkit-server: --dev: using an ephemeral secret; sessions end when the server "
               "stops\n";
  return std::make_shared<const authkit::Secret>(std::move(*secret));
}

std::shared_ptr<authkit::MailService> make_mail(const ServerOptions& options) {
  if (options.mail_outbox.empty()) return std::make_shared<authkit::ConsoleMailService>();
  auto outbox = authkit_server::OutboxMailService::open(options.mail_outbox);
  if (!outbox) {
    std::cerr << "authkit-server: " << outbox.error().detail() << "\n";
    return nullptr;
  }
  return *outbox;
}

/// Audit events as JSON lines: to --audit-log, or standard error. nullptr (after saying why)
/// when the file cannot be opened.
std::shared_ptr<authkit::AuditSink> make_audit(const ServerOptions& options) {
  if (options.audit_log.empty()) return std::make_shared<authkit::JsonLinesAuditSink>(std::cerr);
  auto sink = std::make_shared<authkit::JsonLinesAuditSink>(options.audit_log);
  if (!sink->ok()) {
    std::cerr << "authkit-server: cannot open the audit log " << options.audit_log << "\n";
    return nullptr;
  }
  return sink;
}

void print_config(const ServerOptions& options) {
  const auto& http = options.http;
  std::cout << "listen " << http.host << ":" << http.port << "\n"
            << "db " << authkit::redact_store_url(options.db_path) << "\n"
            << "base-url " << authkit_server::effective_base_url(options, http.port) << "\n"
            << "mail " << (options.mail_outbox.empty() ? "console" : options.mail_outbox) << "\n"
            << "audit-log " << (options.audit_log.empty() ? "stderr" : options.audit_log) << "\n"
            << "resource-url " << (options.resource_url.empty() ? "none" : options.resource_url)
            << "\n"
            << "rate-limit " << (options.rate_limit ? "on" : "off") << "\n"
            << "cookie-prefix " << options.cookie_prefix << "\n"
            << "user-fields " << authkit_server::describe_user_fields(options.user_fields) << "\n"
            << "sign-up-domains "
            << (options.sign_up_domains.empty() ? std::string("any")
                                                : join(options.sign_up_domains, ","))
            << "\n"
            << "threads " << (http.io_threads == 0 ? "auto" : std::to_string(http.io_threads))
            << "\n"
            << "workers "
            << (http.worker_threads == 0 ? "auto" : std::to_string(http.worker_threads)) << "\n"
            << "max-connections " << http.max_connections << "\n"
            << "max-connections-per-client " << http.max_connections_per_client << "\n"
            << "header-timeout "
            << std::chrono::duration_cast<std::chrono::seconds>(http.header_timeout).count() << "\n"
            << "purge-interval " << options.purge_interval.count() << "\n";
  for (const auto& proxy : options.trusted_proxies) std::cout << "trusted-proxy " << proxy << "\n";
  for (const auto& origin : options.trusted_origins)
    std::cout << "trusted-origin " << origin << "\n";
}

/// Which requests run on the worker pool. On SQLite a read is a local lookup of microseconds, so
/// only requests with side effects (a password hash, a write) leave the event loop. On
/// PostgreSQL every store call is a network round trip, which lasts up to the connect or
/// statement timeout while the server is unwell; an event loop blocked on one would stall every
/// connection it serves, /health included. So there everything but /health runs on a worker.
authkit_examples::BlockingPredicate blocking_requests(const std::string& db) {
  if (!authkit_server::is_postgres_url(db)) return authkit_examples::has_side_effects;
  return [](const authkit::http::Request& request) { return request.path != "/health"; };
}

/// Everything the server answers: the auth API, /health, /ready, the browser pages, and a JSON
/// 404 for the rest.
class Routes {
 public:
  Routes(const authkit::http::Handler& api, authkit_server::WebPages pages,
         std::shared_ptr<authkit::Store> db)
      : api_(api), pages_(std::move(pages)), db_(std::move(db)) {}

  authkit::http::Response operator()(const authkit::http::Request& request) const {
    if (api_.owns(request.path)) return api_.handle(request);
    if (request.method == "GET" && request.path == "/health")
      return json(200, R"({"status":"ok"})");
    if (request.method == "GET" && request.path == "/ready") {
      const bool ready = db_->ping().has_value();
      return json(ready ? 200 : 503,
                  ready ? R"({"status":"ready"})" : R"({"status":"unavailable"})");
    }
    if (auto page = pages_.serve(request)) return std::move(*page);
    return authkit_examples::json_error(404, "NOT_FOUND", "Not found");
  }

 private:
  static authkit::http::Response json(int status, std::string body) {
    return {.status = status,
            .headers = {{"Content-Type", "application/json"}},
            .body = std::move(body)};
  }
  const authkit::http::Handler& api_;
  authkit_server::WebPages pages_;
  std::shared_ptr<authkit::Store> db_;
};

}  // namespace

int main(int argc, char** argv) {
  std::string error;
  const auto parsed = authkit_server::parse_options(argc, argv, error);
  if (!parsed) {
    std::cerr << "authkit-server: " << error << "\n\n" << authkit_server::usage();
    return 2;
  }
  const ServerOptions& options = *parsed;
  if (options.help) {
    std::cout << authkit_server::usage();
    return 0;
  }
  if (options.print_config) {
    print_config(options);
    return 0;
  }
  // The pages live beside the API (web_pages.hpp), so its path must leave theirs alone.
  const std::string api_path = path_of(authkit_server::effective_base_url(options, 0));
  if (authkit_server::overlaps_web_pages(api_path)) {
    std::cerr << "authkit-server: the base URL's path \"" << api_path
              << "\" overlaps the browser pages (/auth/..., /dashboard); choose another\n";
    return 2;
  }
  const auto secret = load_secret(options);
  if (!secret) return 2;
  const auto mail = make_mail(options);
  if (!mail) return 1;
  const auto audit = make_audit(options);
  if (!audit) return 1;

  // Block the stop signals in every thread; one thread waits for them and stops the server.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  // Mail work of anonymous requests runs after the response, so answers take the same time
  // whether or not an address has an account; close() at the end sends what is queued. Made
  // after the signals are blocked: its thread must not take SIGTERM's default action.
  auto mail_queue = authkit::MailQueue::create();
  if (!mail_queue) {
    std::cerr << "authkit-server: " << mail_queue.error().detail() << "\n";
    return 1;
  }

  auto proxies = authkit::TrustedProxies::parse(options.trusted_proxies);
  if (!proxies) {
    std::cerr << "authkit-server: --trusted-proxy: " << proxies.error().detail() << "\n";
    return 2;
  }
  authkit_examples::HttpServerOptions http_options = options.http;
  http_options.trusted_proxies = *proxies;
  // The handler's body cap; above it the transport answers 413 without reading the body.
  http_options.max_body_bytes = authkit::http::HandlerOptions{}.max_body_bytes;
  // Bound before anything else: a port in use is reported first, and the default base URL
  // names the port bound. The routes are filled in below; nothing is served before run().
  std::optional<Routes> routes;
  std::string listen_error;
  auto server = authkit_examples::HttpServer::start(
      http_options, [&routes](const authkit::http::Request& request) { return (*routes)(request); },
      blocking_requests(options.db_path), authkit_examples::write_access_line, listen_error);
  if (!server) {
    std::cerr << "authkit-server: " << listen_error << "\n";
    return 1;
  }
  const int port = server->port();

  // A SQLite connection for each thread that may run a request, up to 32: with the default 4,
  // busy threads queued for the pool (scripts/load-test.sh: ~7k instead of ~16k req/s).
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  const unsigned request_threads =
      (options.http.io_threads == 0 ? cores : options.http.io_threads) +
      (options.http.worker_threads == 0 ? 4 * cores : options.http.worker_threads);
  authkit::AuthOptions auth_options;
  auth_options.database = authkit_server::database_url(options.db_path);
  auth_options.database_pool_size = std::min(request_threads, 32u);
  // Signs the cookies and seals the JWT signing key kept in the database, so the JWKS
  // survives restarts and is the same on every instance.
  auth_options.secret = secret;
  auth_options.mail.service = mail;
  auth_options.mail.queue = *mail_queue;
  auth_options.audit = audit;
  auth_options.base_url = authkit_server::effective_base_url(options, port);
  auth_options.trusted_origins = options.trusted_origins;
  auth_options.rate_limits.requests.enabled = options.rate_limit;
  auth_options.http.trusted_proxies = *proxies;
  auth_options.http.cookie_prefix = options.cookie_prefix;
  auth_options.user_fields = options.user_fields;
  if (!options.sign_up_domains.empty()) {
    auth_options.hooks.before_sign_up =
        authkit_server::allow_sign_up_domains(options.sign_up_domains);
  }
  auto auth = authkit::Auth::create(std::move(auth_options));
  if (!auth) {
    std::cerr << "authkit-server: " << auth.error().message() << ": " << auth.error().detail()
              << "\n";
    return auth.error().code() == authkit::Errc::invalid_configuration ? 2 : 1;
  }
  const authkit::AuthServiceOptions& in_force = auth->service().options();

  routes.emplace(
      auth->handler(),
      authkit_server::WebPages(auth->handler(), {.api_base_path = api_path,
                                                 .resource_url = options.resource_url,
                                                 .password_policy = in_force.passwords.policy}),
      auth->store());
  const authkit_server::PeriodicPurge purge(auth->service(), options.purge_interval);

  std::thread stopper([&server, stop_signals] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    std::cerr << "authkit-server: stopping (signal " << signal_number << ")\n";
    server->stop();
  });
  stopper.detach();

  std::cout << "authkit-server listening on http://" << options.http.host << ":" << port
            << " (auth API at " << in_force.base_url << ")" << std::endl;
  server->run();
  (*mail_queue)->close();  // requests have finished: deliver the mail they queued
  std::cerr << "authkit-server: stopped\n";
  return 0;
}
