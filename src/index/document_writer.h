#pragma once
// What the bulk indexer writes to: one database (IndexWriter), a set of shards
// (ShardedWriter) or a new database built in parts (ParallelBuild), each
// replacing documents by id.

#include <cstddef>
#include <cstdint>
#include <string>

#include <xapian.h>

#include "index/document_builder.h"

namespace hemicycle::index {

struct WriterOptions {
  // Documents per commit. Xapian keeps a batch in memory. On the corpus, with the
  // pairs of every two words (layout 10), 1,000 took 84 s and 430 MB at most, 1,500
  // 89 s and 506 MB, 500 90 s and 343 MB (small batches stay in the caches, but each
  // commit has its fixed cost); without the pairs, 3,000 was faster than 10,000; with
  // the pairs of frequent words (layout 11), 1,000 took 73 s and 340 MB, 2,000 71.5 s
  // and 426 MB, 500 78 s and 284 MB.
  std::uint32_t batch_size = 1000;
  bool spelling = true;  // feed the spelling table (query suggestions)
  bool pairs = true;     // index the pairs of adjacent words (faster phrases, slower indexing)
  // Whether a commit waits for the disk (fsync). A part of a ParallelBuild does not:
  // it is dropped if the run stops before its merge, whose result is synced.
  bool durable = true;
  // Whether the spelling words of the documents are handed to Xapian once, at
  // finish(), rather than at every commit. Xapian merges each commit's words into
  // the spelling table's lists of words by fragment, read and written again
  // whole: fed at every commit, the corpus's spelling took a sixth of its
  // indexing time. A part of a ParallelBuild, searched only once merged, does so.
  bool spelling_at_end = false;
};

class DocumentWriter {
 public:
  virtual ~DocumentWriter() = default;

  // Adds or replaces the document with this id; commits when a batch is full.
  virtual void add(BuiltDocument&& built) = 0;
  // Removes a document; false when there is none with this id.
  virtual bool remove(const std::string& id) = 0;
  // Makes everything added so far durable.
  virtual void commit() = 0;
  // The end of a run: commits, and completes the index (a ParallelBuild merges its parts).
  virtual void finish() { commit(); }

  // A writer made of independent databases can be written on one thread per part:
  // every document goes to part(part_of(document)), always the same part for one id.
  [[nodiscard]] virtual std::size_t part_count() const noexcept { return 1; }
  [[nodiscard]] virtual std::size_t part_of(const BuiltDocument& /*built*/) const { return 0; }
  [[nodiscard]] virtual DocumentWriter& part(std::size_t /*index*/) { return *this; }

  [[nodiscard]] virtual const DocumentBuilder& builder() const noexcept = 0;
  [[nodiscard]] virtual const WriterOptions& options() const noexcept = 0;
  [[nodiscard]] virtual Xapian::doccount document_count() const = 0;
  // Amendments read twice (exported text and open data) and kept once, so far.
  [[nodiscard]] virtual std::uint64_t merged_amendments() const noexcept = 0;
};

}  // namespace hemicycle::index
