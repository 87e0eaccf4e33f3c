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
# allocator unless SYSTEM_ALLOCATOR is given: a one-shot, single-threaded program
# (hemicycle-query) starts faster without loading and initialising jemalloc.
function(hemicycle_program target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "SYSTEM_ALLOCATOR" "" "")
  hemicycle_target_defaults(${target})
  target_link_libraries(${target} PRIVATE hemicycle_program)
  if(HEMICYCLE_JEMALLOC AND NOT HEMICYCLE_SANITIZE AND NOT ARG_SYSTEM_ALLOCATOR)
    target_link_libraries(${target} PRIVATE PkgConfig::JEMALLOC)
  endif()
endfunction()
