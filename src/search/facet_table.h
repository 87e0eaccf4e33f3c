#pragma once
// The faceted values of every document of one local database, read once from its
// facet slot (index::kFacetValuesSlot) and kept in memory as a small code per
// document and faceted field, so that a program that searches many times counts a
// search's facets from memory instead of reading every match's values from the
// value stream: Xapian's ValueIterator::check costs about 260 ns a match whatever
// the value, 1.1–1.4 ms for the 3,076 matches of "union europeenne" on the corpus,
// where looking the codes up costs a few microseconds. Lucene's doc values
// ordinals, built on first use for each index reader, work the same way.
//
// A table describes one revision of one database; FacetTables keeps the table of
// the revision each database is searched at, and reads a new one when the index
// has changed. A one-shot program (hemicycle-query) reads the matches' values
// instead: building a table costs tens of milliseconds.

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

namespace hemicycle::search {

// The documents of each value of a facet, among the matches; the values are views
// into strings that outlive the counts.
using ValueCounts = std::unordered_map<std::string_view, Xapian::doccount>;

class FacetTable {
 public:
  // Reads kFacetValuesSlot of every document of `db`, whose values hold those of the
  // faceted fields of index::kFields, in its order. Throws IndexError on a malformed
  // value, and Xapian's errors (DatabaseModifiedError when the index changed twice
  // while it read).
  explicit FacetTable(const Xapian::Database& db);

  // Adds the documents `docids` (of this database) to `counts[i]`, the counts of
  // faceted field i, for every faceted field (counts.size() >= their number).
  void count(std::span<const Xapian::docid> docids, std::vector<ValueCounts>& counts) const;

  [[nodiscard]] std::size_t memory_bytes() const noexcept;

 private:
  std::size_t fields_;
  // codes_[(docid - 1) * fields_ + i]: 1 + the index of the document's value of
  // field i in values_[i], or 0 for none.
  std::vector<std::uint32_t> codes_;
  std::vector<std::vector<std::string>> values_;  // the distinct values of each field
};

// The facet tables of the databases a long-running program searches (the server,
// the benchmarks), shared by its threads.
class FacetTables {
 public:
  // The table of the revision `db` is open at, read on first use; null when `db`
  // is not one local database (several shards give their own docids to a spy, and a
  // remote database has no revision to key the table by). The table of a database's
  // previous revision is dropped once its last user is done with it.
  [[nodiscard]] std::shared_ptr<const FacetTable> of(const Xapian::Database& db);

 private:
  struct Entry {
    std::string uuid;
    Xapian::rev revision = 0;
    std::shared_ptr<const FacetTable> table;
  };
  std::mutex mutex_;            // held while a table is read, so that it is read once
  std::vector<Entry> entries_;  // one per database, its latest revision read
};

}  // namespace hemicycle::search
