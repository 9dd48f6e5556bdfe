sev_levels <- c("info", "warning", "error")

test_that("an invalid record gets located diagnostics, not an error", {
  x <- micic_read_text(record_text(crisis = "Volcano"), source = "bad.txt")
  d <- micic_validate(x)
  expect_s3_class(d, "data.frame")
  expect_identical(names(d), c("severity", "code", "code_number", "record_index", "record_id", "field",
                               "source", "line", "column", "value", "message", "suggestion"))
  expect_identical(levels(d$severity), sev_levels)
  v <- d[d$code == "unknown-value" & d$field %in% "crisis", ]
  expect_identical(nrow(v), 1L)
  expect_identical(as.character(v$severity), "error")
  expect_identical(v$code_number, 202L)
  expect_identical(v$value, "Volcano")
  expect_identical(v$record_index, 1L)
  expect_identical(v$record_id, x[[1]]$id)
  expect_identical(v$source, "bad.txt")
  expect_identical(v$line, 3L)
  expect_false(attr(d, "ok"))
  # the same record with a known crisis has no error about it
  ok <- micic_validate(micic_read_text(record_text(crisis = "Conflict")))
  expect_false(any(ok$code == "unknown-value" & ok$field %in% "crisis"))
})

test_that("a missing required field is reported", {
  txt <- record_text()
  x <- micic_read_text(txt[!grepl("^Crisis phase", txt)])
  d <- micic_validate(x)
  m <- d[d$code == "missing-field", ]
  expect_true("phase" %in% m$field)
  expect_true(all(m$severity == "error"))
})

test_that("validation options are passed to the C validator", {
  x <- micic_read_text(record_text())
  long <- micic_validate(x, min_description = 1000)
  expect_true("short-description" %in% long$code)
  expect_false("short-description" %in% micic_validate(x, min_description = 10)$code)
  bad <- micic_read_text(record_text(crisis = "Volcano", phase = "Sometime"))
  full <- micic_validate(bad)
  capped <- micic_validate(bad, max_diagnostics = 1)
  expect_gt(nrow(full), 2L)
  # the first diagnostic, then one saying how many more were not reported
  expect_identical(nrow(capped), 2L)
  expect_identical(capped$code[1], full$code[1])
  expect_match(capped$message[2], sprintf("%d more diagnostics", nrow(full) - 1L), fixed = TRUE)
  expect_error(micic_validate(x, strict = NA), class = "micic_error")
  expect_error(micic_validate(x, min_description = -1), class = "micic_error")
  expect_error(micic_validate("not a corpus"), class = "micic_error")
})

test_that("diagnostics of the bundled corpus point at real records", {
  x <- micic_bundled()
  df <- as.data.frame(x)
  d <- micic_validate(x)
  expect_true(all(d$record_index >= 1L & d$record_index <= length(x), na.rm = TRUE))
  has <- !is.na(d$record_index)
  expect_identical(d$record_id[has], df$id[d$record_index[has]])
  expect_identical(attr(d, "ok"), !any(d$severity == "error"))
  strict <- micic_validate(x, strict = TRUE)
  expect_identical(attr(strict, "ok"), !any(strict$severity %in% c("warning", "error")))
})
