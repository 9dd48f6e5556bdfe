# micic_corpus: an S3 object wrapping the SWIG pointer to a C micic_corpus.
#   list(ptr = <S4 "_p_micic_corpus" made by SWIG, finalizer attached>,
#        cache = <environment: the search index and the trained suggester>)
# The C corpus is freed by the pointer's finalizer when the object is
# garbage collected; nothing else holds C memory.

.new_corpus <- function(call = NULL) {
  ptr <- .swig_call(micic_swig_corpus_new(), call)
  structure(list(ptr = ptr, cache = new.env(parent = emptyenv())), class = "micic_corpus")
}

# The external pointer of a corpus (the `ref` slot of SWIG's S4 object).
.ref <- function(x, call = NULL, what = "'x'") {
  ptr <- if (inherits(x, "micic_corpus")) .subset2(x, "ptr")
  if (!isS4(ptr) || !methods::.hasSlot(ptr, "ref"))
    .micic_usage(paste(what, "must be a micic_corpus (see micic_read())"), call)
  methods::slot(ptr, "ref")
}

.format_arg <- function(format, call) {
  if (is.null(format)) return(NULL)
  if (!is.character(format) || length(format) != 1L || is.na(format))
    .micic_usage("'format' must be NULL or one of \"text\", \"guidelines\", \"csv\", \"json\", \"jsonl\", \"long\"", call)
  format
}

# The CSV delimiter argument as micic_read_options.delimiter (0 = sniff).
.delimiter_arg <- function(delimiter, call) {
  if (is.null(delimiter)) return(0L)
  if (is.character(delimiter) && length(delimiter) == 1L && !is.na(delimiter)) {
    if (delimiter %in% c("tab", "\\t")) return(9L)
    if (nchar(delimiter, type = "bytes") == 1L) return(utf8ToInt(delimiter))
  }
  .micic_usage("'delimiter' must be NULL (sniff), \",\", \";\", \"|\" or a tab (\"\\t\")", call)
}

# A read that found no record at all is an error: signal the first
# empty-input error of the read report (it names the input and what was
# expected) as a micic_error of class micic_empty_input.
.records_found <- function(x, call) {
  if (length(x) > 0L) return(x)
  d <- micic_read_report(x)
  d <- d[d$code == "empty-input" & d$severity == "error", , drop = FALSE]
  if (!nrow(d)) return(x)
  cond <- micic_condition(list(code = -4L, status = "parse error",
                               line = if (is.na(d$line[1])) 0L else d$line[1],
                               column = if (is.na(d$column[1])) 0L else d$column[1],
                               source = if (is.na(d$source[1])) "" else d$source[1],
                               message = d$message[1]), call)
  class(cond) <- c("micic_empty_input", class(cond))
  stop(cond)
}

micic_read <- function(path, format = NULL, progress = NULL, delimiter = NULL) {
  call <- sys.call()
  if (!is.character(path) || !length(path) || anyNA(path))
    .micic_usage("'path' must be a character vector of file or directory names", call)
  format <- .format_arg(format, call)
  delim <- .delimiter_arg(delimiter, call)
  path <- path.expand(path)
  files <- unlist(lapply(path, function(p) {
    if (dir.exists(p)) sort(list.files(p, full.names = TRUE, no.. = TRUE)) else p
  }), use.names = FALSE)
  p <- .progress(progress, call)
  x <- .new_corpus(call)
  for (f in files) .with_progress(p, micic_r_read_file(.ref(x), f, format, delim, p$fn), call)
  .records_found(x, call)
}

micic_read_text <- function(text, format = NULL, source = NULL, progress = NULL,
                            delimiter = NULL) {
  call <- sys.call()
  if (!is.character(text) || anyNA(text))
    .micic_usage("'text' must be a character vector", call)
  if (!is.null(source) && (!is.character(source) || length(source) != 1L || is.na(source)))
    .micic_usage("'source' must be NULL or one string", call)
  format <- .format_arg(format, call)
  delim <- .delimiter_arg(delimiter, call)
  p <- .progress(progress, call)
  x <- .new_corpus(call)
  .with_progress(p, micic_r_read_text(.ref(x), paste(text, collapse = "\n"), source, format,
                                      delim, p$fn), call)
  .records_found(x, call)
}

micic_bundled <- function(progress = NULL) {
  call <- sys.call()
  p <- .progress(progress, call)
  x <- .new_corpus(call)
  .with_progress(p, micic_r_read_bundled(.ref(x), p$fn), call)
  x
}

length.micic_corpus <- function(x) {
  as.integer(micic_corpus_size(.ref(x, sys.call())))
}

