#pragma once
// The library's exceptions. Only the command-line and HTTP layers catch them
// and turn them into a message and an exit code or an HTTP status.

#include <cstddef>
#include <stdexcept>
#include <string>

namespace hemicycle {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A document that cannot be read or parsed: the batch goes on without it.
class InputError : public Error {
 public:
  using Error::Error;
};

// A query the user must correct; `offset` is the byte offset of the problem in the query.
class QueryError : public Error {
 public:
  QueryError(const std::string& message, std::size_t offset) : Error(message), offset_(offset) {}
  [[nodiscard]] std::size_t offset() const noexcept { return offset_; }

 private:
  std::size_t offset_;
};

// The index cannot be opened, locked, or written.
class IndexError : public Error {
 public:
  using Error::Error;
};

// A configuration file (stopwords, synonyms, field mapping) is missing or malformed.
class ConfigError : public Error {
 public:
  using Error::Error;
};

}  // namespace hemicycle
