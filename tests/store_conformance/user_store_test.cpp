// Store conformance: UserStore (users and credentials), run on every registered store.
#include "conformance.hpp"

namespace authkit::testing::conformance {

STORE_CASE("UserStore: create_user then find by id and by email") {
  User alice = make_user("alice");
  alice.email_verified = true;
  alice.image = "https://example.com/a.png";
  alice.updated_at = at(milliseconds{1});
  REQUIRE(code_of(f.store->create_user(alice, std::nullopt)) == kOk);

  auto by_id = f.store->find_user_by_id("alice");
  REQUIRE(by_id.has_value());
  REQUIRE(by_id->has_value());
  check_same(**by_id, alice);
  auto by_email = f.store->find_user_by_email("alice@example.com");
  REQUIRE(by_email.has_value());
  REQUIRE(by_email->has_value());
  check_same(**by_email, alice);

  // No image stays no image (not an empty string).
  REQUIRE(code_of(f.store->create_user(make_user("bob"), std::nullopt)) == kOk);
  auto bob = f.store->find_user_by_id("bob");
  REQUIRE(bob.has_value());
  REQUIRE(bob->has_value());
  CHECK_FALSE((*bob)->image.has_value());
  CHECK_FALSE((*bob)->email_verified);
}

STORE_CASE("UserStore: unknown users are nullopt, emails compare byte for byte") {
  add_user(*f.store, make_user("alice"));
  auto missing = f.store->find_user_by_id("nobody");
  REQUIRE(missing.has_value());
  CHECK_FALSE(missing->has_value());
  auto upper = f.store->find_user_by_email("ALICE@example.com");
  REQUIRE(upper.has_value());
  CHECK_FALSE(upper->has_value());
  auto prefix = f.store->find_user_by_email("alice@example.co");
  REQUIRE(prefix.has_value());
  CHECK_FALSE(prefix->has_value());
}

STORE_CASE("UserStore: duplicate email or id gives USER_ALREADY_EXISTS") {
  add_user(*f.store, make_user("alice"));
  User same_email = make_user("other");
  same_email.email = "alice@example.com";
  CHECK(code_of(f.store->create_user(same_email, make_credential("other", "h"))) ==
        Errc::user_already_exists);
  User same_id = make_user("alice");
  same_id.email = "new@example.com";
  CHECK(code_of(f.store->create_user(same_id, std::nullopt)) == Errc::user_already_exists);
  // Nothing of the failed calls was kept: not the user, not its credential.
  auto other = f.store->find_user_by_id("other");
  REQUIRE(other.has_value());
  CHECK_FALSE(other->has_value());
  auto credential = f.store->find_credential("other");
  REQUIRE(credential.has_value());
  CHECK_FALSE(credential->has_value());
  auto by_new_email = f.store->find_user_by_email("new@example.com");
  REQUIRE(by_new_email.has_value());
  CHECK_FALSE(by_new_email->has_value());
}

STORE_CASE("UserStore: create_user stores the credential with the user") {
  const Credential credential = make_credential("alice", "$argon2id$v=19$m=256,t=1,p=1$abc$def");
  REQUIRE(code_of(f.store->create_user(make_user("alice"), credential)) == kOk);
  auto found = f.store->find_credential("alice");
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  check_same(**found, credential);

  // A user without a credential has none.
  add_user(*f.store, make_user("bob"));
  auto none = f.store->find_credential("bob");
  REQUIRE(none.has_value());
  CHECK_FALSE(none->has_value());
}

STORE_CASE("UserStore: a credential for another user id is INVALID_ARGUMENT") {
  CHECK(code_of(f.store->create_user(make_user("alice"), make_credential("bob", "h"))) ==
        Errc::invalid_argument);
  auto alice = f.store->find_user_by_id("alice");
  REQUIRE(alice.has_value());
  CHECK_FALSE(alice->has_value());
}

STORE_CASE("UserStore: update_user overwrites the mutable fields") {
  add_user(*f.store, make_user("alice"));
  User changed = make_user("alice");
  changed.email = "alice2@example.com";
  changed.name = "Alice Two";
  changed.email_verified = true;
  changed.image = "https://example.com/2.png";
  changed.updated_at = at(seconds{5});
  changed.created_at = at(seconds{99});  // not a mutable field: must be ignored
  REQUIRE(code_of(f.store->update_user(changed)) == kOk);

  auto found = f.store->find_user_by_id("alice");
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  User expected = changed;
  expected.created_at = at();
  check_same(**found, expected);
  auto old_email = f.store->find_user_by_email("alice@example.com");
  REQUIRE(old_email.has_value());
  CHECK_FALSE(old_email->has_value());
  auto new_email = f.store->find_user_by_email("alice2@example.com");
  REQUIRE(new_email.has_value());
  REQUIRE(new_email->has_value());
  CHECK((*new_email)->id == "alice");

  // Clearing the image.
  changed.image.reset();
  REQUIRE(code_of(f.store->update_user(changed)) == kOk);
  found = f.store->find_user_by_id("alice");
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  CHECK_FALSE((*found)->image.has_value());
}

STORE_CASE("UserStore: extra fields round-trip with every kind of value") {
  User alice = make_user("alice");
  alice.fields = {{"none", nullptr},
                  {"yes", true},
                  {"no", false},
                  {"whole", 3.0},
                  {"negative", -42.0},
                  {"fraction", 2.5},
                  {"huge", 1e300},
                  {"tiny", 5e-324},
                  {"beyond_2_53", 9007199254740994.0},
                  {"empty", ""},
                  {"text", "Zo\xc3\xab \"quoted\" back\\slash \xe2\x9c\x93"},
                  {"_under_score9", "x"}};
  REQUIRE(code_of(f.store->create_user(alice, make_credential("alice", "h"))) == kOk);
  auto by_id = f.store->find_user_by_id("alice");
  REQUIRE(by_id.has_value());
  REQUIRE(by_id->has_value());
  check_same(**by_id, alice);
  auto by_email = f.store->find_user_by_email("alice@example.com");
  REQUIRE(by_email.has_value());
  REQUIRE(by_email->has_value());
  check_same(**by_email, alice);
  const Session s = make_session("s1", "alice");
  REQUIRE(code_of(f.store->create_session(s)) == kOk);
  auto joined = f.store->find_session_with_user(s.token_hash, *f.store);
  REQUIRE(joined.has_value());
  REQUIRE(joined->has_value());
  check_same((*joined)->user, alice);

  // update_user replaces the whole set: a key left out is gone.
  alice.fields = {{"whole", 4.0}, {"added", "new"}};
  REQUIRE(code_of(f.store->update_user(alice)) == kOk);
  auto updated = f.store->find_user_by_id("alice");
  REQUIRE(updated.has_value());
  REQUIRE(updated->has_value());
  check_same(**updated, alice);

  // No fields is no fields.
  REQUIRE(code_of(f.store->create_user(make_user("bob"), std::nullopt)) == kOk);
  auto bob = f.store->find_user_by_id("bob");
  REQUIRE(bob.has_value());
  REQUIRE(bob->has_value());
  CHECK((*bob)->fields.empty());
}

STORE_CASE("UserStore: update_user errors") {
  add_user(*f.store, make_user("alice"));
  add_user(*f.store, make_user("bob"));
  CHECK(code_of(f.store->update_user(make_user("nobody"))) == Errc::user_not_found);
  User bob = make_user("bob");
  bob.email = "alice@example.com";
  CHECK(code_of(f.store->update_user(bob)) == Errc::user_already_exists);
  auto alice = f.store->find_user_by_email("alice@example.com");
  REQUIRE(alice.has_value());
  REQUIRE(alice->has_value());
  CHECK((*alice)->id == "alice");
  // Keeping one's own email is not a conflict.
  CHECK(code_of(f.store->update_user(make_user("bob"))) == kOk);
}

STORE_CASE("UserStore: set_credential inserts and replaces") {
  add_user(*f.store, make_user("alice"));
  const Credential first = make_credential("alice", "hash-1");
  REQUIRE(code_of(f.store->set_credential(first)) == kOk);
  auto found = f.store->find_credential("alice");
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  check_same(**found, first);

  Credential second = make_credential("alice", "hash-2");
  second.updated_at = at(seconds{10});
  REQUIRE(code_of(f.store->set_credential(second)) == kOk);
  found = f.store->find_credential("alice");
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  check_same(**found, second);

  CHECK(code_of(f.store->set_credential(make_credential("nobody", "h"))) == Errc::user_not_found);
  auto none = f.store->find_credential("nobody");
  REQUIRE(none.has_value());
  CHECK_FALSE(none->has_value());
}

STORE_CASE("UserStore: replace_credential_if is a compare-and-swap") {
  REQUIRE(code_of(f.store->create_user(make_user("alice"), make_credential("alice", "old"))) ==
          kOk);
  Credential upgraded = make_credential("alice", "new");
  upgraded.updated_at = at(seconds{3});

  // Wrong expectation: nothing changes.
  auto stale = f.store->replace_credential_if(upgraded, "something-else");
  REQUIRE(stale.has_value());
  CHECK_FALSE(*stale);
  auto found = f.store->find_credential("alice");
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  CHECK((*found)->password_hash == "old");

  auto swapped = f.store->replace_credential_if(upgraded, "old");
  REQUIRE(swapped.has_value());
  CHECK(*swapped);
  found = f.store->find_credential("alice");
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  check_same(**found, upgraded);

  // The old hash no longer matches, so a second swap with it fails.
  auto again = f.store->replace_credential_if(make_credential("alice", "third"), "old");
  REQUIRE(again.has_value());
  CHECK_FALSE(*again);

  // A user without a credential: nothing to replace.
  add_user(*f.store, make_user("bob"));
  auto no_credential = f.store->replace_credential_if(make_credential("bob", "x"), "");
  REQUIRE(no_credential.has_value());
  CHECK_FALSE(*no_credential);
}

STORE_CASE("I5: quotes, semicolons and NUL bytes in user fields round-trip") {
  using namespace std::string_literals;
  User u = make_user("id-'\";--\0-x"s);
  u.email = "o'brien\";drop table \"user\";--\0x@example.com"s;
  u.name = "Robert'); DROP TABLE \"user\";--\0 tail"s;
  u.image = "https://example.com/'\";\0.png"s;
  const Credential credential = make_credential(u.id, "hash'\";\0end"s);
  REQUIRE(code_of(f.store->create_user(u, credential)) == kOk);

  auto by_email = f.store->find_user_by_email(u.email);
  REQUIRE(by_email.has_value());
  REQUIRE(by_email->has_value());
  check_same(**by_email, u);
  CHECK((*by_email)->email.size() == u.email.size());
  auto by_id = f.store->find_user_by_id(u.id);
  REQUIRE(by_id.has_value());
  REQUIRE(by_id->has_value());
  check_same(**by_id, u);
  auto found = f.store->find_credential(u.id);
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  check_same(**found, credential);
  // The part before the NUL is a different email.
  auto truncated = f.store->find_user_by_email("o'brien\";drop table \"user\";--");
  REQUIRE(truncated.has_value());
  CHECK_FALSE(truncated->has_value());
  // The injection attempts did nothing: the other users are still there.
  add_user(*f.store, make_user("plain"));
  auto plain = f.store->find_user_by_id("plain");
  REQUIRE(plain.has_value());
  CHECK(plain->has_value());
}

STORE_CASE("UserStore: 16 threads creating one email, exactly one succeeds") {
  constexpr int kThreads = 16;
  std::vector<Outcome> outcomes(kThreads, Outcome{kOk});
  std::vector<std::thread> threads;
  std::atomic<bool> go{false};
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      while (!go.load()) std::this_thread::yield();
      User u = make_user("racer-" + std::to_string(i));
      u.email = "same@example.com";
      outcomes[static_cast<std::size_t>(i)] =
          code_of(f.store->create_user(u, make_credential(u.id, "h")));
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  int created = 0;
  int refused = 0;
  for (const Outcome& o : outcomes) {
    if (o == kOk) ++created;
    if (o == Errc::user_already_exists) ++refused;
  }
  CHECK(created == 1);
  CHECK(refused == kThreads - 1);
  auto winner = f.store->find_user_by_email("same@example.com");
  REQUIRE(winner.has_value());
  REQUIRE(winner->has_value());
  auto credential = f.store->find_credential((*winner)->id);
  REQUIRE(credential.has_value());
  CHECK(credential->has_value());
}

}  // namespace authkit::testing::conformance

