// Fixture: a directory the layer table does not know (line 2).
#include "util/hex.hpp"
