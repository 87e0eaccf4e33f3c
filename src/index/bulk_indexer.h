#pragma once
// Bulk indexing of input files: one thread reads and parses, worker threads
// analyse and build documents, and the calling thread writes them; a writer of
// several parts (hash shards, a ParallelBuild) gets one writing thread per part,
// each the one writer of its database. Documents reach each database in input
// order, so a later version of an id wins.

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "document/loader.h"
#include "index/document_writer.h"

namespace hemicycle::index {

struct BulkStats {
  std::uint64_t files = 0;
  std::uint64_t documents = 0;  // written to the index
  std::uint64_t rejected = 0;   // inputs or items that gave no document
  std::uint64_t bytes = 0;      // decompressed input bytes read
  double seconds = 0;
  bool interrupted = false;
};

struct BulkOptions {
  unsigned threads = 0;                     // document builders; 0 = one per core
  std::size_t chunk_size = 256;             // records handed to a builder at once
  const std::atomic<bool>* stop = nullptr;  // set from a signal handler to stop early
  // Called on the reading thread for each parsed record instead of indexing it:
  // the records it emits are indexed (benchmarks make larger corpora this way).
  std::function<void(document::Record&&, const std::function<void(document::Record&&)>& emit)> expand;
};

class BulkIndexer {
 public:
  using ErrorSink = document::Loader::ErrorSink;  // called from the reading thread
  // Called on the writing thread after each chunk: documents so far, current file.
  using ProgressSink = std::function<void(const BulkStats&, const std::string& file)>;

  BulkIndexer(DocumentWriter& writer, document::LoaderOptions loader_options, BulkOptions options, ErrorSink on_error,
              ProgressSink on_progress);

  // Indexes `files` (already expanded) and finishes the writer (commits, and
  // merges the parts of a ParallelBuild). Throws IndexError when the
  // index cannot be written; bad inputs are reported and skipped.
  BulkStats run(const std::vector<std::string>& files);

 private:
  DocumentWriter& writer_;
  document::LoaderOptions loader_options_;
  BulkOptions options_;
  ErrorSink on_error_;
  ProgressSink on_progress_;
};

}  // namespace hemicycle::index
