// Fixture: the signature code reaching up into jwt (line 4).
#include "crypto/sign.hpp"

#include "jwt/key.hpp"
#include "util/hex.hpp"
