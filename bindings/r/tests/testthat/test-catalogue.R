test_that("vocabularies come from the C catalogue", {
  expect_identical(micic_vocab("phase"),
                   c("Crisis Preparedness", "Emergency Response", "Post-Crisis Action"))
  expect_identical(micic_vocab("Type of crisis"), micic_vocab("crisis"))
  expect_true(all(c("Conflict", "Natural Disaster") %in% micic_vocab("crisis")))
  expect_identical(micic_vocab("kind"), c("Reported Practice", "Recommended Practice"))
  e <- tryCatch(micic_vocab("bogus"), error = function(e) e)
  expect_s3_class(e, "micic_error")
  expect_identical(e$code, -6L)
})

test_that("fields and guidelines", {
  f <- micic_fields()
  expect_identical(nrow(f), 16L)
  expect_identical(f$name[1:3], c("id", "title", "type"))
  expect_identical(f$single[f$name %in% c("id", "title", "description", "source", "kind")],
                   rep(TRUE, 5L))
  expect_identical(f$vocab[f$name == "crisis"], "crisis")
  expect_true(is.na(f$vocab[f$name == "country"]))
  g <- micic_guidelines()
  expect_identical(g$number, 1:15)
  expect_identical(as.character(g$phase),
                   rep(micic_vocab("phase"), c(8L, 5L, 2L)))
  expect_match(g$title[13], "evacuate", ignore.case = TRUE)
  expect_true(all(nchar(g$description) > 1500))
  expect_match(g$description[1], "early warning")
})

test_that("the linked library is the version the package was built for", {
  expect_identical(micic_version(), as.character(utils::packageVersion("micic")))
})
