# CSV delimiters, inputs without records, and the one report of
# micic_validate() (issue #18, items 6 and 7).

# Rows as a spreadsheet writes them: quoted cells holding ';', ',', a doubled
# quote and a line break; CRLF line ends; a BOM for the semicolon file.
excel_csv <- function(sep) {
  q <- function(v) ifelse(grepl(paste0("[", sep, "\"\r\n]"), v),
                          paste0("\"", gsub("\"", "\"\"", v), "\""), v)
  rows <- list(c("Id", "Title", "Country", "Type of crisis", "Description"),
               c("X-1", "Evacuation; with a comma, too", "Egypt; Libya", "Conflict",
                 "A description, with \"quotes\" and a; semicolon\r\nover two lines"),
               c("X-2", "Plain title", "Chad", "Natural Disaster", "note, with a comma"))
  lines <- vapply(rows, function(r) paste(q(r), collapse = sep), "")
  f <- tempfile(fileext = ".csv")
  con <- file(f, "wb")
  if (sep == ";") writeBin(as.raw(c(0xEF, 0xBB, 0xBF)), con)
  writeBin(charToRaw(enc2utf8(paste0(paste(lines, collapse = "\r\n"), "\r\n"))), con)
  close(con)
  f
}

test_that("a semicolon CSV reads to the same records as the comma CSV", {
  a <- micic_read(excel_csv(","))
  b <- micic_read(excel_csv(";"))
  expect_identical(length(b), 2L)
  da <- as.data.frame(a)
  db <- as.data.frame(b)
  expect_identical(db$title, da$title)
  expect_identical(db$title[1], "Evacuation; with a comma, too")
  expect_identical(unclass(db$country), unclass(da$country))
  expect_identical(db$description, da$description)
  r <- micic_read_report(b)
  note <- r[r$code == "layout-inferred", ]
  expect_identical(nrow(note), 1L)
  expect_identical(as.character(note$severity), "info")
  expect_identical(note$value, ";")
  expect_false("layout-inferred" %in% micic_read_report(a)$code)
})

test_that("delimiter = forces one; a bad one is a usage error", {
  x <- micic_read_text(c("id\ttitle", "r1\tA, b; c"), delimiter = "\t")
  expect_identical(x[[1]]$title, "A, b; c")
  expect_identical(micic_read_text(c("id|title", "r1|x"), delimiter = "|")[[1]]$id, "r1")
  expect_identical(length(micic_read_text(c("id\ttitle", "r1\tA"), delimiter = "tab")), 1L)
  one <- micic_read(excel_csv(";"), format = "csv", delimiter = ",")
  expect_false("layout-inferred" %in% micic_read_report(one)$code)
  expect_error(micic_read_text("id;t\nr;x", delimiter = ":"), class = "micic_error")
  expect_error(micic_read_text("id;t\nr;x", delimiter = ";;"), "delimiter",
               class = "micic_error")
})

test_that("an input without records is a micic_error naming the file", {
  empty <- tempfile(fileext = ".csv")
  file.create(empty)
  header <- tempfile(fileext = ".csv")
  writeLines("id;title;country", header)
  words <- tempfile(fileext = ".txt")
  writeLines("nothing to see here", words)
  for (f in c(empty, header, words)) {
    e <- tryCatch(micic_read(f), micic_error = function(e) e)
    expect_s3_class(e, "micic_empty_input")
    expect_s3_class(e, "micic_error")
    expect_identical(e$source, f)
    expect_true(grepl(f, conditionMessage(e), fixed = TRUE))
    expect_identical(e$code, -4L)
  }
  e <- tryCatch(micic_read(header), micic_error = function(e) e)
  expect_match(conditionMessage(e), "expected one row per practice record")
  expect_error(micic_read_text(""), class = "micic_empty_input")
  expect_error(micic_read_text("id,title", source = "mine.csv"), "mine.csv",
               class = "micic_empty_input")
  # records found elsewhere: no error, the empty file's error is in the report
  good <- tempfile(fileext = ".csv")
  writeLines(c("id,title", "r1,T"), good)
  x <- micic_read(c(good, empty))
  expect_identical(length(x), 1L)
  expect_identical(sum(micic_read_report(x)$code == "empty-input"), 1L)
  expect_false(attr(micic_validate(x), "ok"))
})

test_that("micic_validate() holds the read diagnostics, as the CLI prints them", {
  f <- tempfile(fileext = ".csv")
  writeLines(c("id,title,country", "P1,A,Mali", "P1,B,Chad,extra"), f)
  x <- micic_read(f)
  r <- micic_read_report(x)
  d <- micic_validate(x)
  expect_true(nrow(r) >= 2L)
  expect_identical(d[seq_len(nrow(r)), "code"], r$code)
  expect_identical(d[seq_len(nrow(r)), "message"], r$message)
  dup <- d[d$code == "duplicate-id", ]
  expect_identical(as.character(dup$severity), "warning")
  expect_identical(dup$line, 3L)
  expect_match(dup$message, "first used on line 2", fixed = TRUE)
  expect_identical(sum(d$code == "ragged-row"), 1L)
})
