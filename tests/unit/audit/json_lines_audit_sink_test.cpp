// JsonLinesAuditSink: line shape, escaping, the private append-only file, never throwing and
// concurrent writers.
#include <sys/stat.h>
#include <unistd.h>

#include <authkit/audit.hpp>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "unit/test_support.hpp"

namespace {

using authkit::AuditEvent;
using authkit::AuditEventType;
using authkit::JsonLinesAuditSink;

// 2023-11-14T22:13:20.123Z
AuditEvent event_at_fixed_time(AuditEventType type) {
  AuditEvent e;
  e.type = type;
  e.time = authkit::from_unix_seconds(authkit::test::kNow) + std::chrono::milliseconds(123);
  return e;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream all;
  all << in.rdbuf();
  return all.str();
}

// A fresh, empty directory under the system temp directory, removed at scope exit.
class TempDir {
 public:
  TempDir() {
    const auto unique =
        std::to_string(::getpid()) + "-" + std::to_string(reinterpret_cast<std::uintptr_t>(this));
    path_ = std::filesystem::temp_directory_path() / ("authkit-audit-test-" + unique);
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace

TEST_CASE("audit_event_name gives the stable snake_case names", "[audit]") {
  const std::vector<std::pair<AuditEventType, std::string>> names{
      {AuditEventType::sign_up, "sign_up"},
      {AuditEventType::sign_in_succeeded, "sign_in_succeeded"},
      {AuditEventType::sign_in_failed, "sign_in_failed"},
      {AuditEventType::sign_out, "sign_out"},
      {AuditEventType::email_verified, "email_verified"},
      {AuditEventType::password_reset_requested, "password_reset_requested"},
      {AuditEventType::password_reset, "password_reset"},
      {AuditEventType::password_changed, "password_changed"},
      {AuditEventType::session_revoked, "session_revoked"},
      {AuditEventType::rate_limited, "rate_limited"},
      {AuditEventType::mail_failed, "mail_failed"},
  };
  for (const auto& [type, name] : names) CHECK(authkit::audit_event_name(type) == name);
}

TEST_CASE("F5: a JSON line has event and time first, then only the non-empty fields", "[audit]") {
  AuditEvent e = event_at_fixed_time(AuditEventType::sign_in_failed);
  CHECK(JsonLinesAuditSink::to_json_line(e) ==
        R"({"event":"sign_in_failed","time":"2023-11-14T22:13:20.123Z"})");

  e.user_id = "u1";
  e.email = "ann@example.com";
  e.session_id = "s1";
  e.ip_address = "203.0.113.7";
  e.user_agent = "curl/8";
  e.reason = "INVALID_EMAIL_OR_PASSWORD";
  CHECK(JsonLinesAuditSink::to_json_line(e) ==
        R"({"event":"sign_in_failed","time":"2023-11-14T22:13:20.123Z","user_id":"u1",)"
        R"("email":"ann@example.com","session_id":"s1","ip":"203.0.113.7",)"
        R"("user_agent":"curl/8","reason":"INVALID_EMAIL_OR_PASSWORD"})");

  AuditEvent partial = event_at_fixed_time(AuditEventType::rate_limited);
  partial.ip_address = "2001:db8::/64";
  CHECK(JsonLinesAuditSink::to_json_line(partial) ==
        R"({"event":"rate_limited","time":"2023-11-14T22:13:20.123Z","ip":"2001:db8::/64"})");
}

TEST_CASE("F5: hostile field values stay inside one valid JSON line", "[audit]") {
  AuditEvent e = event_at_fixed_time(AuditEventType::sign_in_failed);
  e.user_agent = "evil\"}\n{\"event\":\"sign_in_succeeded\\\t\x01";
  e.email = "bad\xff\xfeutf8@example.com";
  const std::string line = JsonLinesAuditSink::to_json_line(e);
  CHECK(line.find('\n') == std::string::npos);
  CHECK(line.find('\r') == std::string::npos);
  const auto parsed = nlohmann::json::parse(line);  // throws (fails the test) if not JSON
  CHECK(parsed.at("event") == "sign_in_failed");
  CHECK(parsed.at("user_agent") == e.user_agent);
  CHECK(parsed.at("email") == "bad\xEF\xBF\xBD\xEF\xBF\xBDutf8@example.com");  // U+FFFD each
}

TEST_CASE("JsonLinesAuditSink writes one line per event to a stream", "[audit]") {
  std::ostringstream out;
  JsonLinesAuditSink sink(out);
  CHECK(sink.ok());
  sink.record(event_at_fixed_time(AuditEventType::sign_up));
  sink.record(event_at_fixed_time(AuditEventType::sign_out));
  const auto lines = lines_of(out.str());
  REQUIRE(lines.size() == 2);
  CHECK(nlohmann::json::parse(lines[0]).at("event") == "sign_up");
  CHECK(nlohmann::json::parse(lines[1]).at("event") == "sign_out");
  CHECK(out.str().back() == '\n');
}

TEST_CASE("the file sink creates a 0600 file and appends to it", "[audit]") {
  TempDir dir;
  const auto path = dir.path() / "audit.jsonl";
  {
    JsonLinesAuditSink sink(path);
    REQUIRE(sink.ok());
    sink.record(event_at_fixed_time(AuditEventType::sign_up));
    // Flushed per line: readable before the sink is gone.
    CHECK(lines_of(read_file(path)).size() == 1);
  }
  struct stat info {};
  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  {
    JsonLinesAuditSink sink(path);
    REQUIRE(sink.ok());
    sink.record(event_at_fixed_time(AuditEventType::sign_out));
  }
  const auto lines = lines_of(read_file(path));
  REQUIRE(lines.size() == 2);
  CHECK(nlohmann::json::parse(lines[0]).at("event") == "sign_up");
  CHECK(nlohmann::json::parse(lines[1]).at("event") == "sign_out");
}

TEST_CASE("a sink whose file cannot be opened drops events without throwing", "[audit]") {
  TempDir dir;
  JsonLinesAuditSink missing_dir(dir.path() / "no" / "such" / "dir" / "audit.jsonl");
  CHECK_FALSE(missing_dir.ok());
  JsonLinesAuditSink a_directory(dir.path());
  CHECK_FALSE(a_directory.ok());
  CHECK_NOTHROW(missing_dir.record(event_at_fixed_time(AuditEventType::sign_up)));
  CHECK_NOTHROW(a_directory.record(event_at_fixed_time(AuditEventType::sign_up)));
  CHECK_FALSE(std::filesystem::exists(dir.path() / "no"));
}

TEST_CASE("concurrent record() calls give complete lines", "[audit]") {
  std::ostringstream out;
  JsonLinesAuditSink sink(out);
  constexpr int kThreads = 8;
  constexpr int kEach = 50;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&sink, t] {
      for (int i = 0; i < kEach; ++i) {
        AuditEvent e = event_at_fixed_time(AuditEventType::sign_in_failed);
        e.user_id = "thread-" + std::to_string(t);
        e.reason = std::string(200, static_cast<char>('a' + t));  // long enough to interleave
        sink.record(e);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const auto lines = lines_of(out.str());
  REQUIRE(lines.size() == kThreads * kEach);
  std::map<std::string, int> per_thread;
  for (const auto& line : lines) {
    const auto parsed = nlohmann::json::parse(line);
    const std::string user = parsed.at("user_id");
    const char letter = static_cast<char>('a' + (user.back() - '0'));
    CHECK(parsed.at("reason") == std::string(200, letter));
    ++per_thread[user];
  }
  REQUIRE(per_thread.size() == kThreads);
  for (const auto& [user, count] : per_thread) CHECK(count == kEach);
}
