# ctest r_example_crosstab (cmake -P): run examples/r/crosstab.R and check
# that it wrote a non-empty PNG file and printed what EXPECT lists.
#   -DRSCRIPT=<Rscript> -DSCRIPT=<examples/r/crosstab.R> -DOUT=<png to write>
#   [-DEXPECT=<regex;regex...>]
get_filename_component(_dir "${OUT}" DIRECTORY)
file(MAKE_DIRECTORY "${_dir}")
file(REMOVE "${OUT}")
execute_process(COMMAND "${RSCRIPT}" "${SCRIPT}" "${OUT}"
                WORKING_DIRECTORY "${_dir}" RESULT_VARIABLE _rc
                OUTPUT_VARIABLE _out ERROR_VARIABLE _out)
message("${_out}")
if(NOT _rc EQUAL 0)
  message(FATAL_ERROR "${SCRIPT} failed (exit status ${_rc})")
endif()
# -DEXPECT=<regex;regex...>: what the script must print (its error messages)
foreach(_re IN LISTS EXPECT)
  if(NOT _out MATCHES "${_re}")
    message(FATAL_ERROR "${SCRIPT} did not print '${_re}'")
  endif()
endforeach()
if(NOT EXISTS "${OUT}")
  message(FATAL_ERROR "${SCRIPT} wrote no ${OUT}")
endif()
file(SIZE "${OUT}" _size)
if(_size EQUAL 0)
  message(FATAL_ERROR "${OUT} is empty")
endif()
file(READ "${OUT}" _magic LIMIT 8 HEX)
if(NOT _magic STREQUAL "89504e470d0a1a0a")
  message(FATAL_ERROR "${OUT} is not a PNG file (starts with ${_magic})")
endif()
message(STATUS "${OUT}: PNG, ${_size} bytes")
