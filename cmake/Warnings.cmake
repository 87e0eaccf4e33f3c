# Per-target options: call hemicycle_target_defaults(target) on every target.
function(hemicycle_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
  if(HEMICYCLE_SANITIZE)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
  if(HEMICYCLE_CLANG_TIDY)
    set_target_properties(${target} PROPERTIES CXX_CLANG_TIDY "clang-tidy")
  endif()
endfunction()

# A program (not a library or a test): options of every target, and jemalloc as its
# allocator. ONE_SHOT marks a program run once per command, in loops and scripts
# (hemicycle-query), whose start-up counts: it keeps the system allocator (no
# jemalloc to load and initialise) and is linked position-dependent (-no-pie), so
# that the loader has no relocations to apply to it or to the libraries linked
# into it, the Snowball stemmer's tables among them (README, "Quality and speed").
function(hemicycle_program target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "ONE_SHOT" "" "")
  hemicycle_target_defaults(${target})
  target_link_libraries(${target} PRIVATE hemicycle_program)
  if(HEMICYCLE_JEMALLOC AND NOT HEMICYCLE_SANITIZE AND NOT ARG_ONE_SHOT)
    target_link_libraries(${target} PRIVATE PkgConfig::JEMALLOC)
  endif()
  if(ARG_ONE_SHOT AND CMAKE_CXX_LINK_NO_PIE_SUPPORTED)
    set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE OFF)
  endif()
endfunction()
