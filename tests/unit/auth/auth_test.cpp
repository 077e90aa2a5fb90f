// authkit::Auth and open_store(): one options object to a store, a service and a handler.
#include <unistd.h>

#include <authkit/auth.hpp>
#include <authkit/store/open_store.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "unit/test_support.hpp"
#include "util/ascii.hpp"

namespace authkit::test {

namespace {

std::shared_ptr<const Secret> secret_of(std::string_view text) {
  return std::make_shared<const Secret>(Secret::from_string(text).value());
}

const auto kSecret = secret_of("auth-test-secret-of-at-least-32-bytes!");

/// The smallest complete AuthOptions: a database, the secret, a mail service, a base URL.
AuthOptions minimal(std::string database, std::shared_ptr<MockMailService> mail = nullptr) {
  AuthOptions o;
  o.base_url = "http://localhost:3000/api/auth";
  o.database = std::move(database);
  o.secret = kSecret;
  o.mail.service = mail ? std::move(mail) : std::make_shared<MockMailService>();
  o.passwords.hashing.params = {.memory_kib = 256, .iterations = 1};  // fast tests
  o.email_verification.required = false;
  return o;
}

http::Request post(std::string path, const nlohmann::json& body) {
  http::Request r;
  r.method = "POST";
  r.path = std::move(path);
  r.headers = {{"Content-Type", "application/json"}, {"Origin", "http://localhost:3000"}};
  r.body = body.dump();
  r.peer_address = "192.0.2.1";
  return r;
}

/// "name=value" of the response's session cookie, for the next request's Cookie header.
std::string session_cookie_of(const http::Response& response) {
  for (const auto& h : response.headers) {
    if (ascii::iequal(h.name, "Set-Cookie") && h.value.starts_with("authkit.session_token=")) {
      return h.value.substr(0, h.value.find(';'));
    }
  }
  return {};
}

/// A fresh path in the temporary directory, with its SQLite companions removed afterwards.
struct TempFile {
  std::string path =
      (std::filesystem::temp_directory_path() / ("authkit-auth-test-" + std::to_string(::getpid()) +
                                                 "-" + std::to_string(counter()++) + ".db"))
          .string();
  ~TempFile() {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix, ignored);
  }
  static int& counter() {
    static int n = 0;
    return n;
  }
};

}  // namespace

TEST_CASE("Auth: one options object serves the API under base_url's path and guards host routes",
          "[auth]") {
  auto auth = Auth::create(minimal("sqlite::memory:"));
  REQUIRE(auth.has_value());
  CHECK(auth->owns("/api/auth/ok"));
  CHECK_FALSE(auth->owns("/api/me"));
  CHECK(auth->store() != nullptr);

  const auto signed_up = auth->handle(post(
      "/api/auth/sign-up/email",
      {{"email", "ada@example.com"}, {"password", "analytical engine 1843"}, {"name", "Ada"}}));
  REQUIRE(signed_up.status == 200);
  const std::string cookie = session_cookie_of(signed_up);
  REQUIRE_FALSE(cookie.empty());

  http::Request me;
  me.method = "GET";
  me.path = "/api/me";
  me.headers = {{"Cookie", cookie}};
  const auto caller = auth->authenticate(me);
  REQUIRE(caller.has_value());
  REQUIRE(caller->has_value());
  CHECK((*caller)->user.email == "ada@example.com");
}

TEST_CASE("Auth: configuration errors name the option", "[auth]") {
  const auto refused = [](AuthOptions o) -> Error {
    auto made = Auth::create(std::move(o));
    REQUIRE_FALSE(made.has_value());
    CHECK(made.error().code() == Errc::invalid_configuration);
    return made.error();
  };
  CHECK_THAT(std::string(refused(minimal("")).message()), Catch::Contains("database"));
  {
    auto both = minimal("memory:");
    both.stores = Stores::of(InMemoryStore::create());
    CHECK_THAT(std::string(refused(std::move(both)).message()), Catch::Contains("stores"));
  }
  CHECK_THAT(refused(minimal("mysql://db/app")).detail(), Catch::Contains("sqlite:PATH"));
  {
    auto short_secret = minimal("memory:");
    short_secret.secret = nullptr;
    CHECK_THAT(std::string(refused(std::move(short_secret)).message()), Catch::Contains("secret"));
  }
  {
    auto no_path = minimal("memory:");
    no_path.base_url = "https://app.example.com";
    const Error e = refused(std::move(no_path));
    // Exception::what() carries the detail too, so `.value()` aborts with the reason.
    CHECK_THAT(Exception(e).what(), Catch::Contains("/api/auth"));
  }
  {
    auto no_mail = minimal("memory:");
    no_mail.mail.service = nullptr;
    CHECK_THAT(std::string(refused(std::move(no_mail)).message()), Catch::Contains("mail.service"));
  }
}

