#include <authkit/password/hasher.hpp>

#include "crypto/random.hpp"
#include "password/argon2id.hpp"
#include "password/hasher_state.hpp"
#include "password/legacy.hpp"
#include "password/normalize.hpp"
#include "password/pepper.hpp"
#include "password/phc.hpp"

#include <argon2.h>
#include <openssl/crypto.h>

#include <set>
#include <string>
#include <thread>

namespace authkit {
namespace {

using password::PhcHash;
using password::SecretBuffer;

constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kTagBytes = 32;

Error bad_hash(std::string detail) {
  return Error(Errc::invalid_argument, "Stored password hash is malformed or unsupported",
               std::move(detail));
}

Error bad_config(std::string message) {
  return Error(Errc::invalid_configuration, std::move(message));
}

// Input caps that apply before any normalisation or hashing (checklist K2).
Result<void> check_password_input(std::string_view password) {
  if (password.size() > PasswordHasher::max_password_bytes) {
    return Error(Errc::invalid_argument, "Password is too long");
  }
  if (!password::utf8_code_points(password)) {
    return Error(Errc::invalid_argument, "Password is not valid UTF-8");
  }
  return {};
}

bool at_most(const Argon2Params& p, const Argon2Params& max) noexcept {
  return p.memory_kib <= max.memory_kib && p.iterations <= max.iterations &&
         p.parallelism <= max.parallelism;
}

// libargon2's own limits, checked up front so that create() fails rather than every hash().
std::optional<Error> check_params(const Argon2Params& p, const char* name) {
  const std::string prefix = std::string(name) + ": ";
  if (p.iterations < ARGON2_MIN_TIME) return bad_config(prefix + "iterations must be >= 1");
  if (p.parallelism < ARGON2_MIN_LANES || p.parallelism > ARGON2_MAX_LANES) {
    return bad_config(prefix + "parallelism must be between 1 and 2^24-1");
  }
  if (p.memory_kib < ARGON2_MIN_MEMORY ||
      std::uint64_t{p.memory_kib} < std::uint64_t{8} * p.parallelism) {
    return bad_config(prefix + "memory_kib must be >= 8 * parallelism");
  }
  if (p.memory_kib > ARGON2_MAX_MEMORY) return bad_config(prefix + "memory_kib is too large");
  return std::nullopt;
}

std::optional<Error> check_pepper(const Pepper& pepper, std::set<std::string>& seen_ids) {
  if (!password::is_valid_pepper_id(pepper.id)) {
    return bad_config("pepper id must be 1-32 characters of [A-Za-z0-9-]");
  }
  if (!pepper.secret) return bad_config("pepper '" + pepper.id + "' has no secret");
  if (!seen_ids.insert(pepper.id).second) {
    return bad_config("pepper id '" + pepper.id + "' is used more than once");
  }
  return std::nullopt;
}

const Secret* find_pepper(const PasswordHasherOptions& options, std::string_view id) noexcept {
  if (options.pepper && options.pepper->id == id) return options.pepper->secret.get();
  for (const Pepper& p : options.previous_peppers) {
    if (p.id == id) return p.secret.get();
  }
  return nullptr;
}

// The bytes Argon2id hashes: NFKC(password), or HMAC-SHA256(pepper, NFKC(password)).
Result<SecretBuffer> argon2_input(std::string_view password, const Secret* pepper) {
  auto normalised = password::nfkc(password);
  if (!normalised || pepper == nullptr) return normalised;
  return password::apply_pepper(*pepper, normalised->view());
}

// Verifies against a parsed, capped Argon2id hash. Takes a hashing slot.
Result<bool> verify_argon2(const PasswordHasherOptions& options, password::HashingSlots& slots,
                           std::string_view password, const PhcHash& hash) {
  const Secret* pepper = nullptr;
  if (!hash.pepper_id.empty()) {
    pepper = find_pepper(options, hash.pepper_id);
    if (pepper == nullptr) return bad_hash("unknown pepper id '" + hash.pepper_id + "'");
  }
  auto input = argon2_input(password, pepper);
  if (!input) return input.error();
  auto slot = slots.acquire();
  if (!slot) return slot.error();
  std::vector<unsigned char> tag(hash.tag.size());
  if (auto r = password::argon2id(hash.params, {input->data(), input->size()}, hash.salt, tag,
                                  slot->arena());
      !r) {
    return r.error();
  }
  const bool match = CRYPTO_memcmp(tag.data(), hash.tag.data(), tag.size()) == 0;
  OPENSSL_cleanse(tag.data(), tag.size());
  return match;
}

}  // namespace

PasswordHasher::PasswordHasher(std::shared_ptr<const Impl> state) noexcept
    : impl_(std::move(state)) {}

PasswordHasher::~PasswordHasher() = default;

Result<PasswordHasher> PasswordHasher::create(PasswordHasherOptions options) {
  if (auto e = check_params(options.params, "params")) return *e;
  if (auto e = check_params(options.max_params, "max_params")) return *e;
  if (!at_most(options.params, options.max_params)) {
    return bad_config("params must not exceed max_params on any axis");
  }
  std::set<std::string> ids;
  if (options.pepper) {
    if (auto e = check_pepper(*options.pepper, ids)) return *e;
  }
  for (const Pepper& p : options.previous_peppers) {
    if (auto e = check_pepper(p, ids)) return *e;
  }
  if (options.queue_timeout < std::chrono::milliseconds(0)) {
    return bad_config("queue_timeout must not be negative");
  }

  unsigned capacity = options.max_concurrent;
  if (capacity == 0) capacity = std::max(std::thread::hardware_concurrency(), 1U);
  auto state = std::make_shared<Impl>();
  state->slots = std::make_shared<password::HashingSlots>(
      capacity, options.queue_timeout, std::size_t{options.params.memory_kib} * 1024U);
  state->dummy.params = options.params;
  if (options.pepper) state->dummy.pepper_id = options.pepper->id;
  state->dummy.salt.assign(kSaltBytes, 0x5A);
  state->dummy.tag.assign(kTagBytes, 0);
  state->options = std::move(options);
  return PasswordHasher(std::move(state));
}

Result<std::string> PasswordHasher::hash(std::string_view password) const {
  if (auto r = check_password_input(password); !r) return r.error();
  const PasswordHasherOptions& options = impl_->options;
  auto input = argon2_input(password, options.pepper ? options.pepper->secret.get() : nullptr);
  if (!input) return input.error();

  PhcHash hash;
  hash.params = options.params;
  if (options.pepper) hash.pepper_id = options.pepper->id;
  hash.salt.resize(kSaltBytes);
  if (auto r = rng::fill(hash.salt); !r) return r.error();
  hash.tag.resize(kTagBytes);
  auto slot = impl_->slots->acquire();
  if (!slot) return slot.error();
  if (auto r = password::argon2id(hash.params, {input->data(), input->size()}, hash.salt, hash.tag,
                                  slot->arena());
      !r) {
    return r.error();
  }
  return password::format_phc(hash);
}

Result<bool> PasswordHasher::verify(std::string_view password, std::string_view stored) const {
  if (auto r = check_password_input(password); !r) return r.error();
  const PasswordHasherOptions& options = impl_->options;
  switch (identify(stored)) {
    case PasswordHashKind::argon2id: {
      const auto hash = password::parse_phc(stored);
      if (!hash) return bad_hash("malformed Argon2id PHC string");
      // Before any allocation: a tampered row must not make us hash with gigabytes.
      if (!at_most(hash->params, options.max_params)) {
        return bad_hash("Argon2id parameters exceed max_params");
      }
      return verify_argon2(impl_->options, *impl_->slots, password, *hash);
    }
    case PasswordHashKind::bcrypt: {
      if (!options.accept_bcrypt) return bad_hash("bcrypt hashes are not accepted");
      auto slot = impl_->slots->acquire();
      if (!slot) return slot.error();
      // Raw bytes, not NFKC: the legacy system hashed what the user typed.
      return password::verify_bcrypt(password, stored);
    }
    case PasswordHashKind::better_auth_scrypt: {
      if (!options.accept_better_auth_scrypt) {
        return bad_hash("better-auth scrypt hashes are not accepted");
      }
      auto normalised = password::nfkc(password);  // better-auth hashes NFKC(password) too
      if (!normalised) return normalised.error();
      auto slot = impl_->slots->acquire();
      if (!slot) return slot.error();
      return password::verify_better_auth_scrypt(normalised->view(), stored);
    }
    case PasswordHashKind::unknown:
      break;
  }
  return bad_hash("unrecognised password hash format");
}

Result<void> PasswordHasher::burn_equivalent_time(std::string_view password) const noexcept {
  try {
    // The same steps as verify() of an Argon2id hash, including its early exits.
    if (!check_password_input(password)) return {};
    auto burned = verify_argon2(impl_->options, *impl_->slots, password, impl_->dummy);
    // Saturation must look the same for unknown and known accounts (verify() reports it).
    if (!burned && burned.error().code() == Errc::service_unavailable) return burned.error();
  } catch (...) {
    // Out of memory: nothing to report; the caller's response does not depend on this.
  }
  return {};
}

bool PasswordHasher::needs_rehash(std::string_view stored) const noexcept {
  if (identify(stored) != PasswordHashKind::argon2id) return true;
  try {
    const auto hash = password::parse_phc(stored);
    const PasswordHasherOptions& options = impl_->options;
    if (!hash || !at_most(hash->params, options.max_params)) return true;
    const Argon2Params& have = hash->params;
    const Argon2Params& want = options.params;
    if (have.memory_kib < want.memory_kib || have.iterations < want.iterations ||
        have.parallelism < want.parallelism) {
      return true;
    }
    if (hash->salt.size() < kSaltBytes || hash->tag.size() < kTagBytes) return true;
    const std::string_view current = options.pepper ? options.pepper->id : std::string_view();
    return hash->pepper_id != current;
  } catch (...) {
    return true;
  }
}

PasswordHashKind PasswordHasher::identify(std::string_view stored) noexcept {
  if (stored.starts_with("$argon2id$")) return PasswordHashKind::argon2id;
  if (password::has_bcrypt_prefix(stored)) return PasswordHashKind::bcrypt;
  if (password::is_better_auth_scrypt(stored)) return PasswordHashKind::better_auth_scrypt;
  return PasswordHashKind::unknown;
}

const PasswordHasherOptions& PasswordHasher::options() const noexcept { return impl_->options; }

}  // namespace authkit
