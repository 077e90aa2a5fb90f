// authkit/secret.hpp: secret key material that is wiped on destruction and never printed.
//
// Thread safety: a Secret is immutable after construction; const access from several
// threads is safe. It is move-only so that copies of key material are explicit (clone()).
#pragma once

#include <authkit/result.hpp>

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

namespace authkit {

/// Bytes of secret material (HMAC keys, peppers). Guarantees:
/// - at least Secret::min_bytes (32) bytes, checked when it is made;
/// - zeroed with OPENSSL_cleanse when destroyed or moved from;
/// - no operator<<, no implicit conversion; the bytes are reachable only through the
///   explicit, searchable reveal().
class Secret {
 public:
  /// The minimum accepted size: 32 bytes (256 bits), the HS256 key size of RFC 7518 §3.2.
  static constexpr std::size_t min_bytes = 32;

  /// Copies `bytes`. Errors: WEAK_KEY if shorter than min_bytes.
  [[nodiscard]] static Result<Secret> from_bytes(std::span<const unsigned char> bytes);
  /// Copies the bytes of `text` (e.g. a passphrase-like configured secret).
  /// Errors: WEAK_KEY if shorter than min_bytes.
  [[nodiscard]] static Result<Secret> from_string(std::string_view text);
  /// Reads the environment variable `name`. Errors: NOT_FOUND if unset or empty, WEAK_KEY if
  /// shorter than min_bytes. The value is never echoed in the error.
  [[nodiscard]] static Result<Secret> from_env(const char* name);
  /// `size` fresh bytes from RAND_bytes. Errors: WEAK_KEY if size < min_bytes,
  /// CRYPTO_FAILURE if the RNG fails (fails closed).
  [[nodiscard]] static Result<Secret> random(std::size_t size = min_bytes);

  Secret(Secret&& other) noexcept;
  Secret& operator=(Secret&& other) noexcept;
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  ~Secret();

  /// An explicit copy.
  [[nodiscard]] Secret clone() const;
  /// The secret bytes. Named so that every use can be found with grep.
  [[nodiscard]] std::span<const unsigned char> reveal() const noexcept { return bytes_; }
  /// The length in bytes.
  [[nodiscard]] std::size_t size() const noexcept { return bytes_.size(); }
  /// Constant-time equality (CRYPTO_memcmp); different sizes compare unequal.
  [[nodiscard]] bool equals(const Secret& other) const noexcept;

 private:
  explicit Secret(std::vector<unsigned char> bytes) noexcept : bytes_(std::move(bytes)) {}
  void wipe() noexcept;
  std::vector<unsigned char> bytes_;
};

}  // namespace authkit
