// authkit-resource-server: a to-do API that trusts an auth server's JWTs, served with
// cpp-httplib. It is the C++ twin of the "seed" FastAPI todo backend: the browser signs in at
// authkit-server, exchanges its session for a JWT (GET /api/v1/auth/token), and calls this
// server with "Authorization: Bearer <jwt>".
//
//   authkit-resource-server --jwks-url http://127.0.0.1:8080/api/v1/auth/jwks
//   SECRET=... authkit-resource-server --hs256-secret-env SECRET --issuer I --audience A
//
// Tasks are kept in memory only. SIGINT or SIGTERM stop it gracefully: the listener closes and
// requests in flight finish.
#include <authkit/clock.hpp>
#include <authkit/jwt.hpp>
#include <authkit/secret.hpp>

#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

#include "cors.hpp"
#include "httplib_tuning.hpp"
#include "jwks_cache.hpp"
#include "jwks_fetch.hpp"
#include "resource_options.hpp"
#include "task_routes.hpp"
#include "task_store.hpp"

namespace {

using resource_server::ResourceOptions;

constexpr const char* kName = "authkit-resource-server";

/// The checks every token must pass besides its signature: exp (always), sub, and iss/aud
/// when configured.
authkit::VerifyOptions verify_options(const ResourceOptions& options,
                                      std::shared_ptr<const authkit::Clock> clock) {
  authkit::VerifyOptions out;
  if (!options.issuer.empty()) out.issuer = options.issuer;
  if (!options.audience.empty()) out.audience = {options.audience};
  out.required_claims = {"sub"};
  out.clock = std::move(clock);
  return out;
}

/// HS256 with the shared secret from the named environment variable. An empty function
/// (after saying why) when the secret is missing or short.
resource_server::VerifyToken hs256_verifier(const ResourceOptions& options,
                                            std::shared_ptr<const authkit::Clock> clock) {
  auto secret = authkit::Secret::from_env(options.hs256_secret_env.c_str());
  if (!secret) {
    std::cerr << kName << ": " << options.hs256_secret_env
              << " must hold the shared HS256 secret (at least 32 bytes): "
              << secret.error().message() << "\n";
    return {};
  }
  auto key = authkit::Jwk::from_secret(*secret, authkit::Algorithm::HS256);
  auto keys = key ? authkit::JwkSet::of(*key) : authkit::Result<authkit::JwkSet>(key.error());
  auto verifier = keys ? authkit::JwtVerifier::create(std::move(*keys),
                                                      verify_options(options, std::move(clock)))
                       : authkit::Result<authkit::JwtVerifier>(keys.error());
  if (!verifier) {
    std::cerr << kName << ": " << verifier.error().message() << "\n";
    return {};
  }
  auto shared = std::make_shared<const authkit::JwtVerifier>(std::move(*verifier));
  return [shared](std::string_view token) { return shared->verify(token); };
}

/// Keys from the auth server's JWKS, cached (jwks_cache.hpp). A failed first fetch is not
/// fatal: the auth server may start after us, and the first request fetches again.
resource_server::VerifyToken jwks_verifier(const ResourceOptions& options,
                                           std::shared_ptr<const authkit::Clock> clock) {
  resource_server::JwksCacheOptions cache_options;
  cache_options.verify = verify_options(options, clock);
  cache_options.log = [](const std::string& line) { std::cerr << kName << ": " << line << "\n"; };
  auto cache = std::make_shared<resource_server::JwksCache>(
      resource_server::make_http_fetch(options.jwks_url), std::move(clock), cache_options);
  if (!cache->refresh()) {
    std::cerr << kName << ": no keys from " << options.jwks_url << " yet; will retry\n";
  }
  return [cache](std::string_view token) { return cache->verify(token); };
}

/// One access-log line per request on stderr: peer, method, path, status. Never headers (the
/// token is in Authorization) and never the query string. The path is percent-decoded by
/// cpp-httplib, so control characters are masked: "%0A" must not start a fake log line.
void log_request(const httplib::Request& request, const httplib::Response& response) {
  std::string path = request.path;
  for (char& c : path) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  std::fprintf(stderr, "%s %s %s %d\n", request.remote_addr.c_str(), request.method.c_str(),
               path.c_str(), response.status);
}

/// JSON bodies for the errors cpp-httplib makes itself (unknown route, body over the cap).
/// Our handlers' errors already have a body and pass through untouched.
httplib::Server::HandlerResponse fill_error(const httplib::Request&, httplib::Response& res) {
  if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
  switch (res.status) {
    case 404:
      resource_server::send_error(res, 404, "NOT_FOUND", "Not found");
      break;
    case 413:
      resource_server::send_error(res, 413, "PAYLOAD_TOO_LARGE",
                                  "The request body is larger than 64 KiB");
      break;
    default:
      resource_server::send_error(res, res.status, "BAD_REQUEST", "Bad request");
      break;
  }
  return httplib::Server::HandlerResponse::Handled;
}

}  // namespace

int main(int argc, char** argv) {
  std::string error;
  const auto parsed = resource_server::parse_options(argc, argv, error);
  if (!parsed) {
    std::cerr << kName << ": " << error << "\n\n" << resource_server::usage();
    return 2;
  }
  const ResourceOptions& options = *parsed;
  if (options.help) {
    std::cout << resource_server::usage();
    return 0;
  }

  const auto clock = authkit::SystemClock::instance();
  const resource_server::VerifyToken verify =
      options.jwks_url.empty() ? hs256_verifier(options, clock) : jwks_verifier(options, clock);
  if (!verify) return 2;

  // Block the stop signals in every thread; one thread waits for them and stops the server.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  httplib::Server server;
  const auto listen_socket = authkit_examples::tune(server, 32, 64 * 1024);
  server.set_logger(log_request);
  server.set_error_handler(httplib::Server::HandlerWithResponse(fill_error));

  const resource_server::Cors cors(options.trusted_origins);
  server.set_pre_routing_handler([&cors](const httplib::Request& req, httplib::Response& res) {
    return cors.handle(req, res) ? httplib::Server::HandlerResponse::Handled
                                 : httplib::Server::HandlerResponse::Unhandled;
  });
  server.Get("/health", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"status":"ok"})", "application/json");
  });
  resource_server::add_task_routes(server, std::make_shared<resource_server::TaskStore>(clock),
                                   verify);

  const int port =
      authkit_examples::bind(server, options.listen_host, options.listen_port, listen_socket);
  if (port < 0) {
    std::cerr << kName << ": cannot listen on " << options.listen_host << ":" << options.listen_port
              << "\n";
    return 1;
  }

  std::thread stopper([&server, stop_signals] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    std::cerr << kName << ": stopping (signal " << signal_number << ")\n";
    server.stop();
  });
  stopper.detach();

  std::cout << kName << " listening on http://" << options.listen_host << ":" << port
            << std::endl;  // endl flushes: tests wait for this line
  const bool ok = server.listen_after_bind();
  std::cerr << kName << ": stopped\n";
  return ok ? 0 : 1;
}
