# Every dependency comes from a Debian package; nothing is downloaded.
find_package(PkgConfig REQUIRED)
include(CheckPIESupported)
check_pie_supported()
find_package(Threads REQUIRED)

find_package(xapian 1.4 REQUIRED CONFIG)
add_library(hemicycle::xapian INTERFACE IMPORTED)
target_include_directories(hemicycle::xapian INTERFACE ${XAPIAN_INCLUDE_DIR})
target_link_libraries(hemicycle::xapian INTERFACE ${XAPIAN_LIBRARIES})

pkg_check_modules(ICU REQUIRED IMPORTED_TARGET icu-uc icu-i18n)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(ZLIB REQUIRED IMPORTED_TARGET zlib)

# libstemmer-dev's static library: the shared one holds the tables of every
# language Snowball has, whose 10,800 pointers the loader relocated at each start
# of every program; linked into a position-dependent program (hemicycle_program
# ONE_SHOT), they are fixed at link time.
find_path(STEMMER_INCLUDE_DIR libstemmer.h REQUIRED)
find_library(STEMMER_STATIC_LIBRARY NAMES libstemmer.a REQUIRED)
add_library(hemicycle::stemmer INTERFACE IMPORTED)
target_include_directories(hemicycle::stemmer INTERFACE ${STEMMER_INCLUDE_DIR})
target_link_libraries(hemicycle::stemmer INTERFACE ${STEMMER_STATIC_LIBRARY})

find_package(nlohmann_json 3 REQUIRED)
# Reads the JSON documents when indexing (libsimdjson-dev); nlohmann's json is the DOM everything else uses.
find_package(simdjson 3 REQUIRED CONFIG)
find_package(CLI11 REQUIRED)

# The programs allocate through jemalloc (libjemalloc-dev): indexing makes and
# frees millions of small strings and map nodes on several threads, where
# glibc's allocator cost a third more CPU time (README, "Quality and speed").
# The sanitizers bring their own allocator.
if(HEMICYCLE_JEMALLOC AND NOT HEMICYCLE_SANITIZE)
  pkg_check_modules(JEMALLOC REQUIRED IMPORTED_TARGET jemalloc)
endif()

if(HEMICYCLE_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
