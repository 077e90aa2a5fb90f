// The PostgreSQL server the tests run against: a throwaway cluster made by
// scripts/pg-cluster.sh. Under ctest, the fixture test postgres.cluster.start made it before
// any test and AUTHKIT_TEST_POSTGRES_DIR names its directory; a test binary run by hand starts
// its own cluster on first use and removes it at exit. Each PostgresSchema is a fresh schema
// in it, so tests never see each other's rows.
//
// Nothing skips: without PostgreSQL the test fails and says how to get it.
#pragma once

#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>

#include <libpq-fe.h>

namespace authkit::test {

/// The test cluster's directory (scripts/pg-cluster.sh's DIR): the ctest fixture's, or one this
/// process starts on first use and removes at exit. FAILs the test when there is none and none
/// can be started.
inline std::string postgres_cluster_dir() {
  static std::mutex mutex;
  static std::string dir;
  // A cluster this process started, stopped at exit.
  struct OwnCluster {
    std::string dir;
    ~OwnCluster() {
      const std::string stop =
          "bash '" AUTHKIT_SOURCE_DIR "/scripts/pg-cluster.sh' stop '" + dir + "' >/dev/null 2>&1";
      (void)std::system(stop.c_str());
    }
  };
  static std::unique_ptr<OwnCluster> own;
  const std::lock_guard lock(mutex);
  if (!dir.empty()) return dir;
  if (const char* fixture = std::getenv("AUTHKIT_TEST_POSTGRES_DIR"); fixture && *fixture) {
    dir = fixture;
    return dir;
  }
  own = std::make_unique<OwnCluster>();
  own->dir = (std::filesystem::temp_directory_path() / ("authkit-pg-" + std::to_string(::getpid())))
                 .string();
  const std::string start =
      "bash '" AUTHKIT_SOURCE_DIR "/scripts/pg-cluster.sh' start '" + own->dir + "' >/dev/null";
  if (std::system(start.c_str()) != 0) {
    FAIL(
        "could not start a PostgreSQL test cluster (scripts/pg-cluster.sh start). Fix: "
        "bash scripts/install-deps.sh postgres (Debian's postgresql)");
  }
  dir = own->dir;
  return dir;
}

/// "postgresql://postgres@127.0.0.1:PORT/authkit" of the test cluster; FAILs the test when
/// there is none and none can be started.
inline std::string postgres_url() {
  const std::string dir = postgres_cluster_dir();
  std::ifstream port_file(dir + "/port");
  std::string port;
  if (!(port_file >> port)) {
    FAIL("no PostgreSQL test cluster in " + dir +
         " (the ctest fixture postgres.cluster.start failed: see its output). Fix: bash "
         "scripts/install-deps.sh postgres (Debian's postgresql)");
  }
  return "postgresql://postgres@127.0.0.1:" + port + "/authkit";
}

/// The CA that issued the test cluster's TLS certificate (for IP 127.0.0.1 only).
inline std::string postgres_ca_file() { return postgres_cluster_dir() + "/tls/ca.pem"; }

/// Runs one SQL command on the test cluster; FAILs on error.
inline void postgres_exec(const std::string& sql) {
  PGconn* conn = PQconnectdb(postgres_url().c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    const std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    FAIL("cannot connect to the PostgreSQL test cluster: " + message);
  }
  PGresult* result = PQexec(conn, sql.c_str());
  const auto status = PQresultStatus(result);
  const std::string message = PQresultErrorMessage(result);
  PQclear(result);
  PQfinish(conn);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) FAIL(sql + ": " + message);
}

/// A fresh schema in the test cluster, dropped (with everything in it) on destruction.
/// conninfo() connects with it as the search path, so unqualified table names land in it.
class PostgresSchema {
 public:
  PostgresSchema() {
    static std::atomic<unsigned> counter{0};
    name_ = "t" + std::to_string(::getpid()) + "_" + std::to_string(counter.fetch_add(1));
    postgres_exec("CREATE SCHEMA " + name_);
  }
  ~PostgresSchema() {
    PGconn* conn = PQconnectdb(postgres_url().c_str());
    if (PQstatus(conn) == CONNECTION_OK) {
      PQclear(PQexec(conn, ("DROP SCHEMA IF EXISTS " + name_ + " CASCADE").c_str()));
    }
    PQfinish(conn);
  }
  PostgresSchema(const PostgresSchema&) = delete;
  PostgresSchema& operator=(const PostgresSchema&) = delete;

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  /// The cluster's URL with this schema as the search path.
  [[nodiscard]] std::string conninfo() const {
    return postgres_url() + "?options=-csearch_path%3D" + name_;
  }

 private:
  std::string name_;
};

}  // namespace authkit::test
