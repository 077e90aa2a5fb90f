// Shared helpers for the test-vector suites in tests/vectors/: locating and loading the vector
// files (tests/vectors/data unless AUTHKIT_VECTORS_DIR says otherwise), hex/base64url
// conversion, building key sets from Wycheproof groups, and Suite, which judges every vector
// against its expected result and the expected-deviation list
// (tests/vectors/expected_deviations.json, checklist K6).
//
// Judging rules (Suite):
// - an outcome equal to the expected one (Wycheproof `result`, or the pinned outcome of an
//   `acceptable` vector) passes, unless the vector is listed as a deviation: then the entry is
//   stale and the suite fails;
// - an outcome that differs passes as a deviation only if it is listed with the same expected
//   and actual outcome (and error code, when the entry names one); otherwise the suite fails;
// - a vector listed with "actual": "skipped" is not run;
// - every entry for the suite's file must match a vector in the run, otherwise it is stale.
#pragma once

#include <authkit/error.hpp>
#include <authkit/jwt/jwk.hpp>
#include <authkit/jwt/jwk_set.hpp>

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crypto/base64url.hpp"
#include "vectors/vectors_dir.hpp"

namespace authkit::testvec {

using Json = nlohmann::json;

/// The expected-deviation list, read from the source tree.
inline std::filesystem::path deviations_path() {
  return std::filesystem::path(AUTHKIT_SOURCE_DIR) / "tests" / "vectors" /
         "expected_deviations.json";
}

/// Fails the calling test case, saying how to get the vectors, unless the vectors directory
/// exists. A suite never skips for want of its data.
inline void require_vectors() {
  std::error_code ec;
  if (!std::filesystem::is_directory(vectors_dir(), ec)) FAIL(missing_vectors_message());
}

/// Reads a file into a string; nullopt if it cannot be opened.
inline std::optional<std::string> read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Loads a vector file (path relative to the vectors directory). A missing or unparsable file
/// fails the calling test case.
inline Json load(const std::string& relative) {
  const auto path = vectors_dir() / relative;
  const auto text = read_text(path);
  if (!text) FAIL(missing_vectors_message(relative));
  Json doc = Json::parse(*text, nullptr, false);
  if (doc.is_discarded()) FAIL("vector file " << path.string() << " is not valid JSON");
  return doc;
}

/// Lowercase/uppercase hex to bytes. Throws std::invalid_argument on malformed input.
inline std::string from_hex(std::string_view hex) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (hex.size() % 2 != 0) throw std::invalid_argument("odd-length hex string");
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const int hi = nibble(hex[i]);
    const int lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) throw std::invalid_argument("invalid hex digit");
    out.push_back(static_cast<char>((hi << 4) | lo));
  }
  return out;
}

/// Bytes to lowercase hex.
inline std::string to_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0x0F]);
  }
  return out;
}

/// A Wycheproof big integer (two's-complement hex, possibly with a leading 00) as unsigned
/// big-endian bytes without leading zeros, left-padded to `pad` bytes when pad > 0.
inline std::string bigint_bytes(std::string_view hex, std::size_t pad = 0) {
  std::string bytes = from_hex(hex);
  std::size_t lead = 0;
  while (lead + 1 < bytes.size() && bytes[lead] == '\0') ++lead;
  bytes.erase(0, lead);
  if (pad > bytes.size()) bytes.insert(0, pad - bytes.size(), '\0');
  return bytes;
}

/// Unpadded base64url of bytes (the library's encoder).
inline std::string b64u(std::string_view bytes) { return b64::encode(bytes); }

/// Strict base64url decode; throws std::invalid_argument when the input is not canonical.
inline std::string b64u_decode(std::string_view text) {
  auto out = b64::decode(text);
  if (!out) throw std::invalid_argument("not strict base64url");
  return *out;
}

/// "wycheproof/json_web_signature_test.json" -> "wycheproof json_web_signature".
inline std::string suite_name(const std::string& file) {
  std::filesystem::path p(file);
  std::string stem = p.stem().string();
  constexpr std::string_view kSuffix = "_test";
  if (stem.size() > kSuffix.size() && stem.ends_with(kSuffix)) {
    stem.resize(stem.size() - kSuffix.size());
  }
  const std::string dir = p.parent_path().string();
  return dir.empty() ? stem : dir + " " + stem;
}

