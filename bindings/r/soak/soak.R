# Soak test of the R binding: N create/drop cycles (default 100000) of every
# kind of C object the package hands to R (corpus, search index, validation
# report, cross-tab), plus failing calls; the count of live C handles must
# come back to where it started and the resident memory must stay flat.
#
#   R_LIBS=build/bindings/r/Rlib Rscript bindings/r/soak/soak.R [N]
#   cmake --build build --target micic_r_soak       (the same, N = 100000)
#
# Exits with status 1 when a check fails. Not part of ctest (minutes); the
# testthat suite runs a 5000-cycle version (test-memory.R).
suppressMessages(library(micic))

args <- commandArgs(trailingOnly = TRUE)
n <- if (length(args)) as.integer(args[1]) else 100000L
stopifnot(!is.na(n), n >= 10L)

text_ok <- c("Type of practice: Assistance programs", "Country: Libya",
             "Type of crisis: Conflict", "Crisis phase: Emergency Response",
             "Description", "",
             "Evacuation of stranded migrant workers from the conflict area by bus and boat.",
             "", "Guidelines/Thematic Areas", "", "Relocate and evacuate migrants when needed")
text_bad <- sub("Conflict", "Volcano", text_ok)
missing <- file.path(tempdir(), "no-such-file.txt")

cycle <- function(i) {
  x <- micic_read_text(if (i %% 2L) text_ok else text_bad)
  stopifnot(length(x) == 1L)
  micic_search(x, "evacuation")                # index (cached in x) + results
  micic_validate(x)                            # report
  micic_crosstab(x, "crisis", "phase")         # cross-tab
  if (i %% 10L == 0L) {
    as.data.frame(x)
    micic_long(x)
    micic_similar(x, text = "evacuation by boat", k = 1)
    try(micic_search(x, "phase:("), silent = TRUE)       # query syntax error
    try(micic_read(missing), silent = TRUE)              # I/O error
    try(micic_crosstab(x, "crisis", "bogus"), silent = TRUE)
  }
  invisible(NULL)
}

rss_kb <- function() {
  s <- readLines("/proc/self/status")
  as.numeric(sub("[^0-9]*([0-9]+).*", "\\1", grep("^VmRSS", s, value = TRUE)))
}
live <- function() { invisible(gc()); micic:::micic_r_live_handles() }

for (i in seq_len(2000L)) cycle(i)           # warm up: R's own heap settles
live0 <- live()
rss0 <- rss_kb()
t0 <- proc.time()[["elapsed"]]
half <- n %/% 2L
for (i in seq_len(n)) {
  cycle(i)
  if (i == half) { invisible(gc()); rss_mid <- rss_kb() }
}
live1 <- live()
rss1 <- rss_kb()
secs <- proc.time()[["elapsed"]] - t0

cat(sprintf(paste0("micic R soak: %d cycles in %.0f s; live handles %g -> %g; ",
                   "RSS %.0f kB -> %.0f kB (mid) -> %.0f kB (end)\n"),
            n, secs, live0, live1, rss0, rss_mid, rss1))
fail <- character()
if (live1 != live0) fail <- c(fail, sprintf("%g C handles were not freed", live1 - live0))
# flat: the second half may not grow by more than 8 MB (a leak of one small
# object per cycle would add several MB over 50 000 cycles)
if (rss1 - rss_mid > 8 * 1024)
  fail <- c(fail, sprintf("RSS grew by %.0f kB in the second half", rss1 - rss_mid))
if (length(fail)) {
  cat("FAILED:", paste(fail, collapse = "; "), "\n")
  quit(status = 1L)
}
cat("OK: memory flat\n")
