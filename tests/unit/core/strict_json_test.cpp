// The strict JSON scanner used for JOSE headers and claims.
#include "json/strict_json.hpp"

#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace json = authkit::json;

namespace {

bool accepts(std::string_view text, const json::Limits& limits = {}) {
  json::Object out;
  return json::parse_object(text, limits, out);
}

// Parses and reports whether a failure was due to a cap.
bool rejected_for_limits(std::string_view text, const json::Limits& limits = {}) {
  json::Object out;
  bool over = false;
  const bool ok = json::parse_object(text, limits, out, &over);
  return !ok && over;
}

std::string nested_objects(std::size_t depth) {
  // depth 1 is "{}", depth 2 is {"a":{}}, ...
  std::string s;
  for (std::size_t i = 1; i < depth; ++i) s += R"({"a":)";
  s += "{}";
  for (std::size_t i = 1; i < depth; ++i) s += "}";
  return s;
}

std::string nested_arrays_in_object(std::size_t depth) {
  // The top object counts as 1; each array adds one level.
  std::string s = R"({"a":)";
  for (std::size_t i = 1; i < depth; ++i) s += "[";
  for (std::size_t i = 1; i < depth; ++i) s += "]";
  return s + "}";
}

std::string object_with_members(std::size_t n) {
  std::string s = "{";
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) s += ",";
    s += "\"m" + std::to_string(i) + "\":" + std::to_string(i);
  }
  return s + "}";
}

std::string array_with_elements(std::size_t n) {
  std::string s = R"({"a":[)";
  for (std::size_t i = 0; i < n; ++i) s += i > 0 ? ",0" : "0";
  return s + "]}";
}

}  // namespace

TEST_CASE("strict JSON reports top-level members in order with kinds and raw text",
          "[core][json]") {
  json::Object obj;
  REQUIRE(json::parse_object(
      R"( {"s":"x\"y","n":-1.5e3,"o":{"k":[1,2]},"a":[],"t":true,"f":false,"z":null} )", {}, obj));
  REQUIRE(obj.members.size() == 7);
  CHECK(obj.members[0].key == "s");
  CHECK(obj.members[0].kind == json::Kind::string);
  CHECK(obj.members[0].raw == R"("x\"y")");
  CHECK(json::decode_string(obj.members[0].raw) == "x\"y");
  CHECK(obj.members[1].kind == json::Kind::number);
  CHECK(obj.members[1].raw == "-1.5e3");
  CHECK(obj.members[2].kind == json::Kind::object);
  CHECK(obj.members[2].raw == R"({"k":[1,2]})");
  CHECK(obj.members[3].kind == json::Kind::array);
  CHECK(obj.members[4].kind == json::Kind::boolean);
  CHECK(obj.members[5].kind == json::Kind::boolean);
  CHECK(obj.members[6].kind == json::Kind::null);
  REQUIRE(obj.find("o") != nullptr);
  CHECK(obj.find("k") == nullptr);  // nested names are not top-level members
  CHECK(obj.find("missing") == nullptr);

  // Escaped names are decoded.
  REQUIRE(json::parse_object(R"({"\u0061b\/c":1})", {}, obj));
  REQUIRE(obj.members.size() == 1);
  CHECK(obj.members[0].key == "ab/c");
  CHECK(obj.find("ab/c") != nullptr);
}

TEST_CASE("strict JSON rejects duplicate member names at every depth", "[core][json]") {
  CHECK_FALSE(accepts(R"({"a":1,"a":2})"));
  CHECK_FALSE(accepts(R"({"alg":"HS256","alg":"none"})"));
  CHECK_FALSE(accepts(R"({"x":{"a":1,"a":2}})"));
  CHECK_FALSE(accepts(R"({"x":[{"b":1},{"a":1,"b":2,"a":3}]})"));
  CHECK_FALSE(accepts(R"({"x":{"y":{"z":{"a":1,"a":1}}}})"));
  // Duplicates hidden behind escapes are still duplicates.
  CHECK_FALSE(accepts(R"({"a":1,"\u0061":2})"));
  CHECK_FALSE(accepts(R"({"sub":"u1","\u0073ub":"admin"})"));
  CHECK_FALSE(accepts(R"({"a/b":1,"a\/b":2})"));
  CHECK_FALSE(accepts(R"({"\u00e9":1,"é":2})"));
  // Many members: duplicates beyond the first 64 names are still found.
  std::string many = "{";
  for (int i = 0; i < 70; ++i) many += "\"m" + std::to_string(i) + "\":0,";
  many += R"("m69":1})";
  json::Limits roomy;
  roomy.max_members = 100;
  CHECK_FALSE(accepts(many, roomy));
  // Same name in different objects is fine.
  CHECK(accepts(R"({"x":{"a":1},"y":{"a":1},"a":[{"a":1},{"a":2}]})"));
  CHECK(accepts(R"({"a":1,"A":2,"a ":3})"));
}

