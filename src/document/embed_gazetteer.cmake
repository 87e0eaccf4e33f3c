# cmake -DINPUT=<data/gazetteer/FILE.tsv> -DOUTPUT=<build>/embedded_FILE.cpp -DSYMBOL=kEmbeddedName -P embed_gazetteer.cmake
# Writes a file of data/gazetteer/ into a C++ source file in the build tree, as
# the string literals <SYMBOL>Parts[] (<SYMBOL>PartCount of them), so that
# indexer and query tool carry the same territories and name lists without
# reading a file at run time.
# The file is cut at line ends into literals of under 64 KiB, the longest string
# literal every C++ compiler must accept.
set(chunk_bytes 60000)
file(READ "${INPUT}" content)
string(LENGTH "${content}" size)
set(offset 0)
set(literals "")
while(offset LESS size)
  string(SUBSTRING "${content}" ${offset} ${chunk_bytes} block)
  string(LENGTH "${block}" length)
  math(EXPR block_end "${offset} + ${length}")
  if(block_end LESS size)
    string(FIND "${block}" "\n" last_newline REVERSE)
    if(last_newline EQUAL -1)
      message(FATAL_ERROR "${INPUT}: a line longer than ${chunk_bytes} bytes")
    endif()
    math(EXPR length "${last_newline} + 1")
    string(SUBSTRING "${block}" 0 ${length} block)
  endif()
  string(FIND "${block}" ")gazetteer\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${INPUT} contains the raw string delimiter )gazetteer\"")
  endif()
  string(APPEND literals "    R\"gazetteer(${block})gazetteer\"sv,\n")
  math(EXPR offset "${offset} + ${length}")
endwhile()
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${INPUT} by embed_gazetteer.cmake; do not edit.
#include <cstddef>
#include <string_view>

namespace hemicycle::document {
using namespace std::string_view_literals;
extern const std::string_view ${SYMBOL}Parts[];
extern const std::size_t ${SYMBOL}PartCount;
constexpr std::string_view ${SYMBOL}Parts[]{
${literals}};
constexpr std::size_t ${SYMBOL}PartCount = std::size(${SYMBOL}Parts);
}  // namespace hemicycle::document
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
