#include "search/facet_table.h"

#include <algorithm>

#include "index/schema.h"

namespace hemicycle::search {

namespace {

std::size_t faceted_field_count() {
  return static_cast<std::size_t>(std::count_if(index::kFields.begin(), index::kFields.end(),
                                                [](const index::Field& f) { return f.facet != index::Facet::None; }));
}

}  // namespace

FacetTable::FacetTable(const Xapian::Database& db) : fields_(faceted_field_count()), values_(fields_) {
  codes_.assign(static_cast<std::size_t>(db.get_lastdocid()) * fields_, 0);
  // The code of each value already seen, per field. Most documents share their
  // values with others (a rubrique, a year), so few strings are kept.
  std::vector<std::unordered_map<std::string, std::uint32_t>> code_of(fields_);
  for (auto value = db.valuestream_begin(index::kFacetValuesSlot); value != db.valuestream_end(index::kFacetValuesSlot);
       ++value) {
    const std::string combined = *value;
    const std::vector<std::string_view> split = index::decode_facet_values(combined);
    std::uint32_t* codes = &codes_[static_cast<std::size_t>(value.get_docid() - 1) * fields_];
    for (std::size_t i = 0; i < std::min(split.size(), fields_); ++i) {
      if (split[i].empty()) continue;
      auto [found, added] = code_of[i].try_emplace(std::string(split[i]), 0);
      if (added) {
        values_[i].emplace_back(split[i]);
        found->second = static_cast<std::uint32_t>(values_[i].size());
      }
      codes[i] = found->second;
    }
  }
}

void FacetTable::count(std::span<const Xapian::docid> docids, std::vector<ValueCounts>& counts) const {
  std::vector<std::vector<Xapian::doccount>> tally(fields_);
  for (std::size_t i = 0; i < fields_; ++i) tally[i].assign(values_[i].size() + 1, 0);
  const std::size_t documents = codes_.size() / std::max<std::size_t>(fields_, 1);
  for (const Xapian::docid docid : docids) {
    if (docid == 0 || docid > documents) continue;  // added after the table was read
    const std::uint32_t* codes = &codes_[static_cast<std::size_t>(docid - 1) * fields_];
    for (std::size_t i = 0; i < fields_; ++i) ++tally[i][codes[i]];
  }
  for (std::size_t i = 0; i < fields_; ++i) {
    for (std::size_t code = 1; code < tally[i].size(); ++code) {
      if (tally[i][code] > 0) counts[i][values_[i][code - 1]] += tally[i][code];
    }
  }
}

std::size_t FacetTable::memory_bytes() const noexcept {
  std::size_t bytes = codes_.capacity() * sizeof(std::uint32_t);
  for (const auto& values : values_) {
    for (const std::string& value : values) bytes += sizeof(std::string) + value.capacity();
  }
  return bytes;
}

std::shared_ptr<const FacetTable> FacetTables::of(const Xapian::Database& db) {
  if (db.size() != 1) return nullptr;
  Xapian::rev revision = 0;
  try {
    revision = db.get_revision();
  } catch (const Xapian::UnimplementedError&) {
    return nullptr;  // a remote database
  }
  const std::string uuid = db.get_uuid();
  const std::lock_guard lock(mutex_);
  auto entry = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) { return e.uuid == uuid; });
  if (entry != entries_.end() && entry->revision == revision) {
    return entry->table;
  }
  auto table = std::make_shared<const FacetTable>(db);
  if (entry == entries_.end()) {
    entries_.push_back({uuid, revision, table});
  } else if (entry->revision <= revision) {
    *entry = {uuid, revision, table};  // a searcher still on an older revision reads its own table
  }
  return table;
}

}  // namespace hemicycle::search
