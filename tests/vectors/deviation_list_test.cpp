// The expected-deviation list itself (checklist K6): it must parse, every entry must carry a
// concrete reason, name a file that a suite runs, and (for Wycheproof entries) name a vector
// that exists with the labelled result the entry claims. Stale entries (listed deviations that
// no longer occur) are caught by each Suite's finish().
#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>

#include "vectors/vectors.hpp"

namespace {

using authkit::testvec::Json;

bool rejects(const std::string& text) {
  try {
    (void)authkit::testvec::parse_deviations(text);
  } catch (const std::runtime_error&) {
    return true;
  }
  return false;
}

TEST_CASE("K6: the deviation-list parser refuses vague or malformed entries", "[vectors][k6]") {
  const std::string reason = R"("reason":"a concrete reason that is long enough to pass")";
  const std::string base = R"("file":"wycheproof/x.json","tcId":1,"expected":"valid",)";
  CHECK_FALSE(rejects(R"({"deviations":[{)" + base + R"("actual":"invalid",)" + reason + "}]}"));
  CHECK(rejects(R"({"deviations":[{)" + base + R"("actual":"invalid"}]})"));  // no reason
  CHECK(rejects(R"({"deviations":[{)" + base + R"("actual":"invalid","reason":"policy"}]})"));
  CHECK(rejects(R"({"deviations":[{)" + base + R"("actual":"valid",)" + reason + "}]}"));
  CHECK(rejects(R"({"deviations":[{)" + base + R"("actual":"maybe",)" + reason + "}]}"));
  CHECK(
      rejects(R"({"deviations":[{)" + base + R"("case":"x","actual":"invalid",)" + reason + "}]}"));
  const std::string entry = "{" + base + R"("actual":"invalid",)" + reason + "}";
  CHECK(rejects(R"({"deviations":[)" + entry + "," + entry + "]}"));  // duplicate
  CHECK(rejects("[]"));
}

TEST_CASE("K6: expected_deviations.json names only vectors that exist", "[vectors][k6]") {
  const auto& entries = authkit::testvec::deviations();
  const auto& files = authkit::testvec::suite_files();
  for (const auto& e : entries) {
    INFO(e.file << ":" << e.id << " " << e.comment);
    CHECK(std::find(files.begin(), files.end(), e.file) != files.end());
  }
  authkit::testvec::require_vectors();
  std::size_t checked = 0;
  std::map<std::string, Json> docs;
  for (const auto& e : entries) {
    if (!e.file.starts_with("wycheproof/")) continue;
    INFO(e.file << ":" << e.id << " " << e.comment);
    auto it = docs.find(e.file);
    if (it == docs.end()) it = docs.emplace(e.file, authkit::testvec::load(e.file)).first;
    const Json& doc = it->second;
    const Json* found = nullptr;
    for (const Json& group : doc.at("testGroups")) {
      for (const Json& test : group.at("tests")) {
        if (std::to_string(test.at("tcId").get<long long>()) == e.id) found = &test;
      }
    }
    REQUIRE(found != nullptr);
    CHECK(found->at("result") == e.expected);
    if (!e.comment.empty()) CHECK(found->at("comment") == e.comment);
    ++checked;
  }
  std::cout << "expected_deviations.json: " << entries.size() << " entries, " << checked
            << " Wycheproof entries matched to their vectors\n";
}

}  // namespace
