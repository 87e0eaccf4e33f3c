#include "server/reader_pool.h"

#include "errors.h"
#include "index/index_writer.h"

namespace hemicycle::server {

ReaderPool::Lease::~Lease() {
  if (database_) pool_->give_back(std::move(database_));
}

bool ReaderPool::Lease::reopen() {
  try {
    return database_->reopen();
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot reopen the index: " + e.get_description());
  }
}

ReaderPool::ReaderPool(std::vector<std::string> paths, const analysis::FrenchAnalyzer& analyzer)
    : paths_(std::move(paths)), analyzer_(analyzer) {
  idle_.push_back(std::make_unique<Xapian::Database>(index::open_for_reading(paths_, analyzer_)));
  opened_ = 1;
}

ReaderPool::Lease ReaderPool::borrow() {
  std::unique_ptr<Xapian::Database> database;
  {
    const std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      database = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (database) {
    Lease lease(*this, std::move(database));
    lease.reopen();
    return lease;
  }
  // Opened outside the lock: opening reads files and must not hold up the other threads.
  database = std::make_unique<Xapian::Database>(index::open_for_reading(paths_, analyzer_));
  {
    const std::lock_guard lock(mutex_);
    ++opened_;
  }
  return Lease(*this, std::move(database));
}

std::size_t ReaderPool::opened() const {
  const std::lock_guard lock(mutex_);
  return opened_;
}

void ReaderPool::give_back(std::unique_ptr<Xapian::Database> database) {
  const std::lock_guard lock(mutex_);
  idle_.push_back(std::move(database));
}

}  // namespace hemicycle::server
