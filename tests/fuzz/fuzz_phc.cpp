// Fuzz target: the strict Argon2id PHC parser (checklist K5). Properties: parsing never
// crashes; an accepted string is canonical (formatting the parsed fields gives the input back
// exactly) and within the parser's structural limits.
#include "password/phc.hpp"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace pw = authkit::password;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = pw::parse_phc(text);
  if (!parsed) return 0;
  if (pw::format_phc(*parsed) != text) std::abort();
  if (parsed->salt.size() < pw::min_salt_bytes || parsed->salt.size() > pw::max_salt_bytes ||
      parsed->tag.size() < pw::min_tag_bytes || parsed->tag.size() > pw::max_tag_bytes ||
      parsed->params.iterations == 0 || parsed->params.parallelism == 0 ||
      parsed->params.memory_kib < 8ULL * parsed->params.parallelism) {
    std::abort();
  }
  return 0;
}
