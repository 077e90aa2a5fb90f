// Shared set-up for the AuthService tests: a service on a chosen store with a manual clock, a
// mock mail outbox and a recording audit sink. Every flow test is a TEMPLATE_TEST_CASE over
// the store backends below, so each flow is proven on every store.
#pragma once

#include <authkit/authkit.hpp>
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <unistd.h>

#include "unit/postgres_cluster.hpp"
#include "unit/test_support.hpp"

namespace authkit::test {

/// The in-memory store.
struct MemoryBackend {
  static constexpr const char* name = "memory";
  static std::shared_ptr<Store> make() { return InMemoryStore::create(); }
};

/// SQLite on a private in-memory database.
struct SqliteBackend {
  static constexpr const char* name = "sqlite";
  static std::shared_ptr<Store> make() {
    auto store = SqliteStore::open({.path = ":memory:"});
    REQUIRE(store.has_value());
    return *store;
  }
};

/// SQLite on a temporary file with a pool of 4 connections, so concurrent calls really run on
/// different connections (":memory:" is a single one). The files go with the last reference.
struct SqliteFileBackend {
  static constexpr const char* name = "sqlite-file";
  static std::shared_ptr<Store> make() {
    static std::atomic<unsigned> counter{0};
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("authkit-service-" + std::to_string(::getpid()) + "-" +
                               std::to_string(counter.fetch_add(1)) + ".db"))
                                 .string();
    auto opened = SqliteStore::open({.path = path, .pool_size = 4});
    REQUIRE(opened.has_value());
    std::shared_ptr<SqliteStore> store = *opened;
    return std::shared_ptr<Store>(store.get(), [store, path](Store*) mutable {
      store.reset();
      std::error_code ignored;
      for (const char* suffix : {"", "-wal", "-shm"})
        std::filesystem::remove(path + suffix, ignored);
    });
  }
};

/// PostgreSQL: a fresh schema of the test cluster (unit/postgres_cluster.hpp) with a pool of 4
/// connections. The schema is dropped with the last reference, after the store closes.
struct PostgresBackend {
  static constexpr const char* name = "postgres";
  static std::shared_ptr<Store> make() {
    auto schema = std::make_shared<PostgresSchema>();
    auto opened = PostgresStore::open({.conninfo = schema->conninfo(), .pool_size = 4});
    if (!opened) FAIL("PostgresStore::open: " << opened.error().detail());
    std::shared_ptr<PostgresStore> store = *opened;
    return std::shared_ptr<Store>(store.get(), [store, schema](Store*) mutable {
      store.reset();
      schema.reset();
    });
  }
};

/// The backends every AuthService flow test runs on: a test file names them with
/// `#define BACKENDS AUTHKIT_FLOW_BACKENDS` (adding SqliteFileBackend where the test needs
/// several connections on one SQLite database).
#define AUTHKIT_FLOW_BACKENDS \
  authkit::test::MemoryBackend, authkit::test::SqliteBackend, authkit::test::PostgresBackend

/// Keeps every audit event, for assertions.
class RecordingAuditSink final : public AuditSink {
 public:
  void record(const AuditEvent& event) noexcept override {
    std::lock_guard lock(mutex_);
    events_.push_back(event);
  }
  std::vector<AuditEvent> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }
  /// How many events of `type` were recorded.
  std::size_t count(AuditEventType type) const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& e : events_) n += e.type == type ? 1 : 0;
    return n;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<AuditEvent> events_;
};

/// A mail service that records what it was asked to send, then fails: lets a test hold the
/// token of a mail that never went out.
class CapturingFailingMail final : public MailService {
 public:
  Result<void> send(const Message& message) override {
    last = message;
    return Error(Errc::mail_failure, {}, "test transport down");
  }
  Message last;
};

inline constexpr const char* kBaseUrl = "https://auth.example.com/api/v1/auth";
inline constexpr const char* kPassword = "correct horse battery";

/// Options every service test starts from: cheap Argon2 (the cost is not under test here),
/// rate limits and throttling off (their own tests switch them on).
inline AuthServiceOptions base_options(const std::shared_ptr<Store>& store,
                                       const std::shared_ptr<MockMailService>& mail,
                                       const std::shared_ptr<AuditSink>& audit,
                                       const std::shared_ptr<ManualClock>& clock) {
  AuthServiceOptions options;
  options.stores = Stores::of(store);
  options.mail.service = mail;
  options.audit = audit;
  options.clock = clock;
  options.base_url = kBaseUrl;
  options.passwords.hashing.params = {.memory_kib = 256, .iterations = 1, .parallelism = 1};
  options.rate_limits.requests.enabled = false;
  options.rate_limits.sign_in_throttle.enabled = false;
  return options;
}

/// A service and everything around it.
struct Harness {
  std::shared_ptr<ManualClock> clock = clock_at();
  std::shared_ptr<Store> store;
  std::shared_ptr<MockMailService> mail = std::make_shared<MockMailService>();
  std::shared_ptr<RecordingAuditSink> audit = std::make_shared<RecordingAuditSink>();
  AuthServiceOptions options;
  std::optional<AuthService> service;

  /// Builds the service after `adjust` has changed the default options.
  template <class Backend, class Adjust>
  static Harness make(Adjust adjust) {
    Harness h;
    h.store = Backend::make();
    h.options = base_options(h.store, h.mail, h.audit, h.clock);
    adjust(h.options);
    auto service = AuthService::create(h.options);
    REQUIRE(service.has_value());
    h.service.emplace(std::move(*service));
    return h;
  }
  template <class Backend>
  static Harness make() {
    return make<Backend>([](AuthServiceOptions&) {});
  }

  const AuthService& auth() const { return *service; }

  /// Signs up `email` and, when verification is required, follows the mailed link.
  User sign_up_verified(const std::string& email, const std::string& password = kPassword) {
    auto result = auth().sign_up({.email = email, .password = password, .name = "Test User"});
    REQUIRE(result.has_value());
    if (options.email_verification.required) {
      const std::string token = mail->last_token(result->user.email, MailKind::verify_email);
      REQUIRE_FALSE(token.empty());
      auto verified = auth().verify_email(token);
      REQUIRE(verified.has_value());
      return *verified;
    }
    return result->user;
  }

  /// Signs in and returns the raw session token.
  std::string sign_in(const std::string& email, const std::string& password = kPassword,
                      bool remember_me = true) {
    auto result =
        auth().sign_in({.email = email, .password = password, .remember_me = remember_me});
    REQUIRE(result.has_value());
    return result->session.token;
  }
};

}  // namespace authkit::test
