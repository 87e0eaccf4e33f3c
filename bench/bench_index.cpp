// Indexing benchmark: indexes the given inputs (by default ../shared/corpus/)
// into a fresh database and prints throughput, peak memory and index size.
//
//   build/bin/bench_index [--threads N] [--batch N] [--no-spelling] [--keep DIR] [INPUT...]

#include <sys/resource.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "analysis/analyzer.h"
#include "document/input_stream.h"
#include "index/bulk_indexer.h"
#include "index/index_writer.h"

namespace fs = std::filesystem;

namespace {

std::uintmax_t folder_size(const fs::path& folder) {
  std::uintmax_t total = 0;
  for (const auto& entry : fs::recursive_directory_iterator(folder)) {
    if (entry.is_regular_file()) total += entry.file_size();
  }
  return total;
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
  std::uint32_t batch = 10000;
  bool no_spelling = false;
  std::string keep;
  app.add_option("inputs", inputs, "Inputs (default: ../shared/corpus next to the source tree)");
  app.add_option("--threads", threads, "Document-building threads (0: one per core)");
  app.add_option("--batch", batch, "Documents per commit");
  app.add_flag("--no-spelling", no_spelling, "Do not feed the spelling table");
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
    hemicycle::index::IndexWriter writer(db, analyzer, writer_options);

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
    hemicycle::index::BulkIndexer bulk(writer, loader_options, bulk_options, on_error, nullptr);
    const auto stats = bulk.run(documents);
    const std::uintmax_t index_bytes = folder_size(db);

    std::printf("inputs            %zu files (%llu document files)\n", files.size(),
                static_cast<unsigned long long>(stats.files));
    std::printf("documents         %llu indexed, %llu rejected\n", static_cast<unsigned long long>(stats.documents),
                static_cast<unsigned long long>(stats.rejected));
    std::printf("input text        %.1f MB (decompressed)\n", stats.bytes / 1e6);
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
