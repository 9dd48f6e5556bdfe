# Writing, converting, normalizing, and building a corpus from a data frame.

.formats <- c("text", "guidelines", "csv", "json", "jsonl", "long")
.extensions <- c(txt = "text", csv = "csv", json = "json", jsonl = "jsonl", ndjson = "jsonl")

# micic_format number of a format name; from the file's extension when NULL.
.write_format <- function(format, path, call) {
  if (is.null(format)) {
    ext <- tolower(sub(".*\\.", "", basename(path)))
    if (is.null(path) || !grepl(".", basename(path), fixed = TRUE) || is.na(.extensions[ext]))
      .micic_usage(paste0("cannot tell the format of '", path, "' from its extension: give ",
                          "format = one of ", paste(.formats[-2L], collapse = ", ")), call)
    format <- unname(.extensions[ext])
  }
  if (!is.character(format) || length(format) != 1L || is.na(format))
    .micic_usage(paste0("'format' must be NULL or one of ", paste(.formats[-2L], collapse = ", "),
                        ", not ", .describe(format)), call)
  n <- .swig_call(micic_swig_format_from_name(format), call)
  if (n == 0L || format == "guidelines")
    .micic_usage(paste0("cannot write format '", format, "': one of ",
                        paste(.formats[-2L], collapse = ", ")), call)
  n
}

micic_write <- function(x, path = NULL, format = NULL, pretty = TRUE, with_originals = FALSE) {
  call <- sys.call()
  ref <- .ref(x, call)
  pretty <- .flag_arg(pretty, "pretty", call)
  orig <- .flag_arg(with_originals, "with_originals", call)
  if (is.null(path)) {
    if (is.null(format)) .micic_usage("give 'path', or 'format' to get the text", call)
    text <- .swig_call(micic_swig_write_buffer(ref, .write_format(format, NULL, call), pretty,
                                               orig), call)
    Encoding(text) <- "UTF-8"
    return(text)
  }
  if (!is.character(path) || length(path) != 1L || is.na(path))
    .micic_usage(paste("'path' must be one file name, not", .describe(path)), call)
  fmt <- .write_format(format, path, call)
  .swig_call(micic_swig_write_file(ref, path.expand(path), fmt, pretty, orig), call)
  invisible(path)
}

micic_convert <- function(input, output, from = NULL, to = NULL, pretty = TRUE) {
  call <- sys.call()
  x <- micic_read(input, format = from)
  if (!is.character(output) || length(output) != 1L || is.na(output))
    .micic_usage(paste("'output' must be one file name, not", .describe(output)), call)
  micic_write(x, output, format = to, pretty = pretty)
  invisible(x)
}

micic_normalize <- function(x) {
  call <- sys.call()
  ref <- .ref(x, call)
  report <- .swig_call(micic_swig_normalize(ref), call)
  cache <- .subset2(x, "cache")                 # the records changed: drop the index
  rm(list = ls(cache, all.names = TRUE), envir = cache)
  .diagnostics(report, call)
}

micic_from_data_frame <- function(df) {
  call <- sys.call()
  if (!is.data.frame(df))
    .micic_usage(paste("'df' must be a data.frame, not", .describe(df)), call)
  info <- micic_fields()
  n <- nrow(df)
  cells <- function(col) {
    if (is.factor(col)) return(as.character(col))
    if (is.list(col)) return(lapply(col, function(v) {
      if (is.null(v) || !length(v)) return(character())
      as.character(if (is.factor(v)) as.character(v) else unlist(v))
    }))
    if (is.numeric(col) || is.logical(col)) return(as.character(col))
    if (!is.character(col))
      .micic_usage(paste0("column of class ", class(col)[1L], " is not text, numbers or a ",
                          "list of them"), call)
    enc2utf8(col)
  }
  fields <- integer()
  columns <- list()
  extra_labels <- character()
  extra_columns <- list()
  extras <- NULL
  for (name in names(df)) {
    col <- df[[name]]
    if (identical(name, "extra") && is.list(col)) {
      extras <- lapply(col, function(v) if (is.null(v)) NULL else
        structure(enc2utf8(as.character(v)), names = enc2utf8(names(v) %||% rep("", length(v)))))
      next
    }
    # columns are mapped the way the CSV reader maps a header
    f <- micic_r_field_number(enc2utf8(name))
    if (inherits(f, "micic_cerror")) {
      v <- cells(col)
      if (is.list(v)) v <- vapply(v, function(s) paste(s, collapse = "; "), "")
      extra_labels <- c(extra_labels, enc2utf8(name))
      extra_columns[[length(extra_columns) + 1L]] <- v
      next
    }
    if (f %in% fields)
      .micic_usage(paste0("two columns are the field '", info$name[f + 1L], "'"), call)
    fields <- c(fields, f)
    columns[[length(columns) + 1L]] <- cells(col)
  }
  rn <- attr(df, "row.names")
  if (!(0L %in% fields) && is.character(rn)) {  # ids as row names
    fields <- c(fields, 0L)
    columns[[length(columns) + 1L]] <- enc2utf8(rn)
  }
  x <- .new_corpus(call)
  .micic_check(micic_r_corpus_add_rows(.ref(x, call), n, as.integer(fields), columns,
                                       extra_labels, extra_columns, extras), call)
  x
}

`%||%` <- function(a, b) if (is.null(a)) b else a
