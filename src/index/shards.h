#pragma once
// An index split into shards: DIR/<shard>/ databases listed in the Xapian stub
// file DIR/XAPIANDB, so that opening DIR opens every shard as one database.
// Shards by législature ("l15", "l16", "l0" without one) or by a stable hash
// of the id ("h0" … "h<N-1>").

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/analyzer.h"
#include "index/document_writer.h"
#include "index/index_writer.h"

namespace hemicycle::index {

inline constexpr std::string_view kStubFileName = "XAPIANDB";
// Recorded in every shard, so that later runs route documents the same way.
inline constexpr std::string_view kMetaSharding = "hemicycle.sharding";

enum class ShardScheme { Legislature, Hash };

struct ShardLayout {
  ShardScheme scheme = ShardScheme::Legislature;
  unsigned count = 0;  // number of hash shards; unused by législature

  // "legislature" or "hash:N", as recorded in kMetaSharding.
  [[nodiscard]] std::string to_string() const;
  // Reads to_string()'s form. Throws ConfigError.
  [[nodiscard]] static ShardLayout parse(std::string_view text);
  bool operator==(const ShardLayout&) const = default;
};

// FNV-1a, 64 bits: the same shard for an id on every machine and every run.
[[nodiscard]] std::uint64_t stable_id_hash(std::string_view id) noexcept;

// The shard a document belongs to.
[[nodiscard]] std::string shard_name(const ShardLayout& layout, std::string_view id, std::optional<int> legislature);

// True when `dir` holds a stub file, i.e. is a sharded index.
[[nodiscard]] bool is_sharded(const std::filesystem::path& dir);

// The local shards ("auto NAME" lines) of dir's stub file, in file order.
// Throws IndexError on lines naming other kinds of databases (remote ones are
// written to on their own machine).
[[nodiscard]] std::vector<std::string> read_stub_shards(const std::filesystem::path& dir);

// Replaces dir's stub file with one "auto NAME" line per shard, by renaming a
// complete file over it so that readers never see half of it.
void write_stub(const std::filesystem::path& dir, const std::vector<std::string>& shards);

// One IndexWriter per shard; every shard of `dir` is open for the whole run,
// so that a document moving to another shard is deleted from its old one.
class ShardedWriter final : public DocumentWriter {
 public:
  // Opens the sharded index at `dir`, creating it with `layout` if it does not
  // exist. Without a layout, the one recorded in the shards is used. Throws
  // ConfigError when `layout` differs from the recorded one or `dir` is a
  // single database, IndexError when a shard cannot be opened.
  ShardedWriter(const std::filesystem::path& dir, const analysis::FrenchAnalyzer& analyzer,
                std::optional<ShardLayout> layout, WriterOptions options = {});

  void add(BuiltDocument&& built) override;
  bool remove(const std::string& id) override;
  void commit() override;

  // Hash shards are written on one thread each; législature shards on one
  // thread, since a document changing législature leaves another shard.
  [[nodiscard]] std::size_t part_count() const noexcept override;
  [[nodiscard]] std::size_t part_of(const BuiltDocument& built) const override;
  [[nodiscard]] DocumentWriter& part(std::size_t index) override;

  [[nodiscard]] const DocumentBuilder& builder() const noexcept override { return builder_; }
  [[nodiscard]] const WriterOptions& options() const noexcept override { return options_; }
  [[nodiscard]] Xapian::doccount document_count() const override;
  [[nodiscard]] std::uint64_t merged_amendments() const noexcept override {
    std::uint64_t merged = 0;
    for (const auto& [name, shard] : shards_) merged += shard->merged_amendments();
    return merged;
  }
  [[nodiscard]] const ShardLayout& layout() const noexcept { return layout_; }
  // Shard name -> documents, for the summary.
  [[nodiscard]] std::map<std::string, Xapian::doccount> shard_counts() const;

 private:
  IndexWriter& shard(const std::string& name);

  std::filesystem::path dir_;
  const analysis::FrenchAnalyzer& analyzer_;
  ShardLayout layout_;
  WriterOptions options_;
  DocumentBuilder builder_;
  std::vector<std::string> stub_order_;  // shards as listed in the stub file
  std::map<std::string, std::unique_ptr<IndexWriter>> shards_;
};

}  // namespace hemicycle::index
