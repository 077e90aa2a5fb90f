#include <atomic>
#include <thread>

#include "unit/service/service_harness.hpp"

namespace authkit::test {

#define BACKENDS MemoryBackend, SqliteBackend, SqliteFileBackend, PostgresBackend

namespace {

constexpr int kThreads = 16;

/// Runs `work(i)` on kThreads threads released together.
template <class Work>
void race(Work work) {
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      while (!go.load()) std::this_thread::yield();
      work(i);
    });
  }
  go = true;
  for (auto& t : threads) t.join();
}

}  // namespace

TEMPLATE_TEST_CASE("H2: 16 threads redeem one reset token, exactly one succeeds", "[service]",
                   BACKENDS) {
  auto h = Harness::make<TestType>();
  h.sign_up_verified("race@example.com");
  REQUIRE(h.auth().request_password_reset({.email = "race@example.com"}).has_value());
  const std::string token = h.mail->last_token("race@example.com", MailKind::reset_password);
  std::atomic<int> succeeded{0};
  std::atomic<int> refused{0};
  race([&](int i) {
    auto r = h.auth().reset_password(
        {.token = token, .new_password = "new password number " + std::to_string(i)});
    if (r.has_value()) {
      ++succeeded;
    } else if (r.error().code() == Errc::invalid_token) {
      ++refused;
    }
  });
  CHECK(succeeded == 1);
  CHECK(refused == kThreads - 1);
}

TEMPLATE_TEST_CASE("H4: two different reset links redeemed at once, exactly one wins", "[service]",
                   BACKENDS) {
  auto h = Harness::make<TestType>();
  h.sign_up_verified("twolinks@example.com");
  REQUIRE(h.auth().request_password_reset({.email = "twolinks@example.com"}).has_value());
  const std::string first = h.mail->last_token("twolinks@example.com", MailKind::reset_password);
  REQUIRE(h.auth().request_password_reset({.email = "twolinks@example.com"}).has_value());
  const std::string second = h.mail->last_token("twolinks@example.com", MailKind::reset_password);
  REQUIRE(first != second);
  std::atomic<int> succeeded{0};
  std::string winner_password;
  std::mutex winner_mutex;
  race([&](int i) {
    const std::string password = "new password number " + std::to_string(i);
    if (h.auth()
            .reset_password({.token = i % 2 == 0 ? first : second, .new_password = password})
            .has_value()) {
      ++succeeded;
      std::lock_guard lock(winner_mutex);
      winner_password = password;
    }
  });
  CHECK(succeeded == 1);
  // The stored password is the winner's.
  CHECK(
      h.auth().sign_in({.email = "twolinks@example.com", .password = winner_password}).has_value());
}

TEMPLATE_TEST_CASE("16 threads sign up one email, one user exists", "[service]", BACKENDS) {
  auto h = Harness::make<TestType>(
      [](AuthServiceOptions& o) { o.sign_up.on_duplicate = DuplicateSignUp::reject; });
  std::atomic<int> created{0};
  std::atomic<int> duplicates{0};
  race([&](int i) {
    auto r = h.auth().sign_up(
        {.email = "same@example.com", .password = "password number " + std::to_string(i)});
    if (r.has_value()) {
      ++created;
    } else if (r.error().code() == Errc::user_already_exists) {
      ++duplicates;
    }
  });
  CHECK(created == 1);
  CHECK(duplicates == kThreads - 1);
  CHECK(h.mail->messages_to("same@example.com").size() == 1);
}

TEMPLATE_TEST_CASE("concurrent sign-ins and session checks on one service", "[service]", BACKENDS) {
  auto h = Harness::make<TestType>();
  h.sign_up_verified("busy@example.com");
  const std::string shared = h.sign_in("busy@example.com");
  std::atomic<int> failures{0};
  race([&](int i) {
    if (i % 2 == 0) {
      if (!h.auth().sign_in({.email = "busy@example.com", .password = kPassword})) ++failures;
    } else {
      for (int k = 0; k < 20; ++k) {
        auto s = h.auth().get_session(shared);
        if (!s || !s->has_value()) ++failures;
      }
    }
  });
  CHECK(failures == 0);
  auto listed = h.auth().list_sessions(shared);
  REQUIRE(listed.has_value());
  CHECK(listed->size() == 1 + kThreads / 2);
}

}  // namespace authkit::test
