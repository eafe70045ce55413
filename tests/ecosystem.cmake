# Ecosystem tests: install + consumers, urb-probe, the API docs, docs/ERRORS.md.

# Installs into <build>/install-test and builds consumers with pkg-config
# and find_package; needs the whole build (the tools too) to be done.
add_test(NAME install_consumers
  COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/install/run.sh ${PROJECT_BINARY_DIR} ${PROJECT_SOURCE_DIR})
set(_urb_consumer_env "CC=${CMAKE_C_COMPILER}")
if(URB_SANITIZE)
  list(JOIN URB_SANITIZE_FLAGS " " _urb_san_flags)
  list(APPEND _urb_consumer_env "CFLAGS=${_urb_san_flags}")
endif()
set_tests_properties(install_consumers PROPERTIES
  ENVIRONMENT "${_urb_consumer_env}"
  PASS_REGULAR_EXPRESSION "install_consumers: ok"
  FAIL_REGULAR_EXPRESSION "FAILED"
  TIMEOUT 300)

# urb-probe: every op in spec/ops listed, nop supported, --json parses and agrees.
add_test(NAME urb_probe
  COMMAND ${URB_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/install/check_probe.py
          $<TARGET_FILE:urb-probe> ${PROJECT_SOURCE_DIR}/spec/ops)
set_tests_properties(urb_probe PROPERTIES TIMEOUT 60)

# The HTML API docs build with Doxygen, without a single warning.
# Without doxygen (scripts/deps.sh installs it) the test fails and says so.
find_program(URB_DOXYGEN doxygen)
add_test(NAME docs_build
  COMMAND ${CMAKE_COMMAND} -DDOXYGEN=${URB_DOXYGEN} -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
          -DOUT=${PROJECT_BINARY_DIR}/docs-test -P ${PROJECT_SOURCE_DIR}/cmake/doxygen.cmake)
set_tests_properties(docs_build PROPERTIES TIMEOUT 300)

# docs/ERRORS.md is what tools/urb-errors prints from URB_ERRORS now.
add_test(NAME errors_doc_up_to_date
  COMMAND ${CMAKE_COMMAND} -DURB_ERRORS=$<TARGET_FILE:urb-errors>
          -DDOC=${PROJECT_SOURCE_DIR}/docs/ERRORS.md -DMODE=check
          -DSCRATCH=${PROJECT_BINARY_DIR}/ERRORS.md.fresh
          -P ${PROJECT_SOURCE_DIR}/cmake/errors_doc.cmake)
