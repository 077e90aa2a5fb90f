// Private: reusable Argon2 working memory.
//
// libargon2 allocates its whole memory cost (19 MiB by default) for every hash and frees it
// afterwards. glibc serves a block that large with a fresh mmap whenever its heap cannot
// reuse one, and then every one of its ~5000 pages faults in and is zeroed by the kernel:
// several milliseconds per sign-in, more than the 20 % the hash budget allows, and only
// sometimes (it depends on what else the process allocated). An arena keeps one block and
// lends it to every hash run under the same hashing slot, so the faults happen once.
//
// Each hashing slot owns one arena, so at most capacity x the configured memory cost stays
// allocated: the same peak the hashing semaphore already allows. libargon2 wipes the block
// (secure_wipe_memory) before handing it back, so no password-derived data is kept in it.
//
// Thread safety: an arena is used by one thread at a time (the slot holding it); bind() makes
// it the one libargon2's callbacks use on the calling thread.
#pragma once

#include <cstddef>
#include <cstdint>

namespace authkit::password {

class Argon2Arena {
 public:
  /// Blocks up to `max_retained` bytes are kept for reuse; larger ones (a stored hash with a
  /// higher memory cost than the configured one) are allocated and freed each time.
  explicit Argon2Arena(std::size_t max_retained) noexcept : max_retained_(max_retained) {}
  ~Argon2Arena();
  Argon2Arena(const Argon2Arena&) = delete;
  Argon2Arena& operator=(const Argon2Arena&) = delete;

  /// Makes `arena` the one the callbacks use on this thread until destroyed.
  class Binding {
   public:
    explicit Binding(Argon2Arena& arena) noexcept;
    ~Binding();
    Binding(const Binding&) = delete;
    Binding& operator=(const Binding&) = delete;

   private:
    Argon2Arena* previous_;
  };

  /// libargon2's allocate_cbk: lends the bound arena's block when it fits, else mallocs.
  /// Returns ARGON2_OK or ARGON2_MEMORY_ALLOCATION_ERROR.
  static int allocate(std::uint8_t** memory, std::size_t bytes) noexcept;
  /// libargon2's free_cbk: takes the arena's block back, or frees a one-off block.
  static void deallocate(std::uint8_t* memory, std::size_t bytes) noexcept;

  /// Bytes currently retained (for tests).
  [[nodiscard]] std::size_t retained() const noexcept { return size_; }

 private:
  std::uint8_t* block_ = nullptr;
  std::size_t size_ = 0;
  std::size_t max_retained_;
  bool lent_ = false;
};

}  // namespace authkit::password
