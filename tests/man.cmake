# Man pages: every public function (URB_API) has a page or a link, and every
# page lints clean with mandoc (tests/man/check_pages.py; docs/TESTING.md).
add_test(NAME man_pages
  COMMAND ${URB_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/man/check_pages.py ${PROJECT_SOURCE_DIR})
