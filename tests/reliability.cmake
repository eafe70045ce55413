# Reliability tests (issue #5): fault paths, load, and the CQE-stream fuzzer.

urb_test(test_faults SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_faults.c)
set_tests_properties(test_faults PROPERTIES TIMEOUT 120)

urb_test(test_load SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_load.c)
set_tests_properties(test_load PROPERTIES TIMEOUT 300)

# The CQE-stream fuzzer's harness, built with this build's compiler as a
# replay driver: the seed corpus, then 20000 inputs from a fixed seed.
# (fuzz/run-cqe runs the same harness under libFuzzer for a given time.)
add_executable(fuzz_cqe_replay ${PROJECT_SOURCE_DIR}/fuzz/cqe_fuzz.c
                               ${PROJECT_SOURCE_DIR}/fuzz/replay.c)
target_include_directories(fuzz_cqe_replay PRIVATE ${PROJECT_SOURCE_DIR}/fuzz
  ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/generated/src)
target_link_libraries(fuzz_cqe_replay PRIVATE urb_static)
add_test(NAME fuzz_cqe_short
  COMMAND fuzz_cqe_replay -n 20000 -seed 1 ${PROJECT_SOURCE_DIR}/fuzz/corpus/cqe)
set_tests_properties(fuzz_cqe_short PROPERTIES TIMEOUT 600
  PASS_REGULAR_EXPRESSION "inputs run .*, 0 findings")
# The same with the strict checks on every input (URB_FUZZ_STRICT=1).
add_test(NAME fuzz_cqe_strict_short
  COMMAND fuzz_cqe_replay -n 5000 -seed 2 ${PROJECT_SOURCE_DIR}/fuzz/corpus/cqe)
set_tests_properties(fuzz_cqe_strict_short PROPERTIES TIMEOUT 600
  ENVIRONMENT "URB_FUZZ_STRICT=1;URB_FUZZ_ARTIFACT=replay-finding-strict"
  PASS_REGULAR_EXPRESSION "inputs run .*, 0 findings")

# What may be called from another thread (urb_futex_wake, urb_op_register),
# under stress; the ThreadSanitizer pass of `make test` runs it under TSan.
urb_test(test_threads SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/test_threads.c)
find_package(Threads REQUIRED)
target_link_libraries(test_threads PRIVATE Threads::Threads)
set_tests_properties(test_threads PROPERTIES TIMEOUT 60)

# The API-sequence fuzzer: random sequences of public calls against a real
# bearer and the real kernel, checked against a model after every step
# (fuzz/api_fuzz.c; `make fuzz-api` runs it for a given time).  A fixed
# seed and count keep the short run's choices the same on every run.
add_executable(fuzz_api ${PROJECT_SOURCE_DIR}/fuzz/api_fuzz.c
                        ${PROJECT_SOURCE_DIR}/fuzz/api_fuzz_more.c
                        ${PROJECT_SOURCE_DIR}/fuzz/api_fuzz_wire.c)
target_include_directories(fuzz_api PRIVATE ${PROJECT_SOURCE_DIR}/fuzz
  ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/generated/src)
target_link_libraries(fuzz_api PRIVATE urb_static)
add_test(NAME fuzz_api_short COMMAND fuzz_api --seed 1 --sequences 1000)
set_tests_properties(fuzz_api_short PROPERTIES TIMEOUT 300
  PASS_REGULAR_EXPRESSION "sequences, [0-9]+ steps, 0 findings")
