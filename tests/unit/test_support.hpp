// Shared helpers for the unit tests: hand-made tokens with arbitrary header/payload JSON that
// are correctly MACed or signed (so that only the parse or policy step can fail), cached test
// keys, a fixed fake clock, RFC vector loading, an RNG-failure guard and a loopback listener.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <authkit/authkit.hpp>
#include <catch2/catch.hpp>
#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/base64url.hpp"
#include "crypto/random.hpp"
#include "crypto/signature.hpp"
#include "jwt/jwk_impl.hpp"
#include "vectors/vectors_dir.hpp"

namespace authkit::test {

/// The fixed "now" of most tests (2023-11-14T22:13:20Z).
inline constexpr std::int64_t kNow = 1'700'000'000;

/// Sentinel standing for "success" in code comparisons; no real Errc has the value 0.
inline constexpr Errc kOk = static_cast<Errc>(0);

/// The outcome of a Result as a code (kOk for a success). A distinct type so that assertion
/// failures print the code's name: specialising Catch's StringMaker for Errc itself would clash
/// (ODR) with test files that compare Errc values without this header.
struct Outcome {
  Errc code;
  friend bool operator==(Outcome a, Errc b) noexcept { return a.code == b; }
};

/// The error code of `r`, or kOk when it holds a value.
template <class T>
Outcome code_of(const Result<T>& r) {
  return Outcome{r.has_value() ? kOk : r.error().code()};
}

/// Every supported algorithm.
inline constexpr std::array<Algorithm, 13> kAllAlgorithms{
    Algorithm::HS256, Algorithm::HS384, Algorithm::HS512, Algorithm::RS256, Algorithm::RS384,
    Algorithm::RS512, Algorithm::PS256, Algorithm::PS384, Algorithm::PS512, Algorithm::ES256,
    Algorithm::ES384, Algorithm::ES512, Algorithm::EdDSA};

// ---------------------------------------------------------------------------------------------
// Encoding and token building.

/// Unpadded base64url of text or bytes.
inline std::string b64u(std::string_view s) { return b64::encode(s); }
inline std::string b64u(std::span<const unsigned char> s) { return b64::encode(s); }

/// Strict base64url decode; fails the test on invalid input.
inline std::string unb64u(std::string_view s) {
  auto out = b64::decode(s);
  REQUIRE(out.has_value());
  return *out;
}

/// HMAC-<digest>(key, data) computed directly with OpenSSL, independently of authkit, so keys
/// below authkit's policy (empty, short, a PEM) can be used by an "attacker".
inline std::string raw_hmac(std::string_view key, std::string_view data,
                            const char* digest = "SHA256") {
  unsigned char out[EVP_MAX_MD_SIZE];
  std::size_t len = 0;
  static const unsigned char kEmpty = 0;
  const void* key_ptr = key.empty() ? static_cast<const void*>(&kEmpty) : key.data();
  const unsigned char* r = EVP_Q_mac(nullptr, "HMAC", nullptr, digest, nullptr, key_ptr, key.size(),
                                     reinterpret_cast<const unsigned char*>(data.data()),
                                     data.size(), out, sizeof out, &len);
  REQUIRE(r != nullptr);
  return std::string(reinterpret_cast<const char*>(out), len);
}

/// `b64u(header) "." b64u(payload)`.
inline std::string signing_input(std::string_view header_json, std::string_view payload_json) {
  return b64u(header_json) + "." + b64u(payload_json);
}

/// A compact token over arbitrary header/payload text, MACed with raw key bytes.
inline std::string mac_token(std::string_view header_json, std::string_view payload_json,
                             std::string_view key, const char* digest = "SHA256") {
  const std::string input = signing_input(header_json, payload_json);
  return input + "." + b64u(raw_hmac(key, input, digest));
}

/// The signature bytes of `input` under `key`, made by authkit's own signer.
inline std::string raw_signature(const Jwk& key, std::string_view input) {
  auto sig = sig::sign(detail::JwkAccess::key(key), input);
  REQUIRE(sig.has_value());
  return *sig;
}

/// A compact token over arbitrary header/payload text, correctly signed (or MACed) with `key`,
/// so that only the parse step or a policy check can make verification fail.
inline std::string sign_token(const Jwk& key, std::string_view header_json,
                              std::string_view payload_json) {
  const std::string input = signing_input(header_json, payload_json);
  return input + "." + b64u(raw_signature(key, input));
}

/// Splits a compact token at its dots (any number of segments).
inline std::vector<std::string> segments_of(std::string_view token) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = token.find('.', start);
    out.emplace_back(token.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) return out;
    start = dot + 1;
  }
}

