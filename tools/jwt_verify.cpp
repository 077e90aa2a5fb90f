// "authkit jwt verify".
#include <authkit/jwt/verifier.hpp>

#include "commands.hpp"
#include "duration.hpp"
#include "io.hpp"
#include "keys.hpp"
#include "report.hpp"

#include <array>
#include <string>

namespace authkit::cli {
namespace {

constexpr std::array<OptionSpec, 6> kVerifyOptions{{
    {.name = "--key"},
    {.name = "--jwks"},
    {.name = "--iss"},
    {.name = "--aud", .repeatable = true},
    {.name = "--leeway"},
    {.name = "--typ"},
}};

constexpr std::string_view kVerifyHelp =
    R"(Usage: authkit jwt verify (--key JWK_FILE | --jwks JWKS_FILE) [--iss I] [--aud A]...
                          [--leeway 60s] [--typ T] [TOKEN|-]

Verifies a compact JWT and prints its claims as JSON on stdout. The token is read
from stdin when TOKEN is "-" or absent (one trailing newline is removed).

Options:
  --key FILE     one JWK, public or private (only its public half is used)
  --jwks FILE    a JWK Set {"keys":[...]}; the token's "kid" selects the key
                 (exactly one of --key and --jwks is required)
  --iss I        require "iss" to equal I
  --aud A        require "aud" to contain A; repeat to accept any of several
  --leeway D     clock tolerance for exp/nbf/iat: 60s, 2m or plain seconds
                 (default 60s, at most 5m)
  --typ T        require the "typ" header to be T (case-insensitive,
                 an "application/" prefix is ignored)
  -h, --help     show this help

Policy (the library's strict defaults):
  - "exp" is required; the algorithm is always the key's, never the token's choice;
    "none" is never accepted.
  - A token that carries "aud" is REJECTED unless --aud names one of its audiences:
    a verifier that names no audience is not the audience of any token.
  - Setting --iss, --aud or --typ makes that claim or header required.

Exit status:
  0  the token is valid; its claims are on stdout
  1  the token was rejected ("error: <CODE>" on stderr, e.g. error: JWT_EXPIRED,
     JWT_BAD_SIGNATURE, JWT_UNKNOWN_KEY, JWT_CLAIM_MISMATCH, JWT_CLAIM_MISSING,
     JWT_MALFORMED), or a key file could not be used
  2  usage error

Example:
  authkit jwt sign --key k.jwk --sub u1 --aud api | authkit jwt verify --key k.jwk --aud api
)";

bool is_token_rejection(Errc code) {
  const int v = static_cast<int>(code);
  return v >= static_cast<int>(Errc::jwt_malformed) && v < static_cast<int>(Errc::invalid_key);
}

int run_verify(const ParsedArgs& args) {
  const auto key_path = args.get("--key");
  const auto jwks_path = args.get("--jwks");
  if (key_path.has_value() == jwks_path.has_value()) {
    throw UsageError("give exactly one of --key and --jwks");
  }
  VerifyOptions options;
  options.issuer = args.get("--iss");
  options.audience = args.all("--aud");
  options.typ = args.get("--typ");
  const auto leeway = parse_duration(args.get("--leeway").value_or("60s"));
  if (!leeway) throw UsageError("--leeway must be a duration such as 60s, 2m or 30");
  if (*leeway > VerifyOptions::max_leeway) throw UsageError("--leeway must be at most 5m");
  options.leeway = *leeway;
  const std::string source = args.positionals().empty() ? "-" : args.positionals().front();
  if (key_path && *key_path == "-" && source == "-") {
    throw UsageError("the key and the token cannot both be read from stdin");
  }
  if (jwks_path && *jwks_path == "-" && source == "-") {
    throw UsageError("the key set and the token cannot both be read from stdin");
  }

  JwkSet keys = key_path ? unwrap(JwkSet::of(load_key(*key_path, "use --jwks for a key set")))
                         : load_key_set(*jwks_path);
  const JwtVerifier verifier = unwrap(JwtVerifier::create(std::move(keys), std::move(options)));

  std::string token;
  if (source == "-") {
    token = unwrap(read_input("-"));
    token.resize(strip_one_newline(token).size());
  } else {
    token = source;
  }
  auto claims = verifier.verify(token);
  if (!claims) {
    if (is_token_rejection(claims.error().code())) {
      print_rejection(claims.error());
      return exit_failure;
    }
    throw CommandFailure(claims.error());
  }
  write_stdout(claims->json().dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + '\n');
  return exit_ok;
}

}  // namespace

const Command jwt_verify_command{.group = "jwt",
                                 .name = "verify",
                                 .summary = "verify a JWT and print its claims",
                                 .help = kVerifyHelp,
                                 .options = kVerifyOptions,
                                 .max_positionals = 1,
                                 .run = run_verify};

}  // namespace authkit::cli
