#include <authkit/store/memory_store.hpp>

#include "store/memory/memory_data.hpp"

namespace authkit {

InMemoryStore::InMemoryStore() : data_(std::make_unique<Data>()) {}

InMemoryStore::~InMemoryStore() = default;

std::shared_ptr<InMemoryStore> InMemoryStore::create() { return std::make_shared<InMemoryStore>(); }

Result<void> InMemoryStore::ping() { return {}; }

}  // namespace authkit
