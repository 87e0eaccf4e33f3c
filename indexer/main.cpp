// hemicycle-index: reads French parliamentary documents and writes a Xapian index.

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "analysis/analyzer.h"
#include "document/input_stream.h"
#include "document/loader.h"
#include "document/official_url.h"
#include "errors.h"
#include "index/bulk_indexer.h"
#include "index/compaction.h"
#include "index/index_writer.h"
#include "index/parallel_build.h"
#include "index/schema.h"
#include "index/shards.h"
#include "index/stored_record.h"
#include "program/program.h"

namespace {

using namespace hemicycle;
using Clock = std::chrono::steady_clock;

std::atomic<bool> g_interrupted{false};
std::mutex g_output;  // progress and error lines come from two threads

extern "C" void on_signal(int) { g_interrupted = true; }

// Parts of a new index written at once; more would cost memory for little gain.
constexpr unsigned kMaxWriters = 8;

using program::kIndexFailure;
using program::kInputErrors;
using program::kInterrupted;
using program::kOk;
using program::kUsage;

struct Settings {
  std::string db;
  std::vector<std::string> inputs;
  std::string format = "auto";
  std::string mapping_file;
  std::vector<std::string> constants;
  std::vector<std::string> actor_files;
  std::vector<std::string> organ_files;
  std::vector<std::string> deletions;
  std::string show_id;
  bool show_terms = false;
  std::uint32_t batch_size = hemicycle::index::WriterOptions{}.batch_size;
  unsigned threads = 0;
  unsigned writers = 0;  // 0: one per core (up to kMaxWriters) for a new index
  bool spelling = true;
  bool pairs = true;
  bool quiet = false;
  bool compact = false;
  std::string shard_by;  // "", "legislature" or "hash"
  unsigned shards = 0;   // with hash
};

// Progress on a terminal, at most a few times a second.
class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled), start_(Clock::now()), last_(start_) {}

  void update(std::uint64_t documents, std::uint64_t errors, const std::string& file) {
    if (!enabled_) return;
    const auto now = Clock::now();
    if (now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    std::string name = file.size() > 50 ? "…" + file.substr(file.size() - 49) : file;
    std::fprintf(stderr, "\r\033[K%llu documents, %.0f/s, %llu errors — %s", static_cast<unsigned long long>(documents),
                 seconds > 0 ? documents / seconds : 0.0, static_cast<unsigned long long>(errors), name.c_str());
    shown_ = true;
  }
  void clear() {
    if (shown_) std::fprintf(stderr, "\r\033[K");
    shown_ = false;
  }

 private:
  bool enabled_;
  bool shown_ = false;
  Clock::time_point start_;
  Clock::time_point last_;
};

document::FieldMapping read_mapping(const Settings& settings) {
  document::FieldMapping mapping;
  if (!settings.mapping_file.empty()) {
    std::ifstream in(settings.mapping_file);
    if (!in) throw ConfigError(settings.mapping_file + ": cannot open the field mapping");
    const nlohmann::json json = nlohmann::json::parse(in, nullptr, false);
    if (json.is_discarded()) throw ConfigError(settings.mapping_file + ": the field mapping is not valid JSON");
    mapping = document::FieldMapping::from_json(json);
  }
  for (const std::string& assignment : settings.constants) {
    const std::size_t eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw ConfigError("--set expects KEY=VALUE, got '" + assignment + "'");
    }
    if (document::find_invalid_utf8(assignment)) {
      throw ConfigError("--set " + document::escape_invalid_utf8(assignment) +
                        ": not UTF-8 (the invalid bytes are shown as \\xHH); give the value in UTF-8");
    }
    mapping.constants[assignment.substr(0, eq)] = assignment.substr(eq + 1);
  }
  return mapping;
}

