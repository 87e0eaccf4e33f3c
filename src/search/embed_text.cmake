# cmake -DINPUT=<text file> -DOUTPUT=<build>/<name>.cpp -DHEADER=<search/x.h> -DFUNCTION=<name> -P embed_text.cmake
# Writes a text file into a C++ source file in the build tree, as the body of
# `std::string_view FUNCTION()`, so that the programs need no data file at run time.
file(READ "${INPUT}" list)
string(FIND "${list}" ")embedded\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw string delimiter )embedded\"")
endif()
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${INPUT} by embed_text.cmake; do not edit.
#include \"${HEADER}\"

namespace hemicycle::search {
std::string_view ${FUNCTION}() {
  return R\"embedded(${list})embedded\";
}
}  // namespace hemicycle::search
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
