// Fixture: a public jwt header leaning on the store (line 4).
#pragma once

#include <authkit/store/store.hpp>