/// Rejoins segments with dots.
inline std::string join(const std::vector<std::string>& segments) {
  std::string out;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out += '.';
    out += segments[i];
  }
  return out;
}

/// The same segment with its last character changed only in the unused low bits, i.e. a
/// non-canonical encoding of the same bytes. Requires a length of 2 or 3 (mod 4).
inline std::string flip_unused_bits(std::string segment) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  REQUIRE((segment.size() % 4 == 2 || segment.size() % 4 == 3));
  const std::size_t index = kAlphabet.find(segment.back());
  REQUIRE(index != std::string_view::npos);
  segment.back() = kAlphabet[index ^ 1U];  // the lowest bit is unused in both cases
  return segment;
}

/// The claims most tests use: `{"sub":"u1","iat":kNow,"exp":kNow+600<extra>}`.
inline std::string claims(std::string_view extra = {}) {
  return R"({"sub":"u1","iat":)" + std::to_string(kNow) + R"(,"exp":)" +
         std::to_string(kNow + 600) + std::string(extra) + "}";
}

// ---------------------------------------------------------------------------------------------
// Keys, clocks and verifiers.

/// A fixed 32-byte HS256 secret.
inline constexpr std::string_view kHs256Secret = "authkit-unit-test-hs256-secret!!";
static_assert(kHs256Secret.size() == 32);

/// The HS256 key made from kHs256Secret, with kid "hs-1".
inline Jwk hs256_key(std::string kid = "hs-1") {
  auto secret = Secret::from_string(kHs256Secret);
  REQUIRE(secret.has_value());
  auto key = Jwk::from_secret(*secret, Algorithm::HS256, std::move(kid));
  REQUIRE(key.has_value());
  return *key;
}

/// A freshly generated key (thumbprint kid) for `alg`, generated once per process and cached:
/// RSA key generation is slow.
inline const Jwk& cached_key(Algorithm alg) {
  static std::mutex mutex;
  static std::map<Algorithm, Jwk> keys;
  const std::lock_guard<std::mutex> lock(mutex);
  auto it = keys.find(alg);
  if (it == keys.end()) {
    auto key = Jwk::generate(alg);
    REQUIRE(key.has_value());
    it = keys.emplace(alg, std::move(*key)).first;
  }
  return it->second;
}

/// A fake clock at `unix_seconds`.
inline std::shared_ptr<ManualClock> clock_at(std::int64_t unix_seconds = kNow) {
  return std::make_shared<ManualClock>(unix_seconds);
}

/// A verifier over `keys`; the clock defaults to a fake clock at kNow.
inline JwtVerifier make_verifier(JwkSet keys, VerifyOptions options = {}) {
  if (!options.clock) options.clock = clock_at();
  auto v = JwtVerifier::create(std::move(keys), std::move(options));
  REQUIRE(v.has_value());
  return *v;
}

/// A verifier over the single key `key` (its public half for asymmetric keys).
inline JwtVerifier make_verifier(const Jwk& key, VerifyOptions options = {}) {
  auto set = JwkSet::of(key);
  REQUIRE(set.has_value());
  return make_verifier(std::move(*set), std::move(options));
}

