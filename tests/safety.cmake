# Lifetime regressions against the real kernel (issue #9).
urb_test(test_safety SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_safety.c)
set_tests_properties(test_safety PROPERTIES TIMEOUT 120)

# io_uring_enter failing (-EAGAIN, -EBUSY, -EINTR, -EBADR): urb's enter and
# liburing's timed submit are wrapped so that the test decides when they fail.
urb_test(test_enter_faults SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_enter_faults.c
  LINK_OPTIONS -Wl,--wrap=urb__ring_enter
               -Wl,--wrap=io_uring_submit_and_wait_timeout)

# One conformance suite over every kind of resource an op holds.
urb_test(test_kinds SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_kinds.c)
set_tests_properties(test_kinds PROPERTIES TIMEOUT 120)
