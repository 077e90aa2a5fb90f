// ConsoleMailService and MockMailService.
#include <authkit/mail.hpp>
#include <catch2/catch.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "unit/test_support.hpp"

namespace {

using authkit::MailKind;
using authkit::Message;
using authkit::MockMailService;
using authkit::test::code_of;
using authkit::test::kOk;
using Catch::Contains;

Message message(MailKind kind, std::string to, std::string token = {}) {
  Message m;
  m.kind = kind;
  m.to = std::move(to);
  m.subject = "Subject for " + m.to;
  m.text = "TEXT-BODY";
  m.html = "<p>HTML-BODY</p>";
  if (!token.empty()) {
    m.token = token;
    m.url = "https://app.example/verify?t=" + token;
  }
  return m;
}

}  // namespace

TEST_CASE("ConsoleMailService prints recipient, subject and link only", "[mail]") {
  std::ostringstream out;
  authkit::ConsoleMailService console(out);
  Message m = message(MailKind::reset_password, "ann@example.com");
  // A token that does not occur in the link: it must not appear in the output at all.
  m.token = "SECRET-TOKEN-NOT-IN-LINK";
  m.url = "https://app.example/reset/opaque-link-id";
  REQUIRE(code_of(console.send(m)) == kOk);

  const std::string printed = out.str();
  CHECK_THAT(printed, Contains("reset-password"));
  CHECK_THAT(printed, Contains("ann@example.com"));
  CHECK_THAT(printed, Contains("Subject for ann@example.com"));
  CHECK_THAT(printed, Contains("https://app.example/reset/opaque-link-id"));
  CHECK_THAT(printed, !Contains("SECRET-TOKEN-NOT-IN-LINK"));
  CHECK_THAT(printed, !Contains("TEXT-BODY"));
  CHECK_THAT(printed, !Contains("HTML-BODY"));
}

TEST_CASE("ConsoleMailService keeps one message per block of lines", "[mail]") {
  std::ostringstream out;
  authkit::ConsoleMailService console(out);
  Message m = message(MailKind::verify_email, "eve@example.com\n  link:    https://evil.test");
  REQUIRE(code_of(console.send(m)) == kOk);
  CHECK_THAT(out.str(), !Contains("\n  link:    https://evil.test"));
  CHECK_THAT(out.str(), Contains("eve@example.com?  link:"));
}

TEST_CASE("ConsoleMailService reports an unwritable stream as MAIL_FAILURE", "[mail]") {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  authkit::ConsoleMailService console(out);
  CHECK(code_of(console.send(message(MailKind::verify_email, "a@example.com"))) ==
        authkit::Errc::mail_failure);
}

TEST_CASE("MockMailService keeps the outbox and answers queries", "[mail]") {
  MockMailService mock;
  CHECK(mock.size() == 0);
  CHECK_FALSE(mock.last_to("ann@example.com").has_value());
  CHECK(mock.last_token("ann@example.com", MailKind::verify_email).empty());

  REQUIRE(mock.send(message(MailKind::verify_email, "ann@example.com", "v1")).has_value());
  REQUIRE(mock.send(message(MailKind::reset_password, "ann@example.com", "r1")).has_value());
  REQUIRE(mock.send(message(MailKind::verify_email, "bob@example.com", "v2")).has_value());
  REQUIRE(mock.send(message(MailKind::verify_email, "ann@example.com", "v3")).has_value());
  REQUIRE(mock.send(message(MailKind::password_changed, "ann@example.com")).has_value());

  CHECK(mock.size() == 5);
  const auto all = mock.messages();
  REQUIRE(all.size() == 5);
  CHECK(all.front().token == "v1");
  CHECK(all.back().kind == MailKind::password_changed);

  const auto to_ann = mock.messages_to("ann@example.com");
  REQUIRE(to_ann.size() == 4);
  CHECK(to_ann[0].token == "v1");
  CHECK(to_ann[1].token == "r1");
  CHECK(to_ann[2].token == "v3");
  CHECK(mock.messages_to("nobody@example.com").empty());

  CHECK(mock.last_to("ann@example.com")->kind == MailKind::password_changed);
  CHECK(mock.last_to("ann@example.com", MailKind::verify_email)->token == "v3");
  CHECK_FALSE(mock.last_to("bob@example.com", MailKind::reset_password).has_value());
  CHECK(mock.last_token("ann@example.com", MailKind::verify_email) == "v3");
  CHECK(mock.last_token("ann@example.com", MailKind::reset_password) == "r1");
  CHECK(mock.last_url("ann@example.com", MailKind::reset_password) ==
        "https://app.example/verify?t=r1");
  CHECK(mock.last_url("bob@example.com", MailKind::existing_account).empty());

  mock.clear();
  CHECK(mock.size() == 0);
  CHECK(mock.messages().empty());
}

TEST_CASE("MockMailService set_failing: MAIL_FAILURE and nothing recorded", "[mail]") {
  MockMailService mock;
  mock.set_failing(true);
  CHECK(code_of(mock.send(message(MailKind::verify_email, "ann@example.com", "v1"))) ==
        authkit::Errc::mail_failure);
  CHECK(mock.size() == 0);
  mock.set_failing(false);
  CHECK(code_of(mock.send(message(MailKind::verify_email, "ann@example.com", "v2"))) == kOk);
  CHECK(mock.last_token("ann@example.com", MailKind::verify_email) == "v2");
}

TEST_CASE("MockMailService takes concurrent sends", "[mail]") {
  MockMailService mock;
  constexpr int kThreads = 8;
  constexpr int kEach = 25;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&mock, t] {
      for (int i = 0; i < kEach; ++i) {
        (void)mock.send(message(MailKind::verify_email, "u" + std::to_string(t) + "@example.com"));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(mock.size() == kThreads * kEach);
  CHECK(mock.messages_to("u3@example.com").size() == kEach);
}