/// What the library did with one vector.
struct Outcome {
  bool accepted = false;
  std::string error;   ///< UPPER_SNAKE error code name (or a short tag); empty when accepted
  std::string detail;  ///< free text, shown in failure messages only

  static Outcome accept(std::string detail = {}) { return {true, {}, std::move(detail)}; }
  static Outcome reject(std::string error, std::string detail = {}) {
    return {false, std::move(error), std::move(detail)};
  }
  static Outcome from(const Error& e, std::string_view stage = {}) {
    std::string d(stage);
    if (!d.empty()) d += ": ";
    d += e.message();
    if (!e.detail().empty()) d += " (" + e.detail() + ")";
    return reject(std::string(e.name()), std::move(d));
  }
  /// Accepted iff `ok`; `tag` names the rejection.
  static Outcome of(bool ok, std::string tag = "REJECTED") {
    return ok ? accept() : reject(std::move(tag));
  }
};

/// One entry of expected_deviations.json.
struct DeviationEntry {
  std::string file;
  std::string id;       ///< tcId as text, or the RFC case name
  std::string comment;  ///< optional: must equal the vector's comment when given
  std::string expected;
  std::string actual;  ///< "valid", "invalid" or "skipped"
  std::string error;   ///< optional: the error code name the library must report
  std::string reason;
  [[nodiscard]] bool skipped() const { return actual == "skipped"; }
};

/// Parses and validates the deviation list. Throws std::runtime_error describing the first
/// problem.
inline std::vector<DeviationEntry> parse_deviations(const std::string& text) {
  const Json doc = Json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("deviations") ||
      !doc["deviations"].is_array()) {
    throw std::runtime_error("expected a JSON object with a \"deviations\" array");
  }
  std::vector<DeviationEntry> out;
  std::set<std::pair<std::string, std::string>> keys;
  std::size_t index = 0;
  for (const Json& j : doc["deviations"]) {
    const std::string where = "entry " + std::to_string(index++);
    if (!j.is_object()) throw std::runtime_error(where + " is not an object");
    auto str = [&](const char* name, bool required) -> std::string {
      const auto it = j.find(name);
      if (it == j.end()) {
        if (required) throw std::runtime_error(where + " lacks \"" + name + "\"");
        return {};
      }
      if (!it->is_string()) throw std::runtime_error(where + ": \"" + name + "\" not a string");
      return it->get<std::string>();
    };
    DeviationEntry e;
    e.file = str("file", true);
    const bool has_tc = j.contains("tcId");
    const bool has_case = j.contains("case");
    if (has_tc == has_case) {
      throw std::runtime_error(where + " needs exactly one of \"tcId\" and \"case\"");
    }
    if (has_tc) {
      if (!j["tcId"].is_number_integer()) throw std::runtime_error(where + ": tcId not an int");
      e.id = std::to_string(j["tcId"].get<long long>());
    } else {
      e.id = str("case", true);
    }
    e.comment = str("comment", false);
    e.expected = str("expected", true);
    e.actual = str("actual", true);
    e.error = str("error", false);
    e.reason = str("reason", true);
    if (e.expected != "valid" && e.expected != "invalid" && e.expected != "acceptable") {
      throw std::runtime_error(where + ": expected must be valid, invalid or acceptable");
    }
    if (e.actual != "valid" && e.actual != "invalid" && e.actual != "skipped") {
      throw std::runtime_error(where + ": actual must be valid, invalid or skipped");
    }
    if (e.expected == e.actual) throw std::runtime_error(where + ": expected equals actual");
    if (e.reason.size() < 40) {
      throw std::runtime_error(where + " (" + e.file + ":" + e.id +
                               "): the reason must be concrete (at least 40 characters)");
    }
    if (!keys.emplace(e.file, e.id).second) {
      throw std::runtime_error(where + " duplicates " + e.file + ":" + e.id);
    }
    out.push_back(std::move(e));
  }
  return out;
}

