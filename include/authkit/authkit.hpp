// authkit/authkit.hpp: the umbrella header.
//
// Thread safety: see the individual headers.
#pragma once

#include <authkit/clock.hpp>
#include <authkit/error.hpp>
#include <authkit/jwt.hpp>
#include <authkit/result.hpp>
#include <authkit/secret.hpp>
#include <authkit/user.hpp>
#include <authkit/version.hpp>
