// Synonyms::embedded(), apart from synonyms.cpp so that generate_synonyms, which
// writes the table it reads, can parse the list without it.

#include "search/synonyms.h"

namespace hemicycle::search {

// Generated in the build tree by generate_synonyms: Synonyms::to_table() of
// query/synonyms.txt.
std::string_view default_synonym_table();

const Synonyms& Synonyms::embedded() {
  static const Synonyms instance = over(default_synonym_table());
  return instance;
}

}  // namespace hemicycle::search
