// Extra user fields (AuthServiceOptions::user_fields, better-auth's user.additionalFields):
// declarations checked by create(), values checked, defaulted and stored by sign_up() and
// update_user(), and in_jwt fields as JWT claims.
#include "unit/service/service_harness.hpp"

namespace authkit::test {

#define BACKENDS AUTHKIT_FLOW_BACKENDS

namespace {

/// company: a free string; seats: a number with a default; plan: set by the server only;
/// tos: a boolean every sign-up must give.
void declare_fields(AuthServiceOptions& o) {
  o.email_verification.required = false;
  o.user_fields = {
      {.name = "company", .type = FieldType::string, .in_jwt = true},
      {.name = "seats", .type = FieldType::number, .default_value = 1.0},
      {.name = "plan",
       .type = FieldType::string,
       .default_value = std::string("free"),
       .input = false,
       .in_jwt = true},
      {.name = "tos", .type = FieldType::boolean, .required = true},
  };
}

SignUpRequest sign_up_of(const std::string& email, UserFields fields) {
  return {.email = email, .password = kPassword, .name = "Test User", .fields = std::move(fields)};
}

/// The INVALID_CONFIGURATION message create() answers for `fields`, or "" when it accepts them.
std::string refusal_of(std::vector<UserField> fields) {
  auto store = InMemoryStore::create();
  auto options = base_options(store, std::make_shared<MockMailService>(),
                              std::make_shared<RecordingAuditSink>(), clock_at());
  options.user_fields = std::move(fields);
  auto service = AuthService::create(options);
  if (service) return "";
  CHECK(service.error().code() == Errc::invalid_configuration);
  return service.error().message();
}

}  // namespace

TEST_CASE("create refuses user field declarations that cannot work", "[service][user_fields]") {
  using Catch::Matchers::Contains;
  CHECK(refusal_of({{.name = "company"}, {.name = "_seats2", .type = FieldType::number}}).empty());
  CHECK_THAT(refusal_of({{.name = "2fa"}}), Contains("\"2fa\" is not a valid field name"));
  CHECK_THAT(refusal_of({{.name = "a-b"}}), Contains("\"a-b\" is not a valid field name"));
  CHECK_THAT(refusal_of({{.name = ""}}), Contains("is not a valid field name"));
  CHECK_THAT(refusal_of({{.name = std::string(65, 'a')}}), Contains("not a valid field name"));
  CHECK_THAT(refusal_of({{.name = "emailVerified"}}), Contains("key of the user object"));
  CHECK_THAT(refusal_of({{.name = "image"}}), Contains("\"image\" is a key of the user object"));
  CHECK_THAT(refusal_of({{.name = "company"}, {.name = "company"}}),
             Contains("\"company\" is declared twice"));
  CHECK_THAT(refusal_of({{.name = "seats", .type = FieldType::number, .default_value = "1"}}),
             Contains("\"seats\" has a default that is not a number"));
  CHECK_THAT(refusal_of({{.name = "ok", .type = FieldType::boolean, .default_value = 1.0}}),
             Contains("\"ok\" has a default that is not a boolean"));
  CHECK_THAT(refusal_of({{.name = "role", .required = true, .input = false}}),
             Contains("\"role\" is required but neither an input nor defaulted"));
  CHECK_THAT(refusal_of({{.name = "sub", .in_jwt = true}}),
             Contains("\"sub\" is a claim issue_jwt() sets itself"));
  // Not a JWT claim, a claim name is just a name.
  CHECK(refusal_of({{.name = "sub"}}).empty());
}

TEMPLATE_TEST_CASE("sign_up stores user fields with their defaults", "[service][user_fields]",
                   BACKENDS) {
  auto h = Harness::make<TestType>(declare_fields);
  auto signed_up =
      h.auth().sign_up(sign_up_of("ada@example.com", {{"company", "Acme"}, {"tos", true}}));
  REQUIRE(signed_up.has_value());
  const UserFields expected{{"company", "Acme"}, {"seats", 1.0}, {"plan", "free"}, {"tos", true}};
  CHECK(signed_up->user.fields == expected);
  REQUIRE(signed_up->session.has_value());

  // Stored: the session's user and the store's row carry them.
  auto view = h.auth().get_session(signed_up->session->token);
  REQUIRE(view.has_value());
  REQUIRE(view->has_value());
  CHECK((*view)->user.fields == expected);
  auto stored = h.store->find_user_by_email("ada@example.com");
  REQUIRE(stored.has_value());
  REQUIRE(stored->has_value());
  CHECK((*stored)->fields == expected);

  // A field without a default that is not given is not stored; null is stored as null.
  auto second = h.auth().sign_up(
      sign_up_of("bob@example.com", {{"tos", false}, {"seats", 12.5}, {"company", nullptr}}));
  REQUIRE(second.has_value());
  CHECK(second->user.fields ==
        UserFields{{"company", nullptr}, {"seats", 12.5}, {"plan", "free"}, {"tos", false}});
  auto third = h.auth().sign_up(sign_up_of("cy@example.com", {{"tos", true}}));
  REQUIRE(third.has_value());
  CHECK_FALSE(third->user.fields.contains("company"));
}

TEMPLATE_TEST_CASE("sign_up refuses user fields it must not store", "[service][user_fields]",
                   BACKENDS) {
  using Catch::Matchers::Contains;
  auto h = Harness::make<TestType>(declare_fields);
  const auto refused = [&](UserFields fields) {
    auto result = h.auth().sign_up(sign_up_of("ada@example.com", std::move(fields)));
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code() == Errc::validation_error);
    return result.error().message();
  };
  CHECK_THAT(refused({{"tos", true}, {"role", "admin"}}), Contains("role is not a known field"));
  CHECK_THAT(refused({{"tos", true}, {"plan", "pro"}}), Contains("plan is not allowed to be set"));
  CHECK_THAT(refused({{"tos", true}, {"seats", "3"}}), Contains("seats must be a number"));
  CHECK_THAT(refused({{"tos", "yes"}}), Contains("tos must be a boolean"));
  CHECK_THAT(refused({{"tos", true}, {"company", 3.0}}), Contains("company must be a string"));
  CHECK_THAT(refused({{"company", "Acme"}}), Contains("tos is required"));
  CHECK_THAT(refused({{"tos", nullptr}}), Contains("tos is required"));
  CHECK_THAT(refused({{"tos", true}, {"company", "Acme\nBcc: x"}}),
             Contains("company must not contain control"));
  CHECK_THAT(refused({{"tos", true}, {"company", std::string(2049, 'a')}}),
             Contains("company is too long"));
  // Nothing was stored by any of them.
  auto stored = h.store->find_user_by_email("ada@example.com");
  REQUIRE(stored.has_value());
  CHECK_FALSE(stored->has_value());
}

