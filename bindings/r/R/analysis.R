# Validation, search, similar practices, guideline suggestion,
# cross-tabulation and gap analysis.

.na_if_empty <- function(x) { x[!is.na(x) & !nzchar(x)] <- NA_character_; x }

# A data frame from a named list of equal-length columns (data.frame()
# without its checks and name mangling: these columns are built here).
.df <- function(cols) {
  attr(cols, "row.names") <- .set_row_names(length(cols[[1L]]))
  class(cols) <- "data.frame"
  cols
}

# Diagnostics of a report (an external pointer, owned or borrowed) as a data
# frame, from micic/columns.h (micic_column_report_text/_numbers). Attribute
# numbers follow micic_report_attr.
.diagnostics <- function(report, call = NULL) {
  txt <- function(a) .swig_call(micic_column_report_text(report, a), call)
  num <- function(a) .swig_call(micic_column_report_numbers(report, a), call)
  zero_na <- function(v) { v[v <= 0L] <- NA_integer_; v }
  rec <- num(2L)
  rec[rec < 0L] <- NA_integer_
  .df(list(severity = factor(txt(1L), levels = c("info", "warning", "error")),
           code = txt(0L), code_number = num(0L), record_index = rec + 1L,
           record_id = .na_if_empty(txt(3L)), field = .na_if_empty(txt(4L)),
           source = .na_if_empty(txt(5L)), line = zero_na(num(6L)),
           column = zero_na(num(7L)), value = .na_if_empty(txt(8L)),
           message = txt(9L), suggestion = txt(10L)))
}

.count_arg <- function(x, name, call, allow_inf = FALSE) {
  if (is.null(x) || (allow_inf && length(x) == 1L && is.numeric(x) && is.infinite(x)))
    return(0)
  if (!is.numeric(x) || length(x) != 1L || is.na(x) || x < 0)
    .micic_usage(paste0("'", name, "' must be one non-negative number",
                        if (allow_inf) " (Inf or NULL: all)", ", not ", .describe(x)), call)
  as.numeric(x)
}

.flag_arg <- function(x, name, call) {
  if (!is.logical(x) || length(x) != 1L || is.na(x))
    .micic_usage(paste0("'", name, "' must be TRUE or FALSE"), call)
  as.integer(x)
}

micic_validate <- function(x, strict = FALSE, max_diagnostics = 10000, min_description = 40,
                           max_field_chars = 20000, duplicate_threshold = 0.9,
                           progress = NULL) {
  call <- sys.call()
  ref <- .ref(x, call)
  strict_arg <- .flag_arg(strict, "strict", call)
  max_d <- .count_arg(max_diagnostics, "max_diagnostics", call, allow_inf = TRUE)
  min_d <- .count_arg(min_description, "min_description", call)
  max_f <- .count_arg(max_field_chars, "max_field_chars", call)
  dup <- .count_arg(duplicate_threshold, "duplicate_threshold", call)
  p <- .progress(progress, call)
  report <- .with_progress(p, micic_r_validate(ref, strict_arg, max_d, min_d, max_f, dup, p$fn),
                           call)
  out <- .diagnostics(report, call)
  attr(out, "ok") <- micic_validate_ok(report, as.integer(strict)) == 1L
  out
}

micic_read_report <- function(x) {
  call <- sys.call()
  report <- micic_corpus_read_report(.ref(x, call))   # borrowed: x is alive here
  out <- .diagnostics(report, call)
  attr(out, "records_in") <- as.integer(micic_report_records_in(report))
  attr(out, "rejected") <- as.integer(micic_report_rejected(report))
  out
}

# The search index of a corpus, built once and kept in the corpus's cache.
.index <- function(x, call, progress = NULL) {
  cache <- .subset2(x, "cache")
  if (is.null(cache$index)) {
    p <- .progress(progress, call)
    cache$index <- .with_progress(p, micic_r_index_new(.ref(x, call), p$fn), call)
  }
  cache$index
}

micic_index <- function(x, progress = NULL) {
  call <- sys.call()
  .ref(x, call)
  .index(x, call, progress)
  invisible(x)
}

.ranked <- function(res) {
  .df(list(rank = seq_along(res$record), record = res$record, id = res$id,
           score = res$score))
}

micic_search <- function(x, query, k = 10, snippet_chars = 160,
                         bm25 = c(k1 = 1.2, b = 0.75)) {
  call <- sys.call()
  .ref(x, call)
  if (!is.character(query) || length(query) != 1L || is.na(query))
    .micic_usage(paste("'query' must be one string, not", .describe(query)), call)
  if (!is.numeric(bm25) || !setequal(names(bm25), c("k1", "b")) || anyNA(bm25) || any(bm25 < 0))
    .micic_usage("'bm25' must be c(k1 = <number >= 0>, b = <number >= 0>)", call)
  res <- .micic_check(micic_r_search(
    .index(x, call), query, .count_arg(k, "k", call, allow_inf = TRUE),
    as.numeric(bm25[["k1"]]), as.numeric(bm25[["b"]]),
    .count_arg(snippet_chars, "snippet_chars", call)), call)
  out <- .ranked(res)
  out$snippet <- res$snippet
  attr(out, "total") <- attr(res, "total")
  out
}

