#include <authkit/password/policy.hpp>

#include "password/common_passwords.hpp"
#include "password/normalize.hpp"
#include "util/ascii.hpp"

#include <cstdint>
#include <fstream>
#include <iterator>
#include <system_error>

namespace authkit {
namespace {

constexpr std::uintmax_t kMaxFileBytes = 256ULL * 1024 * 1024;

std::string_view trim_blanks(std::string_view line) noexcept {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!line.empty() && blank(line.front())) line.remove_prefix(1);
  while (!line.empty() && blank(line.back())) line.remove_suffix(1);
  return line;
}

// Adds one line of a list: trimmed, comments and blanks skipped, NFKC (as passwords are when
// checked), then ASCII-lowercased. Returns false only for a line that is not UTF-8.
bool add_entry(std::string_view line, std::unordered_set<std::string>& entries) {
  line = trim_blanks(line);
  if (line.empty() || line.front() == '#') return true;
  auto normalised = password::nfkc(line);
  if (!normalised) return false;
  entries.insert(ascii::lower(normalised->view()));
  return true;
}

}  // namespace

Result<std::shared_ptr<FileBlocklist>> FileBlocklist::load(const std::filesystem::path& path) {
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(path, ec);
  std::ifstream in(path, std::ios::binary);
  if (ec || !in) {
    return Error(Errc::not_found, "Cannot open the password blocklist " + path.string());
  }
  if (size > kMaxFileBytes) {
    return Error(Errc::invalid_argument,
                 "The password blocklist " + path.string() + " is larger than 256 MiB");
  }
  std::unordered_set<std::string> entries;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!add_entry(line, entries)) {
      return Error(Errc::invalid_argument, "The password blocklist " + path.string() +
                                               " is not UTF-8 (line " + std::to_string(number) +
                                               ")");
    }
  }
  if (in.bad()) {
    return Error(Errc::invalid_argument, "Cannot read the password blocklist " + path.string());
  }
  return std::shared_ptr<FileBlocklist>(new FileBlocklist(std::move(entries)));
}

std::shared_ptr<FileBlocklist> FileBlocklist::from_entries(const std::vector<std::string>& list) {
  std::unordered_set<std::string> entries;
  for (const std::string& entry : list) {
    // An entry that is not UTF-8 can never equal a (validated) password: skipping it loses
    // nothing.
    (void)add_entry(entry, entries);
  }
  return std::shared_ptr<FileBlocklist>(new FileBlocklist(std::move(entries)));
}

std::shared_ptr<FileBlocklist> FileBlocklist::common() {
  static const std::shared_ptr<FileBlocklist> list = [] {
    const auto words = password::common_passwords();
    return from_entries(std::vector<std::string>(words.begin(), words.end()));
  }();
  return list;
}

bool FileBlocklist::contains(std::string_view password) const {
  return entries_.contains(ascii::lower(password));
}

}  // namespace authkit
