// Every input saved in tests/data/robustness/crashers/<target>/ (inputs that once
// crashed, hung or broke an invariant in a fuzz target) is run again through that
// target's body; a regression aborts or fails here.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>

#include "fuzz/fuzz_targets.h"

namespace hemicycle::fuzz {
namespace {

namespace fs = std::filesystem;

const fs::path kCrashers = HEMICYCLE_TEST_DATA "/robustness/crashers";

TEST(Crashers, EverySavedInputRunsCleanThroughItsTarget) {
  std::size_t replayed = 0;
  for (const Target& target : targets()) {
    const fs::path folder = kCrashers / target.name;
    if (!fs::is_directory(folder)) continue;
    for (const auto& entry : fs::directory_iterator(folder)) {
      SCOPED_TRACE(entry.path().string());
      std::ifstream in(entry.path(), std::ios::binary);
      const std::string data{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      target.run(data);
      ++replayed;
    }
  }
  for (const auto& entry : fs::directory_iterator(kCrashers)) {
    const std::string name = entry.path().filename().string();
    const bool known = std::any_of(targets().begin(), targets().end(), [&](const Target& t) { return t.name == name; });
    EXPECT_TRUE(known || name == "README.md") << "crashers for an unknown target: " << name;
  }
  // A replay of nothing proves nothing: the folders moved, or the inputs were lost.
  EXPECT_GT(replayed, 0u) << "no saved input found under " << kCrashers;
  RecordProperty("replayed", static_cast<int>(replayed));
}

}  // namespace
}  // namespace hemicycle::fuzz
