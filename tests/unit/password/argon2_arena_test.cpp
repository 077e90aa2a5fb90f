// Argon2Arena: the reusable working memory behind every Argon2id hash, and its hand-over
// between hashing slots.
#include <argon2.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <span>
#include <string_view>

#include "password/argon2_arena.hpp"
#include "password/argon2id.hpp"
#include "password/hashing_slots.hpp"
#include "unit/test_support.hpp"

namespace authkit::test {
namespace {

using password::Argon2Arena;

std::uint8_t* take(std::size_t bytes) {
  std::uint8_t* memory = nullptr;
  REQUIRE(Argon2Arena::allocate(&memory, bytes) == ARGON2_OK);
  REQUIRE(memory != nullptr);
  return memory;
}

TEST_CASE("Argon2Arena lends one block to every hash run while it is bound", "[password]") {
  Argon2Arena arena(4096);
  const Argon2Arena::Binding binding(arena);
  std::uint8_t* first = take(4096);
  CHECK(arena.retained() == 4096);
  Argon2Arena::deallocate(first, 4096);
  std::uint8_t* second = take(2048);  // smaller requests reuse the block too
  CHECK(second == first);
  Argon2Arena::deallocate(second, 2048);
  CHECK(arena.retained() == 4096);
}

TEST_CASE("Argon2Arena grows up to its limit and no further", "[password]") {
  Argon2Arena arena(8192);
  const Argon2Arena::Binding binding(arena);
  Argon2Arena::deallocate(take(1024), 1024);
  CHECK(arena.retained() == 1024);
  Argon2Arena::deallocate(take(8192), 8192);
  CHECK(arena.retained() == 8192);
  // A stored hash with a higher memory cost gets a one-off block; the arena keeps its own.
  std::uint8_t* big = take(16384);
  CHECK(arena.retained() == 8192);
  std::uint8_t* again = take(8192);
  CHECK(again != big);
  Argon2Arena::deallocate(again, 8192);
  Argon2Arena::deallocate(big, 16384);
  CHECK(arena.retained() == 8192);
}

TEST_CASE("Argon2Arena never lends its block twice at once", "[password]") {
  Argon2Arena arena(4096);
  const Argon2Arena::Binding binding(arena);
  std::uint8_t* lent = take(4096);
  std::uint8_t* other = take(4096);
  CHECK(other != lent);
  Argon2Arena::deallocate(other, 4096);
  Argon2Arena::deallocate(lent, 4096);
  CHECK(take(4096) == lent);
  Argon2Arena::deallocate(lent, 4096);
}

TEST_CASE("Argon2Arena: unbound, the callbacks fall back to malloc and free", "[password]") {
  Argon2Arena arena(4096);
  {
    const Argon2Arena::Binding binding(arena);
    Argon2Arena::deallocate(take(4096), 4096);
  }
  std::uint8_t* unbound = take(4096);  // no binding any more: not the arena's block
  Argon2Arena::deallocate(unbound, 4096);
  const Argon2Arena::Binding binding(arena);
  std::uint8_t* bound = take(4096);
  CHECK(arena.retained() == 4096);
  Argon2Arena::deallocate(bound, 4096);
}

TEST_CASE("Argon2id through a reused arena gives the same tag every time", "[password]") {
  // The RFC 9106 section 5.3 inputs without secret and associated data are not available
  // through argon2_ctx's simple path, so compare against libargon2's own one-shot function.
  const Argon2Params params{.memory_kib = 64, .iterations = 2, .parallelism = 2};
  const std::string_view pw = "password";
  const std::array<unsigned char, 16> salt{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  std::array<unsigned char, 32> expected{};
  REQUIRE(argon2id_hash_raw(params.iterations, params.memory_kib, params.parallelism, pw.data(),
                            pw.size(), salt.data(), salt.size(), expected.data(),
                            expected.size()) == ARGON2_OK);
  Argon2Arena arena(std::size_t{params.memory_kib} * 1024);
  const std::span<const unsigned char> input(reinterpret_cast<const unsigned char*>(pw.data()),
                                             pw.size());
  for (int round = 0; round < 3; ++round) {
    std::array<unsigned char, 32> tag{};
    REQUIRE(password::argon2id(params, input, salt, tag, arena).has_value());
    CHECK(tag == expected);
  }
  CHECK(arena.retained() == std::size_t{params.memory_kib} * 1024);
}

TEST_CASE("HashingSlots hand a released slot's arena to the next holder", "[password]") {
  password::HashingSlots slots(1, std::chrono::seconds(1), 4096);
  const Argon2Arena* first = nullptr;
  {
    auto slot = slots.acquire();
    REQUIRE(slot.has_value());
    first = &slot->arena();
  }
  auto slot = slots.acquire();
  REQUIRE(slot.has_value());
  CHECK(&slot->arena() == first);
}

}  // namespace
}  // namespace authkit::test
