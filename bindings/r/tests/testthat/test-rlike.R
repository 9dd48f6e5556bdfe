# Issue #20: corpora behave like R vectors; writing, converting,
# normalizing and building from a data frame; one name k for the number of
# results; every error a micic_error with a class per code.

test_that("[, [[, length, names, head, tail and c() on corpora", {
  x <- micic_bundled()
  n <- length(x)
  y <- x[1:3]
  expect_s3_class(y, "micic_corpus")
  expect_identical(length(y), 3L)
  expect_identical(names(y), names(x)[1:3])
  expect_identical(names(x), as.data.frame(x)$id)
  by_id <- x[c("P2", "P1")]
  expect_s3_class(by_id, "micic_corpus")
  expect_identical(names(by_id), c("P2", "P1"))
  expect_identical(by_id[["P1"]]$title, x[["P1"]]$title)
  expect_identical(length(x[-1]), n - 1L)
  expect_identical(names(x[-(1:2)])[1], names(x)[3])
  expect_identical(length(x[names(x) %in% c("P5", "P9")]), 2L)
  expect_identical(length(x[]), n)
  expect_identical(length(x[0]), 0L)
  expect_identical(names(head(x, 2)), names(x)[1:2])
  expect_identical(names(tail(x, 2)), names(x)[(n - 1):n])
  expect_identical(length(head(x)), 6L)
  both <- c(x[1:2], x[5])
  expect_s3_class(both, "micic_corpus")
  expect_identical(names(both), c("P1", "P2", "P5"))
  twice <- c(x[1], x[1])                       # ids stay unique
  expect_identical(names(twice), c("P1", "P1-2"))
  # the copy is independent of the original
  expect_identical(x[3][[1]]$description, x[[3]]$description)
  expect_error(x[c("P1", "nope")], "no record with id 'nope'", class = "micic_not_found")
  expect_error(x[n + 1], "out of range", class = "micic_not_found")
  expect_error(x[c(-1, 2)], "mix", class = "micic_invalid_argument")
  expect_error(x[1, 2], class = "micic_error")
  expect_error(c(x, 1), "micic_corpus objects only", class = "micic_error")
})

test_that("micic_from_data_frame is the inverse of as.data.frame", {
  x <- micic_bundled()
  df <- as.data.frame(x)
  y <- micic_from_data_frame(df)
  expect_s3_class(y, "micic_corpus")
  expect_identical(as.data.frame(y), df)
  expect_identical(micic_long(y)[c("id", "field", "value")], micic_long(x)[c("id", "field", "value")])
  expect_true(any(lengths(df$extra) > 0L))         # extras survive
  # the library's own CSV through read.csv: joined cells split as the reader does
  f <- tempfile(fileext = ".csv")
  micic_write(x, f)
  csv <- utils::read.csv(f, stringsAsFactors = FALSE, check.names = FALSE, na.strings = "")
  z <- micic_from_data_frame(csv)
  expect_identical(micic_long(z)[c("id", "field", "value")],
                   micic_long(micic_read(f))[c("id", "field", "value")])
  expect_identical(z[["P123"]]$country, c("Egypt", "Ghana", "Libya", "Mali", "Niger"))
  expect_identical(z[["P123"]]$guideline, c("8", "9", "14"))
  # hand-made frames: character, list and numeric columns, other columns as extras
  h <- data.frame(title = c("A", "B"), guideline = c(14, 3), stringsAsFactors = FALSE)
  h$country <- list(c("egypt", "LBY"), character())
  h$colour <- c("red", NA)
  w <- micic_from_data_frame(h)
  expect_identical(w[[1]]$country, c("Egypt", "Libya"))
  expect_identical(w[[1]]$guideline, "14")
  expect_identical(unname(attr(w[[1]], "extras")), "red")
  expect_length(attr(w[[2]], "extras"), 0L)
  expect_error(micic_from_data_frame(list(a = 1)), "must be a data.frame", class = "micic_error")
})

