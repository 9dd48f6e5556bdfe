# Every C object handed to R is owned by an external pointer whose finalizer
# frees it: the count of live handles goes back to where it was.

test_that("finalizers free corpora, indexes, reports and tables", {
  before <- live_handles()
  x <- micic_read_text(record_text())
  micic_search(x, "evacuation")          # builds and caches an index
  micic_validate(x)                      # a report, dropped at once
  micic_crosstab(x, "crisis", "phase")   # a table, dropped at once
  expect_gte(micic:::micic_r_live_handles(), before + 2)
  rm(x)
  expect_identical(live_handles(), before)
})

test_that("wrong or stale pointers are refused, not dereferenced", {
  x <- micic_read_text(record_text())
  ix <- micic:::.index(x, NULL)
  ref <- methods::slot(.subset2(x, "ptr"), "ref")
  expect_equal(micic:::micic_corpus_size(ref), 1)
  expect_error(micic:::micic_corpus_size(42), "TypeError")
  expect_error(micic:::micic_corpus_size(ix), "TypeError")  # an index is not a corpus
  expect_error(micic:::micic_corpus_size(new("externalptr")), "TypeError")
  res <- micic:::micic_r_search(ref, "evacuation", 1, 1.2, 0.75, 0)   # corpus for index
  expect_s3_class(res, "micic_cerror")
})

test_that("create/drop cycles keep the live handles and memory flat", {
  n <- as.integer(Sys.getenv("MICIC_R_LEAK_N", "5000"))
  cycle <- function(i) {
    x <- micic_read_text(record_text(crisis = if (i %% 2) "Conflict" else "Volcano"))
    length(x)
    micic_search(x, "evacuation")
    micic_validate(x)
    micic_crosstab(x, "crisis", "phase")
    if (i %% 10 == 0) {
      as.data.frame(x)
      try(micic_search(x, "("), silent = TRUE)
      try(micic_read(file.path(tempdir(), "missing")), silent = TRUE)
    }
    invisible(NULL)
  }
  for (i in 1:200) cycle(i)
  before <- live_handles()
  rss <- function() {
    s <- readLines("/proc/self/status")
    as.numeric(sub("[^0-9]*([0-9]+).*", "\\1", grep("^VmRSS", s, value = TRUE)))
  }
  r0 <- rss()
  for (i in seq_len(n)) cycle(i)
  expect_identical(live_handles(), before)
  # C objects of every cycle were freed: RSS grows far less than n cycles x
  # (corpus + index + report + table) would
  expect_lt(rss() - r0, 20 * 1024)
})