TEST_CASE("strict JSON rejects invalid UTF-8", "[core][json]") {
  for (const std::string_view bad : {
           "{\"a\":\"\xFF\"}",              // invalid byte
           "{\"a\":\"\xC3\"}",              // truncated sequence
           "{\"a\":\"\xC0\xAF\"}",          // overlong '/'
           "{\"a\":\"\xC1\xBF\"}",          // overlong
           "{\"a\":\"\xE0\x80\xAF\"}",      // overlong 3-byte
           "{\"a\":\"\xF0\x80\x80\xAF\"}",  // overlong 4-byte
           "{\"a\":\"\xED\xA0\x80\"}",      // UTF-16 surrogate D800 encoded in UTF-8
           "{\"a\":\"\xED\xBF\xBF\"}",      // surrogate DFFF
           "{\"a\":\"\xF4\x90\x80\x80\"}",  // above U+10FFFF
           "{\"a\":\"\xF8\x88\x80\x80\x80\"}",
           "{\"a\":\"\x80\"}",        // lone continuation byte
           "{\"\xFF\":1}",            // in a name
           "{\"a\":[\"\xC3\x28\"]}",  // nested, bad continuation
       }) {
    INFO("input bytes: " << std::string(bad));
    CHECK_FALSE(accepts(bad));
  }
  CHECK(accepts("{\"a\":\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF\"}"));
}

TEST_CASE("strict JSON rejects lone surrogate escapes and accepts pairs", "[core][json]") {
  CHECK_FALSE(accepts(R"({"a":"\ud800"})"));
  CHECK_FALSE(accepts(R"({"a":"\udc00"})"));
  CHECK_FALSE(accepts(R"({"a":"\ud800\u0041"})"));
  CHECK_FALSE(accepts(R"({"a":"\ud800\ud800"})"));
  CHECK_FALSE(accepts(R"({"a":"\udbff"})"));
  CHECK(accepts(R"({"a":"\ud83d\ude00"})"));
  CHECK(json::decode_string(R"("\ud83d\ude00")") == "\xF0\x9F\x98\x80");
  CHECK(json::decode_string(R"("\u00e9\n\t\\\/")") == "\xC3\xA9\n\t\\/");
}

TEST_CASE("strict JSON rejects a BOM, non-objects and trailing bytes", "[core][json]") {
  CHECK_FALSE(accepts("\xEF\xBB\xBF{}"));
  CHECK_FALSE(accepts("\xEF\xBB\xBF{\"a\":1}"));
  for (const std::string_view bad : {"", " ", "[]", "[{}]", "\"x\"", "1", "null", "true"}) {
    INFO("input: " << std::string(bad));
    CHECK_FALSE(accepts(bad));
  }
  CHECK_FALSE(accepts("{}x"));
  CHECK_FALSE(accepts("{}{}"));
  CHECK_FALSE(accepts("{} 1"));
  CHECK_FALSE(accepts(std::string_view("{}\0", 3)));
  CHECK_FALSE(accepts("{\"a\":1},"));
  CHECK(accepts(" \t\r\n{}\r\n "));
}

TEST_CASE("strict JSON rejects NaN, Infinity, comments and other extensions", "[core][json]") {
  for (const std::string_view bad : {
           R"({"a":NaN})",
           R"({"a":Infinity})",
           R"({"a":-Infinity})",
           R"({"a":1 /* c */})",
           "{\"a\":1 // c\n}",
           "// c\n{}",
           "/* c */{}",
           R"({'a':1})",
           R"({"a":'x'})",
           R"({a:1})",
           R"({"a":1,})",
           R"({"a":[1,]})",
           R"({"a":01})",
           R"({"a":+1})",
           R"({"a":.5})",
           R"({"a":1.})",
           R"({"a":0x10})",
           R"({"a":1e})",
           R"({"a":-})",
           R"({"a":tru})",
           R"({"a":nul})",
           R"({"a":"\x41"})",
           R"({"a":"\u12"})",
           R"({"a":"\u12G4"})",
           "{\"a\":\"line\nbreak\"}",
           "{\"a\":\"tab\there\"}",
           R"({"a" 1})",
           R"({"a":1 "b":2})",
           R"({"a":[1 2]})",
           R"({"a")",
           R"({"a":"unterminated})",
           R"({"a":{"b":1})",
           R"({"a":True})",
       }) {
    INFO("input: " << std::string(bad));
    CHECK_FALSE(accepts(bad));
  }
  for (const std::string_view good : {
           R"({"a":0})",
           R"({"a":-0})",
           R"({"a":1.5e-3})",
           R"({"a":1E+2})",
           R"({"a":[1,[2,{}]]})",
           R"({"a":""})",
       }) {
    INFO("input: " << std::string(good));
    CHECK(accepts(good));
  }
}