/// An issuer for `key` with a 10-minute lifetime at the fake time kNow unless set otherwise.
inline JwtIssuer make_issuer(const Jwk& key, IssuerOptions options = {}) {
  if (!options.lifetime) options.lifetime = std::chrono::minutes(10);
  if (!options.clock) options.clock = clock_at();
  auto issuer = JwtIssuer::create(key, std::move(options));
  REQUIRE(issuer.has_value());
  return *issuer;
}

/// issuer.issue({sub}) that must succeed.
inline std::string issue_for(const JwtIssuer& issuer, std::string subject = "u1") {
  TokenClaims c;
  c.subject = std::move(subject);
  auto token = issuer.issue(c);
  REQUIRE(token.has_value());
  return *token;
}

// ---------------------------------------------------------------------------------------------
// ECDSA helpers.

/// The group order of the curve of an ES* algorithm, as a BIGNUM owned by the caller.
inline ossl::Ptr<BIGNUM> ec_order(Algorithm alg) {
  const int nid = alg == Algorithm::ES256   ? NID_X9_62_prime256v1
                  : alg == Algorithm::ES384 ? NID_secp384r1
                                            : NID_secp521r1;
  ossl::Ptr<EC_GROUP> group(EC_GROUP_new_by_curve_name(nid));
  REQUIRE(group != nullptr);
  ossl::Ptr<BIGNUM> order(BN_dup(EC_GROUP_get0_order(group.get())));
  REQUIRE(order != nullptr);
  return order;
}

/// Big-endian bytes of `bn`, left-padded to `size`.
inline std::string bn_bytes(const BIGNUM* bn, std::size_t size) {
  std::string out(size, '\0');
  REQUIRE(BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(size)) ==
          static_cast<int>(size));
  return out;
}

/// BIGNUM of big-endian bytes.
inline ossl::Ptr<BIGNUM> bn_of(std::string_view bytes) {
  ossl::Ptr<BIGNUM> bn(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                                 static_cast<int>(bytes.size()), nullptr));
  REQUIRE(bn != nullptr);
  return bn;
}

/// DER ECDSA-Sig-Value for a raw r‖s signature.
inline std::string raw_to_der(std::string_view raw) {
  const std::size_t half = raw.size() / 2;
  ossl::Ptr<ECDSA_SIG> sig(ECDSA_SIG_new());
  REQUIRE(sig != nullptr);
  auto r = bn_of(raw.substr(0, half));
  auto s = bn_of(raw.substr(half));
  REQUIRE(ECDSA_SIG_set0(sig.get(), r.release(), s.release()) == 1);
  const int len = i2d_ECDSA_SIG(sig.get(), nullptr);
  REQUIRE(len > 0);
  std::string der(static_cast<std::size_t>(len), '\0');
  auto* p = reinterpret_cast<unsigned char*>(der.data());
  REQUIRE(i2d_ECDSA_SIG(sig.get(), &p) == len);
  return der;
}

// ---------------------------------------------------------------------------------------------
// Raw OpenSSL keys (for material authkit itself refuses to make).

/// A fresh RSA key of `bits` bits with public exponent `exponent`.
inline ossl::Ptr<EVP_PKEY> rsa_keygen(unsigned bits, unsigned long exponent = 65537) {
  ossl::Ptr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  REQUIRE(ctx != nullptr);
  REQUIRE(EVP_PKEY_keygen_init(ctx.get()) == 1);
  REQUIRE(EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), static_cast<int>(bits)) == 1);
  ossl::Ptr<BIGNUM> e(BN_new());
  REQUIRE(BN_set_word(e.get(), exponent) == 1);
  REQUIRE(EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx.get(), e.get()) == 1);
  EVP_PKEY* raw = nullptr;
  REQUIRE(EVP_PKEY_generate(ctx.get(), &raw) == 1);
  return ossl::Ptr<EVP_PKEY>(raw);
}