# Columns of a corpus from micic/columns.h (micic_column_counts/_values):
# single-valued fields as character vectors (NA when empty), the others as
# lists of character vectors, one element per record. With factors = TRUE
# (as.data.frame), fields with a controlled vocabulary and guideline numbers
# become factors whose levels are the full vocabulary (.field_levels), and
# list columns are marked with I() (class "AsIs"), the usual way to keep a
# list in a data frame: they print as "a, b" and survive subsetting. List
# columns are cut in C (micic_r_split_column), from the flat values.
.columns <- function(x, fields = NULL, call = NULL, factors = FALSE) {
  ref <- .ref(x, call)
  info <- micic_fields()
  if (is.null(fields)) fields <- info$name
  n <- length(x)
  out <- lapply(fields, function(name) {
    f <- match(name, info$name) - 1L
    counts <- .swig_call(micic_column_counts(ref, f), call)
    values <- .swig_call(micic_column_values(ref, f, 0L), call)
    if (info$single[f + 1L]) {
      col <- rep(NA_character_, n)
      has <- counts > 0L
      col[has] <- values[(cumsum(counts) - counts + 1L)[has]]
      lev <- if (factors) .field_levels(name, col)
      return(if (is.null(lev)) col else factor(col, levels = lev))
    }
    lev <- if (factors) .field_levels(name, values)
    col <- if (is.null(lev)) micic_r_split_column(values, counts, NULL)
           else micic_r_split_column(match(values, lev), counts, lev)
    col <- .micic_check(col, call)
    if (factors) I(col) else col
  })
  names(out) <- fields
  out
}

.record_index <- function(x, i, call) {
  if (length(i) != 1L || is.na(i) || !(is.character(i) || is.numeric(i)))
    .micic_usage(paste("a record is selected by one number or one id, not", .describe(i)),
                 call)
  if (is.character(i)) {
    j <- micic_corpus_index_of(.ref(x, call), enc2utf8(i))
    if (j < 0) .micic_stop(-6L, paste0("no record with id '", i, "' in this corpus of ",
                                       length(x), " records"), call)
    return(as.integer(j) + 1L)
  }
  n <- length(x)
  if (i < 1 || i > n || i != trunc(i))
    .micic_stop(-6L, paste0("record ", i, " out of range: the corpus has ", n, " records"),
                call)
  as.integer(i)
}

# Positions (1-based) selected by an R index: positive or negative numbers,
# logicals (recycled), ids, or missing (all). Errors as for .record_index.
.record_positions <- function(x, i, call) {
  n <- length(x)
  if (missing(i) || is.null(i)) return(seq_len(n))
  if (is.factor(i)) i <- as.character(i)
  if (is.character(i)) {
    if (anyNA(i)) .micic_usage("record ids must not be NA", call)
    j <- vapply(enc2utf8(i), function(id) micic_corpus_index_of(.ref(x, call), id), 0,
                USE.NAMES = FALSE)
    if (any(j < 0))
      .micic_stop(-6L, paste0("no record with id ", paste0("'", i[j < 0], "'", collapse = ", "),
                              " in this corpus of ", n, " records"), call)
    return(as.integer(j) + 1L)
  }
  if (is.logical(i)) {
    if (anyNA(i)) .micic_usage("a logical record index must not be NA", call)
    return(which(rep_len(i, n)))
  }
  if (!is.numeric(i) || anyNA(i))
    .micic_usage(paste("records are selected by numbers, ids or logicals, not", .describe(i)),
                 call)
  if (any(i != trunc(i))) .micic_usage("record numbers must be whole numbers", call)
  i <- i[i != 0]
  if (length(i) && all(i < 0)) return(setdiff(seq_len(n), -i))
  if (any(i < 0)) .micic_usage("cannot mix positive and negative record numbers", call)
  if (any(i > n))
    .micic_stop(-6L, paste0("record ", i[i > n][1L], " out of range: the corpus has ", n,
                            " records"), call)
  as.integer(i)
}

# A new corpus holding copies of records `pos` of the corpora in `from`
# (a list of corpora and a list of position vectors).
.copy_records <- function(from, pos, call) {
  y <- .new_corpus(call)
  for (k in seq_along(from))
    .micic_check(micic_r_corpus_copy(.ref(y, call), .ref(from[[k]], call),
                                     as.integer(pos[[k]])), call)
  y
}

`[.micic_corpus` <- function(x, i, ...) {
  call <- sys.call()
  if (...length()) .micic_usage("a corpus has one dimension: x[i]", call)
  pos <- if (missing(i)) seq_len(length(x)) else .record_positions(x, i, call)
  .copy_records(list(x), list(pos), call)
}

names.micic_corpus <- function(x) {
  .columns(x, "id", sys.call())$id
}

head.micic_corpus <- function(x, n = 6L, ...) {
  len <- length(x)
  n <- if (n < 0L) max(len + n, 0L) else min(n, len)
  x[seq_len(n)]
}

tail.micic_corpus <- function(x, n = 6L, ...) {
  len <- length(x)
  n <- if (n < 0L) max(len + n, 0L) else min(n, len)
  x[seq.int(to = len, length.out = n)]
}

