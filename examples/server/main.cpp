// authkit-server: better-auth's HTTP API on SQLite, served with cpp-httplib.
//
//   AUTHKIT_SECRET=... authkit-server [--listen 127.0.0.1:8080] [--db authkit.db] ...
//   authkit-server --dev          # ephemeral secret, for trying it out
//
// The auth routes live under the base URL's path (/api/v1/auth by default); the browser pages
// under /auth/ and /dashboard (web_pages.hpp); /health answers when the process is up, /ready
// when the database is reachable. SIGINT or SIGTERM stop it gracefully: the listener closes
// and requests in flight finish.
#include <authkit/authkit.hpp>

#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

#include "httplib_bridge.hpp"
#include "httplib_tuning.hpp"
#include "outbox_mail.hpp"
#include "server_options.hpp"
#include "web_pages.hpp"

namespace {

using authkit_server::ServerOptions;

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
  std::cout << "listen " << options.listen_host << ":" << options.listen_port << "\n"
            << "db " << options.db_path << "\n"
            << "base-url " << authkit_server::effective_base_url(options, options.listen_port)
            << "\n"
            << "mail " << (options.mail_outbox.empty() ? "console" : options.mail_outbox) << "\n"
            << "audit-log " << (options.audit_log.empty() ? "stderr" : options.audit_log) << "\n"
            << "resource-url " << (options.resource_url.empty() ? "none" : options.resource_url)
            << "\n"
            << "rate-limit " << (options.rate_limit ? "on" : "off") << "\n"
            << "threads " << options.threads << "\n";
  for (const auto& origin : options.trusted_origins)
    std::cout << "trusted-origin " << origin << "\n";
}

/// One access-log line per request on stderr, without query strings or tokens.
void log_request(const httplib::Request& request, const httplib::Response& response) {
  std::fprintf(stderr, "%s %s %s %d\n", request.remote_addr.c_str(), request.method.c_str(),
               authkit_server::loggable_path(request.path).c_str(), response.status);
}

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

  httplib::Server server;
  const auto listen_socket = authkit_examples::tune(server, options.threads, 1024 * 1024);
  server.set_logger(log_request);

  const int port =
      authkit_examples::bind(server, options.listen_host, options.listen_port, listen_socket);
  if (port < 0) {
    std::cerr << "authkit-server: cannot listen on " << options.listen_host << ":"
              << options.listen_port << "\n";
    return 1;
  }

  // 16 SQLite connections for up to --threads concurrent requests: with the default 4, 64
  // busy connections queued for the pool (scripts/load-test.sh: ~7k instead of ~16k req/s).
  auto store = authkit::SqliteStore::open(
      {.path = options.db_path, .pool_size = std::min(options.threads, 16u)});
  if (!store) {
    std::cerr << "authkit-server: cannot open " << options.db_path << ": " << store.error().detail()
              << "\n";
    return 1;
  }
  authkit::AuthServiceOptions service_options;
  service_options.stores = authkit::Stores::of(*store);
  service_options.mail = mail;
  service_options.mail_queue = *mail_queue;
  service_options.audit = audit;
  service_options.base_url = authkit_server::effective_base_url(options, port);
  service_options.trusted_origins = options.trusted_origins;
  service_options.rate_limit.enabled = options.rate_limit;
  // The JWT signing key lives in the database, sealed under a key derived from the secret,
  // so the JWKS survives restarts.
  service_options.jwt_key_secret = secret;
  auto service = authkit::AuthService::create(service_options);
  if (!service) {
    std::cerr << "authkit-server: " << service.error().detail() << "\n";
    return 2;
  }
  authkit::http::HandlerOptions handler_options;
  handler_options.base_path = path_of(service_options.base_url);
  handler_options.secret = secret;
  auto handler = authkit::http::Handler::create(*service, handler_options);
  if (!handler) {
    std::cerr << "authkit-server: " << handler.error().detail() << "\n";
    return 2;
  }

  const auto serve = [&handler](const httplib::Request& req, httplib::Response& res) {
    authkit_server::from_authkit(handler->handle(authkit_server::to_authkit(req)), res);
  };
  // GET and OPTIONS requests to the API are answered before cpp-httplib's routing, which runs
  // a std::regex per route: ~70k instructions a request, a quarter of a get-session
  // (callgrind). Requests with a body go through a route, because the library reads the body
  // only after this hook.
  const std::string api_prefix = handler_options.base_path + "/";
  server.set_pre_routing_handler(
      [serve, api_prefix](const httplib::Request& req, httplib::Response& res) {
        if ((req.method == "GET" || req.method == "OPTIONS") && req.path.starts_with(api_prefix)) {
          serve(req, res);
          return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
      });
  server.Post(handler_options.base_path + "/.*", serve);
  authkit_server::add_web_pages(server, *handler,
                                {.api_base_path = handler_options.base_path,
                                 .resource_url = options.resource_url,
                                 .password_policy = service_options.password_policy});
  server.Get("/health", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"status":"ok"})", "application/json");
  });
  const std::shared_ptr<authkit::SqliteStore> db = *store;
  server.Get("/ready", [db](const httplib::Request&, httplib::Response& res) {
    const bool ready = db->ping().has_value();
    res.status = ready ? 200 : 503;
    res.set_content(ready ? R"({"status":"ready"})" : R"({"status":"unavailable"})",
                    "application/json");
  });

  std::thread stopper([&server, stop_signals] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    std::cerr << "authkit-server: stopping (signal " << signal_number << ")\n";
    server.stop();
  });
  stopper.detach();

  std::cout << "authkit-server listening on http://" << options.listen_host << ":" << port
            << " (auth API at " << service_options.base_url << ")" << std::endl;
  const bool ok = server.listen_after_bind();
  (*mail_queue)->close();  // requests have finished: deliver the mail they queued
  std::cerr << "authkit-server: stopped\n";
  return ok ? 0 : 1;
}
