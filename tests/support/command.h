#pragma once
// Running the project's programs from end-to-end tests: the real binaries of
// HEMICYCLE_BIN_DIR, arguments quoted for the shell, output captured in files.

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace hemicycle::test_support {

struct CommandResult {
  int status = -1;  // exit status, -1 when killed by a signal
  std::string out;
  std::string err;
};

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// `arg` as one word for /bin/sh.
inline std::string shell_quote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// Runs HEMICYCLE_BIN_DIR/`program` with `args`, standard input from /dev/null;
// standard output and error go through `scratch`/stdout and `scratch`/stderr.
inline CommandResult run_program(const std::string& program, const std::vector<std::string>& args,
                                 const std::filesystem::path& scratch) {
  std::string command = std::string(HEMICYCLE_BIN_DIR) + "/" + program;
  for (const auto& a : args) command += " " + shell_quote(a);
  const std::filesystem::path out = scratch / "stdout";
  const std::filesystem::path err = scratch / "stderr";
  command += " >" + shell_quote(out.string()) + " 2>" + shell_quote(err.string()) + " </dev/null";
  CommandResult result;
  const int raw = std::system(command.c_str());
  result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  result.out = read_file(out);
  result.err = read_file(err);
  return result;
}

// Runs `command` with /bin/sh; `out` is what it prints on standard output (add
// " 2>&1" to the command to have standard error too).
inline CommandResult run_shell(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.out.append(buffer, n);
  const int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// A new, empty folder under the system's temporary folder (TMPDIR), named
// `name` plus a unique suffix; empty when it cannot be made.
inline std::string make_temp_folder(const std::string& name) {
  std::string pattern = (std::filesystem::temp_directory_path() / (name + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) return {};
  return pattern;
}

}  // namespace hemicycle::test_support
