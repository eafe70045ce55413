# Lifetime regressions against the real kernel (issue #9).
urb_test(test_safety SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_safety.c)
set_tests_properties(test_safety PROPERTIES TIMEOUT 120)
