// authkit_bench_service: the account flows against their floors.
//
//   floor/argon2id/hash                 one Argon2id at the default parameters, memory reused
//   floor/argon2id/hash_raw             one argon2id_hash_raw (mallocs its memory each time)
//   service/<store>/sign_in             AuthService::sign_in, default parameters
//   service/<store>/sign_in_wrong_password, .../sign_in_unknown_email   (F2 parity)
//   service/<store>/get_session/real_time/threads:N   session check throughput (N = 1, 2)
//   scale/<store>/get_session/users:N   session check among N users with a session each
//   scale/<store>/sign_in/users:N       sign-in among N users (cheap Argon2, so the store's
//                                       share of the cost is visible)
//
// <store> is "memory" (InMemoryStore) or "sqlite" (SqliteStore on a temporary file), and for
// the scale benchmarks also "postgres" (PostgresStore in a fresh schema of the database at
// AUTHKIT_BENCH_POSTGRES_URL; see postgres_seed.hpp). Run it through scripts/bench-service.sh,
// which starts a throwaway PostgreSQL cluster and prints the ratios. Never part of the tests.
#include <argon2.h>
#include <benchmark/benchmark.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <unistd.h>
#include <authkit/authkit.hpp>

#include <array>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "postgres_seed.hpp"

namespace {

using namespace authkit;

constexpr const char* kPassword = "correct horse battery staple";

// ---------------------------------------------------------------------------------------------
// Helpers that mirror what the library does internally, written against OpenSSL so the bench
// can seed a store directly without going through (slow) sign-ups.

std::string b64url(const unsigned char* data, std::size_t size) {
  std::string out(4 * ((size + 2) / 3) + 1, '\0');
  const int n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
  out.resize(static_cast<std::size_t>(n));
  while (!out.empty() && out.back() == '=') out.pop_back();
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return out;
}

std::string random_token() {
  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) std::abort();
  return b64url(bytes.data(), bytes.size());
}

std::string sha256_hex(std::string_view text) {
  std::array<unsigned char, 32> digest{};
  unsigned int length = 0;
  EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : digest) {
    out.push_back(kHex[b >> 4]);
    out.push_back(kHex[b & 0x0f]);
  }
  return out;
}

/// A temporary directory removed at exit.
const std::filesystem::path& temp_dir() {
  static const std::filesystem::path dir = [] {
    auto path =
        std::filesystem::temp_directory_path() / ("authkit-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(path);
    return path;
  }();
  // Registered once `dir` is constructed, so that the handler runs before `dir` is destroyed
  // (registered during its construction, it would run after, and the directory would stay).
  static const bool removed_at_exit = [] {
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(dir, ignored);
    });
    return true;
  }();
  (void)removed_at_exit;
  return dir;
}

/// A store of `kind` ("memory", "sqlite" or "postgres"); `name` tells stores of one kind apart
/// (the SQLite file, the PostgreSQL schema). "postgres" exits with a message when
/// AUTHKIT_BENCH_POSTGRES_URL is not set.
std::shared_ptr<Store> make_store(const std::string& kind, const std::string& name) {
  if (kind == "memory") return InMemoryStore::create();
  if (kind == "sqlite") {
    auto store = SqliteStore::open({.path = (temp_dir() / (name + ".db")).string()});
    if (!store) std::abort();
    return *store;
  }
  if (kind == "postgres") {
    auto store = PostgresStore::open({.conninfo = authkit_bench::postgres_schema(name)});
    if (!store) {
      std::fprintf(stderr, "authkit_bench_service: PostgresStore::open: %s\n",
                   store.error().detail().c_str());
      std::exit(2);
    }
    return *store;
  }
  std::fprintf(stderr, "authkit_bench_service: unknown store kind %s\n", kind.c_str());
  std::abort();
}

/// A service on `store` with the given Argon2 parameters; limits off (they are not measured).
AuthService make_service(const std::shared_ptr<Store>& store, Argon2Params params) {
  AuthServiceOptions options;
  options.stores = Stores::of(store);
  options.mail.service = std::make_shared<MockMailService>();
  options.base_url = "http://localhost:8080/api/v1/auth";
  options.passwords.hashing.params = params;
  options.email_verification.required = false;
  options.sign_up.auto_sign_in = false;
  options.rate_limits.requests.enabled = false;
  options.rate_limits.sign_in_throttle.enabled = false;
  auto service = AuthService::create(options);
  if (!service) std::abort();
  return std::move(*service);
}

