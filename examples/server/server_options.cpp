#include "server_options.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>

#include "sign_up_policy.hpp"
#include "transport_flags.hpp"
#include "user_field_flag.hpp"

namespace authkit_server {

using authkit_examples::parse_count;

namespace {

// The characters HandlerOptions::cookie_prefix accepts (Handler::create() checks them too);
// checked here so a bad flag is a usage error, not a start-up failure.
bool is_cookie_prefix(std::string_view prefix) {
  return !prefix.empty() && std::all_of(prefix.begin(), prefix.end(), [](unsigned char c) {
    return std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.';
  });
}

}  // namespace

std::optional<ServerOptions> parse_options(int argc, const char* const* argv, std::string& error) {
  ServerOptions out;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    // Flags that take a value read the next argument.
    auto value = [&](std::string& into) {
      if (i + 1 >= argc) {
        error = std::string(arg) + " needs a value";
        return false;
      }
      into = argv[++i];
      return true;
    };
    std::string v;
    if (arg == "--help" || arg == "-h") {
      out.help = true;
    } else if (arg == "--dev") {
      out.dev = true;
    } else if (arg == "--print-config") {
      out.print_config = true;
    } else if (authkit_examples::is_transport_flag(arg)) {
      if (!value(v)) return std::nullopt;
      if (!authkit_examples::parse_transport_flag(arg, v, out.http, error)) return std::nullopt;
    } else if (arg == "--db") {
      if (!value(out.db_path)) return std::nullopt;
    } else if (arg == "--base-url") {
      if (!value(v)) return std::nullopt;
      auto url = normalize_base_url(v, error);
      if (!url) return std::nullopt;
      out.base_url = std::move(*url);
    } else if (arg == "--trusted-origin") {
      if (!value(v)) return std::nullopt;
      out.trusted_origins.push_back(v);
    } else if (arg == "--sign-up-domain") {
      if (!value(v)) return std::nullopt;
      std::transform(v.begin(), v.end(), v.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
      });
      if (!is_sign_up_domain(v)) {
        error = "--sign-up-domain wants a domain such as example.com, got \"" + v + "\"";
        return std::nullopt;
      }
      out.sign_up_domains.push_back(v);
    } else if (arg == "--user-field") {
      if (!value(v)) return std::nullopt;
      auto field = parse_user_field(v, error);
      if (!field) return std::nullopt;
      out.user_fields.push_back(std::move(*field));
    } else if (arg == "--cookie-prefix") {
      if (!value(v)) return std::nullopt;
      if (!is_cookie_prefix(v)) {
        error = "--cookie-prefix wants letters, digits, '-', '_' or '.', got \"" + v + "\"";
        return std::nullopt;
      }
      out.cookie_prefix = v;
    } else if (arg == "--mail-outbox") {
      if (!value(out.mail_outbox)) return std::nullopt;
    } else if (arg == "--audit-log") {
      if (!value(out.audit_log)) return std::nullopt;
    } else if (arg == "--resource-url") {
      if (!value(v)) return std::nullopt;
      while (!v.empty() && v.back() == '/') v.pop_back();
      if (!http_origin(v)) {
        error = "--resource-url wants an http(s) URL, got \"" + v + "\"";
        return std::nullopt;
      }
      out.resource_url = v;
    } else if (arg == "--rate-limit") {
      if (!value(v)) return std::nullopt;
      if (v != "on" && v != "off") {
        error = "--rate-limit wants on or off, got \"" + v + "\"";
        return std::nullopt;
      }
      out.rate_limit = v == "on";
    } else if (arg == "--threads" || arg == "--workers") {
      if (!value(v)) return std::nullopt;
      std::size_t n = 0;
      if (!parse_count(v, 1, 1024, n)) {
        error = std::string(arg) + " wants 1..1024, got \"" + v + "\"";
        return std::nullopt;
      }
      (arg == "--threads" ? out.http.io_threads : out.http.worker_threads) =
          static_cast<unsigned>(n);
    } else if (arg == "--purge-interval") {
      if (!value(v)) return std::nullopt;
      std::size_t n = 0;
      if (!parse_count(v, 1, 86400, n)) {
        error = std::string(arg) + " wants 1..86400 seconds, got \"" + v + "\"";
        return std::nullopt;
      }
      out.purge_interval = std::chrono::seconds(n);
    } else if (arg == "--trusted-proxy") {
      if (!value(v)) return std::nullopt;
      out.trusted_proxies.push_back(v);
    } else {
      error = "unknown argument \"" + std::string(arg) + "\"";
      return std::nullopt;
    }
  }
  return out;
}

