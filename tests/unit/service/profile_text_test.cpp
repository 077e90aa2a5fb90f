// Free text that is stored and shown again (the user's name, the image URL) refuses control
// characters and bidi overrides, and has documented length caps.
#include "unit/service/service_harness.hpp"

namespace authkit::test {

namespace {

/// Texts that must be refused, each with the class it stands for.
const std::vector<std::pair<std::string, std::string>>& refused_texts() {
  static const std::vector<std::pair<std::string, std::string>> texts = {
      {"C0 NUL", std::string("Ada\0Lovelace", 12)}, {"C0 line feed", "Ada\nLovelace"},
      {"C0 carriage return", "Ada\rLovelace"},      {"C0 tab", "Ada\tLovelace"},
      {"C0 escape", "Ada\x1b[31mLovelace"},         {"DEL", "Ada\x7fLovelace"},
      {"C1 U+0085 NEL", "Ada\xc2\x85Lovelace"},     {"C1 U+009B CSI", "Ada\xc2\x9bLovelace"},
      {"U+202A LRE", "Ada\xe2\x80\xaaLovelace"},    {"U+202B RLE", "Ada\xe2\x80\xabLovelace"},
      {"U+202C PDF", "Ada\xe2\x80\xacLovelace"},    {"U+202D LRO", "Ada\xe2\x80\xadLovelace"},
      {"U+202E RLO", "Ada\xe2\x80\xaeLovelace"},    {"U+2066 LRI", "Ada\xe2\x81\xa6Lovelace"},
      {"U+2067 RLI", "Ada\xe2\x81\xa7Lovelace"},    {"U+2068 FSI", "Ada\xe2\x81\xa8Lovelace"},
      {"U+2069 PDI", "Ada\xe2\x81\xa9Lovelace"},    {"invalid UTF-8", "Ada\xc3Lovelace"},
  };
  return texts;
}

/// Names any alphabet needs, which must keep working.
const std::vector<std::string>& accepted_names() {
  static const std::vector<std::string> names = {
      "Ada Lovelace",
      "Jos\xc3\xa9 \xc3\x91"
      "and\xc3\xba",                                        // José Ñandú
      "\xd8\xb3\xd8\xa7\xd8\xb1\xd8\xa9",                   // Arabic, right to left by itself
      "\xe5\xb1\xb1\xe7\x94\xb0 \xe5\xa4\xaa\xe9\x83\x8e",  // 山田 太郎
      "\xe2\x80\x8fMark",                                   // U+200F RLM is a mark, not an override
      "Zo\xc3\xab \xf0\x9f\x8c\xb1",                        // Zoë and an emoji (4-byte UTF-8)
      "U+2029 \xe2\x80\xa9 and U+206A \xe2\x81\xaa are outside the ranges",
      std::string(256, 'n'),
  };
  return names;
}

}  // namespace

TEMPLATE_TEST_CASE("Profile text: sign-up refuses names with controls or bidi overrides",
                   "[service]", MemoryBackend, SqliteBackend, PostgresBackend) {
  auto h = Harness::make<TestType>();
  int n = 0;
  for (const auto& [what, text] : refused_texts()) {
    INFO(what);
    const std::string email = "refused" + std::to_string(n++) + "@example.com";
    auto result = h.auth().sign_up({.email = email, .password = kPassword, .name = text});
    CHECK(code_of(result) == Errc::validation_error);
    auto image = h.auth().sign_up(
        {.email = email, .password = kPassword, .name = "Ada", .image = "https://x.test/" + text});
    CHECK(code_of(image) == Errc::validation_error);
    auto stored = h.store->find_user_by_email(email);
    REQUIRE(stored.has_value());
    CHECK_FALSE(stored->has_value());
  }
  CHECK(code_of(h.auth().sign_up(
            {.email = "long@example.com", .password = kPassword, .name = std::string(257, 'n')})) ==
        Errc::validation_error);
  CHECK(code_of(h.auth().sign_up({.email = "long@example.com",
                                  .password = kPassword,
                                  .name = "Ada",
                                  .image = std::string(2049, 'i')})) == Errc::validation_error);
  for (const auto& name : accepted_names()) {
    INFO(name);
    const std::string email = "accepted" + std::to_string(n++) + "@example.com";
    auto result = h.auth().sign_up({.email = email, .password = kPassword, .name = name});
    REQUIRE(result.has_value());
    CHECK(result->user.name == name);
  }
  CHECK(h.auth()
            .sign_up({.email = "image@example.com",
                      .password = kPassword,
                      .name = "Ada",
                      .image = std::string(2048, 'i')})
            .has_value());
}

TEMPLATE_TEST_CASE(
    "Profile text: update-user refuses names and images with controls or bidi overrides",
    "[service]", MemoryBackend, SqliteBackend, PostgresBackend) {
  auto h = Harness::make<TestType>();
  h.sign_up_verified("rename@example.com");
  const std::string token = h.sign_in("rename@example.com");
  for (const auto& [what, text] : refused_texts()) {
    INFO(what);
    CHECK(code_of(h.auth().update_user(token, {.name = text})) == Errc::validation_error);
    CHECK(code_of(h.auth().update_user(
              token, {.image = std::optional<std::string>("https://x.test/" + text)})) ==
          Errc::validation_error);
  }
  auto user = h.store->find_user_by_email("rename@example.com");
  REQUIRE(user.has_value());
  REQUIRE(user->has_value());
  CHECK((*user)->name == "Test User");
  CHECK_FALSE((*user)->image.has_value());
  auto renamed = h.auth().update_user(token, {.name = accepted_names()[1]});
  REQUIRE(renamed.has_value());
  CHECK(renamed->name == accepted_names()[1]);
}

}  // namespace authkit::test
