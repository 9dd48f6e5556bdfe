# Run by R CMD check; ctest runs tests/testthat/ directly (r_testthat).
library(testthat)
library(micic)
test_check("micic")
