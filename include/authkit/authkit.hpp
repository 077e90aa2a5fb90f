// authkit/authkit.hpp: the umbrella header.
//
// Thread safety: see the individual headers.
#pragma once

#include <authkit/audit.hpp>
#include <authkit/auth.hpp>
#include <authkit/auth_service.hpp>
#include <authkit/clock.hpp>
#include <authkit/error.hpp>
#include <authkit/http/handler.hpp>
#include <authkit/jwt.hpp>
#include <authkit/mail.hpp>
#include <authkit/mail_queue.hpp>
#include <authkit/password/hasher.hpp>
#include <authkit/password/policy.hpp>
#include <authkit/rate_limit.hpp>
#include <authkit/result.hpp>
#include <authkit/secret.hpp>
#include <authkit/store/memory_store.hpp>
#include <authkit/store/open_store.hpp>
#include <authkit/store/postgres_store.hpp>
#include <authkit/store/sqlite_store.hpp>
#include <authkit/store/store.hpp>
#include <authkit/user.hpp>
#include <authkit/version.hpp>
