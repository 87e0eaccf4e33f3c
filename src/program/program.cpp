#include "program/program.h"

#include <cstdlib>
#include <exception>
#include <iostream>
#include <mutex>
#include <new>
#include <string>

#include <xapian.h>

#include "errors.h"

namespace hemicycle::program {

void use_common_layout(CLI::App& app) { app.get_formatter()->column_width(34); }

CLI::Option* add_search_databases(CLI::App& app, std::vector<std::string>& databases) {
  return app.add_option("--db", databases, "Index folder; repeat to search several indexes as one")
      ->required()
      ->allow_extra_args(false);
}

std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kOk : kUsage;  // --help is not an error
  }
  return std::nullopt;
}

namespace {

std::string_view& terminating_program() {
  static std::string_view name;  // a literal (see program.h): still there at exit
  return name;
}

[[noreturn]] void on_terminate() {
  if (const std::exception_ptr current = std::current_exception()) {
    try {
      std::rethrow_exception(current);
    } catch (const Xapian::Error& e) {
      std::cerr << terminating_program() << ": Xapian failed: " << e.get_description()
                << " (a database keeps what was committed before)\n";
      std::_Exit(kIndexFailure);
    } catch (const std::exception& e) {
      std::cerr << terminating_program() << ": internal error: " << e.what() << "\n";
      std::abort();
    } catch (...) {
    }
  }
  std::cerr << terminating_program() << ": internal error: terminated\n";
  std::abort();
}

}  // namespace

int run(std::string_view program, const std::function<int()>& body) {
  static std::once_flag terminate_handler;
  std::call_once(terminate_handler, [program] {
    terminating_program() = program;
    std::set_terminate(on_terminate);
  });
  const auto fail = [program](std::string_view message, int code) {
    std::cerr << program << ": " << message << "\n";
    return code;
  };
  try {
    return body();
  } catch (const QueryError& e) {
    return fail(std::string("invalid query: ") + e.what(), kUsage);
  } catch (const ConfigError& e) {
    return fail(e.what(), kUsage);
  } catch (const InputError& e) {
    return fail(e.what(), kUsage);
  } catch (const Error& e) {
    return fail(e.what(), kIndexFailure);
  } catch (const Xapian::Error& e) {
    return fail(e.get_description(), kIndexFailure);
  } catch (const std::bad_alloc&) {
    return fail("internal error: out of memory", kInternalError);
  } catch (const std::exception& e) {
    return fail(std::string("internal error: ") + e.what(), kInternalError);
  } catch (...) {
    return fail("internal error: unknown exception", kInternalError);
  }
}

}  // namespace hemicycle::program
