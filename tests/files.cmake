# The file, pipe and poll ops against real files, pipes and sockets.
urb_test(test_files SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_files.c)

# timeout, link_timeout, timeout_remove and timeout_update.
urb_test(test_timeouts SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_timeouts.c)
