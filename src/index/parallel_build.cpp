#include "index/parallel_build.h"

#include <exception>
#include <thread>

#include "errors.h"
#include "index/compaction.h"
#include "index/schema.h"
#include "index/shards.h"

namespace hemicycle::index {
namespace fs = std::filesystem;

fs::path parts_folder(const fs::path& db) { return database_folder(db) / ".parts"; }

void remove_stale_parts(const fs::path& db) {
  std::error_code ignored;
  fs::remove_all(parts_folder(db), ignored);
}

bool is_new_database(const fs::path& db) {
  if (!fs::exists(db)) return true;
  if (!fs::is_directory(db) || is_sharded(db)) return false;
  if (fs::is_empty(db)) return true;
  try {
    return Xapian::Database(db.string()).get_doccount() == 0;
  } catch (const Xapian::Error&) {
    return false;  // not a database: IndexWriter says what is wrong
  }
}

ParallelBuild::ParallelBuild(const fs::path& db, const analysis::FrenchAnalyzer& analyzer, std::size_t parts,
                             WriterOptions options)
    : db_(database_folder(db)),
      parts_dir_(parts_folder(db)),
      analyzer_(analyzer),
      options_(options),
      builder_(analyzer) {
  target_ = std::make_unique<IndexWriter>(db_, analyzer_, options_);
  if (target_->document_count() > 0) {
    throw IndexError(db_.string() + ": a parallel build needs a new database; this one holds documents");
  }
  target_->commit();  // the metadata: readers can open the empty database at once
  remove_stale_parts(db_);
  if (parts == 0) parts = 1;
  std::error_code error;
  fs::create_directories(parts_dir_, error);
  if (error) throw IndexError(parts_dir_.string() + ": cannot create the folder of the parts: " + error.message());
  WriterOptions part_options = options_;
  part_options.durable = false;  // a part left by a crash is removed by the next run
  part_options.spelling_at_end = true;
  for (std::size_t i = 0; i < parts; ++i) {
    parts_.push_back(std::make_unique<IndexWriter>(part_path(i), analyzer_, part_options));
  }
}

ParallelBuild::~ParallelBuild() {
  if (finished_) return;
  parts_.clear();  // each commits what it holds; the parts are dropped anyway
  remove_stale_parts(db_);
}

std::size_t ParallelBuild::part_of(const BuiltDocument& built) const {
  return stable_id_hash(built.routing_key()) % parts_.size();
}

DocumentWriter& ParallelBuild::part(std::size_t index) {
  if (finished_) throw IndexError(db_.string() + ": the build is finished");
  return *parts_.at(index);
}

void ParallelBuild::add(BuiltDocument&& built) { part(part_of(built)).add(std::move(built)); }

bool ParallelBuild::remove(const std::string& id) {
  if (finished_) throw IndexError(db_.string() + ": the build is finished");
  bool removed = false;
  for (auto& writer : parts_) removed = writer->remove(id) || removed;
  return removed;
}

void ParallelBuild::commit() {
  if (finished_) return;
  for (auto& writer : parts_) writer->commit();
}

void ParallelBuild::finish() {
  if (finished_) return;
  // Each part hands its spelling words to Xapian and commits on a thread of its own:
  // they are independent databases, and writing a part's spelling table takes seconds.
  std::vector<std::exception_ptr> failures(parts_.size());
  std::vector<std::thread> finishing;
  for (std::size_t i = 0; i < parts_.size(); ++i) {
    finishing.emplace_back([this, i, &failures] {
      try {
        parts_[i]->finish();
      } catch (...) {
        failures[i] = std::current_exception();
      }
    });
  }
  for (std::thread& thread : finishing) thread.join();
  for (const std::exception_ptr& failure : failures) {
    if (failure) std::rethrow_exception(failure);
  }
  const fs::path merged = db_.string() + ".merging";
  std::error_code ignored;
  fs::remove_all(merged, ignored);
  try {
    Xapian::Database sources;
    for (std::size_t i = 0; i < parts_.size(); ++i) sources.add_database(Xapian::Database(part_path(i).string()));
    // The parts' metadata (analyzer, layout) are alike: compaction keeps the first part's.
    sources.compact(merged.string());
    merged_count_ = sources.get_doccount();
  } catch (const Xapian::Error& e) {
    fs::remove_all(merged, ignored);
    throw IndexError(db_.string() + ": merging the parts failed: " + e.get_description());
  }
  for (const auto& part : parts_) merged_amendments_ += part->merged_amendments();
  parts_.clear();
  target_.reset();  // releases the lock; the merged database takes the place of the empty one
  finished_ = true;
  replace_folder(db_, merged);  // the parts go with the empty database
}

Xapian::doccount ParallelBuild::document_count() const {
  if (finished_) return merged_count_;
  Xapian::doccount total = 0;
  for (const auto& writer : parts_) total += writer->document_count();
  return total;
}

}  // namespace hemicycle::index
