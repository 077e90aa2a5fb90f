#include "service/signing_keys.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "crypto/aead.hpp"
#include "crypto/base64url.hpp"
#include "crypto/kdf.hpp"
#include "password/secret_buffer.hpp"
#include "store/signing_key_order.hpp"

namespace authkit::signing_keys {
namespace {

using TimePoint = std::chrono::system_clock::time_point;

/// Sealed boxes are stored as "v1." + base64url(box); the version leaves room for another
/// scheme without guessing at old rows.
constexpr std::string_view kSealVersion = "v1.";
/// Clock skew allowed between the processes that sign and those that verify.
constexpr std::chrono::minutes kSkew{5};

/// The vault key: HKDF of the secret, so the secret's other uses (cookie signatures) never
/// share a key with this one. better-auth keys its vault with SHA-256(secret) directly.
Result<aead::Key> vault_key(const Secret& secret) {
  return kdf::hkdf_sha256(secret.reveal(), "authkit", "authkit jwt signing key v1");
}

/// What a sealed private key is bound to: its id and algorithm, so swapping rows or labels
/// makes it fail to open.
std::string associated_data(const SigningKeyRecord& record) {
  return "authkit-signing-key|" + record.id + "|" + record.algorithm;
}

Result<SigningKeyRecord> seal(const Jwk& key, const aead::Key& vault, TimePoint now) {
  auto private_json = key.to_private_json();
  if (!private_json) return private_json.error();
  auto public_json = key.to_public_json();
  if (!public_json) return public_json.error();
  public_json->erase("kid");
  public_json->erase("alg");
  SigningKeyRecord record{.id = key.kid(),
                          .algorithm = std::string(algorithm_name(key.algorithm())),
                          .public_key = public_json->dump(),
                          .private_key = {},
                          .created_at = now};
  std::string plaintext = private_json->dump();
  auto box = aead::seal(vault, associated_data(record), plaintext);
  password::wipe(plaintext);
  if (!box) return box.error();
  record.private_key = std::string(kSealVersion) + b64::encode(*box);
  return record;
}

/// The private key in `record`, or nullopt when it does not open under `vault` (another
/// secret, another scheme, or altered).
std::optional<Jwk> open(const SigningKeyRecord& record, const aead::Key& vault) {
  const auto alg = algorithm_from_name(record.algorithm);
  if (!alg || !record.private_key.starts_with(kSealVersion)) return std::nullopt;
  auto box = b64::decode(std::string_view(record.private_key).substr(kSealVersion.size()));
  if (!box) return std::nullopt;
  auto plaintext = aead::open(vault, associated_data(record), *box);
  if (!plaintext) return std::nullopt;
  auto key = Jwk::parse(*plaintext, *alg);
  password::wipe(*plaintext);
  if (!key || !key->can_sign() || key->kid() != record.id) return std::nullopt;
  return *key;
}

/// The public key of `record` as a Jwk, or nullopt if the row is unusable.
std::optional<Jwk> public_of(const SigningKeyRecord& record) {
  const auto alg = algorithm_from_name(record.algorithm);
  if (!alg) return std::nullopt;
  auto json = nlohmann::json::parse(record.public_key, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return std::nullopt;
  json["kid"] = record.id;
  json["alg"] = record.algorithm;
  auto key = Jwk::from_json(json, *alg);
  if (!key) return std::nullopt;
  return *key;
}

/// Index of the newest record of `alg` that opens, with its key.
std::optional<std::pair<std::size_t, Jwk>> newest_usable(
    const std::vector<SigningKeyRecord>& records, std::string_view alg, const aead::Key& vault) {
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (records[i].algorithm != alg) continue;
    if (auto key = open(records[i], vault)) return std::pair{i, std::move(*key)};
  }
  return std::nullopt;
}

Result<Loaded> load_stored(const AuthServiceOptions& o, TimePoint now) {
  SigningKeyStore& store = *o.stores.signing_keys;
  auto vault = vault_key(*o.jwt.key_secret);
  if (!vault) return vault.error();
  const std::string alg(algorithm_name(o.jwt.algorithm));

  // List, and add a key only if none is usable and nobody added one since the listing; a
  // process that loses that race lists again and takes the winner's key. Three rounds cover
  // any number of processes sharing the secret (the first round's winner is usable to all).
  std::optional<std::vector<SigningKeyRecord>> records;
  std::optional<std::pair<std::size_t, Jwk>> current;
  for (int round = 0; round < 3 && !current; ++round) {
    auto listed = store.list_signing_keys();
    if (!listed) return listed.error();
    records = std::move(*listed);
    current = newest_usable(*records, alg, *vault);
    if (current) break;
    auto fresh = Jwk::generate(o.jwt.algorithm);
    if (!fresh) return fresh.error();
    auto record = seal(*fresh, *vault, now);
    if (!record) return record.error();
    auto added = store.insert_signing_key(*record, records->size());
    if (!added) return added.error();
    if (*added) {
      records->insert(records->begin(), std::move(*record));
      store_detail::sort_newest_first(*records);
      current = newest_usable(*records, alg, *vault);
    }
  }
  if (!current) return Error(Errc::storage_failure, {}, "no usable signing key could be stored");

  Loaded loaded{.signing = std::move(current->second), .retired = {}};
  // A key stops signing when its successor (the next newer row) appears; its tokens live on
  // for at most jwt.expires_in after that.
  for (std::size_t i = current->first + 1; i < records->size(); ++i) {
    const TimePoint superseded = (*records)[i - 1].created_at;
    if (superseded + o.jwt.expires_in + kSkew <= now) break;
    if (auto key = public_of((*records)[i])) loaded.retired.push_back(std::move(*key));
  }
  return loaded;
}

}  // namespace

Result<Loaded> load(const AuthServiceOptions& o, TimePoint now) {
  if (o.jwt.signing_key) {
    return Loaded{.signing = *o.jwt.signing_key, .retired = o.jwt.previous_keys};
  }
  if (o.stores.signing_keys && o.jwt.key_secret) return load_stored(o, now);
  auto fresh = Jwk::generate(o.jwt.algorithm);
  if (!fresh) return fresh.error();
  return Loaded{.signing = std::move(*fresh), .retired = {}};
}

}  // namespace authkit::signing_keys
