#include "service/tokens.hpp"

#include "crypto/digest.hpp"
#include "crypto/random.hpp"

#include <array>

namespace authkit::tokens {
namespace {

constexpr std::string_view kIdAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::size_t kIdLength = 32;
constexpr std::size_t kTokenLength = 43;  // ceil(32 * 8 / 6)
constexpr std::size_t kBetterAuthTokenLength = 32;

}  // namespace

Result<std::string> new_token() { return rng::token_b64url(token_bytes); }

Result<std::string> new_id() {
  std::string id;
  id.reserve(kIdLength);
  // Rejection sampling keeps every character equally likely: 248 = 4 * 62 is the largest
  // multiple of 62 that fits in a byte.
  std::array<unsigned char, 64> pool{};
  while (id.size() < kIdLength) {
    if (auto filled = rng::fill(pool); !filled) return filled.error();
    for (unsigned char b : pool) {
      if (b >= 248) continue;
      id.push_back(kIdAlphabet[b % kIdAlphabet.size()]);
      if (id.size() == kIdLength) break;
    }
  }
  return id;
}

bool looks_like_token(std::string_view token) noexcept {
  // Also better-auth's session tokens (its generateId(32): 32 of the same characters), which a
  // database taken over from better-auth holds, hashed, for its signed-in users.
  if (token.size() != kTokenLength && token.size() != kBetterAuthTokenLength) return false;
  for (char c : token) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::string storage_hash(std::string_view token) { return digest::sha256_hex(token); }

}  // namespace authkit::tokens
