#include "crypto/random.hpp"

#include "crypto/base64url.hpp"
#include "crypto/ossl.hpp"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <atomic>
#include <climits>
#include <vector>

namespace authkit::rng {
namespace {
std::atomic<bool> g_fail_for_testing{false};
}

Result<void> fill(std::span<unsigned char> out) {
  if (out.size() > static_cast<std::size_t>(INT_MAX)) {
    return Error(Errc::invalid_argument, {}, "random request too large");
  }
  if (g_fail_for_testing.load(std::memory_order_relaxed) ||
      RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
    OPENSSL_cleanse(out.data(), out.size());
    return ossl::failure("RAND_bytes failed");
  }
  return {};
}

Result<std::string> token_b64url(std::size_t n) {
  std::vector<unsigned char> buf(n);
  if (auto r = fill(buf); !r) return r.error();
  std::string out = b64::encode(buf);
  OPENSSL_cleanse(buf.data(), buf.size());
  return out;
}

void set_failure_for_testing(bool fail) noexcept {
  g_fail_for_testing.store(fail, std::memory_order_relaxed);
}

}  // namespace authkit::rng
