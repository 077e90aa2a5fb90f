// "authkit jwt sign".
#include <authkit/jwt/issuer.hpp>

#include "commands.hpp"
#include "keys.hpp"
#include "report.hpp"
#include "sign_claims.hpp"

#include <array>
#include <string>

namespace authkit::cli {
namespace {

constexpr std::array<OptionSpec, 7> kSignOptions{{
    {.name = "--key"},
    {.name = "--claims"},
    {.name = "--sub"},
    {.name = "--iss"},
    {.name = "--aud", .repeatable = true},
    {.name = "--expires-in"},
    {.name = "--typ"},
}};

constexpr std::string_view kSignHelp =
    R"(Usage: authkit jwt sign --key JWK_FILE [--claims JSON|@FILE] [--sub S] [--iss I]
                        [--aud A]... [--expires-in 15m] [--typ T]

Signs a JWT with a private JWK (or an HMAC "oct" JWK) and prints the compact token
on stdout. The algorithm is the key's; the header is {"alg", "kid", "typ"}.
The payload is {iss?, sub, aud?, iat, exp, email?, name?, ...extra claims}.

Options:
  --key FILE         signing key: a private JWK, e.g. from 'authkit jwk generate'
                     ("-" reads it from stdin)
  --claims JSON      extra claims as a JSON object; @FILE reads it from a file,
                     @- from stdin. "sub", "iss", "aud", "email" and "name" may be
                     given here; "exp", "iat", "nbf" and "jti" may not.
  --sub S            subject (required, here or as "sub" in --claims)
  --iss I            issuer
  --aud A            audience; repeat for several (then "aud" is an array)
  --expires-in D     lifetime: 60s, 15m, 1h, 2d or plain seconds (default 15m)
  --typ T            the "typ" header (default "JWT")
  -h, --help         show this help

A value given both as an option and in --claims must be the same.

Example:
  authkit jwt sign --key signing.jwk --sub user-123 --aud api --claims '{"role":"admin"}'
)";

int run_sign(const ParsedArgs& args) {
  const auto key_path = args.get("--key");
  if (!key_path) throw UsageError("--key is required");
  SignRequest request = build_sign_request(args);
  const Jwk key = load_key(*key_path, "sign with one of its keys");
  if (!key.can_sign()) {
    throw CommandFailure(
        Error(Errc::invalid_key, "--key holds a public key; signing needs the private JWK"));
  }
  const JwtIssuer issuer = unwrap(JwtIssuer::create(key, std::move(request.options)));
  const std::string token = unwrap(issuer.issue(request.claims));
  write_stdout(token + '\n');
  return exit_ok;
}

}  // namespace

const Command jwt_sign_command{.group = "jwt",
                               .name = "sign",
                               .summary = "sign a JWT with a private JWK",
                               .help = kSignHelp,
                               .options = kSignOptions,
                               .max_positionals = 0,
                               .run = run_sign};

}  // namespace authkit::cli
