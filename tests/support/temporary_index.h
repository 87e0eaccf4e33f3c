#pragma once
// An index of records written for a test suite, in a folder of its own under
// TMPDIR that goes with it, and the suite's one analyzer.

#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "analysis/analyzer.h"
#include "document/record.h"
#include "index/index_writer.h"
#include "support/command.h"

namespace hemicycle::test_support {

inline const analysis::FrenchAnalyzer& test_analyzer() {
  static const analysis::FrenchAnalyzer instance;
  return instance;
}

// The records of a JSON Lines file of Record JSON, completed as parsers complete them.
inline std::vector<document::Record> read_records(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<document::Record> records;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    document::Record record = document::record_from_json(nlohmann::ordered_json::parse(line));
    document::complete_record(record);
    records.push_back(std::move(record));
  }
  return records;
}

class TemporaryIndex {
 public:
  // Writes `records` into `<folder>/db`, the folder named `name` plus a unique suffix.
  TemporaryIndex(const std::string& name, const std::vector<document::Record>& records)
      : folder_(make_temp_folder(name)) {
    if (folder_.empty()) throw std::runtime_error("cannot make a temporary folder for " + name);
    {
      index::IndexWriter writer(path(), test_analyzer());
      for (const document::Record& record : records) writer.add(record);
      writer.commit();
    }
    database_ = std::make_unique<Xapian::Database>(index::open_for_reading({path()}, test_analyzer()));
  }
  ~TemporaryIndex() {
    database_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
  }
  TemporaryIndex(const TemporaryIndex&) = delete;
  TemporaryIndex& operator=(const TemporaryIndex&) = delete;

  [[nodiscard]] const std::string& folder() const { return folder_; }
  [[nodiscard]] std::string path() const { return folder_ + "/db"; }
  [[nodiscard]] const Xapian::Database& database() const { return *database_; }

 private:
  std::string folder_;
  std::unique_ptr<Xapian::Database> database_;
};

}  // namespace hemicycle::test_support
