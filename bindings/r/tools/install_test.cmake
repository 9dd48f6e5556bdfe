# ctest r_install_prefix (cmake -P): the way a user installs the package.
# 1. cmake --install the build tree into a fresh prefix (libmicic, headers,
#    micic.pc, data); 2. R CMD INSTALL the package tarball into a fresh R
#    library with PKG_CONFIG_PATH=<prefix>/lib/pkgconfig (nothing from the
#    build tree); 3. load it in a new R and read the installed corpus;
#    the package must use the installed libmicic.
#   -DBUILD_DIR=<build> -DWORK=<scratch dir> -DR=<R> -DRSCRIPT=<Rscript>
#   -DTARBALL=<micic_x.y.z.tar.gz> -DLIBDIR=<CMAKE_INSTALL_LIBDIR>
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/lib")
set(_prefix "${WORK}/prefix")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${_prefix}"
                OUTPUT_QUIET RESULT_VARIABLE _rc)
if(_rc)
  message(FATAL_ERROR "cmake --install --prefix ${_prefix} failed")
endif()
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env --unset=MAKEFLAGS --unset=R_LIBS --unset=R_LIBS_USER
          "PKG_CONFIG_PATH=${_prefix}/${LIBDIR}/pkgconfig"
          "${R}" CMD INSTALL --no-multiarch "--library=${WORK}/lib" "${TARBALL}"
  RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _out)
if(_rc)
  message(FATAL_ERROR "R CMD INSTALL against the installed libmicic failed:\n${_out}")
endif()
if(NOT _out MATCHES "-I${_prefix}")
  message(FATAL_ERROR "the package was not compiled against ${_prefix}:\n${_out}")
endif()
set(_check [=[
library(micic)
so <- file.path(system.file("libs", package = "micic"), "micic.so")
maps <- readLines("/proc/self/maps")
lib <- unique(sub(".* ", "", grep("libmicic\\.so", maps, value = TRUE)))
cat("libmicic loaded from:", lib, "\n")
prefix <- normalizePath(Sys.getenv("MICIC_TEST_PREFIX"))
stopifnot(length(lib) == 1L, startsWith(normalizePath(lib), prefix))
corpus <- file.path(prefix, "share", "micic", "corpus")
x <- micic_read(corpus)
stopifnot(length(x) == length(micic_read(system.file("extdata", "corpus", package = "micic"))),
          length(x) > 100L, identical(micic_version(), as.character(packageVersion("micic"))))
tab <- micic_crosstab(x, "guideline", "phase")
stopifnot(sum(tab) > 0, identical(dim(tab), c(15L, 3L)))
cat("installed package OK:", length(x), "records\n")
]=])
file(WRITE "${WORK}/check.R" "${_check}")
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env --unset=R_LIBS_USER --unset=LD_LIBRARY_PATH
          "R_LIBS=${WORK}/lib" "MICIC_TEST_PREFIX=${_prefix}"
          "${RSCRIPT}" "${WORK}/check.R"
  RESULT_VARIABLE _rc)
if(_rc)
  message(FATAL_ERROR "the package installed against ${_prefix} does not work")
endif()
