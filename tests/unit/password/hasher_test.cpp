// PasswordHasher: Argon2id hashing and verification, the strict PHC parser, needs_rehash,
// Unicode handling, peppers, input caps and RNG failure (checklist E1-E3, E7, I2, K2).
#include <authkit/password/hasher.hpp>

#include <argon2.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "password/phc.hpp"
#include "unit/password/password_support.hpp"
#include "unit/test_support.hpp"
#include "util/hex.hpp"

namespace authkit::test {
namespace {

std::string replace_once(std::string text, std::string_view from, std::string_view to) {
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  return text;
}

std::vector<unsigned char> unhex(std::string_view text) {
  auto bytes = hex::decode(text);
  REQUIRE(bytes.has_value());
  return *bytes;
}

TEST_CASE("E1: RFC 9106 section 5.3 Argon2id KAT through argon2_ctx", "[password]") {
  const auto doc = load_rfc_vectors("rfc9106.json");
  const auto& v = doc.at("argon2id");
  REQUIRE(v.at("version").get<int>() == ARGON2_VERSION_13);
  auto password = unhex(v.at("password_hex").get<std::string>());
  auto salt = unhex(v.at("salt_hex").get<std::string>());
  auto secret = unhex(v.at("secret_hex").get<std::string>());
  auto ad = unhex(v.at("associated_data_hex").get<std::string>());
  std::vector<unsigned char> tag(v.at("tag_length").get<std::size_t>());

  argon2_context context{};
  context.out = tag.data();
  context.outlen = static_cast<std::uint32_t>(tag.size());
  context.pwd = password.data();
  context.pwdlen = static_cast<std::uint32_t>(password.size());
  context.salt = salt.data();
  context.saltlen = static_cast<std::uint32_t>(salt.size());
  context.secret = secret.data();
  context.secretlen = static_cast<std::uint32_t>(secret.size());
  context.ad = ad.data();
  context.adlen = static_cast<std::uint32_t>(ad.size());
  context.t_cost = v.at("passes").get<std::uint32_t>();
  context.m_cost = v.at("memory_kib").get<std::uint32_t>();
  context.lanes = v.at("parallelism").get<std::uint32_t>();
  context.threads = context.lanes;
  context.version = ARGON2_VERSION_13;
  REQUIRE(argon2_ctx(&context, Argon2_id) == ARGON2_OK);
  CHECK(hex::encode(tag) == v.at("tag_hex").get<std::string>());
}

TEST_CASE("E1: defaults are m=19456,t=2,p=1 and round-trip", "[password]") {
  const PasswordHasher hasher = make_hasher(PasswordHasherOptions{});
  CHECK(hasher.options().params == Argon2Params{19456, 2, 1});
  const auto hash = hasher.hash("correct horse battery staple");
  REQUIRE(hash.has_value());
  CHECK(hash->starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
  const auto parsed = password::parse_phc(*hash);
  REQUIRE(parsed.has_value());
  CHECK(parsed->salt.size() == 16);
  CHECK(parsed->tag.size() == 32);
  CHECK(hash->size() == std::string_view("$argon2id$v=19$m=19456,t=2,p=1$").size() + 22 + 1 + 43);
  CHECK(hasher.verify("correct horse battery staple", *hash).value());
  CHECK_FALSE(hasher.verify("correct horse battery stapler", *hash).value());
  CHECK_FALSE(hasher.needs_rehash(*hash));
  CHECK(PasswordHasher::identify(*hash) == PasswordHashKind::argon2id);
}

TEST_CASE("E1: hash/verify round trip, and the same password twice gives different strings",
          "[password]") {
  const PasswordHasher hasher = make_hasher();
  const auto a = hasher.hash("hunter2-but-longer");
  const auto b = hasher.hash("hunter2-but-longer");
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  CHECK(*a != *b);  // fresh salt each time
  CHECK(a->starts_with("$argon2id$v=19$m=256,t=1,p=1$"));
  CHECK(hasher.verify("hunter2-but-longer", *a).value());
  CHECK(hasher.verify("hunter2-but-longer", *b).value());
  CHECK_FALSE(hasher.verify("hunter2-but-longeR", *a).value());
  CHECK_FALSE(hasher.verify("", *a).value());
  // The empty password is a password like any other at this layer (policy decides).
  const auto empty = hasher.hash("");
  REQUIRE(empty.has_value());
  CHECK(hasher.verify("", *empty).value());
  CHECK_FALSE(hasher.verify(" ", *empty).value());
}

TEST_CASE("E1: a hash made with libargon2's own encoder verifies", "[password]") {
  // Interoperability: argon2id_hash_encoded writes the same PHC format (no pepper).
  const std::string password = "interop-password";
  const std::vector<unsigned char> salt(16, 0x42);
  char encoded[256];
  REQUIRE(argon2id_hash_encoded(1, 256, 1, password.data(), password.size(), salt.data(),
                                salt.size(), 32, encoded, sizeof encoded) == ARGON2_OK);
  const PasswordHasher hasher = make_hasher();
  CHECK(hasher.verify(password, encoded).value());
  CHECK_FALSE(hasher.verify("other", encoded).value());
  // And ours verifies with libargon2's verifier.
  const auto ours = hasher.hash(password);
  REQUIRE(ours.has_value());
  CHECK(argon2id_verify(ours->c_str(), password.data(), password.size()) == ARGON2_OK);
}

TEST_CASE("E2: malformed PHC strings are rejected with INVALID_ARGUMENT", "[password]") {
  const PasswordHasher hasher = make_hasher();
  const std::string good = hasher.hash("pw").value();
  const std::string salt_tag = good.substr(good.find("p=1$") + 3);  // "$<salt>$<tag>"
  const std::string head = "$argon2id$v=19$";
  const std::vector<std::string> bad{
      "",
      "$argon2id$",
      "$Argon2id$" + good.substr(10),                       // case of the algorithm
      good.substr(1),                                       // missing leading '$'
      replace_once(good, "$v=19$", "$v=19"),                // missing '$' after v
      replace_once(good, "p=1$", "p=1"),                    // missing '$' before the salt
      head + "m=4294967295,t=1,p=1" + salt_tag,             // m far above max_params
      head + "m=4294967296,t=1,p=1" + salt_tag,             // m overflows 32 bits
      head + "m=256,t=4294967295,p=1" + salt_tag,           // t above max_params
      head + "m=256,t=1,p=16777215" + salt_tag,             // p above max_params
      head + "m=256,t=1" + salt_tag,                        // p absent
      head + "m=256,t=1,p=" + salt_tag,                     // p empty
      head + "m=256,t=1,p=0" + salt_tag,                    // p zero
      head + "m=256,t=0,p=1" + salt_tag,                    // t zero
      head + "m=8,t=1,p=2" + salt_tag,                      // m < 8 * p
      head + "t=1,m=256,p=1" + salt_tag,                    // wrong order
      head + "m=0256,t=1,p=1" + salt_tag,                   // leading zero
      head + "m=+256,t=1,p=1" + salt_tag,                   // sign
      head + "m=-256,t=1,p=1" + salt_tag,                   // negative
      head + "m=256,t=1,p=1,x=1" + salt_tag,                // unknown parameter
      head + "m=256,t=1,p=1,pepper=" + salt_tag,            // empty pepper id
      head + "m=256,t=1,p=1,pepper=a_b" + salt_tag,         // bad pepper id
      head + "m=256,t=1,p=1,pepper=nope" + salt_tag,        // unknown pepper id
      head + "m=256,t=1,p=1,pepper=a,pepper=b" + salt_tag,  // too many parameters
      head + "m=256 ,t=1,p=1" + salt_tag,                   // blank
      replace_once(good, "v=19", "v=16"),                   // Argon2 v1.0
      replace_once(good, "$v=19", ""),                      // no version
      "$argon2i$" + good.substr(10),                        // Argon2i
      "$argon2d$" + good.substr(10),                        // Argon2d
      good + "$",                                           // trailing '$'
      good + "$junk",                                       // trailing field
      good + "\n",                                          // trailing newline
      " " + good,                                           // leading blank
      good + "=",                                           // padding on the tag
      head + "m=256,t=1,p=1$AAAAAA$" + good.substr(good.rfind('$') + 1),  // 4-byte salt
      good.substr(0, good.rfind('$') + 1) + "AAAAAAAAAAA",                // 8-byte tag
      good.substr(0, good.rfind('$') + 1) + "AAAAAAAAAAAAAAAAAAAAAAB",    // non-canonical bits
      replace_once(good, "$", "$$"),                                      // empty field
      "$2x$10$abcdefghijklmnopqrstuu5Xcy2rYJ6Jn2ZqZ1jG3D6nR5Qj9Jm6y",     // unknown bcrypt variant
      "plaintext-password",
  };
  for (const std::string& stored : bad) {
    INFO(stored);
    const auto r = hasher.verify("pw", stored);
    CHECK(code_of(r) == Errc::invalid_argument);
    CHECK(hasher.needs_rehash(stored));
  }
  // The control: the unmodified string verifies.
  CHECK(hasher.verify("pw", good).value());
}

TEST_CASE("E2: a changed p is a mismatch, not an error", "[password]") {
  const PasswordHasher hasher = make_hasher();
  const std::string good = hasher.hash("pw").value();
  const std::string other_p = replace_once(good, "p=1$", "p=2$");
  CHECK_FALSE(hasher.verify("pw", other_p).value());
  const std::string other_m = replace_once(good, "m=256,", "m=264,");
  CHECK_FALSE(hasher.verify("pw", other_m).value());
}

TEST_CASE("E2: needs_rehash matrix", "[password]") {
  PasswordHasherOptions options = cheap_options();
  options.params = {.memory_kib = 512, .iterations = 2, .parallelism = 2};
  const PasswordHasher hasher = make_hasher(options);
  const auto phc = [](Argon2Params params, std::string pepper = {}, std::size_t salt = 16,
                      std::size_t tag = 32) {
    return password::format_phc({.params = params,
                                 .pepper_id = std::move(pepper),
                                 .salt = std::vector<unsigned char>(salt, 1),
                                 .tag = std::vector<unsigned char>(tag, 2)});
  };
  CHECK_FALSE(hasher.needs_rehash(phc({512, 2, 2})));        // equal
  CHECK(hasher.needs_rehash(phc({256, 2, 2})));              // m / 2
  CHECK(hasher.needs_rehash(phc({512, 1, 2})));              // t - 1
  CHECK(hasher.needs_rehash(phc({512, 2, 1})));              // p - 1
  CHECK_FALSE(hasher.needs_rehash(phc({1024, 2, 2})));       // 2m
  CHECK_FALSE(hasher.needs_rehash(phc({512, 3, 2})));        // t + 1
  CHECK_FALSE(hasher.needs_rehash(phc({1024, 3, 4})));       // stronger on every axis
  CHECK(hasher.needs_rehash(phc({1024, 1, 2})));             // stronger m cannot offset t
  CHECK(hasher.needs_rehash(phc({524288, 2, 2})));           // above max_params: unusable
  CHECK(hasher.needs_rehash(phc({512, 2, 2}, {}, 8)));       // short salt
  CHECK(hasher.needs_rehash(phc({512, 2, 2}, {}, 16, 16)));  // short tag
  CHECK(hasher.needs_rehash(phc({512, 2, 2}, "old")));       // a pepper, none configured
  CHECK(hasher.needs_rehash(bcrypt_hash("pw", "$2b$")));     // legacy
  CHECK(hasher.needs_rehash("5aac05e7805d63879175611b38bb5ee2:" +
                            std::string(128, 'a')));  // legacy scrypt
  CHECK(hasher.needs_rehash("garbage"));
  // A real hash from this hasher is current.
  const auto real = hasher.hash("pw");
  REQUIRE(real.has_value());
  CHECK_FALSE(hasher.needs_rehash(*real));
}

TEST_CASE("identify() recognises each format", "[password]") {
  CHECK(PasswordHasher::identify("$argon2id$v=19$m=1") == PasswordHashKind::argon2id);
  CHECK(PasswordHasher::identify("$2a$10$x") == PasswordHashKind::bcrypt);
  CHECK(PasswordHasher::identify("$2b$10$x") == PasswordHashKind::bcrypt);
  CHECK(PasswordHasher::identify("$2y$10$x") == PasswordHashKind::bcrypt);
  CHECK(PasswordHasher::identify(std::string(32, 'a') + ":" + std::string(128, '0')) ==
        PasswordHashKind::better_auth_scrypt);
  CHECK(PasswordHasher::identify(std::string(32, 'A') + ":" + std::string(128, '0')) ==
        PasswordHashKind::unknown);  // better-auth writes lowercase hex
  CHECK(PasswordHasher::identify(std::string(32, 'a') + ":" + std::string(127, '0')) ==
        PasswordHashKind::unknown);
  CHECK(PasswordHasher::identify("$argon2i$v=19$") == PasswordHashKind::unknown);
  CHECK(PasswordHasher::identify("$Argon2id$") == PasswordHashKind::unknown);
  CHECK(PasswordHasher::identify("") == PasswordHashKind::unknown);
}

TEST_CASE("create() validates the options", "[password]") {
  const auto config_error = [](PasswordHasherOptions options) {
    return code_of(PasswordHasher::create(std::move(options))) == Errc::invalid_configuration;
  };
  PasswordHasherOptions o = cheap_options();
  CHECK(PasswordHasher::create(o).has_value());
  o.params.iterations = 0;
  CHECK(config_error(o));
  o = cheap_options();
  o.params.parallelism = 0;
  CHECK(config_error(o));
  o = cheap_options();
  o.params = {.memory_kib = 8, .iterations = 1, .parallelism = 2};  // m < 8p
  CHECK(config_error(o));
  o = cheap_options();
  o.params.memory_kib = o.max_params.memory_kib + 1;  // above max_params
  CHECK(config_error(o));
  o = cheap_options();
  o.max_params.iterations = 0;
  CHECK(config_error(o));
  o = cheap_options();
  o.pepper = Pepper{.id = "p1", .secret = nullptr};
  CHECK(config_error(o));
  for (const char* id : {"", "has space", "under_score", "toolong-toolong-toolong-toolong-x"}) {
    o = cheap_options();
    o.pepper = make_pepper(id, 'a');
    CHECK(config_error(o));
  }
  o = cheap_options();
  o.pepper = make_pepper("p1", 'a');
  o.previous_peppers = {make_pepper("p1", 'b')};
  CHECK(config_error(o));  // duplicate id
  o.previous_peppers = {make_pepper("p0", 'b'), make_pepper("p0", 'c')};
  CHECK(config_error(o));
  o.previous_peppers = {make_pepper("p0", 'b')};
  CHECK(PasswordHasher::create(o).has_value());
  o.queue_timeout = std::chrono::milliseconds(-1);
  CHECK(config_error(o));
}

TEST_CASE("E3: long passwords are never truncated", "[password]") {
  const PasswordHasher hasher = make_hasher();
  const std::string a(99, 'x');
  const std::string first = a + "1";
  const std::string second = a + "2";
  const auto hash = hasher.hash(first);
  REQUIRE(hash.has_value());
  CHECK(hasher.verify(first, *hash).value());
  CHECK_FALSE(hasher.verify(second, *hash).value());
  CHECK_FALSE(hasher.verify(a, *hash).value());
  // Far beyond bcrypt's 72 bytes, up to the 4096-byte cap.
  const std::string big(PasswordHasher::max_password_bytes, 'y');
  const auto big_hash = hasher.hash(big);
  REQUIRE(big_hash.has_value());
  CHECK(hasher.verify(big, *big_hash).value());
  CHECK_FALSE(hasher.verify(big.substr(1) + "z", *big_hash).value());
}

TEST_CASE("E3: NFC and NFD forms of a password verify equal (NFKC)", "[password]") {
  const PasswordHasher hasher = make_hasher();
  const std::string nfc = "caf\xC3\xA9-au-lait";   // U+00E9
  const std::string nfd = "cafe\xCC\x81-au-lait";  // e + U+0301
  const auto hash = hasher.hash(nfc);
  REQUIRE(hash.has_value());
  CHECK(hasher.verify(nfd, *hash).value());
  CHECK(hasher.verify(nfc, *hash).value());
  // Compatibility forms too: full-width letters and the "fi" ligature.
  const auto wide = hasher.hash("\xEF\xBC\xB0\xEF\xBC\xA1\xEF\xBC\xB3\xEF\xBC\xB3");  // ＰＡＳＳ
  REQUIRE(wide.has_value());
  CHECK(hasher.verify("PASS", *wide).value());
  const auto ligature = hasher.hash("\xEF\xAC\x81le");  // U+FB01 "ﬁ" + "le"
  REQUIRE(ligature.has_value());
  CHECK(hasher.verify("file", *ligature).value());
  CHECK_FALSE(hasher.verify("caf\xC3\xA8-au-lait", *hash).value());  // è is another letter
}

TEST_CASE("E3: emoji and other Unicode passwords work", "[password]") {
  const PasswordHasher hasher = make_hasher();
  const std::string emoji = "\xF0\x9F\x94\x91 correct \xF0\x9F\x90\xB4 battery \xF0\x9F\x94\xA5";
  const auto hash = hasher.hash(emoji);
  REQUIRE(hash.has_value());
  CHECK(hasher.verify(emoji, *hash).value());
  CHECK_FALSE(hasher.verify("\xF0\x9F\x94\x91 correct \xF0\x9F\x90\xB4 battery", *hash).value());
  const std::string cyrillic = "\xD0\xBF\xD0\xB0\xD1\x80\xD0\xBE\xD0\xBB\xD1\x8C 42";
  CHECK(hasher.verify(cyrillic, hasher.hash(cyrillic).value()).value());
}

TEST_CASE("K2: oversize or non-UTF-8 passwords are rejected before any hashing", "[password]") {
  const PasswordHasher hasher = make_hasher();
  const std::string good = hasher.hash("pw").value();
  const std::string oversize(PasswordHasher::max_password_bytes + 1, 'a');
  const std::vector<std::string> invalid{oversize,           "\xC0\xAF",     "ab\xED\xA0\x80",
                                         "\xF4\x90\x80\x80", "tail\xE2\x82", "\xFF"};
  for (const std::string& password : invalid) {
    INFO(password.size());
    // With the RNG failing, a hash() that got as far as the salt would say CRYPTO_FAILURE.
    {
      const RngFailureGuard rng_fails;
      CHECK(code_of(hasher.hash(password)) == Errc::invalid_argument);
    }
    CHECK(code_of(hasher.verify(password, good)) == Errc::invalid_argument);
  }
}

TEST_CASE("I2: hash() fails closed with CRYPTO_FAILURE when the RNG fails", "[password]") {
  const PasswordHasher hasher = make_hasher();
  {
    const RngFailureGuard rng_fails;
    const auto r = hasher.hash("pw");
    CHECK(code_of(r) == Errc::crypto_failure);
  }
  CHECK(hasher.hash("pw").has_value());
}

TEST_CASE("E7: a peppered hash cannot be verified from a database-only copy", "[password]") {
  PasswordHasherOptions options = cheap_options();
  options.pepper = make_pepper("2026-a", 'k');
  const PasswordHasher peppered = make_hasher(options);
  const auto hash = peppered.hash("pepper me");
  REQUIRE(hash.has_value());
  CHECK(hash->starts_with("$argon2id$v=19$m=256,t=1,p=1,pepper=2026-a$"));
  CHECK(peppered.verify("pepper me", *hash).value());
  CHECK_FALSE(peppered.verify("pepper you", *hash).value());
  CHECK_FALSE(peppered.needs_rehash(*hash));

  // Without the pepper: the hash names a pepper we do not have; nothing is checked.
  const PasswordHasher db_only = make_hasher();
  CHECK(code_of(db_only.verify("pepper me", *hash)) == Errc::invalid_argument);
  // A wrong secret under the same id gives a mismatch.
  PasswordHasherOptions wrong = cheap_options();
  wrong.pepper = make_pepper("2026-a", 'x');
  CHECK_FALSE(make_hasher(wrong).verify("pepper me", *hash).value());
  // The pepper really changes the tag: the same salt without the pepper gives another tag.
  auto parsed = password::parse_phc(*hash);
  REQUIRE(parsed.has_value());
  parsed->pepper_id.clear();
  CHECK_FALSE(db_only.verify("pepper me", password::format_phc(*parsed)).value());
}

TEST_CASE("E7: pepper rotation keeps old hashes verifiable and asks for a rehash", "[password]") {
  PasswordHasherOptions old_options = cheap_options();
  old_options.pepper = make_pepper("old", 'o');
  const auto old_hash = make_hasher(old_options).hash("rotate me").value();
  const auto unpeppered = make_hasher().hash("rotate me").value();

  PasswordHasherOptions new_options = cheap_options();
  new_options.pepper = make_pepper("new", 'n');
  new_options.previous_peppers = {make_pepper("old", 'o')};
  const PasswordHasher rotated = make_hasher(new_options);
  CHECK(rotated.verify("rotate me", old_hash).value());
  CHECK_FALSE(rotated.verify("rotate me!", old_hash).value());
  CHECK(rotated.needs_rehash(old_hash));
  // A hash from before any pepper verifies too, and is moved to the pepper.
  CHECK(rotated.verify("rotate me", unpeppered).value());
  CHECK(rotated.needs_rehash(unpeppered));
  // The rehash names the new pepper and is current.
  const auto rehashed = rotated.hash("rotate me").value();
  CHECK(rehashed.find(",pepper=new$") != std::string::npos);
  CHECK_FALSE(rotated.needs_rehash(rehashed));
  CHECK(rotated.verify("rotate me", rehashed).value());
  // Once "old" is retired, its hashes are refused rather than silently failing.
  PasswordHasherOptions retired = new_options;
  retired.previous_peppers.clear();
  CHECK(code_of(make_hasher(retired).verify("rotate me", old_hash)) == Errc::invalid_argument);
  // Dropping peppers altogether: peppered hashes need a rehash (and a previous pepper to verify).
  PasswordHasherOptions dropped = cheap_options();
  dropped.previous_peppers = {make_pepper("new", 'n')};
  const PasswordHasher no_pepper = make_hasher(dropped);
  CHECK(no_pepper.verify("rotate me", rehashed).value());
  CHECK(no_pepper.needs_rehash(rehashed));
}

TEST_CASE("Legacy: the captured better-auth scrypt hash verifies", "[password]") {
  const auto vector = better_auth_vector();
  const PasswordHasher hasher = make_hasher();
  CHECK(PasswordHasher::identify(vector.stored) == PasswordHashKind::better_auth_scrypt);
  CHECK(hasher.verify(vector.password, vector.stored).value());
  CHECK_FALSE(hasher.verify(vector.password + "x", vector.stored).value());
  CHECK(hasher.needs_rehash(vector.stored));
  // A flipped key digit is a mismatch; a malformed variant is refused.
  std::string flipped = vector.stored;
  flipped.back() = flipped.back() == '0' ? '1' : '0';
  CHECK_FALSE(hasher.verify(vector.password, flipped).value());

  PasswordHasherOptions off = cheap_options();
  off.accept_better_auth_scrypt = false;
  CHECK(code_of(make_hasher(off).verify(vector.password, vector.stored)) == Errc::invalid_argument);
}

TEST_CASE("Legacy: bcrypt $2a$, $2b$ and $2y$ hashes verify on the raw bytes", "[password]") {
  const PasswordHasher hasher = make_hasher();
  for (const char* prefix : {"$2a$", "$2b$", "$2y$"}) {
    INFO(prefix);
    const std::string password = "legacy-P4ssword";
    const std::string stored = bcrypt_hash(password, prefix);
    CHECK(PasswordHasher::identify(stored) == PasswordHashKind::bcrypt);
    CHECK(hasher.verify(password, stored).value());
    CHECK_FALSE(hasher.verify("legacy-P4ssworD", stored).value());
    CHECK_FALSE(hasher.verify("", stored).value());
    CHECK(hasher.needs_rehash(stored));
  }
  // Raw bytes, not NFKC: the legacy system hashed what it was given.
  const std::string nfd = "cafe\xCC\x81";
  const std::string stored = bcrypt_hash(nfd, "$2b$");
  CHECK(hasher.verify(nfd, stored).value());
  CHECK_FALSE(hasher.verify("caf\xC3\xA9", stored).value());
  // A NUL byte never matches (a C string would have cut the password short).
  const std::string cut = bcrypt_hash("abc", "$2b$");
  CHECK_FALSE(hasher.verify(std::string("abc\0def", 7), cut).value());

  PasswordHasherOptions off = cheap_options();
  off.accept_bcrypt = false;
  CHECK(code_of(make_hasher(off).verify("abc", cut)) == Errc::invalid_argument);
}

TEST_CASE("Legacy: malformed or too costly bcrypt hashes are refused", "[password]") {
  const PasswordHasher hasher = make_hasher();
  const std::string good = bcrypt_hash("pw", "$2b$");
  const std::vector<std::string> bad{
      replace_once(good, "$04$", "$31$"),  // 2^31 rounds: refused before any work
      replace_once(good, "$04$", "$17$"),  // above the cap
      replace_once(good, "$04$", "$03$"),  // below bcrypt's minimum
      replace_once(good, "$04$", "$4a$"),         good.substr(0, 59), good + "A",
      good.substr(0, 40) + "!" + good.substr(41),
  };
  for (const std::string& stored : bad) {
    INFO(stored);
    CHECK(code_of(hasher.verify("pw", stored)) == Errc::invalid_argument);
  }
  CHECK(hasher.verify("pw", good).value());
}

TEST_CASE("K1: slots are released on every path, including errors", "[password]") {
  // One slot and no queueing: a leaked slot would turn the next call into
  // SERVICE_UNAVAILABLE.
  PasswordHasherOptions options = cheap_options();
  options.max_concurrent = 1;
  options.queue_timeout = std::chrono::milliseconds(0);
  options.pepper = make_pepper("p", 'p');
  const PasswordHasher hasher = make_hasher(options);
  const PasswordHasher copy = hasher;  // shares the semaphore
  const std::string good = hasher.hash("pw").value();
  for (int round = 0; round < 2; ++round) {
    CHECK(hasher.verify("pw", good).value());
    CHECK_FALSE(copy.verify("wrong", good).value());
    CHECK(code_of(hasher.verify("pw", "garbage")) == Errc::invalid_argument);
    CHECK(code_of(hasher.verify("pw", replace_once(good, "pepper=p", "pepper=q"))) ==
          Errc::invalid_argument);
    CHECK_FALSE(copy.verify("pw", bcrypt_hash("other", "$2b$")).value());
    CHECK(code_of(copy.verify("pw", replace_once(bcrypt_hash("pw", "$2b$"), "$04$", "$31$"))) ==
          Errc::invalid_argument);
    CHECK(hasher.burn_equivalent_time("pw").has_value());
    CHECK(copy.burn_equivalent_time(std::string(PasswordHasher::max_password_bytes + 1, 'a'))
              .has_value());
    {
      const RngFailureGuard rng_fails;
      CHECK(code_of(hasher.hash("pw")) == Errc::crypto_failure);
    }
    CHECK(copy.hash("pw").has_value());
  }
}

TEST_CASE("K1: concurrent sign-ins queue behind the bound and all succeed", "[password]") {
  PasswordHasherOptions options = cheap_options();
  options.max_concurrent = 2;
  const PasswordHasher hasher = make_hasher(options);
  const std::string stored = hasher.hash("shared").value();
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&hasher, &stored, &ok, i] {
      const auto verified = hasher.verify(i % 2 == 0 ? "shared" : "wrong", stored);
      const auto fresh = hasher.hash("user-" + std::to_string(i));
      if (verified.has_value() && *verified == (i % 2 == 0) && fresh.has_value()) ++ok;
    });
  }
  for (auto& t : threads) t.join();
  CHECK(ok.load() == 8);
}

