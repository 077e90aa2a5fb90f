#include "io.hpp"

#include <openssl/crypto.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace authkit::cli {
namespace {

struct FileCloser {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};

Result<std::string> read_stream(std::FILE* in, const std::string& name) {
  std::string data;
  char buffer[16 * 1024];
  for (;;) {
    const std::size_t n = std::fread(buffer, 1, sizeof buffer, in);
    data.append(buffer, n);
    if (data.size() > max_input_bytes) {
      wipe(data);
      return Error(Errc::invalid_argument, name + " is larger than 4 MiB");
    }
    if (n < sizeof buffer) break;
  }
  const int failed = std::ferror(in);
  const int err = errno;
  std::memset(buffer, 0, sizeof buffer);
  if (failed != 0) {
    wipe(data);
    return Error(Errc::invalid_argument, "cannot read " + name + ": " + std::strerror(err));
  }
  return data;
}

}  // namespace

Result<std::string> read_input(const std::string& path) {
  if (path == "-") return read_stream(stdin, "standard input");
  errno = 0;
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    const int err = errno;
    return Error(err == ENOENT ? Errc::not_found : Errc::invalid_argument,
                 "cannot open " + path + ": " + std::strerror(err));
  }
  return read_stream(file.get(), path);
}

std::string_view strip_one_newline(std::string_view text) noexcept {
  if (text.ends_with("\r\n")) {
    text.remove_suffix(2);
  } else if (text.ends_with('\n')) {
    text.remove_suffix(1);
  }
  return text;
}

void wipe(std::string& text) noexcept {
  if (!text.empty()) OPENSSL_cleanse(text.data(), text.size());
  text.clear();
}

}  // namespace authkit::cli