/// The deviation list, loaded once. Fails the calling test if it is missing or malformed.
inline const std::vector<DeviationEntry>& deviations() {
  static const auto loaded = []() -> std::pair<std::vector<DeviationEntry>, std::string> {
    const auto text = read_text(deviations_path());
    if (!text) return {{}, deviations_path().string() + " is missing"};
    try {
      return {parse_deviations(*text), {}};
    } catch (const std::exception& e) {
      return {{}, deviations_path().string() + ": " + e.what()};
    }
  }();
  if (!loaded.second.empty()) FAIL(loaded.second);
  return loaded.first;
}

/// Builds the key set of a JOSE Wycheproof group member (`public` or `private`): a JWKS
/// ({"keys":[...]}) goes through JwkSet::parse_public / parse_private, a single JWK through
/// Jwk::from_json + JwkSet::of.
inline Result<JwkSet> key_set_from(const Json& keys, bool public_set) {
  if (keys.is_object() && keys.contains("keys")) {
    const std::string text = keys.dump();
    return public_set ? JwkSet::parse_public(text) : JwkSet::parse_private(text);
  }
  auto key = Jwk::from_json(keys);
  if (!key) return key.error();
  return JwkSet::of(*key);
}

/// The key set a JOSE group's tokens are verified with: `public` if present, else `private`
/// (oct keys have no public form). Sets `used_public` accordingly.
inline Result<JwkSet> group_key_set(const Json& group, bool* used_public = nullptr) {
  const bool pub = group.contains("public") && !group["public"].is_null();
  if (used_public != nullptr) *used_public = pub;
  if (pub) return key_set_from(group["public"], true);
  if (!group.contains("private")) return Error(Errc::invalid_key, "group has no key");
  return key_set_from(group["private"], false);
}

/// A JOSE vector's `jws` as the string handed to the compact API (JSON serializations, which
/// the files store as objects, are passed as their JSON text).
inline std::string jws_text(const Json& test) {
  const Json& j = test.at("jws");
  return j.is_string() ? j.get<std::string>() : j.dump();
}

/// Judges the vectors of one file. Create one per file and call finish() at the end.
class Suite {
 public:
  explicit Suite(std::string file) : file_(std::move(file)), name_(suite_name(file_)) {
    for (const DeviationEntry& e : deviations()) {
      if (e.file == file_) listed_.emplace(e.id, e);
    }
  }

  [[nodiscard]] const std::string& file() const { return file_; }
  [[nodiscard]] const std::string& name() const { return name_; }

  /// Pins the outcome of `acceptable` vectors carrying `flag`.
  void pin_acceptable(std::string flag, bool accept) { pins_[std::move(flag)] = accept; }

  /// Runs Wycheproof vector `test` (unless it is listed as skipped) and judges the outcome.
  template <class F>
  void run(const Json& test, F&& fn) {
    const std::string id = std::to_string(test.at("tcId").get<long long>());
    const std::string comment = test.value("comment", "");
    const std::string label = label_of(test);
    const DeviationEntry* e = entry(id);
    if (e != nullptr && !e->comment.empty() && e->comment != comment) {
      fail(id, label,
           "expected_deviations.json names this tcId with comment \"" + e->comment +
               "\"; the vector file was renumbered or changed");
    }
    if (e != nullptr && e->skipped()) {
      if (test.value("result", "") != e->expected) {
        fail(id, label,
             "listed as skipped with expected \"" + e->expected + "\" but labelled \"" +
                 test.value("result", "") + "\"");
        return;
      }
      note_skip(id, label, e->reason);
      return;
    }
    const std::optional<std::string> expected = expected_of(test, id, label);
    if (!expected) return;
    judge(id, label, *expected, fn());
  }

  /// Runs a named check (RFC files) that must end in `expected` ("valid" or "invalid").
  template <class F>
  void run_case(const std::string& id, const std::string& expected, F&& fn) {
    const DeviationEntry* e = entry(id);
    if (e != nullptr && e->skipped()) {
      note_skip(id, id, e->reason);
      return;
    }
    judge(id, id, expected, fn());
  }

