# The generator's own tests: golden output for tests/codegen/good, one failure
# per tests/codegen/bad file, and a seeded mutation fuzzer over spec/ops.
add_test(NAME codegen_golden COMMAND ${URB_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/codegen/test_codegen.py)
