// Errc names, numbering, std::error_code interop, Error and Exception.
#include <authkit/error.hpp>
#include <catch2/catch.hpp>
#include <regex>
#include <set>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

namespace {

using authkit::Errc;

// Every code with its pinned, stable name. Names are API: changing one breaks clients.
const std::vector<std::pair<Errc, std::string>>& all_codes() {
  static const std::vector<std::pair<Errc, std::string>> codes{
      {Errc::invalid_email_or_password, "INVALID_EMAIL_OR_PASSWORD"},
      {Errc::email_not_verified, "EMAIL_NOT_VERIFIED"},
      {Errc::invalid_email, "INVALID_EMAIL"},
      {Errc::user_already_exists, "USER_ALREADY_EXISTS"},
      {Errc::user_not_found, "USER_NOT_FOUND"},
      {Errc::password_too_short, "PASSWORD_TOO_SHORT"},
      {Errc::password_too_long, "PASSWORD_TOO_LONG"},
      {Errc::invalid_password, "INVALID_PASSWORD"},
      {Errc::invalid_token, "INVALID_TOKEN"},
      {Errc::token_expired, "TOKEN_EXPIRED"},
      {Errc::unauthorized, "UNAUTHORIZED"},
      {Errc::session_expired, "SESSION_EXPIRED"},
      {Errc::session_not_fresh, "SESSION_NOT_FRESH"},
      {Errc::email_already_verified, "EMAIL_ALREADY_VERIFIED"},
      {Errc::email_mismatch, "EMAIL_MISMATCH"},
      {Errc::invalid_origin, "INVALID_ORIGIN"},
      {Errc::missing_or_null_origin, "MISSING_OR_NULL_ORIGIN"},
      {Errc::validation_error, "VALIDATION_ERROR"},
      {Errc::bad_request, "BAD_REQUEST"},
      {Errc::too_many_requests, "TOO_MANY_REQUESTS"},
      {Errc::internal_server_error, "INTERNAL_SERVER_ERROR"},
      {Errc::forbidden, "FORBIDDEN"},
      {Errc::jwt_malformed, "JWT_MALFORMED"},
      {Errc::jwt_bad_signature, "JWT_BAD_SIGNATURE"},
      {Errc::jwt_unknown_key, "JWT_UNKNOWN_KEY"},
      {Errc::jwt_expired, "JWT_EXPIRED"},
      {Errc::jwt_not_yet_valid, "JWT_NOT_YET_VALID"},
      {Errc::jwt_claim_mismatch, "JWT_CLAIM_MISMATCH"},
      {Errc::jwt_claim_missing, "JWT_CLAIM_MISSING"},
      {Errc::jwt_unsupported_algorithm, "JWT_UNSUPPORTED_ALGORITHM"},
      {Errc::jwt_unsupported_header, "JWT_UNSUPPORTED_HEADER"},
      {Errc::jwt_too_large, "JWT_TOO_LARGE"},
      {Errc::invalid_key, "INVALID_KEY"},
      {Errc::weak_key, "WEAK_KEY"},
      {Errc::invalid_argument, "INVALID_ARGUMENT"},
      {Errc::invalid_configuration, "INVALID_CONFIGURATION"},
      {Errc::crypto_failure, "CRYPTO_FAILURE"},
      {Errc::storage_failure, "STORAGE_FAILURE"},
      {Errc::mail_failure, "MAIL_FAILURE"},
      {Errc::not_found, "NOT_FOUND"},
  };
  return codes;
}

bool is_jwt_code(Errc c) {
  const int v = static_cast<int>(c);
  return v >= 100 && v < 200;
}

}  // namespace

TEST_CASE("Errc names are pinned, unique and UPPER_SNAKE", "[core][error]") {
  const std::regex upper_snake("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$");
  std::set<std::string> names;
  std::set<int> values;
  for (const auto& [code, name] : all_codes()) {
    INFO("code " << static_cast<int>(code));
    CHECK(authkit::errc_name(code) == name);
    CHECK(std::regex_match(name, upper_snake));
    CHECK(names.insert(name).second);
    CHECK(values.insert(static_cast<int>(code)).second);
  }
  CHECK(names.size() == all_codes().size());
}

TEST_CASE("Errc numeric values are stable", "[core][error]") {
  CHECK(static_cast<int>(Errc::invalid_email_or_password) == 1);
  CHECK(static_cast<int>(Errc::internal_server_error) == 21);
  CHECK(static_cast<int>(Errc::jwt_malformed) == 100);
  CHECK(static_cast<int>(Errc::jwt_expired) == 103);
  CHECK(static_cast<int>(Errc::jwt_too_large) == 109);
  CHECK(static_cast<int>(Errc::invalid_key) == 200);
  CHECK(static_cast<int>(Errc::not_found) == 207);
}

