# ctest fixture (fuzz_build): configure and build the libFuzzer targets with
# clang in a separate build tree. Fails (never skips) when clang or
# libFuzzer is missing: tests/fuzz/CMakeLists.txt checks both.
#   cmake -DSRC=<source dir> -DBIN=<fuzz build dir> [-DGEN=<generator>] -P build_fuzzers.cmake
foreach(v SRC BIN)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "build_fuzzers.cmake: -D${v}= is required")
  endif()
endforeach()
find_program(MICIC_CLANG NAMES clang)
if(NOT MICIC_CLANG)
  message(FATAL_ERROR "clang not found: the fuzz tests need clang and libFuzzer "
                      "(Debian 12: apt-get install clang libclang-rt-14-dev libfuzzer-14-dev; "
                      "scripts/setup.sh installs them)")
endif()
set(gen_args)
if(DEFINED GEN AND NOT EXISTS "${BIN}/CMakeCache.txt")
  set(gen_args -G "${GEN}")
endif()
execute_process(
  COMMAND ${CMAKE_COMMAND} -S "${SRC}" -B "${BIN}" ${gen_args}
          -DCMAKE_C_COMPILER=${MICIC_CLANG} -DCMAKE_BUILD_TYPE=Debug -DMICIC_FUZZ=ON
          -DBUILD_TESTING=OFF -DMICIC_BUILD_PYTHON=OFF -DMICIC_BUILD_R=OFF
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring the fuzz build failed (${rc})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build "${BIN}" --target micic_fuzzers --parallel 2
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building the fuzzers failed (${rc})")
endif()
