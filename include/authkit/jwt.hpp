// authkit/jwt.hpp: everything JOSE in one include.
//
// Thread safety: see the individual headers; keys, key sets, issuers and verifiers are
// immutable and safe to share.
#pragma once

#include <authkit/jwt/algorithm.hpp>
#include <authkit/jwt/claims.hpp>
#include <authkit/jwt/issuer.hpp>
#include <authkit/jwt/jwk.hpp>
#include <authkit/jwt/jwk_set.hpp>
#include <authkit/jwt/simple.hpp>
#include <authkit/jwt/unverified.hpp>
#include <authkit/jwt/verifier.hpp>
