#include "password/argon2id.hpp"

#include <argon2.h>
#include <openssl/crypto.h>

#include <cstdint>
#include <limits>
#include <string>

namespace authkit::password {

Result<void> argon2id(const Argon2Params& params, std::span<const unsigned char> password,
                      std::span<const unsigned char> salt, std::span<unsigned char> tag,
                      Argon2Arena& arena) {
  constexpr auto kMax = std::numeric_limits<std::uint32_t>::max();
  if (password.size() > kMax || salt.size() > kMax || tag.size() > kMax) {
    return Error(Errc::invalid_argument, {}, "Argon2 input too large");
  }
  // argon2_context takes non-const pointers, but with ARGON2_DEFAULT_FLAGS (no
  // ARGON2_FLAG_CLEAR_PASSWORD / _SECRET) libargon2 only reads pwd and salt.
  argon2_context context{};
  context.out = tag.data();
  context.outlen = static_cast<std::uint32_t>(tag.size());
  context.pwd = const_cast<std::uint8_t*>(password.data());
  context.pwdlen = static_cast<std::uint32_t>(password.size());
  context.salt = const_cast<std::uint8_t*>(salt.data());
  context.saltlen = static_cast<std::uint32_t>(salt.size());
  context.t_cost = params.iterations;
  context.m_cost = params.memory_kib;
  context.lanes = params.parallelism;
  context.threads = params.parallelism;
  context.version = ARGON2_VERSION_13;
  context.flags = ARGON2_DEFAULT_FLAGS;
  // The callbacks have no user pointer, so the arena is found through a thread-local binding.
  // libargon2 allocates and frees on this thread, even with parallelism > 1.
  context.allocate_cbk = &Argon2Arena::allocate;
  context.free_cbk = &Argon2Arena::deallocate;
  const Argon2Arena::Binding binding(arena);
  const int rc = argon2_ctx(&context, Argon2_id);
  if (rc != ARGON2_OK) {
    OPENSSL_cleanse(tag.data(), tag.size());
    return Error(Errc::crypto_failure, {}, std::string("argon2_ctx: ") + argon2_error_message(rc));
  }
  return {};
}

}  // namespace authkit::password
