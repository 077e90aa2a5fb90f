// Private: one Argon2id (v1.3) computation through libargon2.
#pragma once

#include <authkit/password/hasher.hpp>

#include <span>

#include "password/argon2_arena.hpp"

namespace authkit::password {

/// Fills `tag` with Argon2id(password, salt) at `params` (threads = lanes = parallelism),
/// using `arena` for the working memory. The caller has already validated and capped `params`
/// and holds the hashing slot that owns `arena`.
/// Errors: CRYPTO_FAILURE (libargon2 failed, e.g. out of memory); `tag` is wiped then.
[[nodiscard]] Result<void> argon2id(const Argon2Params& params,
                                    std::span<const unsigned char> password,
                                    std::span<const unsigned char> salt,
                                    std::span<unsigned char> tag, Argon2Arena& arena);

}  // namespace authkit::password
