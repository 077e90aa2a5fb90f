// E8/F5/I4: drive every flow and prove that no password and no raw token reaches any output:
// audit events, error texts, stdout/stderr, or the SQLite database file.
#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "unit/service/service_harness.hpp"

namespace authkit::test {
namespace {

/// Redirects std::cout and std::cerr into a buffer while alive.
class CaptureStdStreams {
 public:
  CaptureStdStreams()
      : out_(std::cout.rdbuf(buffer_.rdbuf())), err_(std::cerr.rdbuf(buffer_.rdbuf())) {}
  ~CaptureStdStreams() {
    std::cout.rdbuf(out_);
    std::cerr.rdbuf(err_);
  }
  std::string text() const { return buffer_.str(); }

 private:
  std::stringstream buffer_;
  std::streambuf* out_;
  std::streambuf* err_;
};

std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("E8/F5: no password or raw token appears in any output", "[service]") {
  const auto dir =
      std::filesystem::temp_directory_path() / ("authkit-secrets-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto db = dir / "auth.db";
  std::string captured;
  std::vector<std::string> secrets;
  {
    auto store = SqliteStore::open({.path = db.string()});
    REQUIRE(store.has_value());
    std::shared_ptr<Store> shared = *store;
    auto mail = std::make_shared<MockMailService>();
    std::stringstream audit_lines;
    auto audit = std::make_shared<JsonLinesAuditSink>(audit_lines);
    auto clock = clock_at();
    auto options = base_options(shared, mail, audit, clock);
    options.rate_limits.requests.enabled = true;
    options.rate_limits.sign_in_throttle.enabled = true;
    auto service = AuthService::create(options);
    REQUIRE(service.has_value());

    const std::string password = "Very-Secret-Passw0rd";
    const std::string new_password = "Another-Secret-Passw0rd";
    secrets = {password, new_password};
    std::vector<Error> errors;
    const auto keep_error = [&](const auto& result) {
      if (!result.has_value()) errors.push_back(result.error());
    };
    {
      CaptureStdStreams capture;
      const RequestContext ctx{.ip_address = "192.0.2.1", .user_agent = "secret-test"};
      REQUIRE(service->sign_up({.email = "sec@example.com", .password = password}, ctx));
      const std::string verify = mail->last_token("sec@example.com", MailKind::verify_email);
      secrets.push_back(verify);
      keep_error(service->sign_in({.email = "sec@example.com", .password = password}, ctx));
      REQUIRE(service->verify_email(verify, ctx));
      keep_error(service->verify_email(verify, ctx));
      keep_error(service->sign_in({.email = "sec@example.com", .password = new_password}, ctx));
      auto signed_in = service->sign_in({.email = "sec@example.com", .password = password}, ctx);
      REQUIRE(signed_in);
      const std::string session = signed_in->session.token;
      secrets.push_back(session);
      keep_error(service->get_session(session, ctx));
      auto jwt = service->issue_jwt(session);
      REQUIRE(jwt);
      secrets.push_back(*jwt);
      keep_error(service->change_password(
          session, {.current_password = "wrong-guess-123", .new_password = new_password}, ctx));
      REQUIRE(service->request_password_reset({.email = "sec@example.com"}, ctx));
      const std::string reset = mail->last_token("sec@example.com", MailKind::reset_password);
      secrets.push_back(reset);
      REQUIRE(service->reset_password({.token = reset, .new_password = new_password}, ctx));
      keep_error(service->reset_password({.token = reset, .new_password = new_password}, ctx));
      keep_error(service->sign_out(session, ctx));
      captured = capture.text();
    }
    for (const auto& e : errors) captured += e.message() + "\n" + e.detail() + "\n";
    captured += audit_lines.str();
    CHECK(audit_lines.str().find("sign_in_failed") != std::string::npos);
  }
  // The database (and its WAL) hold hashes only.
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    captured += file_bytes(entry.path());
  }
  std::filesystem::remove_all(dir);
  REQUIRE(secrets.size() == 6);
  for (const auto& secret : secrets) {
    INFO("secret of length " << secret.size());
    CHECK(captured.find(secret) == std::string::npos);
  }
}

}  // namespace authkit::test