/// Raw session tokens (43 characters each) packed end to end: a server reads the token from a
/// request buffer it just received, so the bench should not add a cache miss per lookup (as a
/// vector of heap-allocated strings would) that grows with the population.
class TokenTable {
 public:
  static constexpr std::size_t kChars = 43;
  void reserve(std::size_t count) { bytes_.reserve(count * kChars); }
  void push_back(const std::string& token) {
    if (token.size() != kChars) std::abort();
    bytes_ += token;
  }
  [[nodiscard]] std::size_t size() const { return bytes_.size() / kChars; }
  [[nodiscard]] std::string_view operator[](std::size_t i) const {
    return std::string_view(bytes_).substr(i * kChars, kChars);
  }

 private:
  std::string bytes_;
};

/// The session of seeded user i, for the raw `token`.
Session seeded_session(std::size_t i, std::string_view token,
                       std::chrono::system_clock::time_point now) {
  return Session{.id = "s" + std::to_string(i),
                 .user_id = "u" + std::to_string(i),
                 .token_hash = sha256_hex(token),
                 .expires_at = now + std::chrono::hours(24 * 7),
                 .created_at = now,
                 .updated_at = now};
}

/// Users "user<i>@example.com" (i < count) sharing one password hash, each with one session;
/// returns the raw session tokens.
TokenTable seed_users(Store& store, std::size_t count, const std::string& password_hash) {
  TokenTable tokens;
  tokens.reserve(count);
  const auto now = std::chrono::system_clock::now();
  for (std::size_t i = 0; i < count; ++i) {
    User user{.id = "u" + std::to_string(i),
              .email = "user" + std::to_string(i) + "@example.com",
              .name = "User " + std::to_string(i),
              .email_verified = true,
              .created_at = now,
              .updated_at = now};
    if (!store.create_user(user, Credential{.user_id = user.id,
                                            .password_hash = password_hash,
                                            .created_at = now,
                                            .updated_at = now})) {
      std::abort();
    }
    const std::string token = random_token();
    if (!store.create_session(seeded_session(i, token, now))) std::abort();
    tokens.push_back(token);
  }
  return tokens;
}