c.micic_corpus <- function(...) {
  call <- sys.call()
  parts <- list(...)
  ok <- vapply(parts, inherits, NA, what = "micic_corpus")
  if (!all(ok)) .micic_usage("c() combines micic_corpus objects only", call)
  .copy_records(parts, lapply(parts, function(p) seq_len(length(p))), call)
}

`[[.micic_corpus` <- function(x, i, ...) {
  call <- sys.call()
  i <- .record_index(x, i, call)
  r <- .micic_check(micic_r_corpus_record(.ref(x), i), call)
  structure(r$values, class = "micic_practice", record = i,
            originals = r$originals, extras = r$extras,
            source = r$source, line = r$line, column = r$column)
}

print.micic_practice <- function(x, width = getOption("width", 80L), ...) {
  src <- attr(x, "source")
  loc <- if (length(src) && nzchar(src))
    paste0(", ", basename(src), if (!is.na(attr(x, "line"))) paste0(":", attr(x, "line")))
  else ""
  id <- if (length(x$id)) x$id else "(no id)"
  cat("<micic_practice ", id, " (record ", attr(x, "record"), loc, ")>\n", sep = "")
  for (f in names(x)) {
    v <- unclass(x)[[f]]
    if (!length(v) || f == "id") next
    text <- paste(v, collapse = "; ")
    text <- gsub("\\s+", " ", text)
    room <- max(20L, width - nchar(f) - 6L)
    if (nchar(text) > room) text <- paste0(substr(text, 1L, room - 3L), "...")
    cat("  ", f, ": ", text, "\n", sep = "")
  }
  extras <- attr(x, "extras")
  if (length(extras)) cat("  (+", length(extras), "unrecognized labelled values)\n")
  invisible(x)
}

print.micic_corpus <- function(x, n = 6L, width = getOption("width", 80L), ...) {
  len <- length(x)
  rejected <- micic_corpus_rejected(.ref(x))
  cat("<micic_corpus: ", len, if (len == 1L) " record" else " records",
      if (rejected) paste0(", ", rejected, " rejected by the readers"), ">\n", sep = "")
  if (len) {
    cols <- .columns(x, c("id", "title", "description"))
    k <- min(len, n)
    ids <- cols$id[seq_len(k)]
    titles <- cols$title[seq_len(k)]
    titles[is.na(titles)] <- substr(gsub("\\s+", " ", cols$description[seq_len(k)][is.na(titles)]), 1L, 200L)
    titles[is.na(titles)] <- ""
    idw <- max(nchar(ids))
    room <- max(20L, width - idw - 4L)
    titles <- ifelse(nchar(titles) > room, paste0(substr(titles, 1L, room - 3L), "..."), titles)
    cat(paste0("  ", formatC(ids, width = -idw), "  ", titles), sep = "\n")
    if (len > k) cat("  ... and", len - k, "more\n")
  }
  invisible(x)
}

as.data.frame.micic_corpus <- function(x, row.names = NULL, optional = FALSE, ...) {
  call <- sys.call()
  out <- .columns(x, call = call, factors = TRUE)
  n <- length(out$id)
  # the unrecognized (label, value) pairs: a named character vector per record
  ref <- .ref(x, call)
  counts <- .swig_call(micic_column_extra_counts(ref), call)
  if (length(counts) && any(counts > 0L)) {
    values <- micic_r_split_column(.swig_call(micic_column_extras(ref, 0L), call),
                                   as.integer(counts), NULL)
    labels <- micic_r_split_column(.swig_call(micic_column_extras(ref, 1L), call),
                                   as.integer(counts), NULL)
    out$extra <- I(Map(function(v, l) { names(v) <- l; v }, values, labels))
  } else {
    out$extra <- I(rep(list(structure(character(), names = character())), n))
  }
  attr(out, "row.names") <- if (is.null(row.names)) .set_row_names(n) else row.names
  class(out) <- "data.frame"
  out
}

micic_long <- function(x, fields = NULL) {
  call <- sys.call()
  l <- .micic_check(micic_r_corpus_long(.ref(x, call)), call)
  info <- micic_fields()
  df <- .df(list(record = l$record, id = l$id,
                 field = factor(info$name[l$field + 1L], levels = info$name),
                 value = l$value, original = l$original, source = l$source,
                 line = l$line, column = l$column))
  if (!is.null(fields)) {
    if (!is.character(fields) || !length(fields) || anyNA(fields))
      .micic_usage("'fields' must be NULL or a character vector of field names", call)
    fields <- vapply(fields, .field_name, "", call = call, USE.NAMES = FALSE)
    df <- df[df$field %in% fields, , drop = FALSE]
    df$field <- factor(as.character(df$field), levels = fields)
    rownames(df) <- NULL
    if (length(fields) == 1L) {
      lev <- .field_levels(fields, df$value)
      if (!is.null(lev)) df$value <- factor(df$value, levels = lev)
    }
  }
  df
}
