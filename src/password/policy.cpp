#include <authkit/password/hasher.hpp>
#include <authkit/password/policy.hpp>

#include "password/normalize.hpp"
#include "util/ascii.hpp"

#include <string>

namespace authkit {
namespace {

constexpr std::size_t kMaxConfigurableLength = 1024;

Error too_weak(std::string why) { return Error(Errc::password_too_weak, std::move(why)); }

}  // namespace

Result<PasswordPolicy> PasswordPolicy::create(PasswordPolicyOptions options) {
  if (options.min_length == 0) {
    return Error(Errc::invalid_configuration, "min_length must be at least 1");
  }
  if (options.min_length > options.max_length) {
    return Error(Errc::invalid_configuration, "min_length must not exceed max_length");
  }
  if (options.max_length > kMaxConfigurableLength) {
    return Error(Errc::invalid_configuration, "max_length must be at most 1024");
  }
  return PasswordPolicy(std::move(options));
}

namespace {

// The NFKC form of `password` if its length (in code points of that form) is within the
// options. Over 4096 bytes is over 1024 code points even before NFKC, which can only merge a
// few combining sequences: refused before normalising (checklist K2).
Result<password::SecretBuffer> normalise_checked(std::string_view password,
                                                 const PasswordPolicyOptions& options) {
  const auto too_long = [&] {
    return Error(Errc::password_too_long,
                 "Password must be at most " + std::to_string(options.max_length) + " characters");
  };
  if (password.size() > PasswordHasher::max_password_bytes) return too_long();
  auto normalised = password::nfkc(password);
  if (!normalised) return normalised;
  const std::size_t length = password::utf8_code_points(normalised->view()).value_or(0);
  if (length < options.min_length) {
    return Error(Errc::password_too_short,
                 "Password must be at least " + std::to_string(options.min_length) + " characters");
  }
  if (length > options.max_length) return too_long();
  return normalised;
}

}  // namespace

Result<void> PasswordPolicy::check_length(std::string_view password) const {
  if (auto normalised = normalise_checked(password, options_); !normalised) {
    return normalised.error();
  }
  return {};
}

Result<void> PasswordPolicy::check(std::string_view password, std::string_view email) const {
  auto normalised = normalise_checked(password, options_);
  if (!normalised) return normalised.error();
  const std::string_view text = normalised->view();

  if (options_.require_letter_and_digit) {
    const auto classes = password::classify(text);
    if (!classes.letter || !classes.digit) {
      return too_weak("Password must contain at least one letter and one digit");
    }
  }
  if (options_.reject_email && !email.empty()) {
    const std::size_t at = email.rfind('@');
    const std::string_view local = at == std::string_view::npos ? email : email.substr(0, at);
    if (ascii::iequal(text, email) || (!local.empty() && ascii::iequal(text, local))) {
      return too_weak("Password must not be your email address");
    }
  }
  if (options_.blocklist && options_.blocklist->contains(text)) {
    return too_weak("Password is too common; choose a less predictable one");
  }
  return {};
}

}  // namespace authkit
