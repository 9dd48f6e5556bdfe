# ctest r_install_source (cmake -P): `R CMD INSTALL bindings/r` from a
# fresh checkout (no SWIG wrapper in it): configure generates the wrapper
# with SWIG and copies the seeds; the package loads and works. Then the two
# failures say what is wrong: no SWIG, no libmicic.
#   -DREPO=<source tree> -DWORK=<scratch dir> -DR=<R> -DRSCRIPT=<Rscript>
#   -DPKGCONFIG_DIR=<dir with a micic.pc for libmicic>
file(REMOVE_RECURSE "${WORK}")

# A checkout as git would give it: sources only, nothing generated.
function(make_clone dir)
  file(MAKE_DIRECTORY "${dir}/bindings" "${dir}/data")
  file(COPY "${REPO}/include" DESTINATION "${dir}")
  file(COPY "${REPO}/data/corpus" DESTINATION "${dir}/data")
  file(COPY "${REPO}/bindings/micic.i" "${REPO}/bindings/micic_r.i" DESTINATION "${dir}/bindings")
  file(COPY "${REPO}/bindings/r" DESTINATION "${dir}/bindings"
       PATTERN "micicR_wrap.c" EXCLUDE PATTERN "micic.R" EXCLUDE
       PATTERN "*.o" EXCLUDE PATTERN "*.so" EXCLUDE PATTERN "extdata" EXCLUDE)
  if(EXISTS "${dir}/bindings/r/src/micicR_wrap.c" OR EXISTS "${dir}/bindings/r/R/micic.R")
    message(FATAL_ERROR "the test checkout has a SWIG wrapper already")
  endif()
endfunction()

function(r_install clone lib out_var rc_var)
  file(MAKE_DIRECTORY "${lib}")
  execute_process(
    COMMAND ${CMAKE_COMMAND} -E env --unset=MAKEFLAGS --unset=R_LIBS --unset=R_LIBS_USER ${ARGN}
            "${R}" CMD INSTALL --no-multiarch "--library=${lib}" "${clone}/bindings/r"
    RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _out)
  set(${out_var} "${_out}" PARENT_SCOPE)
  set(${rc_var} "${_rc}" PARENT_SCOPE)
endfunction()

# 1. the way a user does it: R CMD INSTALL bindings/r
make_clone("${WORK}/clone")
r_install("${WORK}/clone" "${WORK}/lib" _out _rc "PKG_CONFIG_PATH=${PKGCONFIG_DIR}")
if(_rc)
  message(FATAL_ERROR "R CMD INSTALL bindings/r from a checkout failed:\n${_out}")
endif()
if(NOT _out MATCHES "generating the SWIG wrapper")
  message(FATAL_ERROR "configure did not generate the wrapper:\n${_out}")
endif()
file(WRITE "${WORK}/check.R" [=[
library(micic)
x <- micic_bundled()
stopifnot(length(x) > 100L)
seeds <- system.file("extdata", "corpus", package = "micic")
stopifnot(nzchar(seeds), length(micic_read(seeds)) == length(x))
stopifnot(identical(dim(micic_crosstab(x, "guideline", "phase")), c(15L, 3L)))
cat("source-tree install OK:", length(x), "records\n")
]=])
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env --unset=R_LIBS_USER "R_LIBS=${WORK}/lib" "${RSCRIPT}" "${WORK}/check.R"
  RESULT_VARIABLE _rc)
if(_rc)
  message(FATAL_ERROR "the package installed from the checkout does not work")
endif()

# 2. no SWIG: a message that says so and points at the tarball
make_clone("${WORK}/clone-noswig")
r_install("${WORK}/clone-noswig" "${WORK}/lib2" _out _rc "PKG_CONFIG_PATH=${PKGCONFIG_DIR}"
          "SWIG=${WORK}/no-such-swig")
if(NOT _rc OR NOT _out MATCHES "SWIG .*was not found" OR NOT _out MATCHES "tarball")
  message(FATAL_ERROR "without SWIG: expected a failure naming SWIG and the tarball:\n${_out}")
endif()

# 3. no libmicic: a message that says so
make_clone("${WORK}/clone-nolib")
r_install("${WORK}/clone-nolib" "${WORK}/lib3" _out _rc "PKG_CONFIG_PATH="
          "PKG_CONFIG_LIBDIR=${WORK}/empty")
if(NOT _rc OR NOT _out MATCHES "cannot find libmicic")
  message(FATAL_ERROR "without libmicic: expected a failure naming libmicic:\n${_out}")
endif()
message(STATUS "R CMD INSTALL bindings/r: works from a checkout, clear without SWIG or libmicic")
