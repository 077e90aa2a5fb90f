// authkit-resource-server's command line: what it parses, its defaults, and its usage text.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace resource_server {

/// Everything the command line sets. Defaults are the safe local ones: loopback only.
struct ResourceOptions {
  std::string listen_host = "127.0.0.1";         ///< --listen HOST:PORT
  int listen_port = 8081;                        ///< 0 picks a free port (printed at start)
  std::string jwks_url{};                        ///< --jwks-url: the auth server's JWKS
  std::string hs256_secret_env{};                ///< --hs256-secret-env: NAME of the variable
  std::string issuer{};                          ///< --issuer: expected `iss`
  std::string audience{};                        ///< --audience: expected `aud`
  std::string ca_file{};                         ///< --ca-file: CAs for an https JWKS URL
  std::vector<std::string> trusted_origins{};    ///< --trusted-origin (repeatable): CORS
  std::size_t max_connections = 10000;           ///< --max-connections
  std::size_t max_connections_per_client = 128;  ///< --max-connections-per-client
  std::chrono::seconds header_timeout{10};       ///< --header-timeout SECONDS
  bool help = false;                             ///< --help
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
