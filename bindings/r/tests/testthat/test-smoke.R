test_that("loads", expect_true(TRUE))