std::string usage() {
  return R"(usage: authkit-server [options]

An authentication server speaking better-auth's HTTP API, on SQLite or PostgreSQL.

  --listen HOST:PORT      where to listen (default 127.0.0.1:8080; port 0 picks a free one)
  --db PATH|URL           a SQLite database file (default ./authkit.db), or a PostgreSQL URL:
                          postgresql://USER:PASSWORD@HOST:PORT/DB (libpq's parameters, such
                          as ?sslmode=verify-full, allowed)
  --base-url URL          public URL of the auth API (default http://HOST:PORT/api/v1/auth);
                          a bare origin (https://auth.example.com) means ORIGIN/api/v1/auth
  --trusted-origin ORIGIN an origin allowed to call the API and receive redirects (repeatable)
  --sign-up-domain D      only addresses at domain D may sign up (repeatable; default:
                          anyone); others get 403 FORBIDDEN
  --user-field SPEC       an extra user field (repeatable), SPEC = NAME:TYPE[:default=V]
                          [:required][:readonly][:jwt], TYPE string, number or boolean:
                          set at sign-up and update-user, in the user JSON, optionally
                          a JWT claim; readonly fields take only their default
  --cookie-prefix P       cookie names are P.session_token and P.dont_remember (default
                          authkit); better-auth takes over a better-auth deployment's
                          signed-in users (same database and AUTHKIT_SECRET = its secret)
  --mail-outbox FILE      append each mail as one JSON line instead of printing it
  --audit-log FILE        append audit events (sign-ins, failures, mail failures...) as JSON
                          lines to FILE (default: standard error)
  --resource-url URL      the resource server the /dashboard page calls for tasks (none by
                          default); it must trust this server's origin for CORS
  --rate-limit on|off     better-auth's rate limits (default on)
  --threads N             event-loop threads serving every connection (default: one per
                          hardware thread)
  --workers N             threads for requests that write or hash a password (default: four
                          per hardware thread)
)" + authkit_examples::transport_flags_help(26) +
         R"(  --trusted-proxy CIDR    a proxy whose X-Forwarded-For names the client (repeatable)
  --purge-interval S      seconds between deletions of expired rows (default 600)
  --dev                   allow an ephemeral secret when AUTHKIT_SECRET is unset
  --print-config          print the resolved settings and exit
  --help                  this text

Environment: AUTHKIT_SECRET (at least 32 bytes) signs session cookies. Without it the server
refuses to start, unless --dev.
)";
}

std::optional<std::string> http_origin(std::string_view url) {
  std::string lower(url);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string_view rest = lower;
  std::string scheme;
  for (const std::string_view s : {"http://", "https://"}) {
    if (rest.substr(0, s.size()) == s) scheme = s;
  }
  if (scheme.empty()) return std::nullopt;
  rest.remove_prefix(scheme.size());
  const std::string_view authority = rest.substr(0, rest.find('/'));
  // The origin goes into a Content-Security-Policy header: nothing but host[:port] characters.
  const bool plain = std::all_of(authority.begin(), authority.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
  });
  const bool clean = std::none_of(rest.begin(), rest.end(), [](unsigned char c) {
    return c <= 0x20 || c == 0x7f || c == '?' || c == '#' || c == '\\' || c == '"' || c == ';';
  });
  if (authority.empty() || authority.front() == ':' || !plain || !clean) return std::nullopt;
  return scheme + std::string(authority);
}

std::optional<std::string> normalize_base_url(std::string_view url, std::string& error) {
  const auto origin = http_origin(url);
  if (!origin) {
    error =
        "--base-url wants an http(s) URL such as https://auth.example.com or "
        "https://example.com/api/auth (no query, fragment or credentials), got \"" +
        std::string(url) + "\"";
    return std::nullopt;
  }
  if (url.find('@') != std::string_view::npos) {
    error = "--base-url must not hold credentials, got \"" + std::string(url) + "\"";
    return std::nullopt;
  }
  std::string path(url.substr(url.find("://") + 3));
  path = path.find('/') == std::string::npos ? std::string{} : path.substr(path.find('/'));
  while (!path.empty() && path.back() == '/') path.pop_back();
  if (path.empty()) path = "/api/v1/auth";  // better-auth's baseURL form: an origin
  return *origin + path;
}

std::string effective_base_url(const ServerOptions& options, int bound_port) {
  if (!options.base_url.empty()) return options.base_url;
  return "http://" + options.http.host + ":" + std::to_string(bound_port) + "/api/v1/auth";
}

}  // namespace authkit_server
