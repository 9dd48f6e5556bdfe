# Assemble the R source package 'micic' in the build tree (cmake -P).
#   -DSRC=<bindings/r>  -DSTAGE=<build>/bindings/r/pkg/micic
#   -DSWIG_DIR=<dir with micicR_wrap.c and micic.R>  -DCORPUS=<data/corpus>
#   -DVERSION=<project version>
# The stage is rebuilt from scratch each time, so a file removed from
# bindings/r/ disappears from the package too.
foreach(v SRC STAGE SWIG_DIR CORPUS VERSION)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "stage.cmake: -D${v}=... is required")
  endif()
endforeach()

file(REMOVE_RECURSE "${STAGE}")
file(MAKE_DIRECTORY "${STAGE}/R" "${STAGE}/src" "${STAGE}/man" "${STAGE}/inst/extdata")

# Hand-written package files.
foreach(f NAMESPACE LICENSE .Rbuildignore)
  file(COPY "${SRC}/${f}" DESTINATION "${STAGE}")
endforeach()
file(GLOB _r "${SRC}/R/*.R")
file(GLOB _man "${SRC}/man/*.Rd")
file(COPY ${_r} DESTINATION "${STAGE}/R")
file(COPY ${_man} DESTINATION "${STAGE}/man")
file(COPY "${SRC}/src/Makevars" DESTINATION "${STAGE}/src")
# configure checks for libmicic (and, in a checkout without the wrapper,
# generates it with SWIG); cleanup removes objects. Both executable.
foreach(f configure cleanup)
  file(COPY "${SRC}/${f}" DESTINATION "${STAGE}"
       FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                        WORLD_READ WORLD_EXECUTE)
endforeach()
file(COPY "${SRC}/tests" DESTINATION "${STAGE}")
if(EXISTS "${SRC}/inst")
  file(COPY "${SRC}/inst/" DESTINATION "${STAGE}/inst")
endif()

# DESCRIPTION with the library's version (include/micic/version.h).
file(READ "${SRC}/DESCRIPTION" _desc)
string(REGEX REPLACE "\nVersion: [^\n]*" "\nVersion: ${VERSION}" _desc "${_desc}")
file(WRITE "${STAGE}/DESCRIPTION" "${_desc}")

# SWIG output: the wrapper compiled by R CMD INSTALL and the generated R code.
file(COPY "${SWIG_DIR}/micicR_wrap.c" DESTINATION "${STAGE}/src")
file(COPY "${SWIG_DIR}/micic.R" DESTINATION "${STAGE}/R")

# The seed documents, for examples and tests: system.file("extdata", "corpus",
# package = "micic").
file(COPY "${CORPUS}/" DESTINATION "${STAGE}/inst/extdata/corpus")
file(GLOB _seeds "${STAGE}/inst/extdata/corpus/*")
file(CHMOD ${_seeds} PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)

# SWIG's R runtime defines S4 methods for base primitives ('[', '$',
# 'length'...) on its internal classes; R CMD check counts those as
# user-level and wants them documented. List every method micic.R defines
# as an alias of one internal Rd page, so the page follows micic.i.
file(READ "${SWIG_DIR}/micic.R" _gen)
# '[' and ']' would break CMake's list splitting: stand-ins until the end.
string(REPLACE "[" "@LB@" _gen "${_gen}")
string(REPLACE "]" "@RB@" _gen "${_gen}")
string(REGEX MATCHALL "setMethod\\( *['\"][^'\"]+['\"] *, *['\"][^'\"]+['\"]" _methods "${_gen}")
set(_aliases "")
foreach(_m IN LISTS _methods)
  if(_m MATCHES "setMethod\\( *['\"]([^'\"]+)['\"] *, *['\"]([^'\"]+)['\"]")
    set(_alias "${CMAKE_MATCH_1},${CMAKE_MATCH_2}-method")
    string(REPLACE "%" "\\%" _alias "${_alias}")
    list(APPEND _aliases "\\alias{${_alias}}")
  endif()
endforeach()
list(REMOVE_DUPLICATES _aliases)
list(JOIN _aliases "\n" _aliases)
string(REPLACE "@LB@" "[" _aliases "${_aliases}")
string(REPLACE "@RB@" "]" _aliases "${_aliases}")
file(WRITE "${STAGE}/man/micic-swig-internal.Rd" "\\name{micic-swig-internal}
\\alias{micic-swig-internal}
${_aliases}
\\title{Internal: the SWIG-generated Layer}
\\description{
  The package's R API (see \\code{\\link{micic-package}}) is built on R
  functions, S4 classes and S4 methods that SWIG generates from libmicic's
  interface file (\\file{R/micic.R}). They are not exported and not part of
  the API; the methods listed here are SWIG runtime methods for base
  generics, which R registers for the whole session.
}
\\keyword{internal}
")
