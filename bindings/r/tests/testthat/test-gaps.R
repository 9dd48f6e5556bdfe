test_that("gaps are exactly the uncovered guideline x stakeholder type cells", {
  x <- micic_bundled()
  g <- micic_gaps(x)
  expect_identical(names(g), c("guideline", "title", "stakeholder_type", "phase"))
  expect_identical(levels(g$stakeholder_type), micic_vocab("stakeholder_type"))
  gl <- micic_guidelines()
  st <- micic_vocab("stakeholder_type")
  expect_identical(attr(g, "cells"), 15L * length(st))
  # each guideline is examined in its own phase
  expect_identical(as.character(g$phase), as.character(gl$phase[g$guideline]))
  # covered cells computed in R: a record covers (guideline, stakeholder type)
  # when it has both and the guideline's own phase
  df <- as.data.frame(x)
  covered <- character()
  for (i in seq_len(nrow(df))) {
    for (n in as.integer(as.character(df$guideline[[i]]))) {
      if (!n %in% 1:15 || !(as.character(gl$phase[n]) %in% as.character(df$phase[[i]]))) next
      s <- as.character(df$stakeholder_type[[i]])
      s <- s[s %in% st]                     # values outside the vocabulary are no cell
      if (length(s)) covered <- c(covered, paste(n, s))
    }
  }
  gaps <- paste(g$guideline, g$stakeholder_type)
  expect_length(intersect(gaps, covered), 0L)
  expect_identical(length(gaps) + length(unique(covered)), 15L * length(st))
  every <- micic_gaps(x, own_phase_only = FALSE)
  expect_identical(attr(every, "cells"), 15L * length(st) * 3L)
  expect_gte(nrow(every), nrow(g))
})
