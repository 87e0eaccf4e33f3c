// The edge every program shares: each kind of exception that may escape a
// program's body ends as one line on standard error and its documented exit code.

#include <gtest/gtest.h>

#include <functional>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "errors.h"
#include "program/program.h"

namespace hemicycle::program {
namespace {

struct EscapingException {
  std::string what;
  std::function<void()> raise;
  int exit_code;
  std::string message;  // the whole line written on standard error
};

TEST(ProgramEdge, EveryExceptionBecomesAMessageAndItsExitCode) {
  const std::vector<EscapingException> cases{
      {"query", [] { throw QueryError("unbalanced quote", 4); }, kUsage, "prog: invalid query: unbalanced quote\n"},
      {"config", [] { throw ConfigError("--boost: unknown field"); }, kUsage, "prog: --boost: unknown field\n"},
      {"input", [] { throw InputError("draft.txt: cannot be read"); }, kUsage, "prog: draft.txt: cannot be read\n"},
      {"index", [] { throw IndexError("index is locked"); }, kIndexFailure, "prog: index is locked\n"},
      {"library", [] { throw Error("ICU unavailable"); }, kIndexFailure, "prog: ICU unavailable\n"},
      {"xapian", [] { throw Xapian::DatabaseOpeningError("no such database"); }, kIndexFailure,
       "prog: DatabaseOpeningError: no such database\n"},
      {"json",
       [] {
         const auto parsed = nlohmann::json::parse("{");
         (void)parsed;
       },
       kInternalError, ""},
      {"memory", [] { throw std::bad_alloc(); }, kInternalError, "prog: internal error: out of memory\n"},
      {"standard", [] { throw std::out_of_range("vector index"); }, kInternalError,
       "prog: internal error: vector index\n"},
      {"other", [] { throw 42; }, kInternalError, "prog: internal error: unknown exception\n"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    ::testing::internal::CaptureStderr();
    const int code = run("prog", [&c] {
      c.raise();
      return kOk;
    });
    const std::string err = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(code, c.exit_code);
    if (c.message.empty()) {
      EXPECT_TRUE(err.starts_with("prog: internal error: ")) << err;
    } else {
      EXPECT_EQ(err, c.message);
    }
  }
}

TEST(ProgramEdge, TheBodysOwnExitCodeIsKept) {
  EXPECT_EQ(run("prog", [] { return int{kInputErrors}; }), kInputErrors);
  EXPECT_EQ(run("prog", [] { return int{kOk}; }), kOk);
}

}  // namespace
}  // namespace hemicycle::program
