# Helpers for the micic tests (run by ctest r_testthat and by R CMD check).
# The seed documents ship with the package (inst/extdata/corpus).
seed_dir <- function() {
  d <- system.file("extdata", "corpus", package = "micic")
  if (!nzchar(d)) stop("the micic package has no extdata/corpus")
  d
}
seed <- function(number) {
  f <- list.files(seed_dir(), pattern = sprintf("^%03d_", number), full.names = TRUE)
  if (length(f) != 1L) stop("seed ", number, " not found")
  f
}
live_handles <- function() {
  invisible(gc())
  micic:::micic_r_live_handles()
}
# A small record in the "Label: value" layout of seed 001.
record_text <- function(crisis = "Conflict", phase = "Emergency Response",
                        extra = character()) {
  c("Type of practice: Assistance programs",
    "Country: Libya",
    paste("Type of crisis:", crisis),
    paste("Crisis phase:", phase),
    extra,
    "Description",
    "",
    "Evacuation of stranded migrant workers from the conflict area by bus and boat, with consular support.",
    "",
    "Guidelines/Thematic Areas",
    "",
    "Relocate and evacuate migrants when needed")
}
