# cmake -DURB_ERRORS=<urb-errors> -DDOC=<docs/ERRORS.md> -DMODE=write|check
#       [-DSCRATCH=<file>] -P errors_doc.cmake
# write: regenerates the error table into DOC.
# check: fails, showing a diff, when the committed DOC is stale; the fresh
#        table is written to SCRATCH (never into the source tree).
execute_process(COMMAND "${URB_ERRORS}" RESULT_VARIABLE rc OUTPUT_VARIABLE table)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${URB_ERRORS} failed (exit ${rc})")
endif()
if(MODE STREQUAL "write")
  file(WRITE "${DOC}" "${table}")
  message(STATUS "wrote ${DOC}")
elseif(MODE STREQUAL "check")
  set(committed "")
  if(EXISTS "${DOC}")
    file(READ "${DOC}" committed)
  endif()
  if(NOT committed STREQUAL table)
    if(SCRATCH)
      file(WRITE "${SCRATCH}" "${table}")
      execute_process(COMMAND diff -u "${DOC}" "${SCRATCH}")
    endif()
    message(FATAL_ERROR "${DOC} is stale: it is not what tools/urb-errors prints "
                        "from URB_ERRORS now.  Refresh it with "
                        "`cmake --build <build> --target errors_doc` and commit it.")
  endif()
  message(STATUS "${DOC} is up to date")
else()
  message(FATAL_ERROR "errors_doc.cmake: MODE must be write or check")
endif()
