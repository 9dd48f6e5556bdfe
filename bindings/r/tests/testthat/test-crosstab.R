# Expected counts computed in R from the data frame: a record adds one to
# every (row value, column value) pair it has.
pair_table <- function(df, rows, cols, rlev, clev) {
  r <- unlist(mapply(function(a, b) rep(as.character(a), each = length(b)),
                     df[[rows]], df[[cols]], SIMPLIFY = FALSE), use.names = FALSE)
  c <- unlist(mapply(function(a, b) rep(as.character(b), times = length(a)),
                     df[[rows]], df[[cols]], SIMPLIFY = FALSE), use.names = FALSE)
  table(factor(r, levels = rlev), factor(c, levels = clev))
}

test_that("guideline x phase is an xtabs with the full vocabularies", {
  x <- micic_bundled()
  tab <- micic_crosstab(x, "guideline", "phase")
  expect_s3_class(tab, "xtabs")
  expect_s3_class(tab, "table")
  expect_identical(names(dimnames(tab)), c("guideline", "phase"))
  expect_identical(rownames(tab), as.character(1:15))
  expect_identical(colnames(tab), micic_vocab("phase"))
  expect_true(any(rowSums(tab) == 0))                 # zero rows kept
  df <- as.data.frame(x)
  want <- pair_table(df, "guideline", "phase", as.character(1:15), micic_vocab("phase"))
  expect_identical(as.vector(unclass(tab)), as.vector(unclass(want)))
})

test_that("stakeholder type x crisis; field labels accepted", {
  x <- micic_bundled()
  tab <- micic_crosstab(x, "Type of Stakeholder Implementing the Practice", "Type of crisis")
  expect_identical(names(dimnames(tab)), c("stakeholder_type", "crisis"))
  expect_identical(rownames(tab), micic_vocab("stakeholder_type"))
  expect_identical(colnames(tab), micic_vocab("crisis"))
  want <- pair_table(as.data.frame(x), "stakeholder_type", "crisis",
                     micic_vocab("stakeholder_type"), micic_vocab("crisis"))
  expect_identical(as.vector(unclass(tab)), as.vector(unclass(want)))
})

test_that("summary, prop.table, chisq.test and mosaicplot work on the table", {
  x <- micic_bundled()
  tab <- micic_crosstab(x, "guideline", "phase")
  s <- summary(tab)
  expect_identical(s$n.cases, sum(tab))
  p <- prop.table(tab)
  expect_equal(sum(p), 1)
  expect_identical(dim(p), dim(tab))
  used <- tab[rowSums(tab) > 0, colSums(tab) > 0, drop = FALSE]
  ct <- suppressWarnings(chisq.test(used))
  expect_true(is.finite(ct$statistic))
  expect_equal(unname(ct$parameter), (nrow(used) - 1) * (ncol(used) - 1))
  f <- tempfile(fileext = ".pdf")
  grDevices::pdf(f)
  mosaicplot(micic_crosstab(x, "stakeholder_type", "crisis"), main = "")
  grDevices::dev.off()
  expect_gt(file.size(f), 0)
  unlink(f)
})

test_that("options: once per record, missing level, filter", {
  x <- micic_bundled()
  all <- micic_crosstab(x, "guideline", "phase")
  once <- micic_crosstab(x, "guideline", "phase", once_per_record = TRUE)
  expect_true(all(once <= all))
  miss <- micic_crosstab(x, "crisis", "phase", include_missing = TRUE)
  expect_true("(none)" %in% rownames(miss))
  df <- as.data.frame(x)
  expect_identical(sum(miss["(none)", ]),
                   sum(lengths(df$phase)[lengths(df$crisis) == 0]))
  only14 <- micic_crosstab(x, "guideline", "phase", filter = "guideline:14")
  expect_identical(rownames(only14), as.character(1:15))
  expect_identical(only14["14", ], all["14", ])
  e <- tryCatch(micic_crosstab(x, "guideline", "phase", filter = "phase:("),
                error = function(e) e)
  expect_s3_class(e, "micic_error")
  expect_identical(e$code, -9L)
  expect_gt(e$column, 0L)
  e <- tryCatch(micic_crosstab(x, "guideline", "bogus"), error = function(e) e)
  expect_s3_class(e, "micic_error")
  expect_identical(e$code, -6L)
})
