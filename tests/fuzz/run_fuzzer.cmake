# ctest: run one libFuzzer target for a few seconds over its checked-in seed
# corpus. New inputs go to WORK/corpus (the seeds are never written), crash
# artifacts to WORK/. Fails when the fuzzer finds a crash, leak, UB or a
# broken property (non-zero exit), or when the fuzzer was not built.
#   cmake -DEXE=<fuzzer> -DSEEDS=<seed dir> -DWORK=<dir> [-DSECONDS=10] -P run_fuzzer.cmake
foreach(v EXE SEEDS WORK)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "run_fuzzer.cmake: -D${v}= is required")
  endif()
endforeach()
if(NOT DEFINED SECONDS)
  set(SECONDS 10)
endif()
if(NOT EXISTS "${EXE}")
  message(FATAL_ERROR "${EXE} was not built (the fuzz_build fixture failed?)")
endif()
# start from the seeds every time, so a run takes SECONDS, not longer
file(REMOVE_RECURSE "${WORK}/corpus")
file(MAKE_DIRECTORY "${WORK}/corpus")
set(ENV{ASAN_OPTIONS} "detect_leaks=1")
set(ENV{UBSAN_OPTIONS} "print_stacktrace=1")
execute_process(
  COMMAND "${EXE}" -max_total_time=${SECONDS} -timeout=25 -rss_limit_mb=2048
          -print_final_stats=1 "-artifact_prefix=${WORK}/" "${WORK}/corpus" "${SEEDS}"
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
string(REGEX MATCH "stat::number_of_executed_units: *[0-9]+" execs "${out}")
if(NOT rc EQUAL 0)
  message("${out}")
  message(FATAL_ERROR "${EXE} failed (exit ${rc}); the input is in ${WORK}/")
endif()
message(STATUS "${EXE}: ${SECONDS}s, ${execs}, no crash")
