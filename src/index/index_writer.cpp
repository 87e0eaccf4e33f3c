#include "index/index_writer.h"

#include "errors.h"
#include "index/schema.h"

namespace hemicycle::index {
namespace {

Xapian::WritableDatabase open_writable(const std::filesystem::path& path, bool durable) {
  try {
    return Xapian::WritableDatabase(
        path.string(), Xapian::DB_CREATE_OR_OPEN | (durable ? 0 : Xapian::DB_NO_SYNC | Xapian::DB_DANGEROUS));
  } catch (const Xapian::DatabaseLockError& e) {
    throw IndexError(lock_error_message(path, e));
  } catch (const Xapian::Error& e) {
    throw IndexError(path.string() + ": cannot open the database for writing: " + e.get_description());
  }
}

void check_analyzer(const Xapian::Database& db, const std::string& name, const analysis::FrenchAnalyzer& analyzer) {
  const std::string built_with = db.get_metadata(std::string(kMetaAnalyzer));
  if (!built_with.empty() && built_with != analyzer.signature()) {
    throw IndexError(name + ": the index was built with analyzer '" + built_with + "' but this program uses '" +
                     analyzer.signature() + "'; re-index into a new database");
  }
}

}  // namespace

std::string lock_error_message(const std::filesystem::path& path, const Xapian::DatabaseLockError& error) {
  // Xapian says "Unable to get write lock on PATH: already locked" when another writer
  // holds it, and gives the system's reason otherwise ("Couldn't open lockfile: Permission denied").
  const std::string& message = error.get_msg();
  if (message.ends_with("already locked")) return path.string() + ": database locked: another indexer is writing to it";
  const std::string prefix = "Unable to get write lock on " + path.string() + ": ";
  const std::string why = message.starts_with(prefix) ? message.substr(prefix.size()) : message;
  return path.string() + ": cannot write to the database: " + why;
}

IndexWriter::IndexWriter(const std::filesystem::path& path, const analysis::FrenchAnalyzer& analyzer,
                         WriterOptions options)
    : db_(open_writable(path, options.durable)), builder_(analyzer), options_(options) {
  check_analyzer(db_, path.string(), analyzer);
  // Documents of two layouts in one index would not answer a query alike.
  if (const std::string schema = db_.get_metadata(std::string(kMetaSchema));
      !schema.empty() && schema != kSchemaVersion) {
    throw IndexError(path.string() + ": the index has layout " + schema + " but this program writes layout " +
                     std::string(kSchemaVersion) + "; re-index into a new database");
  }
  if (db_.get_metadata(std::string(kMetaAnalyzer)).empty()) {
    db_.set_metadata(std::string(kMetaAnalyzer), analyzer.signature());
    db_.set_metadata(std::string(kMetaSchema), std::string(kSchemaVersion));
  }
  if (options_.batch_size == 0) options_.batch_size = 1;
}

// Every added document is complete, so a partial last batch is consistent:
// commit it (Xapian would, without the pending spelling words).
IndexWriter::~IndexWriter() {
  if (pending_ == 0 && pending_spelling_.empty()) return;
  try {
    commit(true);
  } catch (const Error&) {
    // The database refused the write (full disk...): what was committed before stays.
  }
}

void IndexWriter::add(const document::Record& record) {
  add(builder_.build(record, options_.spelling, options_.pairs));
}

bool IndexWriter::same_amendment_indexed(const BuiltDocument& built) {
  std::vector<std::string> exported;  // other readings of it, from exported text
  for (auto it = db_.postlist_begin(built.amendment_key_term); it != db_.postlist_end(built.amendment_key_term); ++it) {
    auto term = db_.termlist_begin(*it);
    term.skip_to(std::string(kIdPrefix));
    if (term == db_.termlist_end(*it) || !(*term).starts_with(kIdPrefix) || *term == built.id_term) continue;
    const bool other_exported =
        std::string_view(*term).substr(kIdPrefix.size()).starts_with(kExportedAmendmentIdPrefix);
    if (built.exported_amendment && !other_exported) return true;  // the official record stays
    if (!built.exported_amendment && other_exported) exported.push_back(*term);
  }
  for (const std::string& term : exported) {
    db_.delete_document(term);
    ++merged_;
  }
  return false;
}

void IndexWriter::add(BuiltDocument&& built) {
  try {
    if (!built.amendment_key_term.empty() && same_amendment_indexed(built)) {
      ++merged_;
      return;
    }
    db_.replace_document(built.id_term, built.document);
    for (std::string& word : built.spelling_words) ++pending_spelling_[std::move(word)];
  } catch (const Xapian::Error& e) {
    throw IndexError("cannot write document " + built.id_term.substr(kIdPrefix.size()) + ": " + e.get_description());
  }
  if (++pending_ >= options_.batch_size) commit();
}

bool IndexWriter::remove(const std::string& id) {
  const std::string term = std::string(kIdPrefix) + id;
  if (!db_.term_exists(term)) return false;
  db_.delete_document(term);
  ++pending_;
  return true;
}

void IndexWriter::commit() { commit(!options_.spelling_at_end); }

void IndexWriter::finish() { commit(true); }

void IndexWriter::commit(bool with_spelling) {
  try {
    // Counted here and handed to Xapian once per batch (or run): far fewer calls than one per word per document.
    if (with_spelling) {
      for (const auto& [word, count] : pending_spelling_) db_.add_spelling(word, count);
      pending_spelling_.clear();
    }
    db_.commit();
  } catch (const Xapian::Error& e) {
    throw IndexError("commit failed: " + e.get_description());
  }
  if (pending_ > 0) ++batches_;
  pending_ = 0;
}

Xapian::Database open_for_reading(const std::vector<std::string>& paths, const analysis::FrenchAnalyzer& analyzer) {
  if (paths.empty()) throw IndexError("no database given");
  Xapian::Database db;
  for (const std::string& path : paths) {
    try {
      Xapian::Database shard(path);
      check_analyzer(shard, path, analyzer);
      db.add_database(shard);
    } catch (const Xapian::DatabaseOpeningError& e) {
      throw IndexError(path + ": cannot open the database: " + e.get_msg());
    } catch (const Xapian::Error& e) {
      throw IndexError(path + ": " + e.get_description());
    }
  }
  return db;
}

std::optional<Xapian::Document> find_document(const Xapian::Database& db, const std::string& id) {
  const std::string term = std::string(kIdPrefix) + id;
  Xapian::PostingIterator it = db.postlist_begin(term);
  if (it == db.postlist_end(term)) return std::nullopt;
  return db.get_document(*it);
}

}  // namespace hemicycle::index
