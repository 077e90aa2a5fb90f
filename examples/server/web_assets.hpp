// The files of examples/web/, compiled into authkit-server (web_assets.cpp is generated at build
// time by embed_web.cmake).
#pragma once

#include <string_view>
#include <vector>

namespace authkit_server {

/// One embedded file: its name ("login.html") and its exact bytes.
struct WebAsset {
  std::string_view name;
  std::string_view bytes;
};

/// Every file of examples/web/, in no particular order. Static storage; never changes.
[[nodiscard]] const std::vector<WebAsset>& web_assets();

}  // namespace authkit_server
