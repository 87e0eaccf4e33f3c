# hemicycle_embed_text(function input header namespace): the text file `input` as the
# body of `std::string_view namespace::function()`, declared in `header`, in a C++
# source of the current build folder (<function>.cpp) that the caller adds to a library.
function(hemicycle_embed_text function input header namespace)
  set(output ${CMAKE_CURRENT_BINARY_DIR}/${function}.cpp)
  add_custom_command(
    OUTPUT ${output}
    COMMAND ${CMAKE_COMMAND} -DINPUT=${input} -DOUTPUT=${output} -DHEADER=${header} -DFUNCTION=${function}
            -DNAMESPACE=${namespace} -P ${PROJECT_SOURCE_DIR}/cmake/embed_text.cmake
    DEPENDS ${input} ${PROJECT_SOURCE_DIR}/cmake/embed_text.cmake
    COMMENT "Embedding ${input}"
    VERBATIM)
endfunction()
