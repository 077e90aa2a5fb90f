#include "password/argon2_arena.hpp"

#include <argon2.h>

#include <cstdlib>

namespace authkit::password {

namespace {
thread_local Argon2Arena* bound_arena = nullptr;
}  // namespace

Argon2Arena::~Argon2Arena() { std::free(block_); }

Argon2Arena::Binding::Binding(Argon2Arena& arena) noexcept : previous_(bound_arena) {
  bound_arena = &arena;
}

Argon2Arena::Binding::~Binding() { bound_arena = previous_; }

int Argon2Arena::allocate(std::uint8_t** memory, std::size_t bytes) noexcept {
  Argon2Arena* arena = bound_arena;
  if (arena != nullptr && !arena->lent_ && bytes <= arena->max_retained_) {
    if (arena->size_ < bytes) {
      std::free(arena->block_);
      arena->size_ = 0;
      arena->block_ = static_cast<std::uint8_t*>(std::malloc(bytes));
      if (arena->block_ == nullptr) return ARGON2_MEMORY_ALLOCATION_ERROR;
      arena->size_ = bytes;
    }
    arena->lent_ = true;
    *memory = arena->block_;
    return ARGON2_OK;
  }
  *memory = static_cast<std::uint8_t*>(std::malloc(bytes));
  return *memory == nullptr ? ARGON2_MEMORY_ALLOCATION_ERROR : ARGON2_OK;
}

void Argon2Arena::deallocate(std::uint8_t* memory, std::size_t /*bytes*/) noexcept {
  Argon2Arena* arena = bound_arena;
  if (arena != nullptr && memory != nullptr && memory == arena->block_) {
    arena->lent_ = false;
    return;
  }
  std::free(memory);
}

}  // namespace authkit::password
