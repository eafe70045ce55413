# The ring set-up (urb_bearer_setup) and each fallback: liburing's set-up
# and ring-fd registration are wrapped so that the test decides which flags
# the "kernel" lacks; everything else runs on the real kernel.
urb_test(test_ring_setup SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_ring_setup.c
  LINK_OPTIONS -Wl,--wrap=io_uring_queue_init_params
               -Wl,--wrap=io_uring_register_ring_fd)
