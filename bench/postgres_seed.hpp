// The PostgreSQL side of authkit_bench_service: where the database is, one fresh schema per
// bench store, and a bulk path for seeding users that PostgresStore then reads like its own.
//
// The database comes from AUTHKIT_BENCH_POSTGRES_URL (scripts/bench-service.sh starts a
// throwaway cluster with scripts/pg-cluster.sh and sets it). Each schema is
// "authkit_bench_<pid>_<name>", created on first use and dropped at exit, so a run never sees
// another run's rows and leaves nothing behind in a database it was pointed at.
#pragma once

#include <cstddef>
#include <string>

namespace authkit_bench {

/// The environment variable naming the database of the postgres benchmarks.
inline constexpr const char* kPostgresUrlVariable = "AUTHKIT_BENCH_POSTGRES_URL";

/// Whether AUTHKIT_BENCH_POSTGRES_URL is set (and not empty).
[[nodiscard]] bool postgres_url_set();

/// Prints why the postgres benchmarks cannot run without AUTHKIT_BENCH_POSTGRES_URL and how to
/// set it, to standard error.
void print_postgres_url_help();

/// The conninfo of schema "authkit_bench_<pid>_<name>" (`name`: lowercase letters, digits and
/// '_'): AUTHKIT_BENCH_POSTGRES_URL with that schema as the search path. The schema is created
/// on the first call for `name` and dropped at exit. Without the variable, or when the schema
/// cannot be created, prints why and exits with status 2.
[[nodiscard]] std::string postgres_schema(const std::string& name);

/// Users "u<i>" ("user<i>@example.com", "User <i>", email verified, no image) for i < count,
/// each with a password credential holding `password_hash`: the rows PostgresStore::create_user
/// writes (an "account" row with providerId 'credential', accountId = userId and id
/// "credential:<userId>"), inserted by two INSERT ... SELECT generate_series statements in one
/// transaction. The schema must already be migrated (PostgresStore::open). Exits on error.
void postgres_bulk_users(const std::string& conninfo, std::size_t count,
                         const std::string& password_hash);

/// VACUUM (ANALYZE) of the tables the bench seeded, as autovacuum would eventually do: the
/// lookups then run on a settled table (hint bits set, statistics current), whatever the size.
void postgres_vacuum_analyze(const std::string& conninfo);

}  // namespace authkit_bench
