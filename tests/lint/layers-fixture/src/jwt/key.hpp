// Fixture: allowed includes only.
#pragma once

#include <authkit/result.hpp>

#include "crypto/sign.hpp"
