#pragma once
// The one writer of an index: replaces documents by id, commits in batches,
// and records the analyzer that built the index.

#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "analysis/analyzer.h"
#include "document/record.h"
#include "index/document_builder.h"
#include "index/document_writer.h"

namespace hemicycle::index {

class IndexWriter final : public DocumentWriter {
 public:
  // Creates or opens the database at `path`. Throws IndexError when it is locked
  // by another writer, cannot be created, or was built by another analyzer.
  IndexWriter(const std::filesystem::path& path, const analysis::FrenchAnalyzer& analyzer, WriterOptions options = {});
  ~IndexWriter() override;
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;

  // Adds or replaces the document with the record's id; commits when a batch is full.
  void add(const document::Record& record);
  void add(BuiltDocument&& built) override;
  bool remove(const std::string& id) override;
  // Commits the batch, and its spelling words unless options().spelling_at_end.
  void commit() override;
  // Commits the batch and every spelling word not handed to Xapian yet.
  void finish() override;
  // Sets a metadata entry, written with the next commit.
  void set_metadata(const std::string& key, const std::string& value) { db_.set_metadata(key, value); }
  [[nodiscard]] std::string metadata(const std::string& key) const { return db_.get_metadata(key); }
  // True when a document with this id is in the database (added or not yet committed).
  [[nodiscard]] bool contains(const std::string& id_term) const { return db_.term_exists(id_term); }

  [[nodiscard]] const DocumentBuilder& builder() const noexcept override { return builder_; }
  [[nodiscard]] const WriterOptions& options() const noexcept override { return options_; }
  [[nodiscard]] std::uint64_t committed_batches() const noexcept { return batches_; }
  // Amendments read twice (exported text and open data) kept once.
  [[nodiscard]] std::uint64_t merged_amendments() const noexcept override { return merged_; }
  [[nodiscard]] Xapian::doccount document_count() const override { return db_.get_doccount(); }

 private:
  Xapian::WritableDatabase db_;
  DocumentBuilder builder_;
  WriterOptions options_;
  std::uint32_t pending_ = 0;
  std::unordered_map<std::string, Xapian::termcount> pending_spelling_;
  std::uint64_t batches_ = 0;
  std::uint64_t merged_ = 0;

  // Commits, with the pending spelling words when `with_spelling`.
  void commit(bool with_spelling);
  // Whether an official record of the same amendment is indexed, so that this
  // exported one is left out; an official one first deletes the exported ones.
  bool same_amendment_indexed(const BuiltDocument& built);
};

// Opens one or more databases (or stub files listing shards, or remote
// databases as Xapian stub lines) as one, for reading. Throws IndexError.
[[nodiscard]] Xapian::Database open_for_reading(const std::vector<std::string>& paths,
                                                const analysis::FrenchAnalyzer& analyzer);

// The stored record of `id`, or nullopt.
[[nodiscard]] std::optional<Xapian::Document> find_document(const Xapian::Database& db, const std::string& id);

// What a DatabaseLockError on `path` means: another writer holds the lock, or the
// lock file cannot be created or opened (a database the user cannot write).
[[nodiscard]] std::string lock_error_message(const std::filesystem::path& path, const Xapian::DatabaseLockError& error);

}  // namespace hemicycle::index
