# The documentation's C: every ```c block of README.md, BENCHMARKS.md and
# docs/*.md compiles against the built headers; programs (int main) are
# linked with the built liburb.so and run; fragments are marked
# <!-- fragment --> (docs/TESTING.md).  Failures name FILE.md:LINE.
set(_urb_docs_link $<TARGET_FILE:urb> -Wl,-rpath,$<TARGET_FILE_DIR:urb> ${LIBURING_LDFLAGS})
list(TRANSFORM _urb_docs_link PREPEND "--link=")
set(_urb_docs_cflags "")
if(URB_SANITIZE)
  list(JOIN URB_SANITIZE_FLAGS " " _urb_docs_cflags)
endif()
add_test(NAME docs_examples
  COMMAND ${URB_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/docs_examples.py
          --source-dir ${PROJECT_SOURCE_DIR} --work ${PROJECT_BINARY_DIR}/docs-examples
          --cc ${CMAKE_C_COMPILER} "--cflags=${_urb_docs_cflags}"
          -I ${PROJECT_SOURCE_DIR}/include -I ${PROJECT_SOURCE_DIR}/generated/include
          -I ${PROJECT_SOURCE_DIR}/src -I ${PROJECT_SOURCE_DIR}/generated/src
          ${_urb_docs_link}
          --extop ${CMAKE_CURRENT_SOURCE_DIR}/install/extop/spec)
set_tests_properties(docs_examples PROPERTIES
  PASS_REGULAR_EXPRESSION "docs_examples: ok"
  FAIL_REGULAR_EXPRESSION "FAILED"
  TIMEOUT 300)

# Where a document restates the code (README's op list, ADDING_AN_OPCODE.md's
# argument types, the ops whose new fds a drain closes, TESTING.md's test
# lists), it says what the code says (tests/docs_agree.py).
add_test(NAME docs_agree
  COMMAND ${URB_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/docs_agree.py ${PROJECT_SOURCE_DIR})
set_tests_properties(docs_agree PROPERTIES TIMEOUT 60)

# docs/ARCHITECTURE.md names files, functions and names that exist
# (tests/docs_architecture.py).
add_test(NAME docs_architecture
  COMMAND ${URB_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/docs_architecture.py ${PROJECT_SOURCE_DIR})
set_tests_properties(docs_architecture PROPERTIES
  PASS_REGULAR_EXPRESSION "docs_architecture: ok" TIMEOUT 60)
