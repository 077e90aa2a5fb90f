#include "resource_options.hpp"

#include <cstddef>
#include <string_view>

#include "transport_flags.hpp"

namespace resource_server {

namespace {

/// The checks that need every flag: one key source, and what each source needs.
bool check_combination(ResourceOptions& out, std::string& error) {
  if (out.jwks_url.empty() == out.hs256_secret_env.empty()) {
    error = "give exactly one of --jwks-url and --hs256-secret-env";
    return false;
  }
  if (!out.jwks_url.empty()) {
    const auto origin = origin_of(out.jwks_url);
    if (!origin) {
      error = "--jwks-url wants an http:// or https:// URL, got \"" + out.jwks_url + "\"";
      return false;
    }
    // authkit-server's tokens carry its base URL's origin as iss and aud unless configured
    // otherwise, and the JWKS is served from that same origin.
    if (out.issuer.empty()) out.issuer = *origin;
    if (out.audience.empty()) out.audience = *origin;
  } else if (!out.ca_file.empty()) {
    error = "--ca-file only applies to --jwks-url";
    return false;
  }
  for (const auto& origin : out.trusted_origins) {
    if (origin_of(origin) != origin) {
      error =
          "--trusted-origin wants an origin like https://app.example.com, got \"" + origin + "\"";
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<std::string> origin_of(const std::string& url) {
  std::size_t scheme_end = 0;
  if (url.starts_with("http://")) {
    scheme_end = 7;
  } else if (url.starts_with("https://")) {
    scheme_end = 8;
  } else {
    return std::nullopt;
  }
  const auto host_end = url.find_first_of("/?#", scheme_end);
  const std::string origin = url.substr(0, host_end);
  const std::string_view authority = std::string_view(origin).substr(scheme_end);
  // No userinfo ("user@host"): an origin never has one, and it hides where a URL points.
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
  return origin;
}

std::optional<ResourceOptions> parse_options(int argc, const char* const* argv,
                                             std::string& error) {
  ResourceOptions out;
  out.http.port = 8081;  // beside authkit-server's 8080
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    // Flags that take a value read the next argument; an empty value is as good as none.
    auto value = [&](std::string& into) {
      if (i + 1 >= argc || *argv[i + 1] == '\0') {
        error = std::string(arg) + " needs a value";
        return false;
      }
      into = argv[++i];
      return true;
    };
    std::string v;
    if (arg == "--help" || arg == "-h") {
      out.help = true;
    } else if (authkit_examples::is_transport_flag(arg)) {
      if (!value(v)) return std::nullopt;
      if (!authkit_examples::parse_transport_flag(arg, v, out.http, error)) return std::nullopt;
    } else if (arg == "--jwks-url") {
      if (!value(out.jwks_url)) return std::nullopt;
    } else if (arg == "--hs256-secret-env") {
      if (!value(out.hs256_secret_env)) return std::nullopt;
    } else if (arg == "--issuer") {
      if (!value(out.issuer)) return std::nullopt;
    } else if (arg == "--audience") {
      if (!value(out.audience)) return std::nullopt;
    } else if (arg == "--ca-file") {
      if (!value(out.ca_file)) return std::nullopt;
    } else if (arg == "--trusted-origin") {
      if (!value(v)) return std::nullopt;
      out.trusted_origins.push_back(v);
    } else {
      error = "unknown argument \"" + std::string(arg) + "\"";
      return std::nullopt;
    }
  }
  if (out.help) return out;
  if (!check_combination(out, error)) return std::nullopt;
  return out;
}

std::string usage() {
  return R"(usage: authkit-resource-server (--jwks-url URL | --hs256-secret-env NAME) [options]

A to-do API that trusts an auth server's JWTs: /api/{user_id}/tasks, in memory.

  --listen HOST:PORT        where to listen (default 127.0.0.1:8081; port 0 picks a free one)
  --jwks-url URL            the auth server's JWKS (e.g. http://127.0.0.1:8080/api/v1/auth/jwks);
                            fetched at start, refetched for an unknown key id at most every 30 s
  --ca-file PATH            with an https JWKS URL: trust the CAs in PATH (PEM) instead of the
                            system's store
  --hs256-secret-env NAME   verify HS256 tokens with the secret in environment variable NAME
                            (at least 32 bytes) instead
  --issuer ISS              expected iss (default with --jwks-url: the URL's origin)
  --audience AUD            expected aud (default with --jwks-url: the URL's origin)
  --trusted-origin ORIGIN   an origin whose pages may call the API (CORS); repeatable
)" + authkit_examples::transport_flags_help(28) +
         R"(  --help                    this text

Exactly one of --jwks-url and --hs256-secret-env is required. Without --issuer or --audience
in HS256 mode, iss is not checked and a token that carries aud is refused.
)";
}

}  // namespace resource_server