int show_document(const Settings& settings, const analysis::FrenchAnalyzer& analyzer) {
  const Xapian::Database db = index::open_for_reading({settings.db}, analyzer);
  const auto doc = index::find_document(db, settings.show_id);
  if (!doc) {
    std::cerr << "hemicycle-index: no document with id '" << settings.show_id << "' in " << settings.db << "\n";
    return kInputErrors;
  }
  nlohmann::ordered_json record;
  try {
    record = index::decode_stored_record(index::stored_record_bytes(*doc));
  } catch (const IndexError&) {
    throw IndexError("the stored record of '" + settings.show_id + "' in " + settings.db +
                     " is not JSON or is cut short: the index is damaged; index the sources again");
  }
  document::add_official_url(record);
  if (settings.show_terms) {
    nlohmann::ordered_json terms = nlohmann::ordered_json::array();
    for (auto it = doc->termlist_begin(); it != doc->termlist_end(); ++it) {
      nlohmann::ordered_json term = {{"term", *it}, {"wdf", it.get_wdf()}};
      if (it.positionlist_count() > 0) {
        std::vector<Xapian::termpos> positions(it.positionlist_begin(), it.positionlist_end());
        term["positions"] = positions;
      }
      terms.push_back(std::move(term));
    }
    record["terms"] = std::move(terms);
  }
  std::cout << record.dump(2) << "\n";
  return kOk;
}

// The shard layout asked for on the command line; nullopt without --shard-by.
std::optional<index::ShardLayout> requested_layout(const Settings& settings) {
  if (settings.shard_by.empty()) {
    if (settings.shards > 0) throw ConfigError("--shards needs --shard-by hash");
    return std::nullopt;
  }
  if (settings.shard_by == "hash") {
    if (settings.shards == 0) throw ConfigError("--shard-by hash needs --shards N");
    return index::ShardLayout{index::ShardScheme::Hash, settings.shards};
  }
  if (settings.shards > 0)
    throw ConfigError("--shards goes with --shard-by hash; législature shards are one per législature");
  return index::ShardLayout{index::ShardScheme::Legislature, 0};
}

// Writers for a new index: --writers, or one per core.
unsigned writer_count(const Settings& settings) {
  if (settings.writers > 0) return settings.writers;
  return std::clamp(std::thread::hardware_concurrency(), 1U, kMaxWriters);
}

// One database, or a sharded index when asked for or when --db already is one.
// A new database with inputs to index is built in parts on several writers and merged.
std::unique_ptr<index::DocumentWriter> open_writer(const Settings& settings, const analysis::FrenchAnalyzer& analyzer) {
  index::WriterOptions writer_options;
  writer_options.batch_size = settings.batch_size;
  writer_options.spelling = settings.spelling;
  writer_options.pairs = settings.pairs;
  const std::optional<index::ShardLayout> layout = requested_layout(settings);
  if (layout || index::is_sharded(settings.db)) {
    return std::make_unique<index::ShardedWriter>(settings.db, analyzer, layout, writer_options);
  }
  const unsigned writers = writer_count(settings);
  if (writers > 1 && !settings.inputs.empty() && index::is_new_database(settings.db)) {
    return std::make_unique<index::ParallelBuild>(settings.db, analyzer, writers, writer_options);
  }
  if (settings.writers > 1 && !settings.quiet) {
    std::cerr << "hemicycle-index: " << settings.db << " holds documents: it is updated by one writer\n";
  }
  auto writer = std::make_unique<index::IndexWriter>(settings.db, analyzer, writer_options);
  index::remove_stale_parts(settings.db);  // left by a killed parallel build; the lock is ours
  return writer;
}

int compact(const Settings& settings) {
  const index::CompactionResult result = index::compact_in_place(settings.db);
  if (!settings.quiet) {
    std::fprintf(stderr, "Compacted %u database%s: %.1f MB → %.1f MB.\n", result.databases,
                 result.databases > 1 ? "s" : "", result.bytes_before / 1e6, result.bytes_after / 1e6);
  }
  return kOk;
}

