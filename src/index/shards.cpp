#include "index/shards.h"

#include <charconv>
#include <fstream>
#include <sstream>

#include "errors.h"
#include "index/schema.h"

namespace hemicycle::index {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kHashPrefix = "hash:";
constexpr unsigned kMaxHashShards = 1024;

fs::path stub_path(const fs::path& dir) { return dir / std::string(kStubFileName); }

}  // namespace

std::string ShardLayout::to_string() const {
  return scheme == ShardScheme::Legislature ? "legislature" : std::string(kHashPrefix) + std::to_string(count);
}

ShardLayout ShardLayout::parse(std::string_view text) {
  if (text == "legislature") return {ShardScheme::Legislature, 0};
  if (text.starts_with(kHashPrefix)) {
    const std::string_view digits = text.substr(kHashPrefix.size());
    unsigned count = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
    if (error == std::errc() && end == digits.data() + digits.size() && count >= 1 && count <= kMaxHashShards) {
      return {ShardScheme::Hash, count};
    }
  }
  throw ConfigError("unknown shard layout '" + std::string(text) + "': expected legislature or hash:N (1 ≤ N ≤ " +
                    std::to_string(kMaxHashShards) + ")");
}

std::uint64_t stable_id_hash(std::string_view id) noexcept {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const char c : id) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

std::string shard_name(const ShardLayout& layout, std::string_view id, std::optional<int> legislature) {
  if (layout.scheme == ShardScheme::Legislature) return "l" + std::to_string(legislature.value_or(0));
  return "h" + std::to_string(stable_id_hash(id) % layout.count);
}

bool is_sharded(const fs::path& dir) { return fs::is_regular_file(stub_path(dir)); }

std::vector<std::string> read_stub_shards(const fs::path& dir) {
  std::ifstream in(stub_path(dir));
  if (!in) throw IndexError(stub_path(dir).string() + ": cannot read the stub file");
  std::vector<std::string> shards;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::istringstream words(line);
    std::string kind;
    std::string name;
    if (!(words >> kind) || kind.starts_with('#')) continue;
    if (kind != "auto" || !(words >> name)) {
      throw IndexError(stub_path(dir).string() + ":" + std::to_string(number) + ": '" + line +
                       "' is not a local shard; only 'auto NAME' stubs can be written to or compacted here");
    }
    shards.push_back(name);
  }
  return shards;
}

void write_stub(const fs::path& dir, const std::vector<std::string>& shards) {
  const fs::path target = stub_path(dir);
  const fs::path temporary = target.string() + ".new";
  {
    std::ofstream out(temporary, std::ios::trunc);
    for (const std::string& name : shards) out << "auto " << name << "\n";
    if (!out.flush()) throw IndexError(temporary.string() + ": cannot write the stub file");
  }
  std::error_code error;
  fs::rename(temporary, target, error);
  if (error) throw IndexError(target.string() + ": cannot replace the stub file: " + error.message());
}

ShardedWriter::ShardedWriter(const fs::path& dir, const analysis::FrenchAnalyzer& analyzer,
                             std::optional<ShardLayout> layout, WriterOptions options)
    : dir_(dir), analyzer_(analyzer), options_(options), builder_(analyzer) {
  if (!is_sharded(dir_) && fs::exists(dir_) && !fs::is_empty(dir_)) {
    throw ConfigError(dir_.string() + " is a single database, not a sharded index: index into a new folder");
  }
  if (is_sharded(dir_)) stub_order_ = read_stub_shards(dir_);
  for (const std::string& name : stub_order_) {
    shards_.emplace(name, std::make_unique<IndexWriter>(dir_ / name, analyzer_, options_));
  }
  std::optional<ShardLayout> recorded;
  if (!stub_order_.empty()) {
    const std::string text = shards_.at(stub_order_.front())->metadata(std::string(kMetaSharding));
    if (!text.empty()) recorded = ShardLayout::parse(text);
  }
  if (layout && recorded && *layout != *recorded) {
    throw ConfigError(dir_.string() + " is sharded by " + recorded->to_string() + ", not " + layout->to_string() +
                      ": re-index into a new folder to change the layout");
  }
  if (!layout && !recorded) {
    throw ConfigError(dir_.string() + ": no shard layout recorded; give --shard-by");
  }
  layout_ = layout ? *layout : *recorded;
  fs::create_directories(dir_);
  if (layout_.scheme == ShardScheme::Hash) {
    for (unsigned i = 0; i < layout_.count; ++i) shard("h" + std::to_string(i));
  }
}

IndexWriter& ShardedWriter::shard(const std::string& name) {
  if (auto found = shards_.find(name); found != shards_.end()) return *found->second;
  auto writer = std::make_unique<IndexWriter>(dir_ / name, analyzer_, options_);
  writer->set_metadata(std::string(kMetaSharding), layout_.to_string());
  writer->commit();  // the shard is complete on disk before the stub lists it
  IndexWriter& added = *writer;
  shards_.emplace(name, std::move(writer));
  stub_order_.push_back(name);
  write_stub(dir_, stub_order_);
  return added;
}

void ShardedWriter::add(BuiltDocument&& built) {
  const std::string id = built.id_term.substr(kIdPrefix.size());
  const std::string target = shard_name(layout_, built.routing_key(), built.legislature);
  // A hashed id never moves; a document whose législature changed must leave its old shard.
  if (layout_.scheme == ShardScheme::Legislature) {
    for (auto& [name, writer] : shards_) {
      if (name != target && writer->contains(built.id_term)) writer->remove(id);
    }
  }
  shard(target).add(std::move(built));
}

std::size_t ShardedWriter::part_count() const noexcept {
  return layout_.scheme == ShardScheme::Hash ? layout_.count : 1;
}

std::size_t ShardedWriter::part_of(const BuiltDocument& built) const {
  if (layout_.scheme != ShardScheme::Hash) return 0;
  return stable_id_hash(built.routing_key()) % layout_.count;
}

DocumentWriter& ShardedWriter::part(std::size_t index) {
  if (layout_.scheme != ShardScheme::Hash) return *this;
  return *shards_.at("h" + std::to_string(index));
}

bool ShardedWriter::remove(const std::string& id) {
  bool removed = false;
  for (auto& [name, writer] : shards_) removed = writer->remove(id) || removed;
  return removed;
}

void ShardedWriter::commit() {
  for (auto& [name, writer] : shards_) writer->commit();
}

Xapian::doccount ShardedWriter::document_count() const {
  Xapian::doccount total = 0;
  for (const auto& [name, writer] : shards_) total += writer->document_count();
  return total;
}

std::map<std::string, Xapian::doccount> ShardedWriter::shard_counts() const {
  std::map<std::string, Xapian::doccount> counts;
  for (const auto& [name, writer] : shards_) counts[name] = writer->document_count();
  return counts;
}

}  // namespace hemicycle::index
