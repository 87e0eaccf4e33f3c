#pragma once
// A new database built on several cores: Xapian allows one writer per
// database, so the documents are written into N part databases at once (one
// writer thread each, see BulkIndexer) and the parts are merged into the
// database by Xapian's compaction when the run ends.
//
// The parts live in DIR/.parts/ while the run lasts. The database DIR itself is
// created empty and its write lock held from the start, so no other indexer
// writes to it meanwhile; readers see it empty until the merge puts the whole
// index in its place. A run stopped by an exception leaves DIR empty and
// removes the parts; a killed run leaves DIR empty and the next run removes
// the stale parts.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "analysis/analyzer.h"
#include "index/document_writer.h"
#include "index/index_writer.h"

namespace hemicycle::index {

// The folder of the parts of a build into `db`.
[[nodiscard]] std::filesystem::path parts_folder(const std::filesystem::path& db);

// Removes the parts left by a killed build into `db`. Call it only while
// holding the write lock of `db`, as then no build into it is running.
void remove_stale_parts(const std::filesystem::path& db);

// True when `db` does not exist yet or is a database without documents: the
// case ParallelBuild is for (an existing index is updated in place).
[[nodiscard]] bool is_new_database(const std::filesystem::path& db);

class ParallelBuild final : public DocumentWriter {
 public:
  // Creates (or opens, empty) the database at `db` and `parts` part databases.
  // Throws IndexError when `db` is locked, holds documents, or cannot be created.
  ParallelBuild(const std::filesystem::path& db, const analysis::FrenchAnalyzer& analyzer, std::size_t parts,
                WriterOptions options = {});
  ~ParallelBuild() override;
  ParallelBuild(const ParallelBuild&) = delete;
  ParallelBuild& operator=(const ParallelBuild&) = delete;

  void add(BuiltDocument&& built) override;
  bool remove(const std::string& id) override;
  void commit() override;
  // Commits the parts and merges them into the database (compacted). Further
  // writes throw IndexError.
  void finish() override;

  [[nodiscard]] std::size_t part_count() const noexcept override { return parts_.size(); }
  [[nodiscard]] std::size_t part_of(const BuiltDocument& built) const override;
  [[nodiscard]] DocumentWriter& part(std::size_t index) override;

  [[nodiscard]] const DocumentBuilder& builder() const noexcept override { return builder_; }
  [[nodiscard]] const WriterOptions& options() const noexcept override { return options_; }
  [[nodiscard]] Xapian::doccount document_count() const override;
  [[nodiscard]] std::uint64_t merged_amendments() const noexcept override {
    std::uint64_t merged = merged_amendments_;  // of the parts merged at finish()
    for (const auto& part : parts_) merged += part->merged_amendments();
    return merged;
  }

 private:
  [[nodiscard]] std::filesystem::path part_path(std::size_t index) const {
    return parts_dir_ / ("p" + std::to_string(index));
  }

  std::filesystem::path db_;
  std::filesystem::path parts_dir_;
  const analysis::FrenchAnalyzer& analyzer_;
  WriterOptions options_;
  DocumentBuilder builder_;
  std::unique_ptr<IndexWriter> target_;  // holds the lock of db_ until the merge
  std::vector<std::unique_ptr<IndexWriter>> parts_;
  std::uint64_t merged_amendments_ = 0;
  bool finished_ = false;
  Xapian::doccount merged_count_ = 0;
};

}  // namespace hemicycle::index
