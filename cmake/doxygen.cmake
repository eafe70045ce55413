# cmake -DDOXYGEN=<doxygen> -DSOURCE_DIR=<src> -DOUT=<dir> -P doxygen.cmake
# Builds the HTML API docs from docs/Doxyfile into <dir>/html; fails on any
# Doxygen warning (the Doxyfile sets WARN_AS_ERROR, and stderr is checked).
foreach(v DOXYGEN SOURCE_DIR OUT)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "doxygen.cmake: -D${v}= is required")
  endif()
endforeach()
if(NOT DOXYGEN)
  message(FATAL_ERROR "doxygen not found: install it (Debian: apt-get install doxygen; "
                      "scripts/deps.sh does) and re-run cmake")
endif()
file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}")
# The Doxyfile's paths are relative to docs/; only the output dir moves.
file(WRITE "${OUT}/Doxyfile"
  "@INCLUDE = ${SOURCE_DIR}/docs/Doxyfile\nOUTPUT_DIRECTORY = ${OUT}\n")
execute_process(COMMAND "${DOXYGEN}" "${OUT}/Doxyfile"
  WORKING_DIRECTORY "${SOURCE_DIR}/docs"
  RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT err STREQUAL "")
  message(FATAL_ERROR "doxygen failed (exit ${rc}):\n${out}${err}")
endif()
if(NOT EXISTS "${OUT}/html/index.html")
  message(FATAL_ERROR "doxygen wrote no ${OUT}/html/index.html")
endif()
message(STATUS "API docs: ${OUT}/html/index.html")
