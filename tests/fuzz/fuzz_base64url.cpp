// Fuzz target: strict base64url. Property: every accepted input is canonical, so encoding the
// decoded bytes gives the input back exactly.
#include "crypto/base64url.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto decoded = authkit::b64::decode(text);
  if (decoded && authkit::b64::encode(*decoded) != text) std::abort();
  return 0;
}
