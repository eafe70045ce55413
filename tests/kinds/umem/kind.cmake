# The user-memory kind (src/kind_umem.c): the ops its tests use, defined
# here (spec/ops/), its own test program, and its entry in test_kinds'
# conformance suite.
urb_kind_ops(umem ${CMAKE_CURRENT_LIST_DIR}/spec)
urb_test(test_kind_umem SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_umem.c)
target_link_libraries(test_kind_umem PRIVATE urb_kind_ops_umem)
target_sources(test_kinds PRIVATE ${CMAKE_CURRENT_LIST_DIR}/conformance.c)
target_link_libraries(test_kinds PRIVATE urb_kind_ops_umem)
