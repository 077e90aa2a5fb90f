#include "service/profile.hpp"

#include "json/strict_json.hpp"

namespace authkit::profile {
namespace {

constexpr std::size_t kMaxNameBytes = 256;
constexpr std::size_t kMaxImageBytes = 2048;

}  // namespace

Result<void> check_name(std::string_view name) {
  if (name.size() > kMaxNameBytes) return Error(Errc::validation_error, "Name is too long");
  if (!json::is_valid_utf8(name)) return Error(Errc::validation_error, "Name is not UTF-8");
  return {};
}

Result<void> check_image(const std::optional<std::string>& image) {
  if (!image) return {};
  if (image->size() > kMaxImageBytes) {
    return Error(Errc::validation_error, "Image URL is too long");
  }
  if (!json::is_valid_utf8(*image)) return Error(Errc::validation_error, "Image is not UTF-8");
  return {};
}

}  // namespace authkit::profile
