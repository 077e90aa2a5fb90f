# Library sources, owned by the core. Paths are relative to the project root.
set(AUTHKIT_PUBLIC_HEADERS
    include/authkit/authkit.hpp
    include/authkit/clock.hpp
    include/authkit/error.hpp
    include/authkit/result.hpp
    include/authkit/secret.hpp
    include/authkit/user.hpp
    include/authkit/jwt.hpp
    include/authkit/jwt/algorithm.hpp
    include/authkit/jwt/claims.hpp
    include/authkit/jwt/issuer.hpp
    include/authkit/jwt/jwk.hpp
    include/authkit/jwt/jwk_set.hpp
    include/authkit/jwt/simple.hpp
    include/authkit/jwt/unverified.hpp
    include/authkit/jwt/verifier.hpp
    include/authkit/password/hasher.hpp
    include/authkit/password/policy.hpp
    include/authkit/store/records.hpp
    include/authkit/store/user_store.hpp
    include/authkit/store/session_store.hpp
    include/authkit/store/verification_store.hpp
    include/authkit/store/rate_limit_store.hpp
    include/authkit/store/signing_key_store.hpp
    include/authkit/store/store.hpp
    include/authkit/store/memory_store.hpp
    include/authkit/store/sqlite_store.hpp
    include/authkit/store/postgres_store.hpp
    include/authkit/store/open_store.hpp
    include/authkit/auth.hpp
    include/authkit/mail.hpp
    include/authkit/mail_queue.hpp
    include/authkit/audit.hpp
    include/authkit/rate_limit.hpp
    include/authkit/auth_service.hpp
    include/authkit/http/handler.hpp)

set(AUTHKIT_SOURCES
    src/clock.cpp
    src/error.cpp
    src/secret.cpp
    src/crypto/aead.cpp
    src/crypto/base64url.cpp
    src/crypto/digest.cpp
    src/crypto/kdf.cpp
    src/crypto/key_material.cpp
    src/crypto/mac.cpp
    src/crypto/random.cpp
    src/crypto/signature.cpp
    src/json/strict_json.cpp
    src/json/json_writer.cpp
    src/jwt/algorithm.cpp
    src/jwt/claims.cpp
    src/jwt/issuer.cpp
    src/jwt/jwk.cpp
    src/jwt/jwk_import.cpp
    src/jwt/jwk_export.cpp
    src/jwt/jwk_set.cpp
    src/jwt/jws.cpp
    src/jwt/rsa_checks.cpp
    src/jwt/simple.cpp
    src/jwt/unverified.cpp
    src/jwt/verifier.cpp)

# Areas added with the account flows are globbed per directory, so that each area's files can
# be added without touching this list. CONFIGURE_DEPENDS re-globs when files appear.
file(GLOB _authkit_area_sources CONFIGURE_DEPENDS
     RELATIVE "${CMAKE_CURRENT_LIST_DIR}/.."
     "${CMAKE_CURRENT_LIST_DIR}/util/*.cpp"
     "${CMAKE_CURRENT_LIST_DIR}/password/*.cpp"
     "${CMAKE_CURRENT_LIST_DIR}/store/*.cpp"
     "${CMAKE_CURRENT_LIST_DIR}/store/memory/*.cpp"
     "${CMAKE_CURRENT_LIST_DIR}/store/sqlite/*.cpp"
     "${CMAKE_CURRENT_LIST_DIR}/store/postgres/*.cpp"
     "${CMAKE_CURRENT_LIST_DIR}/mail/*.cpp"
     "${CMAKE_CURRENT_LIST_DIR}/audit/*.cpp"
     "${CMAKE_CURRENT_LIST_DIR}/rate_limit/*.cpp"
     "${CMAKE_CURRENT_LIST_DIR}/service/*.cpp"
     "${CMAKE_CURRENT_LIST_DIR}/http/*.cpp"
     "${CMAKE_CURRENT_LIST_DIR}/auth/*.cpp")
list(APPEND AUTHKIT_SOURCES ${_authkit_area_sources})
