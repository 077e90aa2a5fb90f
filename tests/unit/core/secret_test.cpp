// Secret: size policy, environment loading, equality, clone and move semantics.
#include <stdlib.h>

#include <authkit/secret.hpp>
#include <catch2/catch.hpp>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

namespace {

using authkit::Errc;
using authkit::Secret;

constexpr const char* kEnvName = "AUTHKIT_UNIT_TEST_SECRET";

// Sets an environment variable for the lifetime of the object, then unsets it.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    REQUIRE(::setenv(name, value.c_str(), 1) == 0);
  }
  ~ScopedEnv() { ::unsetenv(name_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
};

Secret make(const std::string& text) {
  auto s = Secret::from_string(text);
  REQUIRE(s.has_value());
  return std::move(*s);
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

template <class T>
concept Streamable = requires(std::ostream& os, const T& t) {
  os << t;
};

}  // namespace

TEST_CASE("Secret refuses material shorter than 32 bytes with WEAK_KEY", "[core][secret]") {
  static_assert(Secret::min_bytes == 32);
  const std::vector<unsigned char> bytes31(31, 0xAB);
  const std::vector<unsigned char> bytes32(32, 0xAB);

  const auto short_bytes = Secret::from_bytes(bytes31);
  REQUIRE_FALSE(short_bytes.has_value());
  CHECK(short_bytes.error().code() == Errc::weak_key);

  const auto ok = Secret::from_bytes(bytes32);
  REQUIRE(ok.has_value());
  CHECK(ok->size() == 32);
  CHECK(std::vector<unsigned char>(ok->reveal().begin(), ok->reveal().end()) == bytes32);

  CHECK(Secret::from_string(std::string(31, 'x')).error().code() == Errc::weak_key);
  CHECK(Secret::from_string("").error().code() == Errc::weak_key);
  CHECK(Secret::from_string(std::string(32, 'x')).has_value());
}

TEST_CASE("Secret::from_env: NOT_FOUND when unset or empty, WEAK_KEY when short",
          "[core][secret]") {
  ::unsetenv(kEnvName);
  CHECK(Secret::from_env(kEnvName).error().code() == Errc::not_found);
  {
    const ScopedEnv env(kEnvName, "");
    CHECK(Secret::from_env(kEnvName).error().code() == Errc::not_found);
  }
  {
    const std::string value = "short-secret-value-31-bytes-xyz";
    REQUIRE(value.size() == 31);
    const ScopedEnv env(kEnvName, value);
    const auto r = Secret::from_env(kEnvName);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code() == Errc::weak_key);
    // The value is never echoed into anything that may reach a log or a client.
    CHECK_FALSE(contains(r.error().message(), value));
    CHECK_FALSE(contains(r.error().detail(), value));
    CHECK_FALSE(contains(authkit::Exception(r.error()).what(), value));
  }
  {
    const std::string value(40, 'k');
    const ScopedEnv env(kEnvName, value);
    const auto r = Secret::from_env(kEnvName);
    REQUIRE(r.has_value());
    CHECK(r->size() == 40);
    CHECK(r->equals(make(value)));
  }
  CHECK(Secret::from_env(kEnvName).error().code() == Errc::not_found);
}

TEST_CASE("Secret::random gives fresh bytes of the requested size", "[core][secret]") {
  const auto a = Secret::random();
  const auto b = Secret::random();
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  CHECK(a->size() == Secret::min_bytes);
  CHECK_FALSE(a->equals(*b));
  const auto big = Secret::random(64);
  REQUIRE(big.has_value());
  CHECK(big->size() == 64);
  CHECK(Secret::random(16).error().code() == Errc::weak_key);
}

TEST_CASE("Secret::equals compares content and size", "[core][secret]") {
  const std::string base(32, 'a');
  std::string last_differs = base;
  last_differs.back() = 'b';
  std::string first_differs = base;
  first_differs.front() = 'b';

  CHECK(make(base).equals(make(base)));
  CHECK_FALSE(make(base).equals(make(last_differs)));
  CHECK_FALSE(make(base).equals(make(first_differs)));
  CHECK_FALSE(make(base).equals(make(base + "a")));  // a longer secret with the same prefix
  CHECK_FALSE(make(base + "a").equals(make(base)));
}

TEST_CASE("Secret::equals is built on CRYPTO_memcmp", "[core][secret]") {
  std::ifstream in(std::string(AUTHKIT_SOURCE_DIR) + "/src/secret.cpp");
  if (!in) {
    FAIL(AUTHKIT_SOURCE_DIR
         "/src/secret.cpp is missing: this test reads the source tree the "
         "binary was configured from; rebuild authkit_tests from a "
         "complete checkout (cmake -S <checkout> -B <build>)");
  }
  std::stringstream text;
  text << in.rdbuf();
  const std::string src = text.str();
  const auto at = src.find("Secret::equals");
  REQUIRE(at != std::string::npos);
  const std::string body = src.substr(at, src.find("\n}\n", at) - at);
  CHECK(contains(body, "CRYPTO_memcmp("));
  CHECK_FALSE(contains(body, " memcmp("));
  CHECK_FALSE(contains(body, "std::equal"));
}

TEST_CASE("Secret::clone is an independent equal copy", "[core][secret]") {
  const Secret original = make(std::string(48, 'q'));
  Secret copy = original.clone();
  CHECK(copy.equals(original));
  CHECK(copy.size() == original.size());
  CHECK(copy.reveal().data() != original.reveal().data());
  // Destroying (moving out of) the clone leaves the original intact.
  { const Secret sink = std::move(copy); }
  CHECK(original.size() == 48);
  CHECK(original.reveal()[0] == 'q');
}

TEST_CASE("A moved-from Secret is empty", "[core][secret]") {
  Secret a = make(std::string(32, 'm'));
  Secret b = std::move(a);
  CHECK(b.size() == 32);
  CHECK(a.size() == 0);  // NOLINT(bugprone-use-after-move): the guarantee under test
  CHECK(a.reveal().empty());

  Secret c = make(std::string(33, 'n'));
  c = std::move(b);
  CHECK(c.size() == 32);
  CHECK(c.reveal()[0] == 'm');
  CHECK(b.size() == 0);  // NOLINT(bugprone-use-after-move)
}

TEST_CASE("Secret is move-only and not printable", "[core][secret]") {
  static_assert(!std::is_copy_constructible_v<Secret>);
  static_assert(!std::is_copy_assignable_v<Secret>);
  static_assert(std::is_nothrow_move_constructible_v<Secret>);
  static_assert(!std::is_default_constructible_v<Secret>);
  static_assert(!Streamable<Secret>);
  static_assert(!std::is_convertible_v<Secret, std::string>);
  SUCCEED();
}
