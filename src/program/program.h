#pragma once
// The edge every program shares: exit codes, command-line parsing, and the one
// place where the library's exceptions become a message and an exit code.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

namespace hemicycle::program {

// Exit codes, the same in every program (each --help says which it uses).
enum ExitCode : int {
  kOk = 0,
  kInputErrors = 1,     // hemicycle-index: some inputs were rejected, the others indexed
  kUsage = 2,           // a mistake on the command line, in a query or in a configuration file
  kIndexFailure = 3,    // the index is missing, unreadable, locked or cannot be written
  kCannotListen = 4,    // hemicycle-serve: the address or port cannot be used
  kInternalError = 70,  // a bug (EX_SOFTWARE of sysexits.h): the message says what failed
  kInterrupted = 130,   // SIGINT or SIGTERM, after what was done is kept
};

// The line that --help prints about the codes shared by every program.
inline constexpr std::string_view kCommonExitCodes =
    "2 usage error, 3 index missing, unreadable or not writable, 70 internal error";

// The programs' shared options and layout: help in columns of 34 characters, and
// --db for the programs that search (several indexes are searched as one).
void use_common_layout(CLI::App& app);
CLI::Option* add_search_databases(CLI::App& app, std::vector<std::string>& databases);

// Parses the command line into `app`. Returns nothing to go on, or the code to exit
// with: kOk after --help or --version, kUsage after a mistake (CLI11 prints it).
[[nodiscard]] std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv);

// Runs `body` and returns its exit code; an exception that escapes it is printed
// as "<program>: <message>" on standard error and mapped to an exit code:
// ConfigError, QueryError, InputError -> kUsage; IndexError, any other library
// Error, Xapian::Error -> kIndexFailure; anything else (a JSON, memory or standard
// library error) -> kInternalError.
// A Xapian::Error that ends the program through std::terminate is reported the same
// way (kIndexFailure): Xapian 1.4 writes a value slot's last chunk from a destructor,
// so a write that fails there (a full disk) throws during the unwinding of the first
// failure. The database keeps its last commit: Xapian's commits are atomic.
// `program` is a literal: the terminate handler keeps it.
[[nodiscard]] int run(std::string_view program, const std::function<int()>& body);

}  // namespace hemicycle::program
