# Install rules: headers, shared and static liburb, urb.pc and a relocatable
# CMake package (find_package(urb) -> urb::urb), all under GNUInstallDirs.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(URB_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/urb" CACHE STRING
    "Where urbConfig.cmake goes, relative to the prefix")

install(TARGETS urb urb_static EXPORT urbTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

# <prefix>/include/urb.h and <prefix>/include/urb/*.h, the generated ops.h too.
install(FILES ${PROJECT_SOURCE_DIR}/include/urb.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/urb ${PROJECT_SOURCE_DIR}/generated/include/urb
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.h")

# Installed programs (urb-probe) find liburb.so relative to themselves, so
# that a prefix outside the loader's paths, or moved, runs without
# LD_LIBRARY_PATH: RUNPATH $ORIGIN/../lib (../lib/<multiarch> where
# GNUInstallDirs says so).  An absolute libdir is used as it is.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(URB_INSTALL_RPATH "${CMAKE_INSTALL_LIBDIR}")
else()
  file(RELATIVE_PATH _urb_bin_to_lib "/urb-root/${CMAKE_INSTALL_BINDIR}"
       "/urb-root/${CMAKE_INSTALL_LIBDIR}")
  set(URB_INSTALL_RPATH "$ORIGIN/${_urb_bin_to_lib}")
endif()

install(EXPORT urbTargets NAMESPACE urb:: DESTINATION ${URB_INSTALL_CMAKEDIR})
configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/urbConfig.cmake.in
  ${PROJECT_BINARY_DIR}/urbConfig.cmake
  INSTALL_DESTINATION ${URB_INSTALL_CMAKEDIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/urbConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/urbConfig.cmake ${PROJECT_BINARY_DIR}/urbConfigVersion.cmake
  DESTINATION ${URB_INSTALL_CMAKEDIR})

# urb.pc finds its prefix from its own place (${pcfiledir}), so the install
# tree can be moved; absolute install dirs are used as they are.
set(_urb_pcdir "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
if(IS_ABSOLUTE "${_urb_pcdir}")
  set(URB_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH _urb_up "/urb-root/${_urb_pcdir}" "/urb-root")
  string(REGEX REPLACE "/$" "" _urb_up "${_urb_up}")
  set(URB_PC_PREFIX "\${pcfiledir}/${_urb_up}")
endif()
foreach(_urb_dir LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${_urb_dir}}")
    set(URB_PC_${_urb_dir} "${CMAKE_INSTALL_${_urb_dir}}")
  else()
    set(URB_PC_${_urb_dir} "\${prefix}/${CMAKE_INSTALL_${_urb_dir}}")
  endif()
endforeach()
configure_file(${CMAKE_CURRENT_LIST_DIR}/urb.pc.in ${PROJECT_BINARY_DIR}/urb.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/urb.pc DESTINATION ${_urb_pcdir})

# Ops from outside the library: the generator, its templates and the spec
# schema under <prefix>/share/urb, and urb-gen to run it
# (urb-gen --external PREFIX --spec DIR --out DIR; docs/ADDING_AN_OPCODE.md).
install(FILES ${PROJECT_SOURCE_DIR}/codegen/urb_gen.py ${PROJECT_SOURCE_DIR}/codegen/spec_model.py
  DESTINATION ${CMAKE_INSTALL_DATADIR}/urb/codegen)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/codegen/templates
  DESTINATION ${CMAKE_INSTALL_DATADIR}/urb/codegen FILES_MATCHING PATTERN "*.j2")
install(FILES ${PROJECT_SOURCE_DIR}/spec/schema.yaml DESTINATION ${CMAKE_INSTALL_DATADIR}/urb/spec)
file(RELATIVE_PATH URB_GEN_TO_SHARE "/urb-root/${CMAKE_INSTALL_BINDIR}"
     "/urb-root/${CMAKE_INSTALL_DATADIR}/urb/codegen")
configure_file(${CMAKE_CURRENT_LIST_DIR}/urb-gen.in ${PROJECT_BINARY_DIR}/urb-gen @ONLY)
install(PROGRAMS ${PROJECT_BINARY_DIR}/urb-gen DESTINATION ${CMAKE_INSTALL_BINDIR})

# The example of an op from outside the library (spec, program, README),
# built by the install_consumers test from this installed copy.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/tests/install/extop/
  DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples/extop)

# Man pages: the user's API in man3, hand-written (man/man3) and one per
# generated op (generated/man/man3/urb_push_<op>.3); the generated-code
# ABI, which only generated code calls, in one page of its own,
# man7/urb-abi.7.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/man/man3 ${PROJECT_SOURCE_DIR}/generated/man/man3
  DESTINATION ${CMAKE_INSTALL_MANDIR} FILES_MATCHING PATTERN "*.3")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/man/man7
  DESTINATION ${CMAKE_INSTALL_MANDIR} FILES_MATCHING PATTERN "*.7")

# The documentation: README.md, CHANGES.md and BENCHMARKS.md in <prefix>/share/doc/urb,
# docs/*.md in its docs/ (the README's links stay right).  Man pages are
# installed elsewhere.
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/CHANGES.md
  ${PROJECT_SOURCE_DIR}/BENCHMARKS.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs
  FILES_MATCHING PATTERN "*.md")
