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

# Machine name of a field given by name or label ("Type of crisis").
.field_name <- function(field, call = NULL) {
  if (!is.character(field) || length(field) != 1L || is.na(field))
    .micic_usage("a field must be given as one string (see micic_fields())", call)
  num <- .micic_check(micic_r_field_number(field), call)
  micic_fields()$name[num + 1L]
}

# Levels of a field with a controlled vocabulary (or guideline numbers):
# every canonical label, then the other observed values in first-seen order.
# NULL for free-text fields.
.field_levels <- function(name, observed = character()) {
  info <- micic_fields()
  vocab <- info$vocab[match(name, info$name)]
  base <- if (identical(name, "guideline")) as.character(seq_len(15L))
          else if (!is.na(vocab)) micic_vocab(vocab)
          else return(NULL)
  observed <- observed[!is.na(observed)]
  c(base, setdiff(unique(observed), base))
}