  /// Skips a vector by a rule in code (out of scope), with the reason printed in the summary.
  void skip_by_rule(const Json& test, const std::string& reason) {
    const std::string id = std::to_string(test.at("tcId").get<long long>());
    if (entry(id) != nullptr) {
      fail(id, label_of(test), "listed in expected_deviations.json but skipped by a rule");
      return;
    }
    ++skipped_;
    ++rule_skips_[reason];
  }

  /// Records a failure that is not tied to one outcome (a broken group, a data problem).
  void fail(const std::string& id, const std::string& label, const std::string& why) {
    ++failed_;
    std::string msg = file_ + ":" + id + " " + label + ": " + why;
    failures_.push_back(msg);
    FAIL_CHECK(msg);
  }

  [[nodiscard]] std::size_t passed() const { return passed_; }
  [[nodiscard]] std::size_t failed() const { return failed_; }

  /// Checks for stale entries and prints the summary line.
  void finish() {
    for (const auto& [id, e] : listed_) {
      if (seen_.count(id) == 0) {
        fail(id, e.comment,
             "stale entry in expected_deviations.json: no vector with this id ran in the suite");
      }
    }
    std::ostringstream out;
    out << name_ << ": " << passed_ << " passed, " << failed_ << " failed, " << skipped_
        << " skipped, " << deviations_ << " deviations\n";
    for (const auto& [pin, n] : pinned_) {
      out << "  " << n << " acceptable vector(s) judged by the pinned outcome " << pin << '\n';
    }
    if (!reject_codes_.empty()) {
      out << "  rejections by code:";
      for (const auto& [code, n] : reject_codes_) out << ' ' << code << '=' << n;
      out << '\n';
    }
    for (const std::string& line : deviation_lines_) out << "  deviation " << line << '\n';
    for (const std::string& line : skip_lines_) out << "  skipped " << line << '\n';
    for (const auto& [reason, n] : rule_skips_) {
      out << "  skipped " << n << " by rule: " << reason << '\n';
    }
    for (const std::string& line : failures_) out << "  FAILED " << line << '\n';
    std::cout << out.str() << std::flush;
    CHECK(failed_ == 0);
    CHECK(passed_ + deviations_ > 0);
  }

 private:
  static std::string label_of(const Json& test) {
    std::string label = test.value("comment", "");
    const auto flags = test.find("flags");
    if (flags != test.end() && flags->is_array() && !flags->empty()) {
      label += " flags=[";
      bool first = true;
      for (const Json& f : *flags) {
        if (!first) label += ",";
        label += f.is_string() ? f.get<std::string>() : f.dump();
        first = false;
      }
      label += "]";
    }
    return label;
  }

  const DeviationEntry* entry(const std::string& id) {
    const auto it = listed_.find(id);
    if (it == listed_.end()) return nullptr;
    seen_.insert(id);
    return &it->second;
  }

  std::optional<std::string> expected_of(const Json& test, const std::string& id,
                                         const std::string& label) {
    const std::string result = test.value("result", "");
    if (result == "valid" || result == "invalid") return result;
    if (result != "acceptable") {
      fail(id, label, "unknown result \"" + result + "\"");
      return std::nullopt;
    }
    for (const Json& f : test.value("flags", Json::array())) {
      const auto pin = pins_.find(f.get<std::string>());
      if (pin != pins_.end()) {
        ++pinned_[pin->first + " -> " + (pin->second ? "valid" : "invalid")];
        return std::string(pin->second ? "valid" : "invalid");
      }
    }
    fail(id, label, "an acceptable vector without a pinned outcome; pin it in the runner");
    return std::nullopt;
  }

