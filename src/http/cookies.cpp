#include "http/cookies.hpp"

#include <openssl/crypto.h>

#include "crypto/base64url.hpp"
#include "crypto/digest.hpp"
#include "util/url.hpp"

namespace authkit::http::cookies {

namespace {

// base64 of a 32-byte MAC with padding: 44 characters ending in '='.
constexpr std::size_t kSignatureChars = 44;

Result<std::string> signature_of(std::string_view value, const Secret& secret) {
  auto mac = digest::hmac_sha256(secret.reveal(), value);
  if (!mac) return mac.error();
  return b64::encode_standard_padded(*mac);
}

}  // namespace

Result<std::string> sign_plain(std::string_view value, const Secret& secret) {
  auto signature = signature_of(value, secret);
  if (!signature) return signature.error();
  std::string plain(value);
  plain += '.';
  plain += *signature;
  return plain;
}

Result<std::string> sign(std::string_view value, const Secret& secret) {
  auto plain = sign_plain(value, secret);
  if (!plain) return plain.error();
  return url::encode_component(*plain);
}

std::optional<std::string> verify(std::string_view signed_value,
                                  std::span<const std::shared_ptr<const Secret>> secrets) {
  if (signed_value.size() >= 2 && signed_value.front() == '"' && signed_value.back() == '"') {
    signed_value = signed_value.substr(1, signed_value.size() - 2);
  }
  auto decoded = url::decode_component(signed_value);
  if (!decoded) return std::nullopt;
  const auto dot = decoded->rfind('.');
  if (dot == std::string::npos) return std::nullopt;
  const std::string_view value = std::string_view(*decoded).substr(0, dot);
  const std::string_view signature = std::string_view(*decoded).substr(dot + 1);
  if (value.empty() || signature.size() != kSignatureChars || signature.back() != '=') {
    return std::nullopt;
  }
  for (const auto& secret : secrets) {
    if (!secret) continue;
    auto expected = signature_of(value, *secret);
    if (!expected) return std::nullopt;  // fail closed
    if (CRYPTO_memcmp(expected->data(), signature.data(), kSignatureChars) == 0) {
      return std::string(value);
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> find(std::string_view cookie_header,
                                     std::string_view name) noexcept {
  while (!cookie_header.empty()) {
    const auto semicolon = cookie_header.find(';');
    std::string_view pair = cookie_header.substr(0, semicolon);
    cookie_header = semicolon == std::string_view::npos ? std::string_view{}
                                                        : cookie_header.substr(semicolon + 1);
    while (!pair.empty() && (pair.front() == ' ' || pair.front() == '\t')) pair.remove_prefix(1);
    while (!pair.empty() && (pair.back() == ' ' || pair.back() == '\t')) pair.remove_suffix(1);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    if (pair.substr(0, eq) == name) return pair.substr(eq + 1);
  }
  return std::nullopt;
}

std::string set_cookie(std::string_view name, std::string_view value,
                       std::optional<std::chrono::seconds> max_age, bool secure) {
  std::string out;
  out.reserve(name.size() + value.size() + 64);
  out.append(name).append("=").append(value);
  if (max_age) out.append("; Max-Age=").append(std::to_string(max_age->count()));
  out.append("; Path=/; HttpOnly");
  if (secure) out.append("; Secure");
  out.append("; SameSite=Lax");
  return out;
}

std::string clear_cookie(std::string_view name, bool secure) {
  return set_cookie(name, "", std::chrono::seconds(0), secure);
}

}  // namespace authkit::http::cookies
