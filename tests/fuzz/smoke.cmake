# Included by tests/CMakeLists.txt (the main build, any compiler): a short
# smoke run of every libFuzzer target. The fixture test fuzz_build
# configures and builds the clang fuzz tree once in <build>/fuzz; each
# fuzz_<target> test then runs that fuzzer for MICIC_FUZZ_SMOKE_SECONDS over
# its seed corpus (tests/fuzz/corpus/fuzz_<target>/). No clang or libFuzzer:
# fuzz_build fails and the fuzz tests are not run, which ctest counts as
# failures. Longer runs: scripts/fuzz.sh.
set(MICIC_FUZZ_SMOKE_SECONDS 10 CACHE STRING "Seconds each fuzz_* ctest test runs its fuzzer")
set(_fuzz_bin "${PROJECT_BINARY_DIR}/fuzz")
add_test(NAME fuzz_build COMMAND ${CMAKE_COMMAND} -DSRC=${PROJECT_SOURCE_DIR} -DBIN=${_fuzz_bin}
         "-DGEN=${CMAKE_GENERATOR}" -P ${CMAKE_CURRENT_LIST_DIR}/build_fuzzers.cmake)
set_tests_properties(fuzz_build PROPERTIES FIXTURES_SETUP micic_fuzz_build
                     RESOURCE_LOCK micic_fuzz TIMEOUT 900)
foreach(t text guidelines csv json jsonl long query validate)
  add_test(NAME fuzz_${t} COMMAND ${CMAKE_COMMAND}
           -DEXE=${_fuzz_bin}/tests/fuzz/fuzz_${t}
           -DSEEDS=${CMAKE_CURRENT_LIST_DIR}/corpus/fuzz_${t}
           -DWORK=${_fuzz_bin}/work/${t} -DSECONDS=${MICIC_FUZZ_SMOKE_SECONDS}
           -P ${CMAKE_CURRENT_LIST_DIR}/run_fuzzer.cmake)
  # one fuzzer at a time (the machine is shared); each about 10 s
  set_tests_properties(fuzz_${t} PROPERTIES FIXTURES_REQUIRED micic_fuzz_build
                       RESOURCE_LOCK micic_fuzz TIMEOUT 120)
endforeach()
