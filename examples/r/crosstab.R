# Cross-tabulate the bundled MICIC corpus with the R package micic (the R
# binding of libmicic): guideline x phase and stakeholder type x crisis, a
# chi-square test of independence, and a mosaic plot saved as a PNG file.
#
#   Rscript examples/r/crosstab.R [out.png]      (default: micic-mosaic.png)
#
# Install the package first (docs/r.md). ctest runs this script
# (r_example_crosstab) and checks the PNG.
library(micic)

out <- commandArgs(trailingOnly = TRUE)[1]
if (is.na(out)) out <- "micic-mosaic.png"

corpus <- micic_bundled()
cat(sprintf("libmicic %s: %d records in the bundled corpus\n\n",
            micic_version(), length(corpus)))

# Mistakes, and what they say: every error is a condition of class
# micic_error, with a class per kind (micic_io_error, micic_not_found, ...)
# and a message naming the value and the choices.
msg <- tryCatch(micic_read("data/practces.csv"),
                micic_io_error = function(e) conditionMessage(e))
cat("a missing path:", msg, "\n")
msg <- tryCatch(micic_crosstab(corpus, "guideline", "stakehodler_type"),
                micic_not_found = function(e) conditionMessage(e))
cat("a typo'd field:", msg, "\n")
msg <- tryCatch(micic_search(corpus, "evacuation", limit = 3),
                error = function(e) conditionMessage(e))
cat("the number of results is k everywhere:", msg, "\n")
cat("records 1-3 by name:", names(head(corpus, 3)), "\n\n")

# Guideline x phase: every guideline (1-15) and every phase is a level, also
# those no record uses, so the table has the same shape for any corpus.
gp <- micic_crosstab(corpus, "guideline", "phase")
print(gp)
cat("\nShare of each phase's values per guideline:\n")
print(round(prop.table(gp, 2), 2))

# Stakeholder type x crisis.
sc <- micic_crosstab(corpus, "stakeholder_type", "crisis")
cat("\n")
print(sc)
print(summary(sc))

# Chi-square test of independence of guideline and phase. Levels no record
# uses have no expected counts: test the part of the table that occurs. The
# counts are small, so the p-value is simulated (Monte Carlo).
used <- gp[rowSums(gp) > 0, colSums(gp) > 0, drop = FALSE]
set.seed(1)
test <- chisq.test(used, simulate.p.value = TRUE, B = 2000)
print(test)

# Mosaic plots into a PNG. Without X11 (a server, CI), R draws PNGs with cairo.
if (capabilities("cairo")) {
  png(out, width = 1600, height = 800, res = 110, type = "cairo")
} else if (capabilities("png")) {
  png(out, width = 1600, height = 800, res = 110)
} else {
  stop("this R cannot write PNG files (no cairo, no X11 png device)")
}
op <- par(mfrow = c(1, 2), mar = c(2, 9, 3, 1))
mosaicplot(t(used), main = "Guideline x phase (levels in use)", las = 1,
           color = TRUE, cex.axis = 0.8)
# every crisis type (columns) and stakeholder type (rows), zero cells included
mosaicplot(t(sc), main = "Stakeholder type x crisis", las = 1, color = TRUE,
           cex.axis = 0.7)
par(op)
invisible(dev.off())
cat(sprintf("\nmosaic plot: %s (%d bytes)\n", out, file.size(out)))