namespace authkit::testing::conformance {

STORE_CASE("UserStore: delete_user removes the user and everything it owns") {
  add_user(*f.store, make_user("bob"));
  REQUIRE(code_of(f.store->create_user(make_user("alice"),
                                       make_credential("alice", "$argon2id$hash"))) == kOk);
  REQUIRE(code_of(f.store->create_session(make_session("s1", "alice"))) == kOk);
  REQUIRE(code_of(f.store->create_session(make_session("s2", "bob"))) == kOk);
  REQUIRE(code_of(f.store->create_verification(
              make_verification("v1", verification_purpose::reset_password, "alice"))) == kOk);
  REQUIRE(code_of(f.store->create_verification(
              make_verification("v2", verification_purpose::reset_password, "bob"))) == kOk);

  auto deleted = f.store->delete_user("alice");
  REQUIRE(deleted.has_value());
  CHECK(*deleted);
  CHECK_FALSE(f.store->find_user_by_id("alice")->has_value());
  CHECK_FALSE(f.store->find_user_by_email("alice@example.com")->has_value());
  CHECK_FALSE(f.store->find_credential("alice")->has_value());
  CHECK_FALSE(f.store->find_session(make_session("s1", "alice").token_hash)->has_value());
  CHECK_FALSE(f.store
                  ->find_verification(verification_purpose::reset_password,
                                      make_verification("v1", "", "alice").token_hash)
                  ->has_value());
  // Bob's rows are untouched, and the address can be registered again.
  CHECK(f.store->find_session(make_session("s2", "bob").token_hash)->has_value());
  CHECK(f.store
            ->find_verification(verification_purpose::reset_password,
                                make_verification("v2", "", "bob").token_hash)
            ->has_value());
  CHECK(code_of(f.store->create_user(make_user("alice"), std::nullopt)) == kOk);
  auto again = f.store->delete_user("nobody");
  REQUIRE(again.has_value());
  CHECK_FALSE(*again);
}

}  // namespace authkit::testing::conformance
