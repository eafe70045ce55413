# Hand-written tests of the bearer core.
urb_test(test_core SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_core.c)

# test_alloc counts the library's allocations: --wrap reaches them because
# tests link the static library.
urb_test(test_alloc SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_alloc.c
  LINK_OPTIONS -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc
               -Wl,--wrap=free -Wl,--wrap=posix_memalign
               -Wl,--wrap=aligned_alloc -Wl,--wrap=mmap)