  void judge(const std::string& id, const std::string& label, const std::string& expected,
             const Outcome& actual) {
    const std::string got = actual.accepted ? "valid" : "invalid";
    std::string got_text = got;
    if (!actual.accepted && !actual.error.empty()) got_text += " (" + actual.error + ")";
    if (!actual.detail.empty()) got_text += " [" + actual.detail + "]";
    if (!actual.accepted) ++reject_codes_[actual.error.empty() ? "?" : actual.error];
    if (verbose())
      std::cout << "  " << file_ << ":" << id << " " << label << ": " << got_text << '\n';
    const DeviationEntry* e = entry(id);
    if (got == expected) {
      if (e == nullptr) {
        ++passed_;
        return;
      }
      fail(id, label,
           "listed in expected_deviations.json as " + e->expected + " -> " + e->actual +
               ", but the outcome is now the expected one (" + got + "): remove the stale entry");
      return;
    }
    if (e == nullptr) {
      fail(id, label, "expected " + expected + ", got " + got_text);
      return;
    }
    // A listed deviation must match exactly; expected "acceptable" entries cover pins.
    const bool expected_ok = e->expected == expected || e->expected == "acceptable";
    if (!expected_ok || e->actual != got || (!e->error.empty() && e->error != actual.error)) {
      fail(id, label,
           "deviates differently from its expected_deviations.json entry (" + e->expected + " -> " +
               e->actual + (e->error.empty() ? "" : " (" + e->error + ")") + "): got " + got_text);
      return;
    }
    ++deviations_;
    deviation_lines_.push_back(
        file_ + ":" + id + " " + label + ": expected " + expected + ", got " + got +
        (actual.error.empty() ? "" : " (" + actual.error + ")") + " -- " + e->reason);
  }

  // AUTHKIT_VECTORS_VERBOSE=1 prints every judged outcome with its detail.
  static bool verbose() {
    static const bool on = [] {
      const char* v = std::getenv("AUTHKIT_VECTORS_VERBOSE");
      return v != nullptr && *v != '\0' && std::string_view(v) != "0";
    }();
    return on;
  }

  void note_skip(const std::string& id, const std::string& label, const std::string& reason) {
    ++skipped_;
    skip_lines_.push_back(file_ + ":" + id + " " + label + " -- " + reason);
  }

  std::string file_;
  std::string name_;
  std::map<std::string, DeviationEntry> listed_;
  std::set<std::string> seen_;
  std::map<std::string, bool> pins_;
  std::map<std::string, std::size_t> rule_skips_;
  std::map<std::string, std::size_t> reject_codes_;
  std::map<std::string, std::size_t> pinned_;
  std::vector<std::string> deviation_lines_;
  std::vector<std::string> skip_lines_;
  std::vector<std::string> failures_;
  std::size_t passed_ = 0;
  std::size_t failed_ = 0;
  std::size_t skipped_ = 0;
  std::size_t deviations_ = 0;
};

/// Every vector file a suite runs; an entry in expected_deviations.json must name one of them.
inline const std::vector<std::string>& suite_files() {
  static const std::vector<std::string> files{
      "wycheproof/hmac_sha256_test.json",
      "wycheproof/hmac_sha384_test.json",
      "wycheproof/hmac_sha512_test.json",
      "wycheproof/ecdsa_secp256r1_sha256_p1363_test.json",
      "wycheproof/ecdsa_secp384r1_sha384_p1363_test.json",
      "wycheproof/ecdsa_secp521r1_sha512_p1363_test.json",
      "wycheproof/ed25519_test.json",
      "wycheproof/rsa_signature_2048_sha256_test.json",
      "wycheproof/rsa_signature_2048_sha384_test.json",
      "wycheproof/rsa_signature_2048_sha512_test.json",
      "wycheproof/rsa_signature_3072_sha256_test.json",
      "wycheproof/rsa_signature_3072_sha384_test.json",
      "wycheproof/rsa_signature_3072_sha512_test.json",
      "wycheproof/rsa_signature_4096_sha256_test.json",
      "wycheproof/rsa_signature_4096_sha384_test.json",
      "wycheproof/rsa_signature_4096_sha512_test.json",
      "wycheproof/rsa_pss_2048_sha256_mgf1_32_test.json",
      "wycheproof/json_web_signature_test.json",
      "wycheproof/json_web_key_test.json",
      "wycheproof/json_web_crypto_test.json",
      "rfc/rfc7515.json",
      "rfc/rfc7520.json",
      "rfc/rfc8037.json",
      "rfc/rfc7638.json",
  };
  return files;
}

}  // namespace authkit::testvec