micic_similar <- function(x, record = NULL, text = NULL, k = 5) {
  call <- sys.call()
  .ref(x, call)
  if (is.null(record) == is.null(text))
    .micic_usage("give either 'record' (a number or an id) or 'text'", call)
  if (!is.null(text) && (!is.character(text) || length(text) != 1L || is.na(text)))
    .micic_usage(paste("'text' must be one string, not", .describe(text)), call)
  if (!is.null(record)) record <- .record_index(x, record, call)
  res <- .micic_check(micic_r_similar(.index(x, call), record, text,
                                      .count_arg(k, "k", call, allow_inf = TRUE)), call)
  .ranked(res)
}

# Suggester trained on the catalogue only (kept for the session), or on the
# catalogue plus a corpus (kept in that corpus's cache).
.suggester <- function(training, call) {
  if (is.null(training)) {
    if (is.null(.micic_cache$suggester))
      .micic_cache$suggester <- .micic_check(micic_r_suggester_new(NULL), call)
    return(.micic_cache$suggester)
  }
  cache <- .subset2(training, "cache")
  if (is.null(cache$suggester))
    cache$suggester <- .micic_check(
      micic_r_suggester_new(.ref(training, call, "'training'")), call)
  cache$suggester
}

micic_suggest <- function(x, k = 3, training = NULL) {
  call <- sys.call()
  if (!is.null(training)) .ref(training, call, "'training'")
  k <- .count_arg(k, "k", call, allow_inf = TRUE)
  s <- .suggester(training, call)
  if (inherits(x, "micic_corpus")) {
    res <- .micic_check(micic_r_suggest(s, NULL, .ref(x, call), k), call)
    ids <- .columns(x, "id", call)$id
    id <- ids[res$input]
  } else if (is.character(x)) {
    res <- .micic_check(micic_r_suggest(s, x, NULL, k), call)
    id <- rep(NA_character_, length(res$input))
  } else {
    .micic_usage("'x' must be a character vector or a micic_corpus", call)
  }
  g <- micic_guidelines()
  out <- data.frame(input = res$input, id = id, rank = res$rank, guideline = res$guideline,
                    title = g$title[match(res$guideline, g$number)], score = res$score,
                    confidence = res$confidence, chosen = res$chosen,
                    stringsAsFactors = FALSE)
  out$terms <- I(res$terms)
  out
}

micic_gaps <- function(x, own_phase_only = TRUE) {
  call <- sys.call()
  res <- .micic_check(micic_r_gaps(.ref(x, call), .flag_arg(own_phase_only, "own_phase_only", call)), call)
  g <- micic_guidelines()
  out <- data.frame(guideline = res$guideline,
                    title = g$title[match(res$guideline, g$number)],
                    stakeholder_type = factor(res$stakeholder_type,
                                              levels = micic_vocab("stakeholder_type")),
                    phase = factor(res$phase, levels = micic_vocab("phase")),
                    stringsAsFactors = FALSE)
  attr(out, "cells") <- res$cells
  out
}

micic_crosstab <- function(x, rows, cols, once_per_record = FALSE, include_missing = FALSE,
                           filter = NULL) {
  call <- sys.call()
  ref <- .ref(x, call)
  rows <- .field_name(rows, call, "'rows'")
  cols <- .field_name(cols, call, "'cols'")
  if (!is.null(filter) && (!is.character(filter) || length(filter) != 1L || is.na(filter)))
    .micic_usage("'filter' must be NULL or one query string", call)
  fields <- micic_fields()$name
  # micic.i's glue: a new micic_crosstab, freed by its finalizer
  ct <- .swig_call(micic_swig_crosstab(
    ref, match(rows, fields) - 1L, match(cols, fields) - 1L,
    .flag_arg(once_per_record, "once_per_record", call),
    .flag_arg(include_missing, "include_missing", call),
    if (is.null(filter)) NULL else enc2utf8(filter)), call)
  nr <- as.integer(micic_crosstab_nrows(ct))
  nc <- as.integer(micic_crosstab_ncols(ct))
  labels <- function(get, n) vapply(seq_len(n) - 1L, function(i) get(ct, i), "")
  dn <- list(labels(micic_crosstab_row_label, nr), labels(micic_crosstab_col_label, nc))
  names(dn) <- c(rows, cols)
  counts <- .swig_call(micic_column_crosstab_counts(ct), call)   # row-major
  tab <- array(matrix(counts, nrow = nr, ncol = nc, byrow = TRUE), dim = c(nr, nc),
               dimnames = dn)
  class(tab) <- c("xtabs", "table")
  attr(tab, "call") <- call
  tab
}
