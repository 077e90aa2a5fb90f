#include <authkit/store/memory_store.hpp>

#include "store/memory/memory_impl.hpp"

namespace authkit {

InMemoryStore::InMemoryStore() : impl_(std::make_unique<Impl>()) {}

InMemoryStore::~InMemoryStore() = default;

std::shared_ptr<InMemoryStore> InMemoryStore::create() { return std::make_shared<InMemoryStore>(); }

Result<void> InMemoryStore::ping() { return {}; }

}  // namespace authkit
