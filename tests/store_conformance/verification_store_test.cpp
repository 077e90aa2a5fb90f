// Store conformance: VerificationStore (one-time tokens), run on every registered store.
#include "conformance.hpp"

namespace authkit::testing::conformance {

namespace {

namespace purpose = verification_purpose;

ConsumeResult consume(StoreUnderTest& f, std::string_view p, const std::string& hash,
                      TimePoint now) {
  auto r = f.store->consume_verification(p, hash, now);
  REQUIRE(r.has_value());
  return *r;
}

}  // namespace

STORE_CASE("VerificationStore: consume spends a valid token once") {
  const Verification v = make_verification("v1", purpose::reset_password, "alice");
  REQUIRE(code_of(f.store->create_verification(v)) == kOk);

  const TimePoint now = at(seconds{30});
  const ConsumeResult first = consume(f, purpose::reset_password, v.token_hash, now);
  CHECK(first.status == ConsumeStatus::consumed);
  REQUIRE(first.record.has_value());
  Verification spent = v;
  spent.consumed_at = now;
  check_same(*first.record, spent);

  // Spent twice: not found.
  const ConsumeResult second = consume(f, purpose::reset_password, v.token_hash, now);
  CHECK(second.status == ConsumeStatus::not_found);
  CHECK_FALSE(second.record.has_value());
}

STORE_CASE("H1: consume is bound to the purpose and the exact hash") {
  const Verification v = make_verification("v1", purpose::reset_password, "alice");
  REQUIRE(code_of(f.store->create_verification(v)) == kOk);
  CHECK(consume(f, purpose::verify_email, v.token_hash, at()).status == ConsumeStatus::not_found);
  CHECK(consume(f, purpose::reset_password, token_hash_of("other"), at()).status ==
        ConsumeStatus::not_found);
  CHECK(consume(f, "reset", v.token_hash, at()).status == ConsumeStatus::not_found);
  // The misdirected attempts did not spend it.
  CHECK(consume(f, purpose::reset_password, v.token_hash, at()).status == ConsumeStatus::consumed);
}

STORE_CASE("H1: expiry boundary: expires_at == now is expired and stays unspent") {
  const Verification v = make_verification("v1", purpose::verify_email, "alice", seconds{60});
  REQUIRE(code_of(f.store->create_verification(v)) == kOk);

  for (const TimePoint now :
       {at(seconds{60}), at(seconds{61}), at(seconds{60} + milliseconds{1})}) {
    const ConsumeResult expired = consume(f, purpose::verify_email, v.token_hash, now);
    CHECK(expired.status == ConsumeStatus::expired);
    REQUIRE(expired.record.has_value());
    check_same(*expired.record, v);  // consumed_at still unset
  }
  // 1 ms before the end it still works (so the expired attempts left it unspent).
  const ConsumeResult ok =
      consume(f, purpose::verify_email, v.token_hash, at(seconds{60} - milliseconds{1}));
  CHECK(ok.status == ConsumeStatus::consumed);
  // Once spent, an expired-time attempt is not_found, not expired.
  CHECK(consume(f, purpose::verify_email, v.token_hash, at(seconds{90})).status ==
        ConsumeStatus::not_found);
}

STORE_CASE("VerificationStore: create_verification errors") {
  const Verification v = make_verification("v1", purpose::reset_password, "alice");
  REQUIRE(code_of(f.store->create_verification(v)) == kOk);
  Verification same_id = make_verification("v1", purpose::reset_password, "alice");
  same_id.token_hash = token_hash_of("different");
  CHECK(code_of(f.store->create_verification(same_id)) == Errc::invalid_argument);
  CHECK(consume(f, purpose::reset_password, same_id.token_hash, at()).status ==
        ConsumeStatus::not_found);
  Verification same_hash = make_verification("v2", purpose::reset_password, "bob");
  same_hash.token_hash = v.token_hash;
  CHECK(code_of(f.store->create_verification(same_hash)) == Errc::invalid_argument);
  // The original is untouched and belongs to alice.
  const ConsumeResult r = consume(f, purpose::reset_password, v.token_hash, at());
  REQUIRE(r.status == ConsumeStatus::consumed);
  CHECK(r.record->user_id == "alice");
}

STORE_CASE("H4: invalidate_verifications spends a user's tokens of one purpose") {
  const Verification r1 = make_verification("r1", purpose::reset_password, "alice");
  const Verification r2 = make_verification("r2", purpose::reset_password, "alice", seconds{-1});
  const Verification spent = make_verification("r3", purpose::reset_password, "alice");
  const Verification verify = make_verification("e1", purpose::verify_email, "alice");
  const Verification bobs = make_verification("b1", purpose::reset_password, "bob");
  // A purpose that starts like another must not be matched by it.
  const Verification longer = make_verification("x1", "reset-password-extra", "alice");
  for (const Verification* v : {&r1, &r2, &spent, &verify, &bobs, &longer}) {
    REQUIRE(code_of(f.store->create_verification(*v)) == kOk);
  }
  REQUIRE(consume(f, purpose::reset_password, spent.token_hash, at()).status ==
          ConsumeStatus::consumed);

  auto n = f.store->invalidate_verifications("alice", purpose::reset_password, at(seconds{5}));
  REQUIRE(n.has_value());
  CHECK(*n == 2);  // r1 and the expired r2; r3 was already spent
  CHECK(consume(f, purpose::reset_password, r1.token_hash, at()).status ==
        ConsumeStatus::not_found);
  CHECK(consume(f, purpose::reset_password, r2.token_hash, at(seconds{-10})).status ==
        ConsumeStatus::not_found);
  CHECK(consume(f, purpose::verify_email, verify.token_hash, at()).status ==
        ConsumeStatus::consumed);
  CHECK(consume(f, purpose::reset_password, bobs.token_hash, at()).status ==
        ConsumeStatus::consumed);
  CHECK(consume(f, "reset-password-extra", longer.token_hash, at()).status ==
        ConsumeStatus::consumed);

  auto none = f.store->invalidate_verifications("alice", purpose::reset_password, at());
  REQUIRE(none.has_value());
  CHECK(*none == 0);
}

STORE_CASE("VerificationStore: delete_stale_verifications") {
  const TimePoint before = at(seconds{100});
  // Expired before `before`, expiring exactly at it, spent before it, spent at it, live.
  const Verification expired =
      make_verification("expired", "p", "u", seconds{100} - milliseconds{1});
  const Verification edge = make_verification("edge", "p", "u", seconds{100});
  const Verification spent_early = make_verification("spent-early", "p", "u", seconds{500});
  const Verification spent_edge = make_verification("spent-edge", "p", "u", seconds{500});
  const Verification live = make_verification("live", "p", "u", seconds{500});
  for (const Verification* v : {&expired, &edge, &spent_early, &spent_edge, &live}) {
    REQUIRE(code_of(f.store->create_verification(*v)) == kOk);
  }
  REQUIRE(consume(f, "p", spent_early.token_hash, at(seconds{99})).status ==
          ConsumeStatus::consumed);
  REQUIRE(consume(f, "p", spent_edge.token_hash, at(seconds{100})).status ==
          ConsumeStatus::consumed);

  auto deleted = f.store->delete_stale_verifications(before);
  REQUIRE(deleted.has_value());
  CHECK(*deleted == 2);  // "expired" and "spent-early"
  // Deleted rows free their id; kept ones still block it.
  CHECK(code_of(f.store->create_verification(expired)) == kOk);
  CHECK(code_of(f.store->create_verification(spent_early)) == kOk);
  CHECK(code_of(f.store->create_verification(edge)) == Errc::invalid_argument);
  CHECK(code_of(f.store->create_verification(spent_edge)) == Errc::invalid_argument);
  CHECK(code_of(f.store->create_verification(live)) == Errc::invalid_argument);
  CHECK(consume(f, "p", live.token_hash, at()).status == ConsumeStatus::consumed);
}

STORE_CASE("H2: 16 threads redeeming one token, exactly one consumes it") {
  const Verification v = make_verification("v1", purpose::reset_password, "alice");
  REQUIRE(code_of(f.store->create_verification(v)) == kOk);
  constexpr int kThreads = 16;
  std::vector<int> statuses(kThreads, -1);
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      while (!go.load()) std::this_thread::yield();
      auto r = f.store->consume_verification(purpose::reset_password, v.token_hash, at());
      statuses[static_cast<std::size_t>(i)] = r.has_value() ? static_cast<int>(r->status) : -1;
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  int consumed = 0;
  int not_found = 0;
  for (int s : statuses) {
    if (s == static_cast<int>(ConsumeStatus::consumed)) ++consumed;
    if (s == static_cast<int>(ConsumeStatus::not_found)) ++not_found;
  }
  CHECK(consumed == 1);
  CHECK(not_found == kThreads - 1);
}

}  // namespace authkit::testing::conformance

