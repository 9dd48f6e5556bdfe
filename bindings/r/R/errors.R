# Errors: the C entry points (micic_r_*() in bindings/micic_r.i) never raise
# from C. A failed call returns a "micic_cerror" list holding the fields of
# the C micic_error; .micic_check() signals it from R as a condition of class
# c("micic_error", "error", "condition").

micic_condition <- function(err, call = NULL) {
  line <- as.integer(err$line)
  column <- as.integer(err$column)
  source <- as.character(err$source)
  where <- character()
  if (length(source) && nzchar(source)) where <- source
  if (line > 0L) where <- c(where, as.character(line))
  if (column > 0L) where <- c(where, if (line > 0L) as.character(column) else paste("column", column))
  message <- if (length(where)) paste0(paste(where, collapse = ":"), ": ", err$message) else err$message
  structure(
    class = c("micic_error", "error", "condition"),
    list(message = message, call = call,
         code = as.integer(err$code), status = as.character(err$status),
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
  stop(micic_condition(list(code = -2L, status = "invalid argument", line = 0L,
                            column = 0L, source = "", message = message), call))
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
