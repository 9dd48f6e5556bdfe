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