TEST_CASE("Auth: your own stores instead of a database URL", "[auth]") {
  auto o = minimal("");
  auto store = InMemoryStore::create();
  o.stores = Stores::of(store);
  auto auth = Auth::create(std::move(o));
  REQUIRE(auth.has_value());
  CHECK(auth->store() == nullptr);
  REQUIRE(auth->service().sign_up({.email = "bo@example.com", .password = "a long password!"}));
  CHECK(store->find_user_by_email("bo@example.com").value().has_value());
}

TEST_CASE("Auth: the signing key is kept in the database under the one secret", "[auth][jwt]") {
  TempFile file;
  const nlohmann::json first =
      Auth::create(minimal("sqlite:" + file.path)).value().service().jwks();
  const nlohmann::json again =
      Auth::create(minimal("sqlite:" + file.path)).value().service().jwks();
  CHECK(first == again);
  CHECK(first["keys"].size() == 1);
}

TEST_CASE("jwt_verifier: a verifier preset with the service's keys issuer audience and clock",
          "[auth][jwt]") {
  auto clock = clock_at();
  auto o = minimal("memory:");
  o.clock = clock;
  auto auth = Auth::create(std::move(o)).value();
  auto signed_up =
      auth.service().sign_up({.email = "cy@example.com", .password = "a long password!"});
  REQUIRE(signed_up.has_value());
  REQUIRE(signed_up->session.has_value());
  const std::string jwt = auth.service().issue_jwt(signed_up->session->token).value();

  const JwtVerifier verifier = auth.jwt_verifier().value();
  const auto claims = verifier.verify(jwt);
  REQUIRE(claims.has_value());
  CHECK(claims->subject() == signed_up->user.id);
  CHECK(verifier.options().issuer == "http://localhost:3000");

  // Another expected audience refuses it; the preset fills in only what is left unset.
  const auto other = auth.jwt_verifier({.audience = {"https://other.example"}}).value();
  CHECK(code_of(other.verify(jwt)) == Errc::jwt_claim_mismatch);

  // The service's clock decides expiry on both ends.
  clock->advance(std::chrono::minutes(16));
  CHECK(code_of(verifier.verify(jwt)) == Errc::jwt_expired);
}

TEST_CASE("open_store: every URL form", "[auth][store]") {
  CHECK(open_store("memory:").value() != nullptr);
  CHECK(open_store("sqlite::memory:").value()->ping().has_value());

  TempFile file;
  {
    auto store = open_store("sqlite:" + file.path).value();
    REQUIRE(
        store->create_user(User{.id = "u1", .email = "dee@example.com"}, std::nullopt).has_value());
  }
  CHECK(std::filesystem::exists(file.path));
  CHECK(open_store("sqlite:" + file.path).value()->find_user_by_id("u1").value().has_value());

  CHECK(code_of(open_store("")) == Errc::invalid_configuration);
  CHECK(code_of(open_store("sqlite:")) == Errc::invalid_configuration);
  CHECK(code_of(open_store("file:auth.db")) == Errc::invalid_configuration);
}

TEST_CASE("open_store: a PostgreSQL URL that cannot connect never shows its password",
          "[auth][store]") {
  // Port 1 on loopback refuses at once.
  const auto failed = open_store("postgresql://app:hunter2@127.0.0.1:1/app?connect_timeout=2");
  REQUIRE_FALSE(failed.has_value());
  CHECK(failed.error().code() == Errc::storage_failure);
  CHECK_THAT(failed.error().detail(), Catch::Contains("app:***@127.0.0.1:1"));
  CHECK_THAT(failed.error().detail(), !Catch::Contains("hunter2"));
  CHECK(redact_store_url("postgres://u:pw@h/db") == "postgres://u:***@h/db");
  CHECK(redact_store_url("postgresql://u@h/db") == "postgresql://u@h/db");
  CHECK(redact_store_url("sqlite:a.db") == "sqlite:a.db");
}

}  // namespace authkit::test
