#include "crypto/key_material.hpp"

#include <openssl/crypto.h>

#include <atomic>

namespace authkit::sig {
namespace {

std::uint64_t next_key_id() noexcept {
  static std::atomic<std::uint64_t> counter{0};
  return counter.fetch_add(1, std::memory_order_relaxed) + 1;
}

}  // namespace

KeyMaterial::KeyMaterial(const AlgorithmInfo& alg) noexcept : info(&alg), id(next_key_id()) {}

KeyMaterial::~KeyMaterial() {
  if (!secret.empty()) OPENSSL_cleanse(secret.data(), secret.size());
}

}  // namespace authkit::sig