TEST_CASE("F2: burn_equivalent_time accepts any input without throwing", "[password]") {
  PasswordHasherOptions options = cheap_options();
  options.pepper = make_pepper("p", 'p');
  const PasswordHasher hasher = make_hasher(options);
  CHECK(hasher.burn_equivalent_time("no such user").has_value());
  CHECK(hasher.burn_equivalent_time("").has_value());
  CHECK(hasher.burn_equivalent_time("\xFF\xFE").has_value());
  CHECK(hasher.burn_equivalent_time(std::string(PasswordHasher::max_password_bytes + 1, 'a'))
            .has_value());
  // The hasher is unaffected afterwards.
  CHECK(hasher.verify("pw", hasher.hash("pw").value()).value());
}

TEST_CASE("F2/K1: burn_equivalent_time takes a hashing slot like verify", "[password]") {
  // One slot and no queueing: while another thread keeps hashing, a burn that really does
  // Argon2 work must sometimes find the slot taken. A burn that skipped the work never would.
  PasswordHasherOptions options = cheap_options();
  options.params.memory_kib = 4096;
  options.max_params.memory_kib = 4096;
  options.max_concurrent = 1;
  options.queue_timeout = std::chrono::milliseconds(0);
  const PasswordHasher hasher = make_hasher(options);
  std::atomic<bool> stop{false};
  std::thread busy([&] {
    while (!stop) (void)hasher.hash("keeps the slot busy");
  });
  bool saw_unavailable = false;
  for (int i = 0; i < 20000 && !saw_unavailable; ++i) {
    auto burned = hasher.burn_equivalent_time("no such user");
    saw_unavailable = !burned && burned.error().code() == Errc::service_unavailable;
  }
  stop = true;
  busy.join();
  CHECK(saw_unavailable);
}

}  // namespace
}  // namespace authkit::test
