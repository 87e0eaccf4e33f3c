// Indexing benchmark: indexes the given inputs (by default ../shared/corpus/)
// into a fresh database and prints throughput, peak memory and index size.
//
//   build/bin/bench_index [--threads N] [--writers N] [--replicate N] [--batch N] [--no-spelling] [--no-pairs]
//                         [--keep DIR] [INPUT...]
//
// --replicate N indexes every document N times: as it is, then with the id
// suffixed "-R<k>" and its dates moved k × 5 years back, for k = 1 … N-1: a
// corpus N times larger, with the same vocabulary, to see how costs grow.
//
// With several writers (the default: one per core), the index is built in parts
// merged at the end, as hemicycle-index builds a new index; the time includes the merge.

#include <sys/resource.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>

#include "analysis/analyzer.h"
#include "document/input_stream.h"
#include "index/bulk_indexer.h"
#include "index/document_writer.h"
#include "index/index_writer.h"
#include "index/parallel_build.h"

namespace fs = std::filesystem;

namespace {

std::uintmax_t folder_size(const fs::path& folder) {
  std::uintmax_t total = 0;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file()) total += entry.file_size();
  }
  return total;
}

// Moves an ISO date (YYYY-MM-DD…) `years` back.
std::string years_back(const std::string& date, unsigned years) {
  if (date.size() < 4) return date;
  int year = 0;
  for (int i = 0; i < 4; ++i) {
    if (date[i] < '0' || date[i] > '9') return date;
    year = year * 10 + (date[i] - '0');
  }
  std::string moved = std::to_string(std::max(0, year - static_cast<int>(years)));
  return std::string(4 - std::min<std::size_t>(4, moved.size()), '0') + moved + date.substr(4);
}

// Copy number `copy` of a record: another id, dates moved back by 5 years a copy.
hemicycle::document::Record replica(const hemicycle::document::Record& record, unsigned copy) {
  hemicycle::document::Record moved = record;
  moved.id += "-R" + std::to_string(copy);
  for (std::string* date : {&moved.date_publication, &moved.date_reponse, &moved.date_retrait}) {
    *date = years_back(*date, 5 * copy);
  }
  return moved;
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Indexing benchmark: documents/s, MB/s, peak memory, index size", "bench_index"};
  std::vector<std::string> inputs;
  unsigned threads = 0;
  unsigned writers = 0;
  unsigned replicate = 1;
  std::uint32_t batch = hemicycle::index::WriterOptions{}.batch_size;
  bool no_spelling = false;
  bool no_pairs = false;
  std::string keep;
  app.add_option("inputs", inputs, "Inputs (default: ../shared/corpus next to the source tree)");
  app.add_option("--threads", threads, "Document-building threads (0: one per core)");
  app.add_option("--writers", writers, "Xapian writers (parts merged at the end; 0: one per core, 1: one database)");
  app.add_option("--replicate", replicate, "Index each document N times (new ids, dates moved back)")
      ->check(CLI::Range(1U, 1000U));
  app.add_option("--batch", batch, "Documents per commit");
  app.add_flag("--no-spelling", no_spelling, "Do not feed the spelling table");
  app.add_flag("--no-pairs", no_pairs, "Do not index the pairs of adjacent words");
  app.add_option("--keep", keep, "Write the database here and keep it (default: a temporary folder, removed)");
  CLI11_PARSE(app, argc, argv);
  if (inputs.empty()) inputs.push_back(HEMICYCLE_SOURCE_DIR "/../shared/corpus");

  const fs::path db =
      keep.empty() ? fs::temp_directory_path() / ("hemicycle-bench-" + std::to_string(getpid())) : fs::path(keep);
  fs::remove_all(db);
  try {
    const hemicycle::analysis::FrenchAnalyzer analyzer;
    hemicycle::index::WriterOptions writer_options;
    writer_options.batch_size = batch;
    writer_options.spelling = !no_spelling;
    writer_options.pairs = !no_pairs;
    if (writers == 0) writers = std::max(1U, std::thread::hardware_concurrency());
    std::unique_ptr<hemicycle::index::DocumentWriter> opened;
    if (writers > 1) {
      opened = std::make_unique<hemicycle::index::ParallelBuild>(db, analyzer, writers, writer_options);
    } else {
      opened = std::make_unique<hemicycle::index::IndexWriter>(db, analyzer, writer_options);
    }
    hemicycle::index::DocumentWriter& writer = *opened;

    std::vector<std::string> errors;
    const std::vector<std::string> files = hemicycle::document::expand_inputs(inputs, errors);
    hemicycle::document::ActorDirectory actors;
    std::vector<std::string> documents;
    std::uint64_t error_count = 0;
    auto on_error = [&error_count](const std::string&, const std::string&) { ++error_count; };
    for (const auto& file : files) {
      if (!hemicycle::document::Loader::load_if_reference_table(file, actors, on_error)) documents.push_back(file);
    }
    hemicycle::document::LoaderOptions loader_options;
    loader_options.actors = &actors;
    hemicycle::index::BulkOptions bulk_options;
    bulk_options.threads = threads;
    if (replicate > 1) {
      bulk_options.expand = [replicate](hemicycle::document::Record&& record, const auto& emit) {
        for (unsigned copy = 1; copy < replicate; ++copy) emit(replica(record, copy));
        emit(std::move(record));
      };
    }
    hemicycle::index::BulkIndexer bulk(writer, loader_options, bulk_options, on_error, nullptr);
    const auto stats = bulk.run(documents);
    opened.reset();
    const std::uintmax_t index_bytes = folder_size(db);

    std::printf("writers           %u%s\n", writers, writers > 1 ? " (parts merged at the end)" : "");
    std::printf("inputs            %zu files (%llu document files)\n", files.size(),
                static_cast<unsigned long long>(stats.files));
    std::printf("documents         %llu indexed, %llu rejected\n", static_cast<unsigned long long>(stats.documents),
                static_cast<unsigned long long>(stats.rejected));
    std::printf("input text        %.1f MB (decompressed)%s\n", stats.bytes / 1e6,
                replicate > 1 ? ", read and parsed once, indexed --replicate times" : "");
    std::printf("time              %.1f s\n", stats.seconds);
    std::printf("throughput        %.0f documents/s, %.2f MB/s\n", stats.documents / stats.seconds,
                stats.bytes / 1e6 / stats.seconds);
    std::printf("peak memory       %.0f MB (resident)\n", peak_rss_mb());
    std::printf("index size        %.1f MB (%.2f x the input)\n", index_bytes / 1e6,
                stats.bytes > 0 ? static_cast<double>(index_bytes) / static_cast<double>(stats.bytes) : 0.0);
  } catch (const std::exception& e) {
    std::cerr << "bench_index: " << e.what() << "\n";
    if (keep.empty()) fs::remove_all(db);
    return 1;
  }
  if (keep.empty()) fs::remove_all(db);
  return 0;
}
