test_that("a Label: value record (seed 001) is read field by field", {
  x <- micic_read(seed(1))
  expect_s3_class(x, "micic_corpus")
  expect_identical(length(x), 1L)
  p <- x[[1]]
  expect_s3_class(p, "micic_practice")
  expect_identical(p$type, "Training and capacity building")
  expect_identical(p$country, "Global")
  expect_identical(p$stakeholder_type, "International Organizations")
  expect_identical(p$crisis, c("Conflict", "Natural Disaster"))
  expect_identical(p$phase, "Post-Crisis Action")
  expect_match(p$description, "My JMDI Toolbox", fixed = TRUE)
  expect_true("http://migration4development.org/en/resources/toolbox/training" %in% p$link)
  expect_identical(basename(attr(p, "source")), basename(seed(1)))
  expect_identical(attr(p, "line"), 1L)
})

test_that("a form-export record (seed 004) keeps every checked value", {
  p <- micic_read(seed(4))[[1]]
  expect_identical(p$country, c("Egypt", "Ghana", "Libya", "Mali", "Niger"))
  expect_identical(p$type, "Assistance programs")
  expect_identical(p$crisis, "Conflict")
  expect_identical(p$stakeholder, "International Organization for Migration (IOM)")
})

test_that("the bundled corpus is the seed documents", {
  x <- micic_bundled()
  files <- list.files(seed_dir(), full.names = TRUE)
  per_file <- vapply(files, function(f) length(micic_read(f)), 1L)
  expect_identical(length(x), sum(per_file))
  expect_gt(length(x), 100L)
  # a directory reads every file in it, in name order
  d <- micic_read(seed_dir())
  expect_identical(length(d), length(x))
  expect_identical(as.data.frame(d)$id, as.data.frame(x)$id)
})

test_that("[[ selects by position or id; bad selections are errors", {
  x <- micic_bundled()
  n <- length(x)
  last <- x[[n]]
  expect_identical(x[[last$id]]$description, last$description)
  expect_identical(attr(x[[last$id]], "record"), n)
  expect_error(x[[n + 1L]], "out of range: the corpus has", class = "micic_not_found")
  expect_error(x[[0]], "out of range", class = "micic_not_found")
  expect_error(x[["no-such-id"]], "no record with id")
  expect_error(x[[c(1, 2)]], class = "micic_error")
})

test_that("print shows the count and the first records", {
  x <- micic_bundled()
  out <- capture.output(print(x, n = 2))
  expect_match(out[1], sprintf("<micic_corpus: %d records>", length(x)), fixed = TRUE)
  expect_match(out[2], x[[1]]$id, fixed = TRUE)
  expect_match(out[4], sprintf("and %d more", length(x) - 2L), fixed = TRUE)
  out <- capture.output(print(micic_read(seed(1))[[1]]))
  expect_match(out[1], "<micic_practice P1 (record 1", fixed = TRUE)
  expect_true(any(grepl("crisis: Conflict; Natural Disaster", out, fixed = TRUE)))
})

test_that("JSON text is read with an explicit or detected format", {
  json <- '[{"id": "J1", "title": "Buses out of the city", "crisis": ["Conflict"],
             "phase": ["Emergency Response"], "guideline": ["9", "13"],
             "description": "Evacuation of migrants from the conflict area by bus."}]'
  for (fmt in list("json", NULL)) {
    j <- micic_read_text(json, format = fmt)
    expect_identical(length(j), 1L)
    p <- j[[1]]
    expect_identical(p$id, "J1")
    expect_identical(p$guideline, c("9", "13"))
    expect_identical(p$phase, "Emergency Response")
  }
})

test_that("read failures are micic_error conditions with the C fields", {
  missing <- file.path(tempdir(), "no-such-file.txt")
  e <- tryCatch(micic_read(missing), error = function(e) e)
  expect_s3_class(e, "micic_error")
  expect_s3_class(e, "error")
  expect_identical(e$code, -3L)
  expect_match(conditionMessage(e), "no-such-file.txt", fixed = TRUE)
  e <- tryCatch(micic_read_text("x", format = "bogus"), error = function(e) e)
  expect_s3_class(e, "micic_error")
  expect_identical(e$code, -5L)
  e <- tryCatch(micic_read(42), error = function(e) e)
  expect_s3_class(e, "micic_error")
  expect_identical(e$code, -2L)
  expect_error(length(structure(list(), class = "micic_corpus")), class = "micic_error")
})

test_that("the readers' diagnostics carry line and column", {
  x <- micic_read_text(record_text(extra = "Favourite colour: blue"), source = "mem.txt")
  r <- micic_read_report(x)
  expect_identical(attr(r, "records_in"), 1L)
  expect_identical(attr(r, "rejected"), 0L)
  u <- r[r$code == "unknown-label", ]
  expect_identical(nrow(u), 1L)
  expect_identical(u$severity, factor("warning", levels = c("info", "warning", "error")))
  expect_identical(u$line, 5L)
  expect_identical(u$source, "mem.txt")
  expect_identical(u$value, "blue")
  expect_identical(unname(attr(x[[1]], "extras")), "blue")
})
