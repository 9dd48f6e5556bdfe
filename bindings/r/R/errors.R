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