/// seed_users() for a PostgresStore in the schema at `conninfo`. Every call is a round trip to
/// the server, so the users and their credentials (the same rows create_user() writes) are
/// bulk-inserted in SQL, which takes seconds for a million. The sessions, the rows
/// get_session() looks up, are still created through the store's create_session(), from four
/// threads so that round trips overlap (about 10 k a second on a 2-core machine).
TokenTable seed_postgres_users(Store& store, const std::string& conninfo, std::size_t count,
                               const std::string& password_hash) {
  authkit_bench::postgres_bulk_users(conninfo, count, password_hash);
  TokenTable tokens;
  tokens.reserve(count);
  for (std::size_t i = 0; i < count; ++i) tokens.push_back(random_token());
  const auto now = std::chrono::system_clock::now();
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (std::size_t i = next++; i < count && !failed; i = next++) {
        if (auto r = store.create_session(seeded_session(i, tokens[i], now)); !r) {
          if (!failed.exchange(true)) {
            std::fprintf(stderr, "authkit_bench_service: create_session: %s\n",
                         r.error().detail().c_str());
          }
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  if (failed) std::exit(2);
  authkit_bench::postgres_vacuum_analyze(conninfo);
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Floor and sign-in at the default parameters.

// The floor is pure Argon2id compute: libargon2 with its working memory allocated once and
// reused, as authkit does. argon2id_hash_raw() mallocs and frees ~19 MiB per call, and whether
// glibc then maps fresh (page-faulting) memory depends on the process's other allocations, so
// it is reported separately (floor/argon2id/hash_raw) rather than used as the floor.
std::vector<std::uint8_t>& floor_memory() {
  static std::vector<std::uint8_t> memory;
  return memory;
}

int floor_allocate(std::uint8_t** out, std::size_t bytes) {
  auto& memory = floor_memory();
  if (memory.size() < bytes) memory.resize(bytes);
  *out = memory.data();
  return ARGON2_OK;
}

void floor_free(std::uint8_t* /*memory*/, std::size_t /*bytes*/) {}

void floor_argon2id(benchmark::State& state, bool reuse_memory) {
  const Argon2Params p{};
  std::array<unsigned char, 16> salt{};
  std::array<unsigned char, 32> tag{};
  RAND_bytes(salt.data(), static_cast<int>(salt.size()));
  std::string password = kPassword;
  for (auto _ : state) {
    int rc = ARGON2_OK;
    if (reuse_memory) {
      argon2_context context{};
      context.out = tag.data();
      context.outlen = static_cast<std::uint32_t>(tag.size());
      context.pwd = reinterpret_cast<std::uint8_t*>(password.data());
      context.pwdlen = static_cast<std::uint32_t>(password.size());
      context.salt = salt.data();
      context.saltlen = static_cast<std::uint32_t>(salt.size());
      context.t_cost = p.iterations;
      context.m_cost = p.memory_kib;
      context.lanes = p.parallelism;
      context.threads = p.parallelism;
      context.version = ARGON2_VERSION_13;
      context.allocate_cbk = floor_allocate;
      context.free_cbk = floor_free;
      rc = argon2_ctx(&context, Argon2_id);
    } else {
      rc = argon2id_hash_raw(p.iterations, p.memory_kib, p.parallelism, password.data(),
                             password.size(), salt.data(), salt.size(), tag.data(), tag.size());
    }
    if (rc != ARGON2_OK) state.SkipWithError("argon2 failed");
    benchmark::DoNotOptimize(tag);
  }
}
BENCHMARK_CAPTURE(floor_argon2id, reused, true)
    ->Name("floor/argon2id/hash")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(floor_argon2id, raw, false)
    ->Name("floor/argon2id/hash_raw")
    ->Unit(benchmark::kMillisecond);

enum class SignInCase { success, wrong_password, unknown_email };

void service_sign_in(benchmark::State& state, std::string kind, SignInCase which) {
  auto store = make_store(kind, "sign_in_" + std::to_string(static_cast<int>(which)));
  const AuthService service = make_service(store, Argon2Params{});
  if (!service.sign_up({.email = "bench@example.com", .password = kPassword})) {
    state.SkipWithError("sign_up failed");
    return;
  }
  const SignInRequest request{
      .email = which == SignInCase::unknown_email ? "nobody@example.com" : "bench@example.com",
      .password = which == SignInCase::wrong_password ? "not the password" : kPassword};
  for (auto _ : state) {
    auto result = service.sign_in(request);
    if (result.has_value() != (which == SignInCase::success)) {
      state.SkipWithError("unexpected sign_in outcome");
      break;
    }
    benchmark::DoNotOptimize(result);
  }
}

void register_sign_in() {
  for (const std::string kind : {"memory", "sqlite"}) {
    benchmark::RegisterBenchmark(("service/" + kind + "/sign_in").c_str(), service_sign_in, kind,
                                 SignInCase::success)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("service/" + kind + "/sign_in_wrong_password").c_str(),
                                 service_sign_in, kind, SignInCase::wrong_password)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("service/" + kind + "/sign_in_unknown_email").c_str(),
                                 service_sign_in, kind, SignInCase::unknown_email)
        ->Unit(benchmark::kMillisecond);
  }
}

// ---------------------------------------------------------------------------------------------
// Session checks, 1 and 2 threads, and at scale.

/// The population of the thread-scaling get_session benchmarks.
constexpr std::size_t kThroughputUsers = 1000;

/// One service with `users` seeded users per (store kind, users), built on first use and kept
/// for the whole run: seeding a million users is the slow part.
struct Population {
  std::shared_ptr<Store> store;
  std::optional<AuthService> service;
  TokenTable tokens;
};

Population& population(const std::string& kind, std::size_t users) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, std::size_t>, std::unique_ptr<Population>> cache;
  std::lock_guard lock(mutex);
  auto& slot = cache[{kind, users}];
  if (!slot) {
    slot = std::make_unique<Population>();
    const std::string name = "population_" + std::to_string(users);
    slot->store = make_store(kind, name);
    // Cheap parameters: these benchmarks measure the store and the session logic.
    const Argon2Params cheap{.memory_kib = 256, .iterations = 1, .parallelism = 1};
    slot->service.emplace(make_service(slot->store, cheap));
    auto hasher = PasswordHasher::create({.params = cheap});
    const std::string hash = hasher->hash(kPassword).value();
    slot->tokens =
        kind == "postgres"
            ? seed_postgres_users(*slot->store, authkit_bench::postgres_schema(name), users, hash)
            : seed_users(*slot->store, users, hash);
  }
  return *slot;
}

std::size_t large_population();

