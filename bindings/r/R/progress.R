# The `progress` argument of micic_read(), micic_read_text(), micic_bundled(),
# micic_validate() and micic_index(): libmicic's progress callback
# (micic_progress_cb) as an R function progress(done, total).
#
# .progress() turns the argument into what the C glue takes (a function or
# NULL) and a finish() to call after the C call:
#  - NULL or FALSE: nothing;
#  - TRUE: a text progress bar on stderr (utils::txtProgressBar, style 3),
#    closed at the end;
#  - a function(done, total): called with the numbers; returning TRUE
#    cancels (the call signals a micic_error, code -11). An error raised in
#    it stops the C call and is signalled again, unchanged, when the call
#    returns (it is caught with tryCatch here, so no R error ever unwinds
#    through libmicic; an interrupt is stopped by the C glue's R_tryEval and
#    becomes a micic_error "the progress function failed").
.progress <- function(progress, call) {
  state <- new.env(parent = emptyenv())
  state$condition <- NULL
  state$bar <- NULL
  if (is.null(progress) || identical(progress, FALSE)) {
    fn <- NULL
  } else if (isTRUE(progress)) {
    user <- function(done, total) {
      if (is.null(state$bar))
        state$bar <- utils::txtProgressBar(min = 0, max = 1, style = 3, file = stderr())
      if (total > 0) utils::setTxtProgressBar(state$bar, min(1, done / total))
      NULL
    }
  } else if (is.function(progress)) {
    user <- progress
  } else {
    .micic_usage("'progress' must be NULL, TRUE, FALSE or a function(done, total)", call)
  }
  if (!is.null(progress) && !identical(progress, FALSE)) {
    fn <- function(done, total) {
      tryCatch(isTRUE(user(done, total)),
               error = function(e) {
                 state$condition <- e
                 TRUE
               })
    }
  }
  finish <- function() {
    if (!is.null(state$bar)) {
      close(state$bar)
      state$bar <- NULL
    }
    if (!is.null(state$condition)) {
      cond <- state$condition
      state$condition <- NULL
      stop(cond)
    }
    invisible(NULL)
  }
  list(fn = fn, finish = finish)
}

# Run the C glue `expr` (a micic_r_*() call given p$fn; it never raises),
# then finish: a condition raised by the progress function wins over the
# "cancelled" error it caused.
.with_progress <- function(p, expr, call) {
  res <- expr
  p$finish()
  .micic_check(res, call)
}
