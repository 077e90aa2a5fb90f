// H3: with AuthServiceOptions::mail_queue, the mail work of anonymous requests (the lookup, the
// token, the mail) runs after the answer, so known and unknown addresses take the same path
// through the request; failures are audited instead of returned.
#include <condition_variable>
#include <mutex>

#include "unit/service/service_harness.hpp"

namespace authkit::test {

#define BACKENDS AUTHKIT_FLOW_BACKENDS

namespace {

/// Passes mail to a MockMailService, but only once the test opens the gate: while it is shut,
/// the queue's worker is stuck in send(), as behind a slow mail relay.
class GatedMail final : public MailService {
 public:
  explicit GatedMail(std::shared_ptr<MockMailService> inner) : inner_(std::move(inner)) {}
  Result<void> send(const Message& message) override {
    std::unique_lock lock(mutex_);
    ++waiting_;
    changed_.notify_all();
    changed_.wait(lock, [this] { return open_; });
    --waiting_;
    return inner_->send(message);
  }
  void open() {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
    }
    changed_.notify_all();
  }
  /// Waits until the worker is inside send().
  void wait_for_sender() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return waiting_ > 0; });
  }

 private:
  std::shared_ptr<MockMailService> inner_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = false;
  int waiting_ = 0;
};

struct QueuedHarness {
  std::shared_ptr<MailQueue> queue;
  std::shared_ptr<GatedMail> gated;
  Harness h;
};

template <class Backend>
QueuedHarness queued_harness(MailQueueOptions queue_options = {}) {
  QueuedHarness q;
  auto queue = MailQueue::create(queue_options);
  REQUIRE(queue.has_value());
  q.queue = *queue;
  auto mock = std::make_shared<MockMailService>();
  q.gated = std::make_shared<GatedMail>(mock);
  q.h = Harness::make<Backend>([&](AuthServiceOptions& o) {
    o.mail.service = q.gated;
    o.mail.queue = q.queue;
  });
  q.h.mail = mock;  // the harness helpers read the real outbox
  return q;
}

}  // namespace

TEMPLATE_TEST_CASE("H3: with a mail queue, reset and verification requests answer before mailing",
                   "[service][mail]", BACKENDS) {
  // The relay hangs: the answers still come, for known and unknown addresses alike.
  auto shut = queued_harness<TestType>();
  REQUIRE(shut.h.auth().sign_up({.email = "a@example.com", .password = kPassword}));
  shut.gated->wait_for_sender();  // the worker is stuck sending a's verification link
  CHECK(shut.h.auth().request_password_reset({.email = "a@example.com"}).has_value());
  CHECK(shut.h.auth().request_password_reset({.email = "nobody@example.com"}).has_value());
  CHECK(shut.h.auth().send_verification_email({.email = "a@example.com"}).has_value());
  CHECK(shut.h.auth().send_verification_email({.email = "nobody@example.com"}).has_value());
  CHECK(shut.h.mail->size() == 0);
  CHECK(shut.queue->pending() == 5);
  shut.gated->open();
  shut.queue->drain();
  // Sign-up's link, the reset link and the new verification link; nothing for nobody.
  CHECK(shut.h.mail->messages_to("a@example.com").size() == 3);
  CHECK(shut.h.mail->messages_to("nobody@example.com").empty());
  CHECK_FALSE(shut.h.mail->last_token("a@example.com", MailKind::reset_password).empty());
  // The newest verification link replaced the first one.
  const std::string link = shut.h.mail->last_token("a@example.com", MailKind::verify_email);
  REQUIRE(shut.h.auth().verify_email(link).has_value());
}

TEMPLATE_TEST_CASE("H3: queued mail failures are audited, and no unsent token stays valid",
                   "[service][mail]", BACKENDS) {
  auto q = queued_harness<TestType>();
  q.gated->open();
  REQUIRE(q.h.auth().sign_up({.email = "fails@example.com", .password = kPassword}));
  q.queue->drain();
  q.h.mail->set_failing(true);
  CHECK(q.h.auth().request_password_reset({.email = "fails@example.com"}).has_value());
  q.queue->drain();
  std::size_t failures = 0;
  for (const AuditEvent& e : q.h.audit->events()) {
    if (e.type != AuditEventType::mail_failed) continue;
    ++failures;
    CHECK(e.email == "fails@example.com");
    CHECK(e.reason == "MAIL_FAILURE");
  }
  CHECK(failures == 1);
  // The token of the failed mail was revoked: a valid one would sit unsent in the store.
  q.h.mail->set_failing(false);
  auto users = q.h.store->find_user_by_email("fails@example.com");
  REQUIRE(users.has_value());
  REQUIRE(users->has_value());
  auto revoked = q.h.store->invalidate_verifications(
      (*users)->id, verification_purpose::reset_password, q.h.clock->now());
  REQUIRE(revoked.has_value());
  CHECK(*revoked == 0);
}

TEMPLATE_TEST_CASE("H3: a full mail queue answers 503 for known and unknown addresses alike",
                   "[service][mail]", BACKENDS) {
  auto q = queued_harness<TestType>({.capacity = 1, .max_wait = std::chrono::milliseconds(0)});
  REQUIRE(q.h.auth().sign_up({.email = "first@example.com", .password = kPassword}));
  q.gated->wait_for_sender();  // the worker is stuck; the queue is empty
  REQUIRE(
      q.h.auth().request_password_reset({.email = "nobody@example.com"}).has_value());  // fills it
  CHECK(code_of(q.h.auth().request_password_reset({.email = "first@example.com"})) ==
        Errc::service_unavailable);
  CHECK(code_of(q.h.auth().request_password_reset({.email = "other@example.com"})) ==
        Errc::service_unavailable);
  // Sign-up too, new address or taken: no account is left behind for the new one.
  CHECK(code_of(q.h.auth().sign_up({.email = "first@example.com", .password = kPassword})) ==
        Errc::service_unavailable);
  CHECK(code_of(q.h.auth().sign_up({.email = "second@example.com", .password = kPassword})) ==
        Errc::service_unavailable);
  auto second = q.h.store->find_user_by_email("second@example.com");
  REQUIRE(second.has_value());
  CHECK_FALSE(second->has_value());
  q.gated->open();
  q.queue->drain();
  CHECK(q.h.mail->messages_to("first@example.com").size() == 1);
}

TEMPLATE_TEST_CASE(
    "H3: queued sign-up mail: the link for a new account, the notice for a taken one",
    "[service][mail]", BACKENDS) {
  auto q = queued_harness<TestType>();
  q.gated->open();
  auto created = q.h.auth().sign_up({.email = "fresh@example.com", .password = kPassword});
  REQUIRE(created.has_value());
  auto taken = q.h.auth().sign_up({.email = "fresh@example.com", .password = "other password 9"});
  REQUIRE(taken.has_value());
  CHECK(taken->user.id != created->user.id);
  q.queue->drain();
  const auto mails = q.h.mail->messages_to("fresh@example.com");
  REQUIRE(mails.size() == 2);
  CHECK(mails[0].kind == MailKind::verify_email);
  CHECK(mails[1].kind == MailKind::existing_account);
  REQUIRE(q.h.auth().verify_email(mails[0].token).has_value());
}

}  // namespace authkit::test