TEMPLATE_TEST_CASE("before_sign_up sees the checked user fields", "[service][user_fields]",
                   BACKENDS) {
  UserFields seen;
  auto h = Harness::make<TestType>([&](AuthServiceOptions& o) {
    declare_fields(o);
    o.hooks.before_sign_up = [&seen](const SignUpAttempt& attempt,
                                     const RequestContext&) -> Result<void> {
      seen = attempt.fields;
      return {};
    };
  });
  REQUIRE(h.auth().sign_up(sign_up_of("ada@example.com", {{"tos", true}})).has_value());
  CHECK(seen == UserFields{{"seats", 1.0}, {"plan", "free"}, {"tos", true}});
}

TEMPLATE_TEST_CASE("update_user sets input fields and keeps the others", "[service][user_fields]",
                   BACKENDS) {
  using Catch::Matchers::Contains;
  auto h = Harness::make<TestType>(declare_fields);
  auto signed_up =
      h.auth().sign_up(sign_up_of("ada@example.com", {{"company", "Acme"}, {"tos", true}}));
  REQUIRE(signed_up.has_value());
  const std::string token = signed_up->session->token;

  auto updated = h.auth().update_user(token, {.fields = {{"company", "Initech"}}});
  REQUIRE(updated.has_value());
  const UserFields expected{
      {"company", "Initech"}, {"seats", 1.0}, {"plan", "free"}, {"tos", true}};
  CHECK(updated->fields == expected);
  CHECK(updated->name == "Test User");
  auto view = h.auth().get_session(token);
  REQUIRE(view.has_value());
  REQUIRE(view->has_value());
  CHECK((*view)->user.fields == expected);

  const auto refused = [&](UserFields fields) {
    auto result = h.auth().update_user(token, {.fields = std::move(fields)});
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().code() == Errc::validation_error);
    return result.error().message();
  };
  CHECK_THAT(refused({{"plan", "enterprise"}}), Contains("plan is not allowed to be set"));
  CHECK_THAT(refused({{"seats", true}}), Contains("seats must be a number"));
  CHECK_THAT(refused({{"tos", nullptr}}), Contains("tos is required"));
  CHECK_THAT(refused({{"nope", 1.0}}), Contains("nope is not a known field"));
  auto after = h.store->find_user_by_email("ada@example.com");
  REQUIRE(after.has_value());
  REQUIRE(after->has_value());
  CHECK((*after)->fields == expected);
}

