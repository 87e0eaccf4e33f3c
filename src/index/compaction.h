#pragma once
// Compaction in place: Xapian::Database::compact into a sibling folder, then
// the compacted copy takes the database's name. Readers that already have the
// database open keep reading the old files; they see the compacted one when
// they open the database again.

#include <cstdint>
#include <filesystem>

namespace hemicycle::index {

struct CompactionResult {
  std::uintmax_t bytes_before = 0;
  std::uintmax_t bytes_after = 0;
  unsigned databases = 0;  // 1, or the number of shards of a sharded index
};

// Compacts the database at `path`, or each shard of a sharded index. Holds the
// write lock of each database while it is copied, so no indexer writes to it
// meanwhile. Throws IndexError.
CompactionResult compact_in_place(const std::filesystem::path& path);

// The folder `path` names, absolute and without "." or ".." or a trailing
// separator ("index/", "./index" and "." name folders whose siblings can be made).
[[nodiscard]] std::filesystem::path database_folder(const std::filesystem::path& path);

// Puts the database folder `replacement` in the place of `path`: `path` is moved
// aside, `replacement` renamed to it, the old folder removed. Throws IndexError
// (and puts `path` back) when a rename fails.
void replace_folder(const std::filesystem::path& path, const std::filesystem::path& replacement);

// Bytes of the files under `path`.
[[nodiscard]] std::uintmax_t folder_size(const std::filesystem::path& path);

}  // namespace hemicycle::index
