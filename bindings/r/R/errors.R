# Errors: the C entry points (micic_r_*() in bindings/micic_r.i) never raise
# from C. A failed call returns a "micic_cerror" list holding the fields of
# the C micic_error; .micic_check() signals it from R as a condition of class
# c("micic_error", "error", "condition").

# One condition class per micic_status, before "micic_error": handlers can
# catch tryCatch(..., micic_not_found = function(e) ...) or any micic_error.
.micic_error_classes <- c(
  "-1" = "micic_memory_error", "-2" = "micic_invalid_argument", "-3" = "micic_io_error",
  "-4" = "micic_parse_error", "-5" = "micic_format_error", "-6" = "micic_not_found",
  "-7" = "micic_limit_error", "-8" = "micic_encoding_error", "-9" = "micic_query_error",
  "-10" = "micic_version_error", "-11" = "micic_cancelled", "-12" = "micic_internal_error")
.micic_error_names <- c(
  "-1" = "ENOMEM", "-2" = "EINVAL", "-3" = "EIO", "-4" = "EPARSE", "-5" = "EFORMAT",
  "-6" = "ENOTFOUND", "-7" = "ELIMIT", "-8" = "EUTF8", "-9" = "EQUERY", "-10" = "EVERSION",
  "-11" = "ECANCELLED", "-12" = "EINTERNAL")

micic_condition <- function(err, call = NULL) {
  line <- as.integer(err$line)
  column <- as.integer(err$column)
  source <- as.character(err$source)
  where <- character()
  if (length(source) && nzchar(source)) where <- source
  if (line > 0L) where <- c(where, as.character(line))
  if (column > 0L) where <- c(where, if (line > 0L) as.character(column) else paste("column", column))
  message <- if (length(where)) paste0(paste(where, collapse = ":"), ": ", err$message) else err$message
  code <- as.integer(err$code)
  cls <- .micic_error_classes[as.character(code)]
  structure(
    class = c(if (!is.na(cls)) unname(cls), "micic_error", "error", "condition"),
    list(message = message, call = call,
         code = code, name = unname(.micic_error_names[as.character(code)]),
         status = as.character(err$status),
         line = line, column = column, source = source,
         text = as.character(err$message)))
}

# Signal the condition when `res` is a failed call, else return `res`.
.micic_check <- function(res, call = NULL) {
  if (inherits(res, "micic_cerror")) stop(micic_condition(res, call))
  res
}

# A usage error detected in R, with the same class as C errors (EINVAL).
.micic_usage <- function(message, call = NULL) {
  .micic_stop(-2L, message, call)
}

# Signal a micic_error of the given code from R (e.g. -6, ENOTFOUND).
.micic_stop <- function(code, message, call = NULL) {
  stop(micic_condition(list(code = code, status = .micic_status_text(code), line = 0L,
                            column = 0L, source = "", message = message), call))
}

.micic_status_text <- function(code) {
  switch(as.character(code), "-2" = "invalid argument", "-3" = "I/O error",
         "-5" = "unknown or undetectable format", "-6" = "not found", "error")
}

# Call a wrapper of micic.i's shared core. Those raise an R error
# "SWIG:<Category> ..." when the C call fails (MICIC_SWIG_RAISE in
# micic_r.i); the C error's fields were kept, so re-signal it as a
# micic_error with code, line and column.
.swig_call <- function(expr, call = NULL) {
  micic_r_clear_last_error()
  tryCatch(expr, error = function(e) {
    msg <- conditionMessage(e)
    if (!startsWith(msg, "SWIG:")) stop(e)
    err <- micic_r_last_error()
    if (err$code == 0L) {
      # raised by SWIG itself (argument conversion): a usage error
      err <- list(code = -2L, status = "invalid argument", line = 0L, column = 0L,
                  source = "", message = sub("^SWIG:[A-Za-z]+ ", "", msg))
    }
    stop(micic_condition(err, call))
  })
}
