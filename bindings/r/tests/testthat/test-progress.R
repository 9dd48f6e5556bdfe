# The progress argument (libmicic's progress callback through the C glue of
# bindings/micic_r.i and R/progress.R).

recorder <- function(answer = NULL) {
  calls <- list()
  f <- function(done, total) {
    calls[[length(calls) + 1L]] <<- c(done, total)
    answer
  }
  list(f = f, calls = function() do.call(rbind, calls))
}

# 2600 records: validation and indexing report every 1024 records and at the end
big_text <- function(n = 2600) {
  unlist(lapply(seq_len(n), function(i) c(
    paste0("Title: Practice ", i),
    "Country: Libya",
    paste0("Description: Evacuation of stranded migrants number ", i),
    "====")))
}

test_that("reading reports the bytes of each file up to its size", {
  r <- recorder()
  x <- micic_read(seed(2), progress = r$f)
  m <- r$calls()
  size <- file.size(seed(2))
  expect_true(nrow(m) >= 2L)
  expect_true(all(m[, 2] == size))
  expect_true(all(diff(m[, 1]) > 0))
  expect_identical(as.numeric(m[nrow(m), ]), c(size, size))
  expect_identical(length(x), length(micic_read(seed(2))))
  r <- recorder()
  micic_bundled(progress = r$f)
  expect_true(nrow(r$calls()) >= 5L)
  r <- recorder()
  txt <- record_text()
  micic_read_text(txt, progress = r$f)
  n <- as.numeric(nchar(paste(txt, collapse = "\n"), type = "bytes"))
  expect_identical(as.numeric(r$calls()[nrow(r$calls()), ]), c(n, n))
})

test_that("validation and indexing report records", {
  x <- micic_read_text(big_text())
  expect_identical(length(x), 2600L)
  r <- recorder()
  d <- micic_validate(x, progress = r$f)
  expect_identical(r$calls(), rbind(c(1024, 2600), c(2048, 2600), c(2600, 2600)))
  expect_identical(nrow(d), nrow(micic_validate(x)))
  r <- recorder()
  expect_invisible(micic_index(x, progress = r$f))
  expect_identical(r$calls(), rbind(c(1024, 2600), c(2048, 2600), c(2600, 2600)))
  again <- recorder()
  micic_index(x, progress = again$f)          # built already: not called
  expect_null(again$calls())
  expect_identical(nrow(micic_search(x, "evacuation", k = 3)), 3L)
})

test_that("TRUE cancels with a micic_error; other values go on", {
  x <- micic_read_text(big_text())
  r <- recorder(TRUE)
  err <- tryCatch(micic_validate(x, progress = r$f), micic_error = function(e) e)
  expect_s3_class(err, "micic_error")
  expect_identical(err$code, -11L)
  expect_identical(nrow(r$calls()), 1L)          # stopped at the first call
  expect_error(micic_read(seed(2), progress = function(d, t) TRUE), class = "micic_error")
  expect_error(micic_index(micic_read_text(big_text(50)), progress = function(d, t) TRUE),
               class = "micic_error")
  for (answer in list(NULL, FALSE, 1, "yes", NA))
    expect_s3_class(micic_validate(x, progress = function(d, t) answer), "data.frame")
})

test_that("an error in the progress function is signalled unchanged", {
  x <- micic_read_text(big_text())
  n <- 0L
  cond <- simpleCondition("boom from progress")
  class(cond) <- c("my_progress_error", "error", "condition")
  f <- function(done, total) {
    n <<- n + 1L
    stop(cond)
  }
  got <- tryCatch(micic_validate(x, progress = f), error = function(e) e)
  expect_identical(got, cond)
  expect_identical(n, 1L)                        # never called again
  expect_error(micic_read(seed(1), progress = function(d, t) stop("bad")), "bad")
  # the corpus is still usable
  expect_identical(nrow(micic_search(x, "evacuation", k = 2)), 2L)
})

test_that("a bad progress argument is a usage error", {
  x <- micic_read_text(record_text())
  expect_error(micic_validate(x, progress = 5), "progress", class = "micic_error")
  expect_error(micic_read(seed(1), progress = "bar"), "progress", class = "micic_error")
})

test_that("TRUE draws a text bar on stderr", {
  x <- micic_read_text(big_text())
  out <- capture.output(micic_validate(x, progress = TRUE), type = "message")
  expect_true(any(grepl("100%", out)))
  out <- capture.output(micic_validate(x, progress = FALSE), type = "message")
  expect_identical(out, character())
})
