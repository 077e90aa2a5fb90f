// public_code(): what an untrusted party may see of an error.
#include <authkit/error.hpp>
#include <catch2/catch.hpp>

using authkit::Errc;

TEST_CASE("public_code hides JWT detail and infrastructure failures", "[errors]") {
  for (const Errc code : {Errc::jwt_malformed, Errc::jwt_bad_signature, Errc::jwt_expired,
                          Errc::jwt_claim_mismatch, Errc::jwt_too_large}) {
    CHECK(authkit::public_code(code) == Errc::invalid_token);
  }
  for (const Errc code :
       {Errc::invalid_key, Errc::weak_key, Errc::invalid_argument, Errc::invalid_configuration,
        Errc::crypto_failure, Errc::storage_failure, Errc::mail_failure, Errc::not_found}) {
    CHECK(authkit::public_code(code) == Errc::internal_server_error);
  }
  for (const Errc code : {Errc::invalid_email_or_password, Errc::email_not_verified,
                          Errc::password_too_short, Errc::too_many_requests}) {
    CHECK(authkit::public_code(code) == code);
  }
}

TEST_CASE("JWT failures carry the generic user-facing message", "[errors]") {
  // A client shown message() must not learn which check failed.
  CHECK(authkit::Error(Errc::jwt_expired).message() ==
        authkit::Error(Errc::jwt_bad_signature).message());
}
