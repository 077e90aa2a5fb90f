// Fuzz target: the strict JSON scanner. Differential check: whatever the strict scanner
// accepts, nlohmann's parser must accept too, with the same top-level member count.
#include "json/strict_json.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  authkit::json::Object object;
  if (!authkit::json::parse_object(text, authkit::json::Limits{}, object)) return 0;
  const auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || doc.size() != object.members.size()) std::abort();
  for (const auto& member : object.members) {
    if (member.kind == authkit::json::Kind::string &&
        doc.at(std::string(member.key)) != authkit::json::decode_string(member.raw)) {
      std::abort();
    }
  }
  return 0;
}
