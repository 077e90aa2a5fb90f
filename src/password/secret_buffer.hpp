// Private: a byte string holding password-derived material that is wiped when released.
#pragma once

#include <openssl/crypto.h>

#include <string>
#include <string_view>
#include <utility>

namespace authkit::password {

/// Overwrites every byte `text` owns (including unused capacity, which may hold an earlier,
/// longer value) and empties it.
inline void wipe(std::string& text) noexcept {
  text.resize(text.capacity());
  if (!text.empty()) OPENSSL_cleanse(text.data(), text.size());
  text.clear();
}

/// Owns a std::string whose bytes are wiped on destruction and when moved from. Used for
/// normalised passwords and pepper MACs, which are as sensitive as the password itself.
class SecretBuffer {
 public:
  SecretBuffer() = default;
  explicit SecretBuffer(std::string bytes) noexcept : bytes_(std::move(bytes)) {}
  SecretBuffer(SecretBuffer&& other) noexcept : bytes_(std::move(other.bytes_)) {
    wipe(other.bytes_);
  }
  SecretBuffer& operator=(SecretBuffer&& other) noexcept {
    if (this != &other) {
      wipe(bytes_);
      bytes_ = std::move(other.bytes_);
      wipe(other.bytes_);
    }
    return *this;
  }
  SecretBuffer(const SecretBuffer&) = delete;
  SecretBuffer& operator=(const SecretBuffer&) = delete;
  ~SecretBuffer() { wipe(bytes_); }

  [[nodiscard]] std::string_view view() const noexcept { return bytes_; }
  [[nodiscard]] const unsigned char* data() const noexcept {
    return reinterpret_cast<const unsigned char*>(bytes_.data());
  }
  [[nodiscard]] std::size_t size() const noexcept { return bytes_.size(); }

 private:
  std::string bytes_;
};

}  // namespace authkit::password
