#include "index/compaction.h"

#include <string>

#include <xapian.h>

#include "errors.h"
#include "index/index_writer.h"
#include "index/shards.h"

namespace hemicycle::index {
namespace fs = std::filesystem;

fs::path database_folder(const fs::path& path) {
  std::error_code error;
  fs::path folder = fs::weakly_canonical(fs::absolute(path), error);
  if (error) folder = fs::absolute(path).lexically_normal();
  return folder.has_filename() ? folder : folder.parent_path();
}

void replace_folder(const fs::path& path, const fs::path& compacted) {
  const fs::path old = path.string() + ".old";
  std::error_code error;
  fs::remove_all(old, error);
  fs::rename(path, old, error);
  if (error) throw IndexError(path.string() + ": cannot move the database aside: " + error.message());
  fs::rename(compacted, path, error);
  if (error) {
    std::error_code ignored;
    fs::rename(old, path, ignored);  // put the uncompacted database back
    throw IndexError(path.string() + ": cannot move the compacted database in: " + error.message());
  }
  fs::remove_all(old, error);
}

namespace {

void compact_database(const fs::path& given) {
  const fs::path path = database_folder(given);
  const fs::path compacted = path.string() + ".compacting";
  fs::remove_all(compacted);  // left by an interrupted compaction
  try {
    Xapian::WritableDatabase locked(path.string(), Xapian::DB_OPEN);
    locked.compact(compacted.string());
    locked.close();
  } catch (const Xapian::DatabaseLockError& e) {
    throw IndexError(lock_error_message(path, e));
  } catch (const Xapian::Error& e) {
    std::error_code ignored;
    fs::remove_all(compacted, ignored);
    throw IndexError(path.string() + ": compaction failed: " + e.get_description());
  }
  replace_folder(path, compacted);
}

}  // namespace

std::uintmax_t folder_size(const fs::path& path) {
  std::uintmax_t bytes = 0;
  for (const auto& entry : fs::recursive_directory_iterator(path)) {
    if (entry.is_regular_file()) bytes += entry.file_size();
  }
  return bytes;
}

CompactionResult compact_in_place(const fs::path& path) {
  if (!fs::is_directory(path)) throw IndexError(path.string() + ": no database to compact");
  CompactionResult result;
  result.bytes_before = folder_size(path);
  if (is_sharded(path)) {
    // Each shard on its own: compacting the stub would merge the shards into one.
    for (const std::string& shard : read_stub_shards(path)) {
      compact_database(path / shard);
      ++result.databases;
    }
  } else {
    compact_database(path);
    result.databases = 1;
  }
  result.bytes_after = folder_size(path);
  return result;
}

}  // namespace hemicycle::index
