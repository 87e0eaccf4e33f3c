# cmake -DINPUT=<query/synonyms.txt> -DOUTPUT=<build>/default_synonyms.cpp -P embed_synonyms.cmake
# Writes the synonym list into a C++ source file in the build tree, so that the
# query tool needs no data file at run time.
file(READ "${INPUT}" list)
string(FIND "${list}" ")synonyms\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw string delimiter )synonyms\"")
endif()
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${INPUT} by embed_synonyms.cmake; do not edit.
#include \"search/synonyms.h\"

namespace hemicycle::search {
std::string_view default_synonyms() {
  return R\"synonyms(${list})synonyms\";
}
}  // namespace hemicycle::search
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
