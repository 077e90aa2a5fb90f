// Store conformance: SessionStore, run on every registered store.
#include "conformance.hpp"

namespace authkit::testing::conformance {

namespace {

std::vector<std::string> ids_of(const std::vector<Session>& sessions) {
  std::vector<std::string> ids;
  for (const Session& s : sessions) ids.push_back(s.id);
  return ids;
}

std::vector<std::string> listed(StoreUnderTest& f, const std::string& user, TimePoint now) {
  auto list = f.store->list_sessions(user, now);
  REQUIRE(list.has_value());
  return ids_of(*list);
}

bool exists(StoreUnderTest& f, const Session& s) {
  auto found = f.store->find_session(s.token_hash);
  REQUIRE(found.has_value());
  return found->has_value();
}

}  // namespace

STORE_CASE("SessionStore: create and find by token hash") {
  add_user(*f.store, make_user("alice"));
  Session s = make_session("s1", "alice");
  s.remember_me = false;
  s.ip_address.clear();
  REQUIRE(code_of(f.store->create_session(s)) == kOk);
  auto found = f.store->find_session(s.token_hash);
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  check_same(**found, s);

  auto unknown = f.store->find_session(token_hash_of("unknown"));
  REQUIRE(unknown.has_value());
  CHECK_FALSE(unknown->has_value());
  // Lookups go by the hash only: the id is not a token.
  auto by_id = f.store->find_session("s1");
  REQUIRE(by_id.has_value());
  CHECK_FALSE(by_id->has_value());
}

STORE_CASE("SessionStore: find_session returns expired sessions too") {
  add_user(*f.store, make_user("alice"));
  const Session s = make_session("s1", "alice", milliseconds{0}, milliseconds{-1});
  REQUIRE(code_of(f.store->create_session(s)) == kOk);
  auto found = f.store->find_session(s.token_hash);
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  check_same(**found, s);
}

STORE_CASE("SessionStore: find_session_with_user reads the session and its user") {
  const User alice = make_user("alice");
  add_user(*f.store, alice);
  const Session s = make_session("s1", "alice", milliseconds{0}, milliseconds{-1});
  REQUIRE(code_of(f.store->create_session(s)) == kOk);

  auto found = f.store->find_session_with_user(s.token_hash, *f.store);
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  check_same((*found)->session, s);  // expired sessions too, as find_session
  check_same((*found)->user, alice);

  auto unknown = f.store->find_session_with_user(token_hash_of("unknown"), *f.store);
  REQUIRE(unknown.has_value());
  CHECK_FALSE(unknown->has_value());
}

STORE_CASE("SessionStore: find_session_with_user asks a separate user store") {
  add_user(*f.store, make_user("alice"));
  const Session s = make_session("s1", "alice");
  REQUIRE(code_of(f.store->create_session(s)) == kOk);

  // Users kept elsewhere: the user comes from there, not from the session store's own table.
  const auto elsewhere = InMemoryStore::create();
  User renamed = make_user("alice");
  renamed.name = "Alice Elsewhere";
  add_user(*elsewhere, renamed);
  auto found = f.store->find_session_with_user(s.token_hash, *elsewhere);
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  check_same((*found)->session, s);
  CHECK((*found)->user.name == "Alice Elsewhere");

  // A session whose user the other store does not know reads as no session.
  const auto empty = InMemoryStore::create();
  auto orphan = f.store->find_session_with_user(s.token_hash, *empty);
  REQUIRE(orphan.has_value());
  CHECK_FALSE(orphan->has_value());
}

STORE_CASE("SessionStore: create_session errors") {
  add_user(*f.store, make_user("alice"));
  const Session s = make_session("s1", "alice");
  REQUIRE(code_of(f.store->create_session(s)) == kOk);

  Session same_id = make_session("s1", "alice");
  same_id.token_hash = token_hash_of("another token");
  CHECK(code_of(f.store->create_session(same_id)) == Errc::invalid_argument);
  CHECK_FALSE(exists(f, same_id));

  Session same_hash = make_session("s2", "alice");
  same_hash.token_hash = s.token_hash;
  CHECK(code_of(f.store->create_session(same_hash)) == Errc::invalid_argument);
  CHECK(listed(f, "alice", at()) == std::vector<std::string>{"s1"});

  const Session orphan = make_session("s3", "nobody");
  CHECK(code_of(f.store->create_session(orphan)) == Errc::user_not_found);
  CHECK_FALSE(exists(f, orphan));
}

STORE_CASE("SessionStore: update_session_expiry") {
  add_user(*f.store, make_user("alice"));
  Session s = make_session("s1", "alice");
  REQUIRE(code_of(f.store->create_session(s)) == kOk);
  auto updated = f.store->update_session_expiry("s1", at(std::chrono::hours{48}), at(seconds{7}));
  REQUIRE(updated.has_value());
  CHECK(*updated);
  auto found = f.store->find_session(s.token_hash);
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  s.expires_at = at(std::chrono::hours{48});
  s.updated_at = at(seconds{7});
  check_same(**found, s);

  auto missing = f.store->update_session_expiry("nope", at(), at());
  REQUIRE(missing.has_value());
  CHECK_FALSE(*missing);
}

STORE_CASE("SessionStore: list_sessions is newest first and skips expired") {
  add_user(*f.store, make_user("alice"));
  add_user(*f.store, make_user("bob"));
  // Created at +0 s, +2 s, +1 s; "gone" expired 1 ms before now, "edge" expires exactly now.
  REQUIRE(code_of(f.store->create_session(make_session("old", "alice", seconds{0}))) == kOk);
  REQUIRE(code_of(f.store->create_session(make_session("new", "alice", seconds{2}))) == kOk);
  REQUIRE(code_of(f.store->create_session(make_session("mid", "alice", seconds{1}))) == kOk);
  const TimePoint now = at(seconds{10});
  REQUIRE(code_of(f.store->create_session(
              make_session("gone", "alice", seconds{3}, seconds{10} - milliseconds{1}))) == kOk);
  REQUIRE(code_of(f.store->create_session(
              make_session("edge", "alice", seconds{4}, seconds{10}))) == kOk);
  REQUIRE(code_of(f.store->create_session(
              make_session("later", "alice", seconds{5}, seconds{10} + milliseconds{1}))) == kOk);
  REQUIRE(code_of(f.store->create_session(make_session("bobs", "bob", seconds{9}))) == kOk);

  CHECK(listed(f, "alice", now) == std::vector<std::string>{"later", "new", "mid", "old"});
  CHECK(listed(f, "bob", now) == std::vector<std::string>{"bobs"});
  CHECK(listed(f, "nobody", now).empty());
  // Full rows come back.
  auto list = f.store->list_sessions("bob", now);
  REQUIRE(list.has_value());
  REQUIRE(list->size() == 1);
  check_same(list->front(), make_session("bobs", "bob", seconds{9}));
}

STORE_CASE("SessionStore: delete_session only for its owner") {
  add_user(*f.store, make_user("alice"));
  add_user(*f.store, make_user("bob"));
  const Session s = make_session("s1", "alice");
  REQUIRE(code_of(f.store->create_session(s)) == kOk);

  auto by_other = f.store->delete_session("s1", "bob");
  REQUIRE(by_other.has_value());
  CHECK_FALSE(*by_other);
  CHECK(exists(f, s));

  auto by_owner = f.store->delete_session("s1", "alice");
  REQUIRE(by_owner.has_value());
  CHECK(*by_owner);
  CHECK_FALSE(exists(f, s));

  auto again = f.store->delete_session("s1", "alice");
  REQUIRE(again.has_value());
  CHECK_FALSE(*again);
  // The id and hash are free again.
  CHECK(code_of(f.store->create_session(s)) == kOk);
}

STORE_CASE("SessionStore: delete_sessions with and without keep_id") {
  add_user(*f.store, make_user("alice"));
  add_user(*f.store, make_user("bob"));
  for (const char* id : {"a1", "a2", "a3"}) {
    REQUIRE(code_of(f.store->create_session(make_session(id, "alice"))) == kOk);
  }
  // An expired session is deleted too.
  REQUIRE(code_of(f.store->create_session(
              make_session("a4", "alice", milliseconds{0}, milliseconds{-5}))) == kOk);
  REQUIRE(code_of(f.store->create_session(make_session("b1", "bob"))) == kOk);

  auto kept = f.store->delete_sessions("alice", std::string_view("a2"));
  REQUIRE(kept.has_value());
  CHECK(*kept == 3);
  CHECK(listed(f, "alice", at()) == std::vector<std::string>{"a2"});
  CHECK_FALSE(exists(f, make_session("a4", "alice")));

  // keep_id naming another user's session keeps nothing of alice's and touches no one else.
  auto all = f.store->delete_sessions("alice", std::string_view("b1"));
  REQUIRE(all.has_value());
  CHECK(*all == 1);
  CHECK(listed(f, "alice", at()).empty());
  CHECK(listed(f, "bob", at()) == std::vector<std::string>{"b1"});

  auto none = f.store->delete_sessions("alice", std::nullopt);
  REQUIRE(none.has_value());
  CHECK(*none == 0);
  auto bobs = f.store->delete_sessions("bob", std::nullopt);
  REQUIRE(bobs.has_value());
  CHECK(*bobs == 1);
  CHECK(listed(f, "bob", at()).empty());
}

STORE_CASE("SessionStore: delete_expired_sessions deletes expires_at <= now") {
  add_user(*f.store, make_user("alice"));
  const Session before =
      make_session("before", "alice", milliseconds{0}, seconds{10} - milliseconds{1});
  const Session edge = make_session("edge", "alice", milliseconds{0}, seconds{10});
  const Session after =
      make_session("after", "alice", milliseconds{0}, seconds{10} + milliseconds{1});
  for (const Session* s : {&before, &edge, &after}) {
    REQUIRE(code_of(f.store->create_session(*s)) == kOk);
  }
  auto deleted = f.store->delete_expired_sessions(at(seconds{10}));
  REQUIRE(deleted.has_value());
  CHECK(*deleted == 2);
  CHECK_FALSE(exists(f, before));
  CHECK_FALSE(exists(f, edge));
  CHECK(exists(f, after));
  auto nothing = f.store->delete_expired_sessions(at(seconds{10}));
  REQUIRE(nothing.has_value());
  CHECK(*nothing == 0);
}

STORE_CASE("I5: quotes, semicolons and NUL bytes in session fields round-trip") {
  using namespace std::string_literals;
  add_user(*f.store, make_user("alice"));
  Session s = make_session("sess-'\";\0-1"s, "alice");
  s.user_agent = "Mozilla/5.0 ('\"; DROP TABLE \"session\";--\0 trailing)"s;
  s.ip_address = "::1'\";\0"s;
  REQUIRE(code_of(f.store->create_session(s)) == kOk);
  auto found = f.store->find_session(s.token_hash);
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  check_same(**found, s);
  CHECK((*found)->user_agent.size() == s.user_agent.size());
  auto deleted = f.store->delete_session(s.id, "alice");
  REQUIRE(deleted.has_value());
  CHECK(*deleted);
}

}  // namespace authkit::testing::conformance
