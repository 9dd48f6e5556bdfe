test_that("as.data.frame gives one row per record and one column per field", {
  x <- micic_bundled()
  df <- as.data.frame(x)
  expect_s3_class(df, "data.frame")
  expect_identical(nrow(df), length(x))
  expect_identical(names(df), c(micic_fields()$name, "extra"))
  expect_type(df$id, "character")
  expect_false(anyDuplicated(df$id) > 0)
  expect_type(df$description, "character")
  # multi-valued fields are list columns, one vector per record
  expect_true(is.list(df$crisis))
  expect_s3_class(df$crisis, "AsIs")
  for (i in c(1L, length(x))) {
    p <- x[[i]]
    expect_identical(as.character(df$crisis[[i]]), p$crisis)
    expect_identical(as.character(df$guideline[[i]]), p$guideline)
    expect_identical(df$country[[i]], p$country)
    expect_identical(df$description[i], if (length(p$description)) p$description else NA_character_)
  }
})

test_that("factor columns carry the full vocabularies as levels", {
  df <- as.data.frame(micic_bundled())
  crisis <- micic_vocab("crisis")
  expect_identical(levels(df$crisis[[1]]), crisis)
  t <- table(unlist(df$crisis))
  expect_identical(names(t), crisis)            # unused levels kept with 0
  expect_identical(levels(df$guideline[[1]]), as.character(1:15))
  expect_s3_class(df$kind, "factor")
  expect_true(all(micic_vocab("kind") %in% levels(df$kind)))
  expect_identical(levels(df$phase[[1]])[1:3], micic_vocab("phase"))
})

test_that("micic_long is the tidy form of the same values", {
  x <- micic_bundled()
  df <- as.data.frame(x)
  long <- micic_long(x)
  expect_identical(names(long), c("record", "id", "field", "value", "original", "source",
                                  "line", "column"))
  n_values <- sum(vapply(df[micic_fields()$name], function(col) {
    if (is.list(col)) sum(lengths(col)) else sum(!is.na(col))
  }, 0))
  expect_identical(nrow(long), as.integer(n_values))
  expect_identical(levels(long$field), micic_fields()$name)
  expect_identical(long$id, df$id[long$record])
  # one vocabulary field: value is a factor with the full vocabulary
  cr <- micic_long(x, "crisis")
  expect_identical(levels(cr$value), micic_vocab("crisis"))
  expect_identical(table(cr$value), table(unlist(df$crisis)))
  # field labels are accepted
  expect_identical(micic_long(x, "Type of crisis")$value, cr$value)
  expect_error(micic_long(x, "bogus"), class = "micic_error")
  # every value has a location in its source
  expect_true(all(nzchar(long$source)))
  expect_true(all(long$line >= 1L, na.rm = TRUE))
})

test_that("list columns equal the per-record factor() of every record", {
  x <- micic_bundled()
  df <- as.data.frame(x)
  lev <- levels(df$crisis[[1]])
  for (i in seq_len(length(x))) {
    p <- x[[i]]
    expect_identical(df$crisis[[i]], factor(p$crisis, levels = lev))
    expect_identical(df$country[[i]], p$country)  # no vocabulary: character
  }
  # records without a value get a zero-length vector of the column's type
  empty <- which(lengths(df$population) == 0L)
  expect_true(length(empty) > 0L)
  expect_identical(df$population[[empty[1]]],
                   factor(character(), levels = levels(df$population[[1]])))
  expect_error(micic:::micic_r_split_column(c("a", "b"), 3L, NULL) |> micic:::.micic_check(),
               class = "micic_error")
})