TEMPLATE_TEST_CASE("stored keys no longer declared survive update_user", "[service][user_fields]",
                   BACKENDS) {
  auto h = Harness::make<TestType>(declare_fields);
  auto signed_up = h.auth().sign_up(sign_up_of("ada@example.com", {{"tos", true}}));
  REQUIRE(signed_up.has_value());
  // A key written under an earlier declaration (or by another program).
  User stored = signed_up->user;
  stored.fields.emplace("retired", "kept");
  REQUIRE(h.store->update_user(stored).has_value());

  auto updated = h.auth().update_user(signed_up->session->token, {.fields = {{"company", "Acme"}}});
  REQUIRE(updated.has_value());
  auto after = h.store->find_user_by_email("ada@example.com");
  REQUIRE(after.has_value());
  REQUIRE(after->has_value());
  CHECK((*after)->fields.at("retired") == FieldValue{"kept"});
  CHECK((*after)->fields.at("company") == FieldValue{"Acme"});
}

TEMPLATE_TEST_CASE("issue_jwt carries the in_jwt user fields", "[service][user_fields]", BACKENDS) {
  auto h = Harness::make<TestType>([](AuthServiceOptions& o) {
    declare_fields(o);
    o.jwt.claims = [](const User&) { return nlohmann::json{{"plan", "override"}}; };
  });
  auto signed_up =
      h.auth().sign_up(sign_up_of("ada@example.com", {{"company", "Acme"}, {"tos", true}}));
  REQUIRE(signed_up.has_value());
  auto verifier = h.auth().jwt_verifier();
  REQUIRE(verifier.has_value());
  auto jwt = h.auth().issue_jwt(signed_up->session->token);
  REQUIRE(jwt.has_value());
  auto claims = verifier->verify(*jwt);
  REQUIRE(claims.has_value());
  CHECK(claims->json()["company"] == "Acme");
  CHECK(claims->json()["plan"] == "override");    // jwt.claims() has the last word
  CHECK_FALSE(claims->json().contains("seats"));  // not in_jwt
  CHECK_FALSE(claims->json().contains("tos"));

  // A null in_jwt field is left out rather than sent as null.
  REQUIRE(h.auth()
              .update_user(signed_up->session->token, {.fields = {{"company", nullptr}}})
              .has_value());
  auto second = h.auth().issue_jwt(signed_up->session->token);
  REQUIRE(second.has_value());
  auto again = verifier->verify(*second);
  REQUIRE(again.has_value());
  CHECK_FALSE(again->json().contains("company"));
}

}  // namespace authkit::test
