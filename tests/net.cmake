urb_test(test_net SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_net.c)
urb_test(test_msg SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_msg.c)
urb_test(test_sockcmd SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_sockcmd.c)
urb_test(test_bufrings SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_bufrings.c)
