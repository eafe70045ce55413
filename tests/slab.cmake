# The record slab's conformance suite, run over every slab implementation.
urb_test(test_slab SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_slab.c)