/// PKCS#8 ("PRIVATE KEY") or SPKI ("PUBLIC KEY") PEM of `pkey`.
inline std::string pem_of(EVP_PKEY* pkey, bool private_key) {
  ossl::Ptr<BIO> bio(BIO_new(BIO_s_mem()));
  REQUIRE(bio != nullptr);
  if (private_key) {
    REQUIRE(PEM_write_bio_PKCS8PrivateKey(bio.get(), pkey, nullptr, nullptr, 0, nullptr, nullptr) ==
            1);
  } else {
    REQUIRE(PEM_write_bio_PUBKEY(bio.get(), pkey) == 1);
  }
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  REQUIRE(len > 0);
  return std::string(data, static_cast<std::size_t>(len));
}

// ---------------------------------------------------------------------------------------------
// Environment.

/// The JSON vector file `<relative>` (e.g. "rfc/rfc7515.json") from AUTHKIT_VECTORS_DIR. A
/// missing or unparsable file fails the calling test case with the way to get it.
inline nlohmann::json load_vectors(const std::string& relative) {
  std::ifstream in(testvec::vectors_dir() / relative);
  if (!in) FAIL(testvec::missing_vectors_message(relative));
  auto doc = nlohmann::json::parse(in, nullptr, false);
  if (doc.is_discarded()) FAIL("the vector file " << relative << " is not valid JSON");
  return doc;
}

/// The RFC vector file `rfc/<name>`; see load_vectors().
inline nlohmann::json load_rfc_vectors(const std::string& name) {
  return load_vectors("rfc/" + name);
}

/// better-auth's captured values (better-auth/vectors.json); see load_vectors().
inline nlohmann::json load_better_auth_vectors() {
  return load_vectors("better-auth/vectors.json");
}

/// While alive, every RAND_bytes call made through authkit fails; always reset afterwards.
class RngFailureGuard {
 public:
  RngFailureGuard() noexcept { rng::set_failure_for_testing(true); }
  ~RngFailureGuard() { rng::set_failure_for_testing(false); }
  RngFailureGuard(const RngFailureGuard&) = delete;
  RngFailureGuard& operator=(const RngFailureGuard&) = delete;
};

/// A TCP listener on 127.0.0.1 with an ephemeral port and a non-blocking accept, to prove that
/// nothing connected to a URL named in a token.
class LoopbackListener {
 public:
  LoopbackListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(fd_, 16) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    port_ = ntohs(addr.sin_port);
  }
  ~LoopbackListener() {
    if (fd_ >= 0) ::close(fd_);
  }
  LoopbackListener(const LoopbackListener&) = delete;
  LoopbackListener& operator=(const LoopbackListener&) = delete;

  /// The bound port.
  [[nodiscard]] std::uint16_t port() const noexcept { return port_; }
  /// "http://127.0.0.1:<port><path>".
  [[nodiscard]] std::string url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
  }
  /// Accepts (and closes) every connection already queued, without blocking; returns the count.
  int drain_connections() {
    int count = 0;
    for (;;) {
      const int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (c < 0) return count;
      ::close(c);
      ++count;
    }
  }
  /// Connects once to the listener (a positive control for drain_connections()).
  void connect_once() const {
    const int c = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(c >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(port_);
    const int rc = ::connect(c, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::close(c);
    REQUIRE(rc == 0);
  }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

}  // namespace authkit::test

namespace Catch {
/// Prints outcomes by their stable code names in assertion failures.
template <>
struct StringMaker<authkit::test::Outcome> {
  static std::string convert(authkit::test::Outcome outcome) {
    if (outcome.code == authkit::test::kOk) return "OK (no error)";
    return std::string(authkit::errc_name(outcome.code)) + " (" +
           std::to_string(static_cast<int>(outcome.code)) + ")";
  }
};
}  // namespace Catch
