# ctest r_cmd_check (cmake -P): R CMD check --no-manual on the package
# tarball; fails on any ERROR or WARNING (NOTEs are allowed).
#   -DR=<R> -DTARBALL=<micic_x.y.z.tar.gz> -DOUTDIR=<check output dir>
# PKG_CONFIG_PATH must let pkg-config find micic.pc (set by the test).
file(REMOVE_RECURSE "${OUTDIR}")
file(MAKE_DIRECTORY "${OUTDIR}")
string(TIMESTAMP _t0 "%s")
execute_process(
  # the tests already ran in r_testthat: a shorter leak loop here
  COMMAND ${CMAKE_COMMAND} -E env --unset=MAKEFLAGS _R_CHECK_FORCE_SUGGESTS_=true MICIC_R_LEAK_N=500
          "${R}" CMD check --no-manual --output=${OUTDIR} "${TARBALL}"
  WORKING_DIRECTORY "${OUTDIR}" RESULT_VARIABLE _rc)
string(TIMESTAMP _t1 "%s")
math(EXPR _secs "${_t1} - ${_t0}")
set(_log "${OUTDIR}/micic.Rcheck/00check.log")
if(NOT EXISTS "${_log}")
  message(FATAL_ERROR "R CMD check wrote no ${_log} (exit status ${_rc})")
endif()
file(STRINGS "${_log}" _status REGEX "^Status: ")
file(STRINGS "${_log}" _bad REGEX "\\.\\.\\. *(ERROR|WARNING)")
message(STATUS "R CMD check took ${_secs} s; ${_status}")
if(_bad OR NOT _rc EQUAL 0 OR NOT _status OR _status MATCHES "ERROR|WARNING")
  file(READ "${_log}" _text)
  message(FATAL_ERROR "R CMD check failed (exit status ${_rc}; ${_status}):\n${_text}")
endif()
