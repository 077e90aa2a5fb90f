// host_service: your own service with authkit inside. It serves better-auth's API under
// /api/auth and one route of its own, GET /api/me, which only a signed-in caller may use.
//
// Usage: AUTHKIT_SECRET=<32+ bytes> host_service [PORT]   (default 8090; data in ./host_service.db)
// Mail (verification links) is printed to stdout: development only.
#include <authkit/authkit.hpp>

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "http_server.hpp"  // examples/common: Boost.Beast transport

namespace {

/// GET /api/me: who is signed in, or 401.
authkit::http::Response me(const authkit::Auth& auth, const authkit::http::Request& request) {
  const auto caller = auth.authenticate(request);
  if (!caller) return {.status = 503, .headers = {{"Retry-After", "1"}}, .body = {}};
  if (!*caller) return {.status = 401, .headers = {}, .body = {}};
  const nlohmann::json body = {{"id", (*caller)->user.id}, {"email", (*caller)->user.email}};
  authkit::http::Response response{
      .status = 200, .headers = (*caller)->headers, .body = body.dump()};
  response.headers.push_back({"Content-Type", "application/json"});
  return response;
}

}  // namespace

int main(int argc, char** argv) {
  const int port = argc > 1 ? std::stoi(argv[1]) : 8090;
  auto secret = authkit::Secret::from_env("AUTHKIT_SECRET");
  if (!secret) {
    std::cerr << "host_service: set AUTHKIT_SECRET to at least 32 bytes\n";
    return 2;
  }
  authkit::AuthOptions options;
  options.base_url = "http://127.0.0.1:" + std::to_string(port) + "/api/auth";
  options.database = "sqlite:host_service.db";
  options.secret = std::make_shared<const authkit::Secret>(std::move(*secret));
  options.mail.service = std::make_shared<authkit::ConsoleMailService>();
  const auto auth = authkit::Auth::create(std::move(options));
  if (!auth) {
    std::cerr << "host_service: " << authkit::Exception(auth.error()).what() << "\n";
    return 1;
  }

  std::string error;
  auto server = authkit_examples::HttpServer::start(
      {.host = "127.0.0.1", .port = port},
      [&auth](const authkit::http::Request& request) {
        if (auth->owns(request.path)) return auth->handle(request);
        if (request.path == "/api/me") return me(*auth, request);
        return authkit::http::Response{.status = 404, .headers = {}, .body = {}};
      },
      authkit_examples::has_side_effects, nullptr, error);
  if (!server) {
    std::cerr << "host_service: " << error << "\n";
    return 1;
  }
  std::cout << "host_service on http://127.0.0.1:" << port << std::endl;
  server->run();
  return 0;
}
