# cmake -DINPUT=<text file> -DOUTPUT=<build>/<name>.cpp -DHEADER=<layer/x.h> -DFUNCTION=<name>
#       -DNAMESPACE=<hemicycle::layer> -P embed_text.cmake
# Writes a text file into a C++ source file in the build tree, as the body of
# `std::string_view NAMESPACE::FUNCTION()`, so that the programs need no data file
# at run time. See hemicycle_embed_text in EmbedText.cmake.
file(READ "${INPUT}" list)
string(FIND "${list}" ")embedded\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw string delimiter )embedded\"")
endif()
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${INPUT} by embed_text.cmake; do not edit.
#include \"${HEADER}\"

namespace ${NAMESPACE} {
std::string_view ${FUNCTION}() {
  return R\"embedded(${list})embedded\";
}
}  // namespace ${NAMESPACE}
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
