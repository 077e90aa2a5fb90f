// Extra user fields over HTTP, in better-auth's wire shape: top-level body members in on
// sign-up/email and update-user, top-level properties of every user object out.
#include "unit/http/http_harness.hpp"

namespace authkit::test {
namespace {

HttpHarness with_fields() {
  return HttpHarness::make([](AuthServiceOptions& o) {
    o.email_verification.required = false;
    o.user_fields = {
        {.name = "company", .type = FieldType::string},
        {.name = "seats", .type = FieldType::number, .default_value = 1.0},
        {.name = "plan",
         .type = FieldType::string,
         .default_value = std::string("free"),
         .input = false},
        {.name = "beta", .type = FieldType::boolean},
    };
  });
}

nlohmann::json sign_up_body(nlohmann::json extra) {
  nlohmann::json body = {{"email", "ada@example.com"},
                         {"password", kPassword},
                         {"name", "Ada"},
                         {"callbackURL", "/welcome"},
                         {"rememberMe", true}};
  if (extra.is_object()) body.update(extra);
  return body;
}

}  // namespace

TEST_CASE("Handler: sign-up takes user fields as body keys and every user JSON shows them",
          "[http][user_fields]") {
  auto h = with_fields();
  const auto signed_up =
      h.post("/sign-up/email", sign_up_body({{"company", "Acme"}, {"seats", 3}}));
  REQUIRE(signed_up.status == 200);
  const auto user = body_of(signed_up)["user"];
  CHECK(user["company"] == "Acme");
  CHECK(user["seats"] == 3);
  CHECK(user["plan"] == "free");
  CHECK(user["beta"].is_null());  // declared, never set, no default
  CHECK(user["name"] == "Ada");
  // Whole numbers are written as integers, as JavaScript writes them.
  CHECK(signed_up.body.find("\"seats\":3,") != std::string::npos);

  const auto session = body_of(h.get("/get-session"));
  CHECK(session["user"]["company"] == "Acme");
  CHECK(session["user"]["plan"] == "free");

  h.cookie.clear();
  const auto signed_in =
      h.post("/sign-in/email", {{"email", "ada@example.com"}, {"password", kPassword}});
  REQUIRE(signed_in.status == 200);
  CHECK(body_of(signed_in)["user"]["seats"] == 3);
}

TEST_CASE("Handler: update-user sets user fields and refuses the server's", "[http][user_fields]") {
  auto h = with_fields();
  REQUIRE(h.post("/sign-up/email", sign_up_body({})).status == 200);
  REQUIRE_FALSE(h.cookie.empty());

  // A field alone is something to update.
  const auto updated = h.post("/update-user", {{"company", "Initech"}, {"beta", true}});
  CHECK(updated.status == 200);
  CHECK(body_of(updated) == nlohmann::json{{"status", true}});
  auto user = body_of(h.get("/get-session"))["user"];
  CHECK(user["company"] == "Initech");
  CHECK(user["beta"] == true);
  CHECK(user["name"] == "Ada");

  const auto readonly = h.post("/update-user", {{"plan", "enterprise"}});
  CHECK(readonly.status == 400);
  CHECK(body_of(readonly)["code"] == "VALIDATION_ERROR");
  CHECK(body_of(readonly)["message"] == "plan is not allowed to be set");

  const auto wrong = h.post("/update-user", {{"seats", "many"}});
  CHECK(wrong.status == 400);
  CHECK(body_of(wrong)["code"] == "VALIDATION_ERROR");
  CHECK(body_of(wrong)["message"] == "seats must be a number");

  const auto array = h.post("/update-user", {{"company", {"a", "b"}}});
  CHECK(array.status == 400);
  CHECK(body_of(array)["code"] == "VALIDATION_ERROR");
  CHECK(body_of(array)["message"] ==
        "[body.company] Invalid input: expected string, received array");

  // Unknown keys are not fields: ignored, as better-auth ignores them.
  CHECK(body_of(h.post("/update-user", {{"unknown", 1}}))["message"] == "No fields to update");
  user = body_of(h.get("/get-session"))["user"];
  CHECK(user["plan"] == "free");
  CHECK(user["seats"] == 1);
  CHECK(user["company"] == "Initech");
  CHECK_FALSE(user.contains("unknown"));
}

TEST_CASE("Handler: sign-up refuses a read-only user field and a wrong type",
          "[http][user_fields]") {
  auto h = with_fields();
  const auto readonly = h.post("/sign-up/email", sign_up_body({{"plan", "enterprise"}}));
  CHECK(readonly.status == 400);
  CHECK(body_of(readonly)["code"] == "VALIDATION_ERROR");
  CHECK(body_of(readonly)["message"] == "plan is not allowed to be set");
  const auto wrong = h.post("/sign-up/email", sign_up_body({{"beta", "yes"}}));
  CHECK(wrong.status == 400);
  CHECK(body_of(wrong)["message"] == "beta must be a boolean");
  CHECK(h.cookie.empty());
}

TEST_CASE("Handler: without declared fields the user JSON has no extra keys",
          "[http][user_fields]") {
  auto h = HttpHarness::make([](AuthServiceOptions& o) { o.email_verification.required = false; });
  const auto signed_up = h.post("/sign-up/email", sign_up_body({{"company", "Acme"}}));
  REQUIRE(signed_up.status == 200);
  const auto user = body_of(signed_up)["user"];
  CHECK_FALSE(user.contains("company"));
  CHECK(user.size() == 6);  // id, name, email, emailVerified, createdAt, updatedAt
}

TEST_CASE("Handler: a stored user without a declared field shows its default",
          "[http][user_fields]") {
  auto h = with_fields();
  const auto signed_up = h.post("/sign-up/email", sign_up_body({{"company", "Acme"}}));
  REQUIRE(signed_up.status == 200);
  // As if the user had been stored before "plan" was declared and while "seats" was a string,
  // and under a field since dropped.
  auto stored = h.service.store->find_user_by_email("ada@example.com");
  REQUIRE(stored.has_value());
  REQUIRE(stored->has_value());
  User old = **stored;
  old.fields.erase("plan");
  old.fields.insert_or_assign("seats", "twelve");
  old.fields.emplace("retired", "hidden");
  REQUIRE(h.service.store->update_user(old).has_value());

  const auto user = body_of(h.get("/get-session"))["user"];
  CHECK(user["plan"] == "free");
  CHECK(user["seats"] == 1);
  CHECK(user["company"] == "Acme");
  CHECK_FALSE(user.contains("retired"));
}

}  // namespace authkit::test
