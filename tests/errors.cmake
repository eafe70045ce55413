# Every refusal path of every public call: its code, its own words (issue 13).
urb_test(test_errors SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_errors.c)
target_compile_definitions(test_errors PRIVATE URB_SRC_DIR="${PROJECT_SOURCE_DIR}/src")
