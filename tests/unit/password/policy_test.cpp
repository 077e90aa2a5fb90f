// PasswordPolicy and FileBlocklist: lengths in code points of the NFKC form, no truncation,
// the letter+digit rule, email context words and blocklists (checklist E3, E4, E5).
#include <authkit/password/policy.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "unit/test_support.hpp"

namespace authkit::test {
namespace {

PasswordPolicy make_policy(PasswordPolicyOptions options = {}) {
  auto policy = PasswordPolicy::create(std::move(options));
  REQUIRE(policy.has_value());
  return *policy;
}

std::string repeat(std::string_view unit, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += unit;
  return out;
}

// A scratch directory removed at the end of the test.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("authkit-policy-" + std::to_string(::getpid()) + "-" +
            std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::filesystem::path write(const std::string& name, const std::string& content) const {
    std::ofstream out(path / name, std::ios::binary);
    out << content;
    return path / name;
  }
};

TEST_CASE("E4: defaults have no composition rules", "[password]") {
  const PasswordPolicy policy = make_policy();
  CHECK(policy.options().min_length == 8);
  CHECK(policy.options().max_length == 128);
  CHECK_FALSE(policy.options().require_letter_and_digit);
  CHECK(policy.options().reject_email);
  CHECK(policy.check("alllowercaseletters").has_value());
  CHECK(policy.check("98765 43210 13579").has_value());
}

TEST_CASE("PasswordPolicy::create validates lengths", "[password]") {
  CHECK(code_of(PasswordPolicy::create({.min_length = 0})) == Errc::invalid_configuration);
  CHECK(code_of(PasswordPolicy::create({.min_length = 20, .max_length = 19})) ==
        Errc::invalid_configuration);
  CHECK(code_of(PasswordPolicy::create({.min_length = 8, .max_length = 1025})) ==
        Errc::invalid_configuration);
  CHECK(PasswordPolicy::create({.min_length = 1, .max_length = 1024}).has_value());
  CHECK(PasswordPolicy::create({.min_length = 15, .max_length = 15}).has_value());
}

TEST_CASE("E3: 64 characters accepted, 129 rejected, nothing truncated", "[password]") {
  const PasswordPolicy policy = make_policy({.min_length = 15});
  CHECK(policy.check(std::string(64, 'q') + "x").has_value());
  CHECK(policy.check(std::string(64, 'k')).has_value());
  CHECK(policy.check(std::string(128, 'k')).has_value());
  CHECK(code_of(policy.check(std::string(129, 'k'))) == Errc::password_too_long);
  CHECK(code_of(policy.check_length(std::string(129, 'k'))) == Errc::password_too_long);
  CHECK(code_of(policy.check(std::string(14, 'k'))) == Errc::password_too_short);
  CHECK(policy.check(std::string(15, 'k')).has_value());
  const auto too_long = policy.check(std::string(200, 'k'));
  REQUIRE_FALSE(too_long.has_value());
  CHECK(too_long.error().message().find("128") != std::string::npos);
  // Far beyond the byte cap: refused as too long without normalising.
  CHECK(code_of(policy.check(std::string(100000, 'k'))) == Errc::password_too_long);
}

TEST_CASE("E3: lengths count code points of the NFKC form", "[password]") {
  const PasswordPolicy policy = make_policy({.min_length = 4, .max_length = 4});
  const std::string nfc_e = "\xC3\xA9";          // é, 2 bytes
  const std::string nfd_e = "e\xCC\x81";         // e + combining acute, 2 code points -> 1 in NFKC
  const std::string emoji = "\xF0\x9F\x90\xB4";  // 4 bytes, 2 UTF-16 units, 1 code point
  CHECK(policy.check(repeat(nfc_e, 4)).has_value());
  CHECK(policy.check(repeat(nfd_e, 4)).has_value());
  CHECK(policy.check(repeat(emoji, 4)).has_value());
  CHECK(code_of(policy.check(repeat(emoji, 5))) == Errc::password_too_long);
  CHECK(code_of(policy.check(repeat(emoji, 3))) == Errc::password_too_short);
  // NFKC may also expand: U+FB01 "ﬁ" is two letters.
  CHECK(policy.check("\xEF\xAC\x81\xEF\xAC\x81").has_value());
  // Spaces count and are kept.
  CHECK(policy.check("a  b").has_value());
  CHECK(code_of(policy.check("\xFF\xFE\xFD\xFC")) == Errc::invalid_argument);
}

TEST_CASE("E5: password1234567 and the email are rejected with a reason", "[password]") {
  const PasswordPolicy policy =
      make_policy({.min_length = 15, .blocklist = FileBlocklist::common()});
  const auto common = policy.check("password1234567");
  REQUIRE_FALSE(common.has_value());
  CHECK(common.error().code() == Errc::password_too_weak);
  CHECK(common.error().message().find("common") != std::string::npos);
  CHECK(code_of(policy.check("PASSWORD1234567")) == Errc::password_too_weak);

  const std::string email = "Alice.Liddell-1865@Example.org";
  const auto same = policy.check("alice.liddell-1865@example.ORG", email);
  REQUIRE_FALSE(same.has_value());
  CHECK(same.error().code() == Errc::password_too_weak);
  CHECK(same.error().message().find("email") != std::string::npos);
  const auto local = policy.check("ALICE.LIDDELL-1865", email);
  CHECK(code_of(local) == Errc::password_too_weak);
  // Anything else about the email is fine, and so is the check without an email.
  CHECK(policy.check("alice.liddell-1865!", email).has_value());
  CHECK(policy.check("ALICE.LIDDELL-1865").has_value());
  const PasswordPolicy lenient = make_policy({.min_length = 15, .reject_email = false});
  CHECK(lenient.check("ALICE.LIDDELL-1865", email).has_value());
  // Sign-in applies only the length rules.
  CHECK(policy.check_length("password1234567").has_value());
}

TEST_CASE("The letter+digit rule is optional and Unicode-aware", "[password]") {
  const PasswordPolicy policy = make_policy({.require_letter_and_digit = true});
  const auto letters = policy.check("onlyletters");
  REQUIRE_FALSE(letters.has_value());
  CHECK(letters.error().code() == Errc::password_too_weak);
  CHECK(letters.error().message().find("letter and one digit") != std::string::npos);
  CHECK(code_of(policy.check("1234567890")) == Errc::password_too_weak);
  CHECK(code_of(policy.check("!!!!----")) == Errc::password_too_weak);
  CHECK(policy.check("abc12345").has_value());
  CHECK(policy.check("\xD0\xBF\xD0\xB0\xD1\x80\xD0\xBE\xD0\xBB\xD1\x8C 42").has_value());
}

TEST_CASE("E5: FileBlocklist normalises entries and compares ASCII-case-insensitively",
          "[password]") {
  const auto list = FileBlocklist::from_entries({"  Dragon  ", "# a comment", "", "   ", "tigger\r",
                                                 "\xEF\xBC\xA1\xEF\xBC\xA2\xEF\xBC\xA3",
                                                 "caf\xC3\xA9", "\xFF invalid"});
  CHECK(list->size() == 4);
  CHECK(list->contains("dragon"));
  CHECK(list->contains("DRAGON"));
  CHECK(list->contains("tigger"));
  CHECK(list->contains("abc"));          // full-width entry, NFKC
  CHECK(list->contains("CAF\xC3\xA9"));  // ASCII letters folded; é kept
  CHECK_FALSE(list->contains("# a comment"));
  CHECK_FALSE(list->contains(""));
  CHECK_FALSE(list->contains("dragon "));
}

TEST_CASE("E5: FileBlocklist::load reads a list file", "[password]") {
  const TempDir dir;
  const auto path = dir.write("list.txt", "# breached\r\nhunter2\r\n\r\n  Letmein  \n#x\nlast");
  const auto list = FileBlocklist::load(path);
  REQUIRE(list.has_value());
  CHECK((*list)->size() == 3);
  CHECK((*list)->contains("HUNTER2"));
  CHECK((*list)->contains("letmein"));
  CHECK((*list)->contains("last"));
  CHECK_FALSE((*list)->contains("#x"));
  CHECK(code_of(FileBlocklist::load(dir.path / "missing.txt")) == Errc::not_found);
  CHECK(code_of(FileBlocklist::load(dir.write("bad.txt", "ok\n\xC0\xAF\n"))) ==
        Errc::invalid_argument);
  // Over 256 MiB (a sparse file: no disk space used) is refused before reading.
  const auto huge = dir.write("huge.txt", "");
  std::filesystem::resize_file(huge, 256ULL * 1024 * 1024 + 1);
  CHECK(code_of(FileBlocklist::load(huge)) == Errc::invalid_argument);
}

TEST_CASE("E5: the built-in common list holds the top breached passwords", "[password]") {
  const auto list = FileBlocklist::common();
  CHECK(list->size() >= 100);
  for (const char* word : {"password", "123456789", "qwertyuiop", "password1234567", "iloveyou",
                           "Dragon", "1q2w3e4r"}) {
    INFO(word);
    CHECK(list->contains(word));
  }
  CHECK_FALSE(list->contains("violet-anvil-orbit-19"));
  CHECK(FileBlocklist::common() == list);  // built once
}

}  // namespace
}  // namespace authkit::test
