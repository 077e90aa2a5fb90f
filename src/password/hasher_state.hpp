// Private: the definition of PasswordHasher::Impl, shared (immutably) by copies of a hasher.
#pragma once

#include <authkit/password/hasher.hpp>

#include <memory>

#include "password/hashing_slots.hpp"
#include "password/phc.hpp"

namespace authkit {

struct PasswordHasher::Impl {
  /// The validated options.
  PasswordHasherOptions options;
  /// The hashing semaphore; shared with every copy of the hasher (checklist K1).
  std::shared_ptr<password::HashingSlots> slots;
  /// What burn_equivalent_time() verifies against: the current parameters and pepper with a
  /// fixed salt and an all-zero tag. No real hash is needed, since the result is discarded;
  /// what matters is that the work (NFKC, pepper MAC, slot, Argon2id at the current cost) is
  /// the same as for a real user's hash (checklist F2).
  password::PhcHash dummy;
};

}  // namespace authkit
