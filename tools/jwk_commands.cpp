// "authkit jwk generate" and "authkit jwk public".
#include <authkit/jwt/algorithm.hpp>
#include <authkit/jwt/jwk.hpp>
#include <authkit/jwt/jwk_set.hpp>

#include "commands.hpp"
#include "io.hpp"
#include "keys.hpp"
#include "report.hpp"

#include <array>
#include <string>

namespace authkit::cli {
namespace {

// ---------------------------------------------------------------------------------------------
// jwk generate
// ---------------------------------------------------------------------------------------------

constexpr std::array<OptionSpec, 2> kGenerateOptions{{{.name = "--alg"}, {.name = "--kid"}}};

constexpr std::string_view kGenerateHelp =
    R"(Usage: authkit jwk generate --alg ALG [--kid KID]

Generates a fresh signing key and prints it as a private JWK (JSON) on stdout.
The output is secret key material: store it like a password (e.g. chmod 600).
HMAC algorithms give a symmetric key {"kty":"oct","k":...}; it has no public form.

Options:
  --alg ALG    one of HS256 HS384 HS512 RS256 RS384 RS512 PS256 PS384 PS512
               ES256 ES384 ES512 EdDSA ("Ed25519" is accepted for EdDSA).
               RSA keys are 2048 bits; HMAC keys are as long as the hash output.
  --kid KID    key id, 1..256 printable ASCII characters
               (default: the RFC 7638 thumbprint of the key)
  -h, --help   show this help

Example:
  authkit jwk generate --alg ES256 --kid 2024-01 > signing.jwk
)";

int run_generate(const ParsedArgs& args) {
  const auto alg_name = args.get("--alg");
  if (!alg_name) throw UsageError("--alg is required");
  const auto alg = algorithm_from_name(*alg_name);
  if (!alg) throw UsageError("unsupported --alg '" + *alg_name + "'");
  GenerateKeyOptions options;
  options.kid = args.get("--kid").value_or("");
  const Jwk key = unwrap(Jwk::generate(*alg, options));
  nlohmann::json jwk = unwrap(key.to_private_json());
  std::string text = jwk.dump(2) + '\n';
  jwk = nullptr;
  write_stdout(text);
  wipe(text);
  return exit_ok;
}

// ---------------------------------------------------------------------------------------------
// jwk public
// ---------------------------------------------------------------------------------------------

constexpr std::string_view kPublicHelp =
    R"(Usage: authkit jwk public [FILE|-]

Reads a JWK, or a JWK Set {"keys":[...]}, from FILE (or stdin when FILE is "-" or
absent) and prints its public form on stdout: a public JWK for a key, a public JWKS
for a set. Private members (d, p, q, dp, dq, qi) are never printed.

HMAC keys (kty "oct") are shared secrets with no public form: they are refused,
also when they appear in a set.

Options:
  -h, --help   show this help

Example:
  authkit jwk public signing.jwk > public.jwk
)";

Error no_public_form(const Jwk& key) {
  return Error(Errc::invalid_argument, "key '" + key.kid() +
                                           "' is an HMAC (kty \"oct\") key: a shared secret has "
                                           "no public form and must not be published");
}

int run_public(const ParsedArgs& args) {
  const std::string path = args.positionals().empty() ? "-" : args.positionals().front();
  const KeyDocument doc = load_key_document(path);
  nlohmann::json out;
  if (const auto* key = std::get_if<Jwk>(&doc)) {
    if (key->is_symmetric()) throw CommandFailure(no_public_form(*key));
    out = unwrap(key->to_public_json());
  } else {
    const auto& set = std::get<JwkSet>(doc);
    for (const Jwk& key : set.keys()) {
      if (key.is_symmetric()) throw CommandFailure(no_public_form(key));
    }
    out = set.to_public_json();
  }
  write_stdout(out.dump(2) + '\n');
  return exit_ok;
}

}  // namespace

const Command jwk_generate_command{.group = "jwk",
                                   .name = "generate",
                                   .summary = "generate a signing key (private JWK on stdout)",
                                   .help = kGenerateHelp,
                                   .options = kGenerateOptions,
                                   .max_positionals = 0,
                                   .run = run_generate};

const Command jwk_public_command{.group = "jwk",
                                 .name = "public",
                                 .summary = "print the public JWK or JWKS of a key file",
                                 .help = kPublicHelp,
                                 .options = {},
                                 .max_positionals = 1,
                                 .run = run_public};

}  // namespace authkit::cli
