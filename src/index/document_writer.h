#pragma once
// What the bulk indexer writes to: one database (IndexWriter) or a set of
// shards (ShardedWriter), each replacing documents by id.

#include <cstdint>
#include <string>

#include <xapian.h>

#include "index/document_builder.h"

namespace hemicycle::index {

struct WriterOptions {
  std::uint32_t batch_size = 10000;  // documents per commit
  bool spelling = true;              // feed the spelling table (query suggestions)
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

  [[nodiscard]] virtual const DocumentBuilder& builder() const noexcept = 0;
  [[nodiscard]] virtual const WriterOptions& options() const noexcept = 0;
  [[nodiscard]] virtual Xapian::doccount document_count() const = 0;
};

}  // namespace hemicycle::index
