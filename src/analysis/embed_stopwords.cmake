# cmake -DINPUT=<stopwords/french.txt> -DOUTPUT=<build>/french_stopwords.cpp -P embed_stopwords.cmake
# Writes the stopword list into a C++ source file in the build tree, so that
# the list is part of the library rather than a file read at run time.
file(READ "${INPUT}" list)
string(FIND "${list}" ")stopwords\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw string delimiter )stopwords\"")
endif()
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${INPUT} by embed_stopwords.cmake; do not edit.
#include \"analysis/stopwords.h\"

namespace hemicycle::analysis {
const std::string_view kEmbeddedFrenchStopwords = R\"stopwords(${list})stopwords\";
}  // namespace hemicycle::analysis
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
