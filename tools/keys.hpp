// tools/keys.hpp: loading keys and key sets from files for the CLI commands.
#pragma once

#include <authkit/jwt/jwk.hpp>
#include <authkit/jwt/jwk_set.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <variant>

namespace authkit::cli {

/// What a key file holds: one JWK or a JWKS document.
using KeyDocument = std::variant<Jwk, JwkSet>;

/// Reads `path` ("-" for stdin) and parses a JWK, or a JWKS when the document has a "keys"
/// member. A JWKS may hold private and HMAC keys. Throws CommandFailure.
[[nodiscard]] KeyDocument load_key_document(const std::string& path);

/// Reads one JWK (public or private) from `path`. A JWKS is refused; `hint` is appended to
/// that error (e.g. "use --jwks for a key set"). Throws CommandFailure.
[[nodiscard]] Jwk load_key(const std::string& path, std::string_view hint);

/// Reads a JWKS from `path`. Throws CommandFailure.
[[nodiscard]] JwkSet load_key_set(const std::string& path);

}  // namespace authkit::cli
