// authkit/store/verification_store.hpp: where one-time tokens (email verification, password
// reset) live.
//
// Thread safety: implementations must be safe to call from many threads at once.
#pragma once

#include <authkit/result.hpp>
#include <authkit/store/records.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string_view>

namespace authkit {

/// Outcome of VerificationStore::consume_verification().
enum class ConsumeStatus {
  consumed,   ///< The token was valid and is now spent; `record` holds it.
  expired,    ///< The token exists, is unspent, but expires_at <= now (it stays unspent).
  not_found,  ///< No unspent token with that purpose and hash (unknown, spent, or revoked).
};

/// What consume_verification() found.
struct ConsumeResult {
  ConsumeStatus status = ConsumeStatus::not_found;  ///< What happened.
  std::optional<Verification> record{};             ///< The token's row when consumed (or expired).
};

/// Storage for one-time tokens.
///
/// Atomicity contract: consume_verification() is a single atomic compare-and-set (in SQL:
/// `UPDATE … SET consumed_at=? WHERE purpose=? AND token_hash=? AND consumed_at IS NULL AND
/// expires_at>?` and a check that one row changed), so of any number of concurrent redemptions
/// of one token exactly one gets `consumed`. Errors: STORAGE_FAILURE unless listed.
class VerificationStore {
 public:
  virtual ~VerificationStore() = default;

  /// Inserts `verification`. Errors: INVALID_ARGUMENT if the id or token hash exists.
  [[nodiscard]] virtual Result<void> create_verification(const Verification& verification) = 0;
  /// The token (`purpose`, `token_hash`), spent or not, expired or not; nullopt if unknown.
  /// Reading never spends it.
  [[nodiscard]] virtual Result<std::optional<Verification>> find_verification(
      std::string_view purpose, std::string_view token_hash) = 0;
  /// Spends the unspent token (`purpose`, `token_hash`) if it has not expired at `now`.
  [[nodiscard]] virtual Result<ConsumeResult> consume_verification(
      std::string_view purpose, std::string_view token_hash,
      std::chrono::system_clock::time_point now) = 0;
  /// Marks every unspent token of `user_id` with `purpose` as spent at `now` (so older reset
  /// links die when a reset completes); returns how many.
  [[nodiscard]] virtual Result<std::size_t> invalidate_verifications(
      std::string_view user_id, std::string_view purpose,
      std::chrono::system_clock::time_point now) = 0;
  /// Deletes tokens that expired or were spent before `before`; returns how many.
  [[nodiscard]] virtual Result<std::size_t> delete_stale_verifications(
      std::chrono::system_clock::time_point before) = 0;
};

}  // namespace authkit