/// The population of `users` for a scale benchmark. Both scale populations of `kind` are
/// seeded together, so the 10 k and the large case are measured in the same process state
/// (a million seeded users change the machine's memory picture for everything run after).
Population& scale_population(const std::string& kind, std::size_t users) {
  (void)population(kind, 10'000);
  (void)population(kind, large_population());
  return population(kind, users);
}

void get_session(benchmark::State& state, std::string kind, std::size_t users) {
  Population& p =
      users == kThroughputUsers ? population(kind, users) : scale_population(kind, users);
  std::mt19937_64 pick(static_cast<std::uint64_t>(state.thread_index()) + 1);
  std::uniform_int_distribution<std::size_t> index(0, p.tokens.size() - 1);
  std::size_t next = index(pick);
  for (auto _ : state) {
    const std::string_view token = p.tokens[next];
    // A server has the token in cache (it just parsed the request); fetching the next one
    // early keeps the bench's own table out of the measurement.
    next = index(pick);
    __builtin_prefetch(p.tokens[next].data());
    auto session = p.service->get_session(token);
    if (!session || !session->has_value()) {
      state.SkipWithError("get_session found no session");
      break;
    }
    benchmark::DoNotOptimize(session);
  }
  state.SetItemsProcessed(state.iterations());
}

void sign_in_at_scale(benchmark::State& state, std::string kind, std::size_t users) {
  Population& p = scale_population(kind, users);
  std::mt19937_64 pick(42);
  std::uniform_int_distribution<std::size_t> index(0, users - 1);
  for (auto _ : state) {
    auto result = p.service->sign_in(
        {.email = "user" + std::to_string(index(pick)) + "@example.com", .password = kPassword});
    if (!result) {
      state.SkipWithError("sign_in failed");
      break;
    }
    benchmark::DoNotOptimize(result);
  }
}

std::size_t large_population() {
  // AUTHKIT_BENCH_LARGE_USERS lowers the million for quick runs.
  if (const char* env = std::getenv("AUTHKIT_BENCH_LARGE_USERS")) {
    return static_cast<std::size_t>(std::strtoull(env, nullptr, 10));
  }
  return 1'000'000;
}

/// Names of the registered benchmarks that need PostgreSQL.
std::vector<std::string>& postgres_benchmarks() {
  static std::vector<std::string> names;
  return names;
}

void register_sessions() {
  for (const std::string kind : {"memory", "sqlite"}) {
    benchmark::RegisterBenchmark(("service/" + kind + "/get_session").c_str(), get_session, kind,
                                 kThroughputUsers)
        ->Threads(1)
        ->Threads(2)
        ->UseRealTime()
        ->Unit(benchmark::kMicrosecond);
  }
  // PostgreSQL does its share of a lookup in the server process, which this process's CPU time
  // does not see: its scale benchmarks run and are compared on wall time (".../real_time").
  for (const std::string kind : {"memory", "sqlite", "postgres"}) {
    const bool postgres = kind == "postgres";
    for (std::size_t users : {std::size_t{10'000}, large_population()}) {
      const std::string suffix = "/users:" + std::to_string(users);
      const std::string lookup = "scale/" + kind + "/get_session" + suffix;
      const std::string sign_in = "scale/" + kind + "/sign_in" + suffix;
      for (auto* b :
           {benchmark::RegisterBenchmark(lookup.c_str(), get_session, kind, users),
            benchmark::RegisterBenchmark(sign_in.c_str(), sign_in_at_scale, kind, users)}) {
        b->Unit(benchmark::kMicrosecond);
        if (postgres) b->UseRealTime();
      }
      if (postgres) {
        // The names Google Benchmark gives them, which --benchmark_filter is matched against.
        postgres_benchmarks().push_back(lookup + "/real_time");
        postgres_benchmarks().push_back(sign_in + "/real_time");
      }
    }
  }
}

/// Whether --benchmark_filter selects a benchmark named `name`, the way Google Benchmark 1.7
/// matches it: empty or "all" selects everything, a leading '-' negates, and otherwise the
/// filter is an extended regular expression searched for in the name.
bool filter_selects(std::string filter, const std::string& name) {
  if (filter.empty() || filter == "all") return true;
  bool negative = false;
  if (filter.front() == '-') {
    negative = true;
    filter.erase(0, 1);
  }
  try {
    return std::regex_search(name, std::regex(filter, std::regex::extended)) != negative;
  } catch (const std::regex_error&) {
    return false;  // Google Benchmark reports the bad filter itself.
  }
}

/// Whether the command line only lists the benchmarks (--benchmark_list_tests), which needs no
/// database. Read before benchmark::Initialize() consumes the flag.
bool only_listing(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--benchmark_list_tests" || arg == "--benchmark_list_tests=true" ||
        arg == "--benchmark_list_tests=1") {
      return true;
    }
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::AddCustomContext("authkit_version", AUTHKIT_VERSION_STRING);
  register_sign_in();
  register_sessions();
  const bool listing = only_listing(argc, argv);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  // Fail before anything runs (seeding takes minutes) rather than in the middle of the run:
  // a postgres benchmark that is selected must not silently vanish for want of a database.
  if (!listing && !authkit_bench::postgres_url_set()) {
    const std::string filter = benchmark::GetBenchmarkFilter();
    for (const std::string& name : postgres_benchmarks()) {
      if (filter_selects(filter, name)) {
        authkit_bench::print_postgres_url_help();
        std::fprintf(stderr, "  (selected by --benchmark_filter: %s)\n", name.c_str());
        return 2;
      }
    }
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
