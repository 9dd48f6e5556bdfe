# The built-in catalogue: fields, vocabularies, the 15 Guidelines, version.

.micic_cache <- new.env(parent = emptyenv())

micic_version <- function() {
  v <- micic_r_version()
  v[[1L]]
}

micic_vocab <- function(name) {
  if (!is.character(name) || length(name) != 1L || is.na(name))
    .micic_usage("'name' must be one vocabulary name", sys.call())
  labels <- .micic_check(micic_r_vocab(name), sys.call())
  attr(labels, "closed") <- NULL
  labels
}

micic_fields <- function() {
  if (is.null(.micic_cache$fields)) {
    f <- micic_r_fields()
    .micic_cache$fields <- data.frame(name = f$name, label = f$label, single = f$single,
                                      vocab = f$vocab, stringsAsFactors = FALSE)
  }
  .micic_cache$fields
}

micic_guidelines <- function() {
  g <- micic_r_guidelines()
  data.frame(number = g$number, title = g$title, theme = g$theme,
             phase = factor(g$phase, levels = micic_vocab("phase")),
             description = g$description, stringsAsFactors = FALSE)
}

# Machine name of a field named exactly by its machine name or its label
# ("Type of crisis"); anything else is a micic_not_found error with "did you
# mean" and the field names (micic_field_lookup in C).
.field_name <- function(field, call = NULL, what = "a field") {
  if (!is.character(field) || length(field) != 1L || is.na(field))
    .micic_usage(paste0(what, " must be one string, a field name (one of ",
                        paste(micic_fields()$name, collapse = ", "), "), not ",
                        .describe(field)), call)
  num <- micic_r_field_lookup(enc2utf8(field))
  if (inherits(num, "micic_cerror") && !grepl("fields:", num$message, fixed = TRUE))
    num$message <- paste0(num$message, "; fields: ", paste(micic_fields()$name, collapse = ", "))
  num <- .micic_check(num, call)
  micic_fields()$name[num + 1L]
}

# "numeric 1" / "NULL" / "character of length 2": what was given, for messages.
.describe <- function(x) {
  if (is.null(x)) return("NULL")
  if (length(x) == 1L && is.atomic(x)) return(paste0(class(x)[1L], " ", format(x)))
  paste0(class(x)[1L], " of length ", length(x))
}

# Levels of a field with a controlled vocabulary (or guideline numbers):
# every level of micic_field_level() in C, then the other observed values
# in first-seen order. NULL for free-text fields.
.field_levels <- function(name, observed = character()) {
  info <- micic_fields()
  f <- match(name, info$name) - 1L
  base <- micic_r_field_levels(f)
  if (!length(base)) return(NULL)
  observed <- observed[!is.na(observed)]
  c(base, setdiff(unique(observed), base))
}
