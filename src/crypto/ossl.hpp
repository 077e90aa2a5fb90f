// Private: RAII owners for OpenSSL objects and the error-queue drain.
#pragma once

#include <authkit/error.hpp>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <memory>
#include <string>

namespace authkit::ossl {

template <class T>
struct Deleter;
template <>
struct Deleter<EVP_PKEY> {
  void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
template <>
struct Deleter<EVP_PKEY_CTX> {
  void operator()(EVP_PKEY_CTX* p) const noexcept { EVP_PKEY_CTX_free(p); }
};
template <>
struct Deleter<EVP_MD_CTX> {
  void operator()(EVP_MD_CTX* p) const noexcept { EVP_MD_CTX_free(p); }
};
template <>
struct Deleter<EVP_MAC> {
  void operator()(EVP_MAC* p) const noexcept { EVP_MAC_free(p); }
};
template <>
struct Deleter<EVP_MAC_CTX> {
  void operator()(EVP_MAC_CTX* p) const noexcept { EVP_MAC_CTX_free(p); }
};
template <>
struct Deleter<BIGNUM> {
  void operator()(BIGNUM* p) const noexcept { BN_clear_free(p); }
};
template <>
struct Deleter<BN_CTX> {
  void operator()(BN_CTX* p) const noexcept { BN_CTX_free(p); }
};
template <>
struct Deleter<BIO> {
  void operator()(BIO* p) const noexcept { BIO_free_all(p); }
};
template <>
struct Deleter<OSSL_PARAM_BLD> {
  void operator()(OSSL_PARAM_BLD* p) const noexcept { OSSL_PARAM_BLD_free(p); }
};
template <>
struct Deleter<OSSL_PARAM> {
  void operator()(OSSL_PARAM* p) const noexcept { OSSL_PARAM_free(p); }
};
template <>
struct Deleter<ECDSA_SIG> {
  void operator()(ECDSA_SIG* p) const noexcept { ECDSA_SIG_free(p); }
};
template <>
struct Deleter<EC_GROUP> {
  void operator()(EC_GROUP* p) const noexcept { EC_GROUP_free(p); }
};
template <>
struct Deleter<EC_POINT> {
  void operator()(EC_POINT* p) const noexcept { EC_POINT_free(p); }
};

/// Owning pointer to an OpenSSL object.
template <class T>
using Ptr = std::unique_ptr<T, Deleter<T>>;

/// Drains OpenSSL's thread-local error queue into a log-only detail string, so stale errors
/// never leak into a later, unrelated call.
inline std::string drain_errors() {
  std::string out;
  char buf[256];
  unsigned long e;
  while ((e = ERR_get_error()) != 0) {
    ERR_error_string_n(e, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out;
}

/// A CRYPTO_FAILURE error whose detail names `what` and the drained OpenSSL queue.
inline Error failure(const char* what) {
  std::string detail = what;
  std::string queue = drain_errors();
  if (!queue.empty()) detail += ": " + queue;
  return Error(Errc::crypto_failure, {}, std::move(detail));
}

}  // namespace authkit::ossl