test_that("micic_write, micic_convert and micic_normalize", {
  x <- micic_bundled()
  f <- tempfile(fileext = ".json")
  expect_identical(micic_write(x, f), f)
  back <- micic_read(f)
  expect_identical(as.data.frame(back)[micic_fields()$name], as.data.frame(x)[micic_fields()$name])
  csv <- micic_write(x, format = "csv")
  expect_type(csv, "character")
  expect_identical(length(micic_read_text(csv)), length(x))
  g <- tempfile(fileext = ".csv")
  micic_convert(f, g)
  expect_identical(names(micic_read(g)), names(x))
  expect_error(micic_write(x, tempfile(fileext = ".xlsx")), "format = one of",
               class = "micic_invalid_argument")
  expect_error(micic_write(x, f, format = "xlsx"), "'xlsx'.*csv, json",
               class = "micic_format_error")
  sloppy <- micic_read_text(c("Type of practice: assistance programme", "Country: egypt",
                              "Type of crisis: conflicts", "Crisis phase: Emergency Response",
                              "Description", "", "Evacuation of migrant workers by bus.", ""))
  expect_identical(sloppy[[1]]$type, "assistance programme")
  micic_search(sloppy, "evacuation")                # builds the index
  expect_false(is.null(.subset2(sloppy, "cache")$index))
  changes <- micic_normalize(sloppy)
  expect_s3_class(changes, "data.frame")
  expect_identical(changes$code, "normalized")
  expect_identical(changes$field, "type")
  expect_identical(sloppy[[1]]$type, "Assistance programs")   # in place
  expect_null(.subset2(sloppy, "cache")$index)                # the stale index is dropped
  expect_identical(nrow(micic_search(sloppy, "evacuation")), 1L)
})

test_that("k is the number of results everywhere; BM25 parameters cannot be reached by k", {
  x <- micic_bundled()
  expect_identical(nrow(micic_search(x, "evacuation", k = 3)), 3L)
  expect_identical(nrow(micic_similar(x, record = 1, k = 3)), 3L)
  expect_identical(nrow(micic_suggest("evacuation flights", k = 3)), 3L)
  for (f in list(micic_search, micic_similar, micic_suggest))
    expect_true("k" %in% names(formals(f)))
  expect_false(any(c("limit", "k1") %in% names(formals(micic_search))))
  expect_error(micic_search(x, "evacuation", limit = 3), "unused argument")
  tuned <- micic_search(x, "evacuation", k = 3, bm25 = c(k1 = 2, b = 0.5))
  expect_identical(nrow(tuned), 3L)
  expect_error(micic_search(x, "evacuation", bm25 = 2), "bm25", class = "micic_error")
  expect_error(micic_search(x, "evacuation", k = "3"), "'k' must be", class = "micic_error")
})

test_that("every error is a micic_error with a class per code", {
  x <- micic_bundled()
  e <- tryCatch(micic_similar(x, record = "P999"), error = function(e) e)
  expect_s3_class(e, "micic_not_found")
  expect_s3_class(e, "micic_error")
  expect_identical(e$name, "ENOTFOUND")
  expect_match(conditionMessage(e), "no record with id 'P999'")
  e <- tryCatch(micic_crosstab(x, "guideline", "stakehodler_type"), error = function(e) e)
  expect_s3_class(e, "micic_not_found")
  expect_match(conditionMessage(e), "did you mean 'stakeholder_type'?", fixed = TRUE)
  expect_match(conditionMessage(e), "fields: id, title", fixed = TRUE)
  expect_error(micic_crosstab(x, "guideline", "stakeholder_types"), "did you mean",
               class = "micic_not_found")
  expect_error(micic_crosstab(x, "guideline", 1), "'cols' must be one string.*numeric 1",
               class = "micic_invalid_argument")
  e <- tryCatch(micic_read(tempfile()), error = function(e) e)
  expect_s3_class(e, "micic_io_error")
  expect_s3_class(tryCatch(micic_search(x, "guideline:14 ("), error = function(e) e),
                  "micic_query_error")
  expect_s3_class(tryCatch(micic_read(seed(4), format = "xlsx"), error = function(e) e),
                  "micic_format_error")
})

test_that("the README's R snippet runs as written", {
  src <- Sys.getenv("MICIC_R_SOURCE_DIR")
  readme <- file.path(src, "..", "..", "README.md")
  skip_if(!nzchar(src) || !file.exists(readme), "not run from the source tree")
  text <- paste(readLines(readme, encoding = "UTF-8"), collapse = "\n")
  section <- substring(text, regexpr("## Python and R", text, fixed = TRUE))
  blocks <- regmatches(section, gregexpr("```r\n(.*?)```", section))[[1]]
  expect_true(length(blocks) >= 1L)
  pdf(NULL)                                  # mosaicplot() draws somewhere
  on.exit(dev.off(), add = TRUE)
  env <- new.env()
  for (b in blocks) {
    code <- sub("^```r\n", "", sub("```$", "", b))
    expect_no_error(eval(parse(text = code), envir = env))
  }
  expect_s3_class(env$tab, "xtabs")
  expect_s3_class(env$y, "micic_corpus")
  expect_identical(length(env$y), 10L)
})

test_that("an unknown vocabulary says did you mean and lists the names", {
  e <- tryCatch(micic_vocab("crisiss"), error = function(e) e)
  expect_s3_class(e, "micic_not_found")
  expect_match(conditionMessage(e), "unknown vocabulary 'crisiss' (did you mean 'crisis'?)",
               fixed = TRUE)
  expect_match(conditionMessage(e), "vocabularies: ", fixed = TRUE)
})