namespace authkit::testing::conformance {

STORE_CASE("VerificationStore: find_verification reads without spending") {
  add_user(*f.store, make_user("alice"));
  const Verification v = make_verification("v1", verification_purpose::reset_password, "alice");
  REQUIRE(code_of(f.store->create_verification(v)) == kOk);

  auto found = f.store->find_verification(verification_purpose::reset_password, v.token_hash);
  REQUIRE(found.has_value());
  REQUIRE(found->has_value());
  check_same(**found, v);
  // The purpose is part of the key.
  CHECK_FALSE(
      f.store->find_verification(verification_purpose::verify_email, v.token_hash)->has_value());
  CHECK_FALSE(
      f.store->find_verification(verification_purpose::reset_password, "unknown")->has_value());
  // Reading twice and then consuming works: find never spends.
  CHECK(
      f.store->find_verification(verification_purpose::reset_password, v.token_hash)->has_value());
  auto consumed =
      f.store->consume_verification(verification_purpose::reset_password, v.token_hash, at());
  REQUIRE(consumed.has_value());
  CHECK(consumed->status == ConsumeStatus::consumed);
  // Spent rows are still found, with consumed_at set.
  auto spent = f.store->find_verification(verification_purpose::reset_password, v.token_hash);
  REQUIRE(spent.has_value());
  REQUIRE(spent->has_value());
  CHECK((*spent)->consumed_at == std::optional<TimePoint>(at()));
}

}  // namespace authkit::testing::conformance
