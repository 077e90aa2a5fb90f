// authkit-server's command line: what it parses, its defaults, and its usage text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authkit_server {

/// Everything the command line sets. Defaults are the safe local ones (J5: loopback only).
struct ServerOptions {
  std::string listen_host = "127.0.0.1";       ///< --listen HOST:PORT
  int listen_port = 8080;                      ///< 0 picks a free port (printed at start)
  std::string db_path = "authkit.db";          ///< --db PATH (":memory:" for a throwaway database)
  std::string base_url{};                      ///< --base-url; default http://<listen>/api/v1/auth
  std::vector<std::string> trusted_origins{};  ///< --trusted-origin (repeatable)
  std::string mail_outbox{};                   ///< --mail-outbox FILE; console when empty
  std::string audit_log{};     ///< --audit-log FILE: audit events as JSON lines; stderr when empty
  std::string resource_url{};  ///< --resource-url: the API the dashboard calls; none when empty
  bool rate_limit = true;      ///< --rate-limit on|off
  bool dev = false;            ///< --dev: ephemeral secret when AUTHKIT_SECRET is unset
  unsigned threads = 64;       ///< --threads: HTTP worker threads (one per open connection)
  bool print_config = false;   ///< --print-config: print the resolved settings and exit
  bool help = false;           ///< --help
};

/// Parses argv. On a bad argument returns nullopt and sets `error` to a one-line reason.
[[nodiscard]] std::optional<ServerOptions> parse_options(int argc, const char* const* argv,
                                                         std::string& error);

/// The usage text for --help and errors.
[[nodiscard]] std::string usage();

/// The origin of an http(s) URL ("https://api.example.com:8443"), lower-cased, or nullopt when
/// `url` is not an absolute http(s) URL (or carries a query, fragment or credentials).
[[nodiscard]] std::optional<std::string> http_origin(std::string_view url);

/// The base URL in force: --base-url, or http://<host>:<port>/api/v1/auth.
[[nodiscard]] std::string effective_base_url(const ServerOptions& options, int bound_port);

}  // namespace authkit_server
