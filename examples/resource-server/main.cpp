// authkit-resource-server: a to-do API that trusts an auth server's JWTs, served by the
// Boost.Beast transport of examples/common/http_server.hpp. It is the C++ twin of the "seed"
// FastAPI todo backend: the browser signs in at authkit-server, exchanges its session for a
// JWT (GET /api/v1/auth/token), and calls this server with "Authorization: Bearer <jwt>".
//
//   authkit-resource-server --jwks-url http://127.0.0.1:8080/api/v1/auth/jwks
//   authkit-resource-server --jwks-url https://auth.example.com/api/v1/auth/jwks [--ca-file CA.pem]
//   SECRET=... authkit-resource-server --hs256-secret-env SECRET --issuer I --audience A
//
// The routes are in task_routes.hpp, CORS in cors.hpp, the JWKS fetch (libcurl) in
// jwks_fetch.hpp. Tasks are kept in memory only, at most 1,000 per user. SIGINT or SIGTERM
// stop it gracefully: the listener closes and requests in flight finish.
#include <authkit/clock.hpp>
#include <authkit/jwt.hpp>
#include <authkit/secret.hpp>

#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include "access_log.hpp"
#include "cors.hpp"
#include "http_server.hpp"
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
      resource_server::make_http_fetch(options.jwks_url, options.ca_file, cache_options.log),
      std::move(clock), cache_options);
  if (!cache->refresh()) {
    std::cerr << kName << ": no keys from " << options.jwks_url << " yet; will retry\n";
  }
  return [cache](std::string_view token) { return cache->verify(token); };
}

/// Everything the server answers: preflights (cors.hpp), then /health and the task API
/// (task_routes.hpp), with the CORS headers added to every answer.
class Routes {
 public:
  Routes(resource_server::Cors cors, resource_server::TaskRoutes tasks)
      : cors_(std::move(cors)), tasks_(std::move(tasks)) {}

  authkit::http::Response operator()(const authkit::http::Request& request) const {
    if (auto preflight = cors_.preflight(request)) return std::move(*preflight);
    authkit::http::Response response = tasks_.handle(request);
    cors_.decorate(request, response);
    return response;
  }

 private:
  resource_server::Cors cors_;
  resource_server::TaskRoutes tasks_;
};

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

  if (!options.ca_file.empty() && !std::ifstream(options.ca_file).is_open()) {
    std::cerr << kName << ": cannot read --ca-file " << options.ca_file << "\n";
    return 2;
  }
  // Once, before any thread exists (libcurl's rule); the JWKS fetches need it.
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    std::cerr << kName << ": libcurl failed to initialise\n";
    return 1;
  }

  // Block the stop signals in every thread, the ones libcurl may start for a fetch included;
  // one thread waits for them and stops the server.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  const auto clock = authkit::SystemClock::instance();
  const resource_server::VerifyToken verify =
      options.jwks_url.empty() ? hs256_verifier(options, clock) : jwks_verifier(options, clock);
  if (!verify) return 2;

  authkit_examples::HttpServerOptions http_options = options.http;
  // Task bodies are small (task_json.hpp); above 64 KiB the transport answers 413 without
  // reading the body.
  http_options.max_body_bytes = 64 * 1024;
  const Routes routes(
      resource_server::Cors(options.trusted_origins),
      resource_server::TaskRoutes(std::make_shared<resource_server::TaskStore>(clock), verify));
  std::string listen_error;
  // Every request with a token runs on the worker threads: checking it may refetch the JWKS,
  // which can wait up to 5 s for the auth server and must never hold an event-loop thread.
  // Only /health and preflights (no token) are answered on the event loop.
  const auto may_fetch_keys = [](const authkit::http::Request& request) {
    return request.header("Authorization").has_value();
  };
  auto server = authkit_examples::HttpServer::start(
      http_options, [&routes](const authkit::http::Request& request) { return routes(request); },
      may_fetch_keys, authkit_examples::write_access_line, listen_error);
  if (!server) {
    std::cerr << kName << ": " << listen_error << "\n";
    return 1;
  }
  const int port = server->port();

  std::thread stopper([&server, stop_signals] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    std::cerr << kName << ": stopping (signal " << signal_number << ")\n";
    server->stop();
  });
  stopper.detach();

  std::cout << kName << " listening on http://" << options.http.host << ":" << port
            << std::endl;  // endl flushes: tests wait for this line
  server->run();
  std::cerr << kName << ": stopped\n";
  curl_global_cleanup();
  return 0;
}
