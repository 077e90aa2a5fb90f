// authkit/password/policy.hpp: which passwords a user may choose.
//
// Thread safety: PasswordPolicy and the blocklists are immutable after construction; all
// const member functions may be called concurrently. A custom PasswordBlocklist must make
// contains() thread-safe.
#pragma once

#include <authkit/result.hpp>

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace authkit {

/// A set of passwords that must not be chosen (breached or common passwords, product names).
/// Implement it to consult your own source; FileBlocklist covers the common case.
class PasswordBlocklist {
 public:
  virtual ~PasswordBlocklist() = default;
  /// True when `password` (already NFKC-normalised UTF-8) is blocked. Implementations decide
  /// about case; FileBlocklist compares case-insensitively for ASCII letters.
  [[nodiscard]] virtual bool contains(std::string_view password) const = 0;
};

/// An in-memory blocklist, usually read from a newline-separated file (one password per line;
/// CR, surrounding blanks, empty lines and lines starting with '#' are ignored). Comparison is
/// ASCII-case-insensitive.
class FileBlocklist final : public PasswordBlocklist {
 public:
  /// Reads `path`. Errors: NOT_FOUND if it cannot be opened, INVALID_ARGUMENT if it is not
  /// UTF-8 or larger than 256 MiB.
  [[nodiscard]] static Result<std::shared_ptr<FileBlocklist>> load(
      const std::filesystem::path& path);
  /// Builds a list from the given entries (normalised as when loading).
  [[nodiscard]] static std::shared_ptr<FileBlocklist> from_entries(
      const std::vector<std::string>& entries);
  /// A small built-in list of the most common passwords of public breach corpora
  /// ("password", "123456789", "qwertyuiop", ...), for when no list file is configured.
  [[nodiscard]] static std::shared_ptr<FileBlocklist> common();

  [[nodiscard]] bool contains(std::string_view password) const override;
  /// How many entries the list holds.
  [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }

 private:
  explicit FileBlocklist(std::unordered_set<std::string> entries) noexcept
      : entries_(std::move(entries)) {}
  std::unordered_set<std::string> entries_;
};

/// Options for PasswordPolicy. Lengths count Unicode code points, never bytes or UTF-16 units;
/// no password is ever truncated.
struct PasswordPolicyOptions {
  /// Minimum length. 8 matches better-auth; NIST SP 800-63B rev 4 asks for 15 when the
  /// password is the only factor (docs/passwords.md).
  std::size_t min_length = 8;
  /// Maximum length (ASVS 2.1.2 allows at most 128; accept at least 64).
  std::size_t max_length = 128;
  /// Require at least one letter and one digit. Off by default: NIST and ASVS advise against
  /// composition rules; some products want it anyway.
  bool require_letter_and_digit = false;
  /// Reject a password equal (ASCII-case-insensitively) to the email or its local part.
  bool reject_email = true;
  /// Blocklist consulted with the NFKC-normalised password: by default the built-in list of
  /// common breached passwords (FileBlocklist::common()); set your own list, or nullptr for
  /// none.
  std::shared_ptr<const PasswordBlocklist> blocklist = FileBlocklist::common();
};

/// Checks a candidate password on sign-up, password change and reset. (Sign-in applies only
/// the length cap, so that a policy change never locks anyone out.)
class PasswordPolicy {
 public:
  /// Errors: INVALID_CONFIGURATION when min_length is 0 or greater than max_length, or
  /// max_length exceeds 1024.
  [[nodiscard]] static Result<PasswordPolicy> create(PasswordPolicyOptions options = {});

  /// Checks `password` (UTF-8) for a user with `email` (may be empty).
  /// Errors: INVALID_ARGUMENT (not valid UTF-8), PASSWORD_TOO_SHORT, PASSWORD_TOO_LONG,
  /// PASSWORD_TOO_WEAK (letter+digit rule, equal to the email or its local part, or
  /// blocklisted; the message says which).
  [[nodiscard]] Result<void> check(std::string_view password, std::string_view email = {}) const;

  /// Only the length rules; what sign-in applies. Errors as check().
  [[nodiscard]] Result<void> check_length(std::string_view password) const;

  /// The options in force.
  [[nodiscard]] const PasswordPolicyOptions& options() const noexcept { return options_; }

 private:
  explicit PasswordPolicy(PasswordPolicyOptions options) noexcept : options_(std::move(options)) {}
  PasswordPolicyOptions options_;
};

}  // namespace authkit
