// Gazetteer::embedded(), apart from gazetteer.cpp so that generate_place_names,
// which runs before the embedded table exists, can build a Gazetteer of its own.

#include "document/gazetteer.h"

#include <atomic>

namespace hemicycle::document {

// Generated in the build tree by embed_gazetteer.cmake: the lines of
// data/gazetteer/territories.tsv cut into string literals.
extern const std::string_view kEmbeddedGazetteerParts[];
extern const std::size_t kEmbeddedGazetteerPartCount;

namespace {
std::atomic<bool> embedded_built{false};
}  // namespace

const Gazetteer& Gazetteer::embedded() {
  static const Gazetteer instance = [] {
    std::string tsv;
    for (std::size_t i = 0; i < kEmbeddedGazetteerPartCount; ++i) tsv += kEmbeddedGazetteerParts[i];
    embedded_built = true;
    return Gazetteer(tsv);
  }();
  return instance;
}

bool Gazetteer::embedded_is_built() { return embedded_built; }

}  // namespace hemicycle::document
