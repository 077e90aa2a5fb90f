#include "keys.hpp"

#include "io.hpp"
#include "report.hpp"

namespace authkit::cli {
namespace {

// True if the text is a JSON object with a "keys" member, i.e. a JWKS rather than a JWK.
bool looks_like_key_set(const std::string& text) {
  const nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  return !doc.is_discarded() && doc.is_object() && doc.contains("keys");
}

// Parses and wipes the text, whatever the outcome.
KeyDocument parse_document(std::string& text) {
  const bool is_set = looks_like_key_set(text);
  Result<KeyDocument> parsed =
      is_set ? JwkSet::parse_private(text).transform([](const JwkSet& s) { return KeyDocument(s); })
             : Jwk::parse(text).transform([](const Jwk& k) { return KeyDocument(k); });
  wipe(text);
  return unwrap(std::move(parsed));
}

}  // namespace

KeyDocument load_key_document(const std::string& path) {
  std::string text = unwrap(read_input(path));
  return parse_document(text);
}

Jwk load_key(const std::string& path, std::string_view hint) {
  KeyDocument doc = load_key_document(path);
  if (auto* key = std::get_if<Jwk>(&doc)) return *key;
  throw CommandFailure(Error(
      Errc::invalid_key,
      "--key takes a single JWK, but " + path + " holds a key set (JWKS); " + std::string(hint)));
}

JwkSet load_key_set(const std::string& path) {
  KeyDocument doc = load_key_document(path);
  if (auto* set = std::get_if<JwkSet>(&doc)) return *set;
  throw CommandFailure(Error(Errc::invalid_key, "--jwks takes a key set {\"keys\":[...]}, but " +
                                                    path + " holds a single JWK; use --key"));
}

}  // namespace authkit::cli