int run_indexer(const Settings& settings, const analysis::FrenchAnalyzer& analyzer) {
  std::unique_ptr<index::DocumentWriter> opened = open_writer(settings, analyzer);
  index::DocumentWriter& writer = *opened;

  std::atomic<std::uint64_t> errors{0};
  const bool terminal = isatty(STDERR_FILENO) != 0;
  auto report = [&errors, terminal](const std::string& where, const std::string& what) {
    ++errors;
    const std::lock_guard lock(g_output);
    std::cerr << (terminal ? "\r\033[K" : "") << where << ": " << what << "\n";
  };

  std::uint64_t deleted = 0;
  for (const std::string& id : settings.deletions) {
    if (writer.remove(id)) {
      ++deleted;
    } else {
      report(id, "no such document to delete");
    }
  }

  std::vector<std::string> expand_errors;
  const std::vector<std::string> files = document::expand_inputs(settings.inputs, expand_errors);
  for (const std::string& e : expand_errors) report(e, "skipped");

  document::ActorDirectory actors;
  std::vector<std::string> documents;
  for (const std::string& file : settings.actor_files) {
    if (!document::Loader::load_if_reference_table(file, actors, report)) report(file, "not an acteurs table");
  }
  for (const std::string& file : settings.organ_files) {
    if (!document::Loader::load_if_reference_table(file, actors, report)) report(file, "not an organes table");
  }
  // Reference tables found among the inputs are loaded first, whatever their order.
  for (const std::string& file : files) {
    if (file == "-" || !document::Loader::load_if_reference_table(file, actors, report)) documents.push_back(file);
  }
  const bool have_actors = actors.acteur_count() + actors.organe_count() > 0;
  if (have_actors && !settings.quiet) {
    std::cerr << "Reference tables: " << actors.acteur_count() << " acteurs, " << actors.organe_count() << " organes\n";
  }

  document::LoaderOptions loader_options;
  loader_options.format = document::parse_input_format(settings.format);
  loader_options.mapping = read_mapping(settings);
  loader_options.actors = have_actors ? &actors : nullptr;
  loader_options.on_warning = [terminal](const std::string& where, const std::string& what) {
    const std::lock_guard lock(g_output);
    std::cerr << (terminal ? "\r\033[K" : "") << where << ": warning: " << what << "\n";
  };

  Progress progress(!settings.quiet && isatty(STDERR_FILENO));
  index::BulkOptions bulk_options;
  bulk_options.threads = settings.threads;
  bulk_options.stop = &g_interrupted;
  index::BulkIndexer bulk(writer, loader_options, bulk_options, report,
                          [&](const index::BulkStats& so_far, const std::string& file) {
                            const std::lock_guard lock(g_output);
                            progress.update(so_far.documents, errors, file);
                          });
  const index::BulkStats stats = bulk.run(documents);
  {
    const std::lock_guard lock(g_output);
    progress.clear();
  }
  if (!settings.quiet) {
    std::fprintf(stderr,
                 "%s %llu documents from %llu files in %.1f s (%.0f documents/s, %.1f MB/s); "
                 "%llu rejected, %llu deleted; the index holds %u documents.\n",
                 stats.interrupted ? "Interrupted after" : "Indexed", static_cast<unsigned long long>(stats.documents),
                 static_cast<unsigned long long>(stats.files), stats.seconds,
                 stats.seconds > 0 ? stats.documents / stats.seconds : 0.0,
                 stats.seconds > 0 ? stats.bytes / stats.seconds / 1e6 : 0.0,
                 static_cast<unsigned long long>(stats.rejected + expand_errors.size()),
                 static_cast<unsigned long long>(deleted), writer.document_count());
    if (const auto* sharded = dynamic_cast<const index::ShardedWriter*>(&writer)) {
      std::string counts;
      for (const auto& [name, held] : sharded->shard_counts()) {
        counts += (counts.empty() ? "" : ", ") + name + " " + std::to_string(held);
      }
      std::fprintf(stderr, "Shards (%s): %s.\n", sharded->layout().to_string().c_str(), counts.c_str());
    }
    if (const std::uint64_t merged = writer.merged_amendments(); merged > 0) {
      std::fprintf(stderr,
                   "%llu amendments were read both from exported text and from the open data: each is indexed "
                   "once, as the open data has it.\n",
                   static_cast<unsigned long long>(merged));
    }
  }
  opened.reset();  // commits and releases the write locks, which compaction takes
  if (settings.compact && !g_interrupted) compact(settings);
  if (g_interrupted) return kInterrupted;
  return errors > 0 ? kInputErrors : kOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "hemicycle-index: index French parliamentary documents (questions, answers, amendments, press releases)\n"
      "into a Xapian database. Reads exported text (plain, Markdown, PDF-extracted), the Assemblée\n"
      "nationale's open-data JSON (one object per file or JSON Lines, .zst/.gz accepted) and flat\n"
      "JSON Lines/CSV exports read through a field mapping.",
      "hemicycle-index"};
  program::use_common_layout(app);
  Settings settings;
  app.add_option("--db", settings.db, "Database folder (created if missing)")->required();
  app.add_option("inputs", settings.inputs, "Files, folders (read recursively) or - for standard input");
  app.add_option("--format", settings.format, "Input format: auto, question, amendement, communique, json, csv")
      ->default_val("auto")
      ->check(CLI::IsMember({"auto", "question", "amendement", "amendment", "communique", "json", "jsonl", "csv"}));
  app.add_option("--mapping", settings.mapping_file,
                 "Field mapping for flat JSON/CSV exports: {\"columns\": {KEY: SOURCE}, \"constants\": {KEY: VALUE}}")
      ->check(CLI::ExistingFile);
  app.add_option("--set", settings.constants, "Set a record key for every flat record, e.g. --set type=QOSD")
      ->allow_extra_args(false);
  app.add_option("--actors", settings.actor_files, "AMO acteurs table (JSON Lines) to resolve PA… references")
      ->check(CLI::ExistingFile)
      ->allow_extra_args(false);
  app.add_option("--organs", settings.organ_files, "AMO organes table (JSON Lines) to resolve PO… references")
      ->check(CLI::ExistingFile)
      ->allow_extra_args(false);
  app.add_option("--delete", settings.deletions, "Remove the document with this id (repeatable)")
      ->allow_extra_args(false);
  app.add_option("--show", settings.show_id, "Print the stored record of this id as JSON, and nothing else");
  app.add_flag("--terms", settings.show_terms, "With --show: add the document's terms");
  app.add_option("--batch", settings.batch_size, "Documents per commit")
      ->default_val(settings.batch_size)
      ->check(CLI::Range(1, 10000000));
  app.add_option("--threads", settings.threads, "Threads building documents (0: one per core)")
      ->default_val(0)
      ->check(CLI::Range(0, 256));
  app.add_option("--writers", settings.writers,
                 "Xapian writers for a new index, built in parts merged at the end (0: one per core; "
                 "1: commit batch by batch into the database)")
      ->default_val(0)
      ->check(CLI::Range(0U, kMaxWriters));
  app.add_flag(
      "--no-spelling", [&settings](std::int64_t) { settings.spelling = false; },
      "Do not feed the spelling table used for query suggestions");
  app.add_flag(
      "--no-pairs", [&settings](std::int64_t) { settings.pairs = false; },
      "Do not index the pairs of adjacent words often together: indexing takes about an eighth less time, "
      "and a phrase has its positions checked in every document holding its words");
  app.add_flag("--compact", settings.compact,
               "Compact the database after the run (alone: compact an existing index); reopen readers after");
  app.add_option(
         "--shard-by", settings.shard_by,
         "Split the index into shards DIR/<shard>/ listed in DIR/XAPIANDB: by legislature, or by hash of the id")
      ->check(CLI::IsMember({"legislature", "hash"}));
  app.add_option("--shards", settings.shards, "Number of shards with --shard-by hash")->check(CLI::Range(1, 1024));
  app.add_flag("-q,--quiet", settings.quiet, "No progress and no summary; errors only");
  app.footer(
      "Reference tables (acteurs/organes) found among the inputs are loaded first.\n"
      "A text file, JSON line or CSV row larger than " +
      std::to_string(document::kMaxDocumentBytes >> 20) +
      " MB is rejected unread. A text or CSV file\n"
      "that is not UTF-8 but reads as Windows-1252 (Latin-1) is converted, with a warning.\n"
      "A new index is written by one writer per core into parts merged when the run ends (readers\n"
      "see it then); an existing index is updated by one writer committing every --batch documents.\n"
      "Exit status: 0 all inputs indexed, 1 some inputs rejected, 130 interrupted (what was indexed\n"
      "before is kept), " +
      std::string(program::kCommonExitCodes) +
      ".\n"
      "Examples:\n"
      "  hemicycle-index --db index sample/\n"
      "  hemicycle-index --db index ../shared/corpus/\n"
      "  hemicycle-index --db index --set type=QOSD --set legislature=15 --mapping qosd.json qosd.jsonl.zst\n"
      "  hemicycle-index --db index --show QANR5L16QE10824 --terms\n"
      "  hemicycle-index --db shards --shard-by legislature ../shared/corpus/\n"
      "  hemicycle-index --db index --compact");
  if (const auto exit_code = program::parse_command_line(app, argc, argv)) return *exit_code;

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  return program::run("hemicycle-index", [&settings] {
    const analysis::FrenchAnalyzer analyzer;
    if (!settings.show_id.empty()) return show_document(settings, analyzer);
    if (settings.inputs.empty() && settings.deletions.empty()) {
      if (settings.compact) return compact(settings);
      std::cerr << "hemicycle-index: nothing to do: give inputs to index, --delete ID or --compact (see --help)\n";
      return int{kUsage};
    }
    return run_indexer(settings, analyzer);
  });
}
