# The file, pipe and poll ops against real files, pipes and sockets.
urb_test(test_files SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_files.c)

# timeout, link_timeout, timeout_remove and timeout_update.
urb_test(test_timeouts SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_timeouts.c)

# openat, statx, mkdirat, unlinkat, renameat, symlinkat and linkat, and the
# record storage their paths and statx's struct live in.
urb_test(test_paths SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_paths.c)

# waitid: a child's exit, and its siginfo in record storage.
urb_test(test_process SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_process.c)

# msg_ring between bearers, on one thread and on two.
urb_test(test_messages SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_messages.c)
find_package(Threads REQUIRED)
target_link_libraries(test_messages PRIVATE Threads::Threads)
set_tests_properties(test_messages PROPERTIES TIMEOUT 60)
