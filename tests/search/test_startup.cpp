// What a search costs before it searches: a query, with or without a place in it,
// never builds the gazetteer (Gazetteer::embedded(), tens of milliseconds of hash
// tables that only tagging needs); places are looked up in the table laid out at
// build time. The index is written by the real hemicycle-index, since indexing in
// this process would build the gazetteer itself.

#include <elf.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "document/gazetteer.h"
#include "index/index_writer.h"
#include "search/searcher.h"
#include "search/synonyms.h"
#include "support/command.h"
#include "support/temporary_index.h"

namespace hemicycle::search {
namespace {

class StartupTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    folder_ = test_support::make_temp_folder("hemicycle-startup");
    ASSERT_FALSE(folder_.empty());
    const std::string data = std::string(HEMICYCLE_TEST_DATA) + "/e2e/questions.jsonl";
    ASSERT_EQ(test_support::run_shell(std::string(HEMICYCLE_BIN_DIR) + "/hemicycle-index -q --db " +
                                      test_support::shell_quote(folder_ + "/db") + " " +
                                      test_support::shell_quote(data) + " 2>&1")
                  .status,
              0);
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(folder_); }

  // The ids of the first page of `query`, searched as hemicycle-query does.
  static std::vector<std::string> search(const std::string& query) {
    const analysis::FrenchAnalyzer& analyzer = test_support::test_analyzer();
    QueryOptions options;
    options.synonyms = &Synonyms::embedded();
    const Searcher searcher(analyzer, index::open_for_reading({folder_ + "/db"}, analyzer), options);
    SearchRequest request;
    request.query = query;
    request.facets = true;
    std::vector<std::string> ids;
    for (const auto& hit : searcher.search(request).hits) ids.push_back(hit.id);
    return ids;
  }

  static bool has(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  }

  static inline std::string folder_;
};

TEST_F(StartupTest, AQueryNamingNoPlaceDoesNotBuildTheGazetteer) {
  EXPECT_TRUE(has(search("attaques loups troupeaux"), "E2E-QE-101"));
  EXPECT_FALSE(document::Gazetteer::embedded_is_built());
}

TEST_F(StartupTest, APlaceInTheWordsOrAFilterIsFoundWithoutBuildingTheGazetteer) {
  EXPECT_TRUE(has(search("loups savoie"), "E2E-QE-101"));
  EXPECT_TRUE(has(search("loups territoire:savoie"), "E2E-QE-101"));
  EXPECT_FALSE(has(search("loups territoire:savoie"), "E2E-QE-102"));
  EXPECT_FALSE(document::Gazetteer::embedded_is_built());
}

// The libraries hemicycle-query names for the loader, and whether it is a
// position-dependent executable, read from its ELF headers.
struct LinkedProgram {
  bool position_dependent = false;
  std::vector<std::string> needed;
};

template <typename T>
T read_at(const std::string& image, std::size_t offset) {
  T value{};
  if (offset + sizeof(T) <= image.size()) std::memcpy(&value, image.data() + offset, sizeof(T));
  return value;
}

LinkedProgram read_linking(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string image((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LinkedProgram linked;
  if (image.size() < sizeof(Elf64_Ehdr) || image.compare(0, SELFMAG, ELFMAG) != 0) return linked;
  const auto header = read_at<Elf64_Ehdr>(image, 0);
  linked.position_dependent = header.e_type == ET_EXEC;
  std::vector<Elf64_Phdr> segments;
  for (std::size_t i = 0; i < header.e_phnum; ++i) {
    segments.push_back(read_at<Elf64_Phdr>(image, header.e_phoff + i * sizeof(Elf64_Phdr)));
  }
  const auto file_offset = [&](Elf64_Addr address) -> std::size_t {
    for (const Elf64_Phdr& segment : segments) {
      if (segment.p_type == PT_LOAD && address >= segment.p_vaddr && address < segment.p_vaddr + segment.p_filesz) {
        return address - segment.p_vaddr + segment.p_offset;
      }
    }
    return image.size();
  };
  for (const Elf64_Phdr& segment : segments) {
    if (segment.p_type != PT_DYNAMIC) continue;
    std::vector<Elf64_Dyn> entries;
    Elf64_Addr strings = 0;
    for (std::size_t at = segment.p_offset; at + sizeof(Elf64_Dyn) <= segment.p_offset + segment.p_filesz;
         at += sizeof(Elf64_Dyn)) {
      const auto entry = read_at<Elf64_Dyn>(image, at);
      if (entry.d_tag == DT_NULL) break;
      if (entry.d_tag == DT_STRTAB) strings = entry.d_un.d_ptr;
      entries.push_back(entry);
    }
    const std::size_t table = file_offset(strings);
    for (const Elf64_Dyn& entry : entries) {
      if (entry.d_tag == DT_NEEDED && table + entry.d_un.d_val < image.size()) {
        linked.needed.emplace_back(image.c_str() + table + entry.d_un.d_val);
      }
    }
  }
  return linked;
}

// Start-up is mostly the loader's: hemicycle-query is linked position-dependent
// with the Snowball stemmer inside, so that neither its own pointers nor the
// stemmer's tables (10,800 relocations in the shared libstemmer) are relocated at
// each command (README, "Quality and speed").
TEST(CommandLineLinking, TheQueryToolHasNothingToRelocateAtStartUp) {
  const LinkedProgram linked = read_linking(std::string(HEMICYCLE_BIN_DIR) + "/hemicycle-query");
  EXPECT_TRUE(linked.position_dependent);
  ASSERT_TRUE(std::any_of(linked.needed.begin(), linked.needed.end(),
                          [](const std::string& name) { return name.starts_with("libxapian"); }));
  for (const std::string& name : linked.needed) EXPECT_FALSE(name.starts_with("libstemmer")) << name;
}

}  // namespace
}  // namespace hemicycle::search