TEST_CASE("errc_from_name round-trips every name and rejects unknown ones", "[core][error]") {
  for (const auto& [code, name] : all_codes()) {
    const auto parsed = authkit::errc_from_name(name);
    REQUIRE(parsed.has_value());
    CHECK(*parsed == code);
    CHECK(authkit::errc_from_name(authkit::errc_name(code)) == code);
  }
  CHECK_FALSE(authkit::errc_from_name("").has_value());
  CHECK_FALSE(authkit::errc_from_name("jwt_expired").has_value());  // case-sensitive
  CHECK_FALSE(authkit::errc_from_name("JWT_EXPIRED ").has_value());
  CHECK_FALSE(authkit::errc_from_name("UNKNOWN_ERROR").has_value());
  CHECK(authkit::errc_name(static_cast<Errc>(9999)) == "UNKNOWN_ERROR");
  CHECK(authkit::errc_name(static_cast<Errc>(0)) == "UNKNOWN_ERROR");
}

TEST_CASE("Errc interoperates with std::error_code", "[core][error]") {
  std::error_code ec = Errc::jwt_expired;
  CHECK(ec == Errc::jwt_expired);
  CHECK(ec != Errc::jwt_malformed);
  CHECK(ec.value() == static_cast<int>(Errc::jwt_expired));
  CHECK(std::string(ec.category().name()) == "authkit");
  CHECK(&ec.category() == &authkit::error_category());
  CHECK(static_cast<bool>(ec));

  const std::error_code made = authkit::make_error_code(Errc::weak_key);
  CHECK(made == Errc::weak_key);
  CHECK(made.category() == authkit::error_category());

  // A different category with the same number is not equal.
  const std::error_code generic(static_cast<int>(Errc::jwt_expired), std::generic_category());
  CHECK(generic != ec);

  ec = Errc::not_found;
  CHECK(ec == Errc::not_found);
  static_assert(std::is_error_code_enum_v<Errc>);
}

TEST_CASE("public_code hides JWT and server-side detail from clients", "[core][error]") {
  for (const auto& [code, name] : all_codes()) {
    INFO(name);
    const int v = static_cast<int>(code);
    if (is_jwt_code(code)) {
      CHECK(authkit::public_code(code) == Errc::invalid_token);  // no format/padding oracle
    } else if (v >= static_cast<int>(Errc::invalid_key)) {
      CHECK(authkit::public_code(code) == Errc::internal_server_error);  // config/infra
    } else {
      CHECK(authkit::public_code(code) == code);  // account and request codes are public
    }
  }
}

TEST_CASE("Error carries code, default message, detail and claim", "[core][error]") {
  for (const auto& [code, name] : all_codes()) {
    const authkit::Error e(code);
    CHECK(e.code() == code);
    CHECK(e.name() == name);
    CHECK_FALSE(e.message().empty());  // a generic, user-safe default exists for every code
    CHECK(e.detail().empty());
    CHECK(e.claim().empty());
    CHECK(e == code);
    CHECK(e.error_code() == code);
  }

  const authkit::Error with_detail(Errc::jwt_malformed, "shown", "log only");
  CHECK(with_detail.message() == "shown");
  CHECK(with_detail.detail() == "log only");

  const authkit::Error named = with_detail.with_claim("aud");
  CHECK(named.claim() == "aud");
  CHECK(named.code() == Errc::jwt_malformed);
  CHECK(named.detail() == with_detail.detail());
  CHECK(with_detail.claim().empty());  // with_claim returns a copy
}

TEST_CASE("Exception carries the Error and names its code", "[core][error]") {
  const authkit::Exception ex(authkit::Error(Errc::jwt_claim_missing).with_claim("sub"));
  CHECK(ex.error().code() == Errc::jwt_claim_missing);
  CHECK(ex.error().claim() == "sub");
  REQUIRE(ex.what() != nullptr);
  // what() begins with the stable code name (the name is API; the message is not asserted).
  CHECK(std::string(ex.what()).rfind("JWT_CLAIM_MISSING", 0) == 0);
  static_assert(std::is_base_of_v<std::exception, authkit::Exception>);
}

TEST_CASE("Exception::what() includes the detail when there is one", "[core][error]") {
  const authkit::Error error(Errc::invalid_configuration, "Invalid configuration",
                             "HandlerOptions.base_path \"/api\" is not the path of base_url");
  const std::string what = authkit::Exception(error).what();
  CHECK(what ==
        "INVALID_CONFIGURATION: Invalid configuration (HandlerOptions.base_path \"/api\" is not "
        "the path of base_url)");
  // No detail: no empty parentheses.
  const std::string bare = authkit::Exception(authkit::Error(Errc::not_found, "Not found")).what();
  CHECK(bare == "NOT_FOUND: Not found");
}
