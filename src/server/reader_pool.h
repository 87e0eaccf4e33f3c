#pragma once
// Xapian::Database objects are not thread-safe, so every request borrows a
// database of its own from this pool and gives it back when done. A borrowed
// database is reopened first: an index that hemicycle-index updated or rebuilt
// meanwhile is seen by the next request, without restarting the server.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <xapian.h>

#include "analysis/analyzer.h"

namespace hemicycle::server {

class ReaderPool {
 public:
  class Lease {
   public:
    Lease(ReaderPool& pool, std::unique_ptr<Xapian::Database> database) noexcept
        : pool_(&pool), database_(std::move(database)) {}
    ~Lease();
    Lease(Lease&& other) noexcept = default;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;

    [[nodiscard]] Xapian::Database& database() noexcept { return *database_; }
    // Moves to the latest committed revision; true when it changed. Throws IndexError.
    bool reopen();

   private:
    ReaderPool* pool_;
    std::unique_ptr<Xapian::Database> database_;
  };

  // Opens the databases once to check them. Throws IndexError when one cannot be
  // opened or was built by another analyzer.
  ReaderPool(std::vector<std::string> paths, const analysis::FrenchAnalyzer& analyzer);

  // A database for this thread alone, at the latest revision. Throws IndexError.
  [[nodiscard]] Lease borrow();

  // Databases opened so far: at most the number of requests ever served at once.
  [[nodiscard]] std::size_t opened() const;

 private:
  void give_back(std::unique_ptr<Xapian::Database> database);

  const std::vector<std::string> paths_;
  const analysis::FrenchAnalyzer& analyzer_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Xapian::Database>> idle_;
  std::size_t opened_ = 0;
};

}  // namespace hemicycle::server
