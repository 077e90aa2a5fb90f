// authkit/password/hasher.hpp: password hashing with Argon2id, verification of legacy hashes
// (bcrypt, better-auth's scrypt) and bounded hashing concurrency.
//
// Thread safety: a PasswordHasher is immutable after create() except for its internal
// semaphore; every member function may be called concurrently from any number of threads.
// Copies share the same semaphore (it is the process-wide budget for hashing memory).
#pragma once

#include <authkit/result.hpp>
#include <authkit/secret.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authkit {

/// Argon2id cost parameters. The defaults are OWASP's minimum (m=19 MiB, t=2, p=1), which
/// costs about 22 ms per hash with Debian's libargon2 (docs/passwords.md has the table).
struct Argon2Params {
  std::uint32_t memory_kib = 19456;  ///< m: memory in KiB (>= 8 * parallelism)
  std::uint32_t iterations = 2;      ///< t: passes over memory (>= 1)
  std::uint32_t parallelism = 1;     ///< p: lanes and threads (>= 1; keep <= cores)

  friend bool operator==(const Argon2Params&, const Argon2Params&) = default;
};

/// A pepper: a secret mixed into every new hash as HMAC-SHA256(pepper, NFKC(password)) before
/// Argon2id, kept outside the database so a stolen database alone cannot be cracked. The id
/// (1-32 characters of [A-Za-z0-9-]) is written into the PHC string so the pepper can rotate.
struct Pepper {
  std::string id{};  ///< Identifier stored in each hash as the PHC parameter `pepper=<id>`.
  std::shared_ptr<const Secret> secret{};  ///< The pepper bytes (>= 32).
};

/// Options for PasswordHasher::create(). Designated initializers are the intended style:
/// `PasswordHasher::create({.params = {.memory_kib = 47104, .iterations = 1}})`.
struct PasswordHasherOptions {
  /// Parameters for new hashes; stored hashes below them report needs_rehash().
  Argon2Params params{};
  /// The most a stored hash may ask for. A hash whose m, t or p exceed these is rejected as
  /// malformed before any memory is allocated, so a tampered row cannot make us allocate
  /// gigabytes. Must be >= params.
  Argon2Params max_params{.memory_kib = 262144, .iterations = 10, .parallelism = 8};
  /// The pepper for new hashes; none by default.
  std::optional<Pepper> pepper{};
  /// Older peppers that stored hashes may still name; those hashes verify and then report
  /// needs_rehash() so the next sign-in moves them to `pepper`.
  std::vector<Pepper> previous_peppers{};
  /// How many hashes (hash, verify, or the dummy verify) may run at once; 0 means
  /// std::thread::hardware_concurrency(). Peak hashing memory is about this times m.
  unsigned max_concurrent = 0;
  /// How long a caller waits for a hashing slot before SERVICE_UNAVAILABLE.
  std::chrono::milliseconds queue_timeout{10000};
  /// Accept legacy bcrypt hashes ($2a$, $2b$, $2y$) in verify(). On by default.
  bool accept_bcrypt = true;
  /// Accept better-auth's scrypt hashes (`<32 hex salt>:<128 hex key>`) in verify().
  bool accept_better_auth_scrypt = true;
};

/// What a stored password hash is, as recognised by PasswordHasher::identify().
enum class PasswordHashKind {
  argon2id,            ///< `$argon2id$v=19$m=..,t=..,p=..[,pepper=id]$salt$hash`
  bcrypt,              ///< `$2a$`, `$2b$` or `$2y$` (legacy; verified through libxcrypt)
  better_auth_scrypt,  ///< `<32 hex>:<128 hex>` (legacy; N=16384 r=16 p=1, 64-byte key)
  unknown,             ///< anything else
};

/// Hashes and verifies passwords. Passwords are treated as UTF-8 and normalised to Unicode
/// NFKC before hashing (NIST 800-63B), so "é" typed precomposed or decomposed verifies the
/// same. Password buffers derived from the input are wiped after use.
///
/// Every hash and verify takes a slot of a counting semaphore first, so a flood of sign-ins
/// queues instead of exhausting memory. Nothing else in authkit waits on that semaphore.
class PasswordHasher {
 public:
  /// Largest password accepted, in bytes, before any normalisation or hashing (4 code points
  /// per byte is the UTF-8 maximum, so 128 code points always fit). Longer input fails fast.
  static constexpr std::size_t max_password_bytes = 4096;

  /// Validates the options. Errors: INVALID_CONFIGURATION (params below libargon2's minimums,
  /// params above max_params, a pepper without a secret or with a malformed id, duplicate
  /// pepper ids).
  [[nodiscard]] static Result<PasswordHasher> create(PasswordHasherOptions options = {});

  /// Hashes `password` with Argon2id and a fresh 16-byte salt; returns the PHC string.
  /// Errors: INVALID_ARGUMENT (not UTF-8, or longer than max_password_bytes),
  /// CRYPTO_FAILURE (RNG or libargon2 failure; fails closed), SERVICE_UNAVAILABLE (no hashing
  /// slot within queue_timeout; retry_after() is set).
  [[nodiscard]] Result<std::string> hash(std::string_view password) const;

  /// Checks `password` against `stored` (Argon2id, or an accepted legacy format) in constant
  /// time. Returns true on a match and false on a mismatch.
  /// Errors: INVALID_ARGUMENT for a malformed or unsupported stored hash, parameters above
  /// max_params, or an unknown pepper id (the password was not checked);
  /// SERVICE_UNAVAILABLE as for hash(); CRYPTO_FAILURE.
  [[nodiscard]] Result<bool> verify(std::string_view password, std::string_view stored) const;

  /// Does the work of one verify() against a fixed dummy hash at the current parameters and
  /// discards the result, so that "no such user" costs the same time as "wrong password".
  /// It takes a hashing slot like verify(), so under saturation it fails the same way.
  /// Errors: SERVICE_UNAVAILABLE (no slot within queue_timeout; retry_after() is set). Any
  /// other problem (malformed input, out of memory) is swallowed: the caller's answer does
  /// not depend on it.
  [[nodiscard]] Result<void> burn_equivalent_time(std::string_view password) const noexcept;

  /// True when `stored` should be replaced by hash(password) after a successful verify():
  /// a legacy format, Argon2id parameters below `params` on any axis, or a pepper that is not
  /// the current one (or a pepper configured and none used). Malformed input gives true.
  [[nodiscard]] bool needs_rehash(std::string_view stored) const noexcept;

  /// Recognises the format of `stored` without validating it fully.
  [[nodiscard]] static PasswordHashKind identify(std::string_view stored) noexcept;

  /// The options in force.
  [[nodiscard]] const PasswordHasherOptions& options() const noexcept;

  PasswordHasher(const PasswordHasher&) = default;
  PasswordHasher(PasswordHasher&&) noexcept = default;
  PasswordHasher& operator=(const PasswordHasher&) = default;
  PasswordHasher& operator=(PasswordHasher&&) noexcept = default;
  ~PasswordHasher();

 private:
  /// Options, semaphore, dummy hash; defined in src/password/hasher_state.hpp.
  struct Impl;
  explicit PasswordHasher(std::shared_ptr<const Impl> impl) noexcept;
  std::shared_ptr<const Impl> impl_;
};

}  // namespace authkit