TEST_CASE("strict JSON enforces the depth cap (top object counts as 1)", "[core][json]") {
  const json::Limits limits;  // max_depth 16
  REQUIRE(limits.max_depth == 16);
  CHECK(accepts(nested_objects(16), limits));
  CHECK_FALSE(accepts(nested_objects(17), limits));
  CHECK(rejected_for_limits(nested_objects(17), limits));
  CHECK(accepts(nested_arrays_in_object(16), limits));
  CHECK_FALSE(accepts(nested_arrays_in_object(17), limits));
  CHECK(rejected_for_limits(nested_arrays_in_object(17), limits));
  // Very deep input fails fast at the cap instead of recursing 10,000 times.
  CHECK(rejected_for_limits(nested_arrays_in_object(10'000), limits));
  CHECK(rejected_for_limits(nested_objects(10'000), limits));

  json::Limits shallow;
  shallow.max_depth = 2;
  CHECK(accepts(R"({"a":{"b":1}})", shallow));
  CHECK_FALSE(accepts(R"({"a":{"b":{}}})", shallow));
}

TEST_CASE("strict JSON enforces member and element caps", "[core][json]") {
  const json::Limits limits;  // 64 members, 256 elements
  CHECK(accepts(object_with_members(64), limits));
  CHECK_FALSE(accepts(object_with_members(65), limits));
  CHECK(rejected_for_limits(object_with_members(65), limits));
  CHECK(accepts(array_with_elements(256), limits));
  CHECK_FALSE(accepts(array_with_elements(257), limits));
  CHECK(rejected_for_limits(array_with_elements(257), limits));

  // The member cap applies to nested objects too.
  const std::string nested = R"({"x":)" + object_with_members(65) + "}";
  CHECK(rejected_for_limits(nested, limits));

  json::Limits custom;
  custom.max_members = 2;
  CHECK(accepts(R"({"a":1,"b":2})", custom));
  CHECK_FALSE(accepts(R"({"a":1,"b":2,"c":3})", custom));

  // Grammar errors are not reported as cap violations.
  CHECK_FALSE(rejected_for_limits(R"({"a":1,})", limits));
  CHECK_FALSE(rejected_for_limits(R"({"a":1,"a":2})", limits));
}

TEST_CASE("strict JSON string_array and to_numeric_date", "[core][json]") {
  std::vector<std::string> out;
  CHECK(json::string_array(R"(["a", "b\u0063" ,"\/"])", out));
  CHECK(out == std::vector<std::string>{"a", "bc", "/"});
  std::vector<std::string> not_strings;
  CHECK_FALSE(json::string_array(R"(["a",1])", not_strings));

  CHECK(json::to_numeric_date("1700000000") == 1700000000);
  CHECK(json::to_numeric_date("0") == 0);
  CHECK(json::to_numeric_date("1.9") == 1);  // truncated toward -infinity
  CHECK(json::to_numeric_date("-1.5") == -2);
  CHECK(json::to_numeric_date("1.7e9") == 1700000000);
  CHECK(json::to_numeric_date("9007199254740992") == 9007199254740992);
  CHECK_FALSE(json::to_numeric_date("1e400").has_value());
  CHECK_FALSE(json::to_numeric_date("-1e400").has_value());
  CHECK_FALSE(json::to_numeric_date("1e16").has_value());
  CHECK_FALSE(json::to_numeric_date("9223372036854775807").has_value());
  CHECK_FALSE(json::to_numeric_date("-1e16").has_value());
}

TEST_CASE("is_valid_utf8", "[core][json]") {
  CHECK(json::is_valid_utf8(""));
  CHECK(json::is_valid_utf8("plain ascii"));
  CHECK(json::is_valid_utf8("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"));
  CHECK_FALSE(json::is_valid_utf8("\xC0\xAF"));
  CHECK_FALSE(json::is_valid_utf8("\xED\xA0\x80"));
  CHECK_FALSE(json::is_valid_utf8("\xF4\x90\x80\x80"));
  CHECK_FALSE(json::is_valid_utf8("abc\xE2\x82"));
  CHECK_FALSE(json::is_valid_utf8("\xFE"));
}
