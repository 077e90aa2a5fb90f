#include "crypto/mac.hpp"

#include "crypto/ossl.hpp"

#include <array>

namespace authkit::mac {
namespace {

EVP_MAC* hmac_algorithm() {
  // Fetched once: implicit fetches per call are a measurable cost in OpenSSL 3.
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  return mac;
}

// A small per-thread cache of keyed contexts. Key ids are never reused, so an entry for a
// destroyed key is merely dead weight until it is evicted.
class ContextCache {
 public:
  EVP_MAC_CTX* get(const sig::KeyMaterial& key) {
    for (auto& e : entries_) {
      if (e.ctx && e.key_id == key.id) {
        if (EVP_MAC_init(e.ctx.get(), nullptr, 0, nullptr) != 1) return nullptr;
        return e.ctx.get();
      }
    }
    Entry& slot = entries_[next_];
    next_ = (next_ + 1) % entries_.size();
    slot.ctx.reset(EVP_MAC_CTX_new(hmac_algorithm()));
    slot.key_id = key.id;
    if (!slot.ctx) return nullptr;
    const char* digest = key.info->digest;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(digest), 0),
        OSSL_PARAM_construct_end()};
    if (EVP_MAC_init(slot.ctx.get(), key.secret.data(), key.secret.size(), params) != 1) {
      slot.ctx.reset();
      return nullptr;
    }
    return slot.ctx.get();
  }

 private:
  struct Entry {
    std::uint64_t key_id = 0;
    ossl::Ptr<EVP_MAC_CTX> ctx;
  };
  std::array<Entry, 8> entries_;
  std::size_t next_ = 0;
};

}  // namespace

Result<std::size_t> compute(const sig::KeyMaterial& key, std::string_view data,
                            unsigned char* out) {
  thread_local ContextCache cache;
  EVP_MAC_CTX* ctx = cache.get(key);
  std::size_t len = 0;
  if (ctx == nullptr ||
      EVP_MAC_update(ctx, reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1 ||
      EVP_MAC_final(ctx, out, &len, EVP_MAX_MD_SIZE) != 1) {
    return ossl::failure("HMAC failed");
  }
  return len;
}

}  // namespace authkit::mac
