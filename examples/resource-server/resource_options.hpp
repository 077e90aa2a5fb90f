// authkit-resource-server's command line: what it parses, its defaults, and its usage text.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "http_server.hpp"

namespace resource_server {

/// Everything the command line sets. Defaults are the safe local ones: loopback only.
struct ResourceOptions {
  /// The transport's settings: --listen HOST:PORT (host and port; parse_options() makes the
  /// default 127.0.0.1:8081; port 0 picks a free port, printed at start), --max-connections,
  /// --max-connections-per-client and --header-timeout SECONDS. main() adds the body cap.
  authkit_examples::HttpServerOptions http{};
  std::string jwks_url{};                      ///< --jwks-url: the auth server's JWKS
  std::string hs256_secret_env{};              ///< --hs256-secret-env: NAME of the variable
  std::string issuer{};                        ///< --issuer: expected `iss`
  std::string audience{};                      ///< --audience: expected `aud`
  std::string ca_file{};                       ///< --ca-file: CAs for an https JWKS URL
  std::vector<std::string> trusted_origins{};  ///< --trusted-origin (repeatable): CORS
  bool help = false;                           ///< --help
};

/// Parses argv and checks that the flags fit together (exactly one key source). With
/// --jwks-url, --issuer and --audience default to the JWKS URL's origin, which is what
/// authkit-server puts in its tokens by default. On a bad argument returns nullopt and sets
/// `error` to a one-line reason.
[[nodiscard]] std::optional<ResourceOptions> parse_options(int argc, const char* const* argv,
                                                           std::string& error);

/// The usage text for --help and errors.
[[nodiscard]] std::string usage();

/// "scheme://host[:port]" of an http(s) URL, or nullopt if `url` is not one.
[[nodiscard]] std::optional<std::string> origin_of(const std::string& url);

}  // namespace resource_server
