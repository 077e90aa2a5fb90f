// authkit-server's command line: what it parses, its defaults, and its usage text.
#pragma once

#include <authkit/auth_service.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http_server.hpp"

namespace authkit_server {

/// Everything the command line sets. Defaults are the safe local ones (J5: loopback only).
struct ServerOptions {
  /// The transport's settings: --listen HOST:PORT (host and port, default 127.0.0.1:8080;
  /// port 0 picks a free port, printed at start), --threads (io_threads; 0: one per hardware
  /// thread), --workers (worker_threads, for requests that write or hash; 0: 4 per hardware
  /// thread), --max-connections, --max-connections-per-client and --header-timeout SECONDS.
  /// main() adds the trusted proxies and the body cap.
  authkit_examples::HttpServerOptions http{};
  std::string db_path = "authkit.db";  ///< --db: a SQLite path (":memory:" for a throwaway
                                       ///< database) or a postgresql:// URL
  std::string base_url{};  ///< --base-url, normalised: a bare origin gets /api/v1/auth, and a
                           ///< trailing '/' goes; empty: http://<listen>/api/v1/auth
  std::vector<std::string> trusted_origins{};  ///< --trusted-origin (repeatable)
  /// --sign-up-domain (repeatable, lower-cased): only addresses at these domains may sign up;
  /// empty: anyone may.
  std::vector<std::string> sign_up_domains{};
  /// --cookie-prefix: cookie names are <prefix>.session_token and so on; "better-auth" reads
  /// the cookies a better-auth deployment on the same database set (see
  /// docs/migrating-from-better-auth.md). Letters, digits, '-', '_' and '.' only.
  std::string cookie_prefix = "authkit";
  /// --user-field NAME:TYPE[:default=VALUE][:required][:readonly][:jwt] (repeatable): extra
  /// user fields (see user_field_flag.hpp).
  std::vector<authkit::UserField> user_fields{};
  std::string mail_outbox{};   ///< --mail-outbox FILE; console when empty
  std::string audit_log{};     ///< --audit-log FILE: audit events as JSON lines; stderr when empty
  std::string resource_url{};  ///< --resource-url: the API the dashboard calls; none when empty
  bool rate_limit = true;      ///< --rate-limit on|off
  bool dev = false;            ///< --dev: ephemeral secret when AUTHKIT_SECRET is unset
  std::chrono::seconds purge_interval{600};    ///< --purge-interval SECONDS
  std::vector<std::string> trusted_proxies{};  ///< --trusted-proxy CIDR (repeatable)
  bool print_config = false;  ///< --print-config: print the resolved settings and exit
  bool help = false;          ///< --help
};

/// Parses argv. On a bad argument returns nullopt and sets `error` to a one-line reason.
[[nodiscard]] std::optional<ServerOptions> parse_options(int argc, const char* const* argv,
                                                         std::string& error);

/// The usage text for --help and errors.
[[nodiscard]] std::string usage();

/// The origin of an http(s) URL ("https://api.example.com:8443"), lower-cased, or nullopt when
/// `url` is not an absolute http(s) URL (or carries a query, fragment or credentials).
[[nodiscard]] std::optional<std::string> http_origin(std::string_view url);

/// The base URL --base-url means: an origin ("https://auth.example.com") gets the default API
/// path /api/v1/auth; a URL with a path keeps it, without a trailing '/'. nullopt (with a
/// reason in `error`) for anything else.
[[nodiscard]] std::optional<std::string> normalize_base_url(std::string_view url,
                                                            std::string& error);

/// The base URL in force: --base-url, or http://<host>:<port>/api/v1/auth.
[[nodiscard]] std::string effective_base_url(const ServerOptions& options, int bound_port);

}  // namespace authkit_server
