// Store conformance: SigningKeyStore (JWT signing keys), run on every registered store.
#include "conformance.hpp"

namespace authkit::testing::conformance {

STORE_CASE("SigningKeyStore: keys come back whole, newest first") {
  auto empty = f.store->list_signing_keys();
  REQUIRE(empty.has_value());
  CHECK(empty->empty());

  const auto old_key = make_signing_key("old", at(seconds{0}));
  const auto new_key = make_signing_key("new", at(seconds{60}));
  // Two keys made in the same millisecond: the larger id counts as newer.
  const auto tie_a = make_signing_key("tie-a", at(seconds{30}));
  const auto tie_b = make_signing_key("tie-b", at(seconds{30}));
  std::size_t count = 0;
  for (const auto& k : {tie_a, old_key, new_key, tie_b}) {
    REQUIRE(code_of(f.store->insert_signing_key(k, count++)) == kOk);
  }
  auto keys = f.store->list_signing_keys();
  REQUIRE(keys.has_value());
  REQUIRE(keys->size() == 4);
  check_same((*keys)[0], new_key);
  check_same((*keys)[1], tie_b);
  check_same((*keys)[2], tie_a);
  check_same((*keys)[3], old_key);
}

STORE_CASE("SigningKeyStore: a duplicate id is refused and changes nothing") {
  const auto key = make_signing_key("k1", at());
  REQUIRE(code_of(f.store->insert_signing_key(key, 0)) == kOk);
  auto clash = make_signing_key("k1", at(seconds{5}));
  clash.private_key = "v1.other";
  CHECK(code_of(f.store->insert_signing_key(clash, 1)) == Errc::invalid_argument);
  auto keys = f.store->list_signing_keys();
  REQUIRE(keys.has_value());
  REQUIRE(keys->size() == 1);
  check_same(keys->front(), key);
}

STORE_CASE("SigningKeyStore: an insert after someone else's adds nothing") {
  auto first = f.store->insert_signing_key(make_signing_key("first", at()), 0);
  REQUIRE(first.has_value());
  CHECK(*first);
  // A second writer that also listed an empty store loses: the count moved on.
  auto late = f.store->insert_signing_key(make_signing_key("late", at(seconds{1})), 0);
  REQUIRE(late.has_value());
  CHECK_FALSE(*late);
  auto stale = f.store->insert_signing_key(make_signing_key("stale", at(seconds{1})), 2);
  REQUIRE(stale.has_value());
  CHECK_FALSE(*stale);
  auto keys = f.store->list_signing_keys();
  REQUIRE(keys.has_value());
  REQUIRE(keys->size() == 1);
  CHECK(keys->front().id == "first");
}

}  // namespace authkit::testing::conformance
