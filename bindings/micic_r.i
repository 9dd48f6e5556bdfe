/*
 * micic_r.i -- the R-only part of the SWIG interface (SWIG 4.1, `swig -r`).
 *
 * Included by bindings/micic.i under `#if defined(SWIGR)`, before the public
 * headers are %included, so the typemaps below apply to micic.i's own
 * declarations too. Nothing here is seen by the Python module.
 *
 * What it adds (see docs/r.md and the SWIG recipe, pitfalls 12-17):
 *
 *  1. Runtime fixes for SWIG 4.1's R module:
 *     - SWIG_R_NewPointerObj() with the type tag PROTECTed (the stock one
 *       builds it with a nested, unprotected R_MakeExternalPtr(): a GC at the
 *       wrong moment leaves a garbage tag and a later conversion segfaults);
 *     - SWIG_R_ConvertPtr() that checks what it is given: a non-pointer or a
 *       pointer of another type is a TypeError, a cleared (freed) pointer a
 *       ValueError, instead of a segfault or a silent NULL.
 *  2. Finalizers: every handle type of libmicic gets a `newfree` typemap that
 *     registers a C finalizer (R_RegisterCFinalizerEx) calling the type's
 *     *_free() on every %newobject result (micic.i's micic_swig_* glue).
 *     SWIG-R attaches no finalizer to %newobject results by itself.
 *  3. What micic.i leaves to each language: MICIC_SWIG_RAISE (an R error
 *     whose micic_error fields are kept for micic_r_last_error()) and the
 *     argout typemaps of the array out-parameters of micic/columns.h (they
 *     return R vectors). Also R-only typemaps: strings out are marked UTF-8,
 *     text arguments are translated to UTF-8 and NULL/NA/character(0) pass
 *     as a C NULL; enum arguments accept numbers.
 *  4. R-specific entry points, micic_r_*(), used by the R package's R/
 *     layer where micic.i has no single call for the job (reading several
 *     inputs into one corpus, options micic.i does not expose, results as
 *     whole columns). They take and return R objects (SEXP). A failed C call
 *     never raises from C: it returns an object of class "micic_cerror"
 *     holding the micic_error fields (code, status, line, column, position,
 *     source, message), and the R layer signals a condition of class
 *     "micic_error" from R (no longjmp through C code that holds memory).
 *
 * The R package uses micic.i's wrappers for the rest (corpus creation,
 * sizes, micic/columns.h columns, reports, cross-tabs); all of them stay
 * internal to the package: its NAMESPACE exports only the R API of R/.
 *
 * Ownership: every C object handed to R is owned by its R external pointer
 * and freed by that pointer's finalizer (at GC, or at exit). Borrowed
 * pointers (micic_corpus_read_report...) get no finalizer and are used only
 * while their owner is referenced. Data is copied into R vectors.
 * State: micic_r_live (a count of live handles, for the leak tests) and the
 * last raised error are the only static variables: R calls into C from one
 * thread only.
 */

%{
#include <string.h>
#include <R_ext/Rdynload.h>

/* ------------------------------------------------------------------ */
/* 1. Runtime fixes                                                    */
/* ------------------------------------------------------------------ */

/* GC-safe SWIG_R_NewPointerObj: the tag is protected while the pointer
   object is allocated. */
SWIGINTERN SEXP micic_r_new_pointer_obj(void *ptr, swig_type_info *type, int flags) {
  SEXP tag, rptr;
  (void)flags;
  if (!ptr) return R_NilValue;
  tag = Rf_protect(R_MakeExternalPtr(type, R_NilValue, R_NilValue));
  rptr = R_MakeExternalPtr(ptr, tag, R_NilValue);
  Rf_unprotect(1);
  SET_S4_OBJECT(rptr);
  return rptr;
}

/* Checked SWIG_R_ConvertPtr: R's NULL stays NULL; anything but a SWIG
   external pointer of a compatible type is a TypeError; a cleared pointer
   (freed by a finalizer) is a ValueError, except for a destructor. */
SWIGINTERN int micic_r_convert_ptr(SEXP obj, void **ptr, swig_type_info *ty, int flags) {
  SEXP tag;
  swig_type_info *from;
  if (obj == R_NilValue) return SWIG_R_ConvertPtr(obj, ptr, ty, flags);
  if (TYPEOF(obj) != EXTPTRSXP) return SWIG_TypeError;
  tag = R_ExternalPtrTag(obj);
  if (TYPEOF(tag) != EXTPTRSXP || !R_ExternalPtrAddr(tag)) return SWIG_TypeError;
  from = (swig_type_info *)R_ExternalPtrAddr(tag);
  if (ty && from != ty && !SWIG_TypeCheck(from->name, ty)) return SWIG_TypeError;
  if (!R_ExternalPtrAddr(obj) && !(flags & SWIG_POINTER_DISOWN)) return SWIG_ValueError;
  return SWIG_R_ConvertPtr(obj, ptr, ty, flags);
}
#define SWIG_R_ConvertPtr(obj, ptr, ty, flags) micic_r_convert_ptr(obj, ptr, ty, flags)
#define SWIG_R_NewPointerObj(ptr, type, flags) micic_r_new_pointer_obj(ptr, type, flags)

/* ------------------------------------------------------------------ */
/* 2. Finalizers                                                       */
/* ------------------------------------------------------------------ */

/* Handles handed to R and not finalized yet (tests and soak use it). */
static long micic_r_live = 0;

#define MICIC_R_FINALIZER(TYPE)                                   \
  SWIGUNUSED static void micic_r_finalize_##TYPE(SEXP p) {        \
    TYPE *obj = (TYPE *)R_ExternalPtrAddr(p);                     \
    if (obj) {                                                    \
      R_ClearExternalPtr(p);                                      \
      TYPE##_free(obj);                                           \
      micic_r_live--;                                             \
    }                                                             \
  }
MICIC_R_FINALIZER(micic_corpus)
MICIC_R_FINALIZER(micic_practice)
MICIC_R_FINALIZER(micic_report)
MICIC_R_FINALIZER(micic_query)
MICIC_R_FINALIZER(micic_index)
MICIC_R_FINALIZER(micic_results)
MICIC_R_FINALIZER(micic_groups)
MICIC_R_FINALIZER(micic_suggester)
MICIC_R_FINALIZER(micic_suggestions)
MICIC_R_FINALIZER(micic_crosstab)
MICIC_R_FINALIZER(micic_gaps)

/* Attach the finalizer to an external pointer that owns its object. */
static void micic_r_own(SEXP p, R_CFinalizer_t fin) {
  if (p == R_NilValue || TYPEOF(p) != EXTPTRSXP || !R_ExternalPtrAddr(p)) return;
  Rf_protect(p);
  R_RegisterCFinalizerEx(p, fin, TRUE);
  micic_r_live++;
  Rf_unprotect(1);
}
%}

%define MICIC_R_OWNED(TYPE)
%typemap(newfree) TYPE * %{ micic_r_own(r_ans, micic_r_finalize_##TYPE); %}
%enddef
MICIC_R_OWNED(micic_corpus)
MICIC_R_OWNED(micic_practice)
MICIC_R_OWNED(micic_report)
MICIC_R_OWNED(micic_query)
MICIC_R_OWNED(micic_index)
MICIC_R_OWNED(micic_results)
MICIC_R_OWNED(micic_groups)
MICIC_R_OWNED(micic_suggester)
MICIC_R_OWNED(micic_suggestions)
MICIC_R_OWNED(micic_crosstab)
MICIC_R_OWNED(micic_gaps)

%{
/* ------------------------------------------------------------------ */
/* Errors raised by micic.i's shared wrappers                          */
/* ------------------------------------------------------------------ */
/* micic.i raises with MICIC_SWIG_RAISE(e) when a call filled its
   micic_error. In R that becomes an R error "SWIG:<Category> source:line:
   column: text" (SWIG_exception_fail: the wrapper's cleanup runs first);
   the fields are kept here so the R layer can signal a micic_error condition
   with code, line and column (micic_r_last_error()). R calls wrappers from
   one thread only. */
static micic_error micic_r_last_error_value;

#define MICIC_SWIG_RAISE(e) do {                                             \
    char micic_swig_msg[MICIC_ERROR_SOURCE_LENGTH + MICIC_ERROR_TEXT_LENGTH + 40]; \
    micic_r_last_error_value = *(e);                                          \
    micic_swig_format_error((e), micic_swig_msg, sizeof micic_swig_msg);     \
    SWIG_exception_fail(micic_swig_category((e)->code), micic_swig_msg);     \
  } while (0)
%}

/* ------------------------------------------------------------------ */
/* Strings                                                              */
/* ------------------------------------------------------------------ */
/* libmicic's strings are UTF-8: mark them so in R whatever the locale. */
%typemap(out, noblock=1) char *, const char * {
  $result = $1 ? Rf_ScalarString(Rf_mkCharCE($1, CE_UTF8)) : R_NilValue;
}
/* Text arguments: translated to UTF-8 (memory R frees after the call).
   NULL, character(0) and NA become a C NULL -- SWIG's default reads
   element 0 of a zero-length vector. Anything else is a TypeError. */
%typemap(in, noblock=1) const char * {
  if (TYPEOF($input) == STRSXP && Rf_length($input) > 0 && STRING_ELT($input, 0) != NA_STRING) {
    $1 = ($1_ltype)Rf_translateCharUTF8(STRING_ELT($input, 0));
  } else if ($input == R_NilValue || TYPEOF($input) == STRSXP) {
    $1 = NULL;
  } else {
    SWIG_exception_fail(SWIG_TypeError, "in method '$symname', argument $argnum: expected a string");
  }
}
%typemap(freearg) const char * "";

/* Enum arguments: SWIG 4.1's enumToInteger() returns NULL for a number
   (only enum constant names work), which C then reads as NA: accept both. */
%typemap(scoercein) enum SWIGTYPE
  %{ $input = if (is.character($input)) enumToInteger($input, "$R_class") else as.integer($input); %}

/* ------------------------------------------------------------------ */
/* Array out-parameters (micic/columns.h) -> R vectors                  */
/* ------------------------------------------------------------------ */
/* micic.i shares the in/freearg typemaps; these argout typemaps REPLACE the
   wrapper's result (the int status: a failure has raised already) with the
   vector, so e.g. micic_column_values(corpus, f, 0L) returns a character
   vector. Strings are copied (marked UTF-8) before freearg frees the array. */
%typemap(argout) (const char ***values_out, size_t *n_out) {
  size_t micic_r_i;
  $result = Rf_protect(Rf_allocVector(STRSXP, (R_xlen_t)*$2));
  r_nprotect++;
  for (micic_r_i = 0; micic_r_i < *$2; micic_r_i++)
    SET_STRING_ELT($result, (R_xlen_t)micic_r_i,
                   (*$1)[micic_r_i] ? Rf_mkCharCE((*$1)[micic_r_i], CE_UTF8) : NA_STRING);
}
%typemap(argout) (size_t **counts_out, size_t *n_out) {
  size_t micic_r_i;
  $result = Rf_protect(Rf_allocVector(INTSXP, (R_xlen_t)*$2));
  r_nprotect++;
  for (micic_r_i = 0; micic_r_i < *$2; micic_r_i++)
    INTEGER($result)[micic_r_i] = (int)(*$1)[micic_r_i];
}
%typemap(argout) (long **numbers_out, size_t *n_out) {
  size_t micic_r_i;
  $result = Rf_protect(Rf_allocVector(INTSXP, (R_xlen_t)*$2));
  r_nprotect++;
  for (micic_r_i = 0; micic_r_i < *$2; micic_r_i++)
    INTEGER($result)[micic_r_i] = (int)(*$1)[micic_r_i];
}

%{
/* ------------------------------------------------------------------ */
/* 3. Helpers for the R entry points (file-local, not wrapped)          */
/* ------------------------------------------------------------------ */

/* CHARSXP of a UTF-8 C string; NA for NULL. */
static SEXP micic_r_mkchar(const char *s) {
  return s ? Rf_mkCharCE(s, CE_UTF8) : NA_STRING;
}

/* Length-1 character vector. */
static SEXP micic_r_string(const char *s) {
  return Rf_ScalarString(micic_r_mkchar(s));
}

/* New list with names; the caller protects it. */
static SEXP micic_r_list(int n, const char *const *names) {
  SEXP list = Rf_protect(Rf_allocVector(VECSXP, n));
  SEXP nm = Rf_protect(Rf_allocVector(STRSXP, n));
  int i;
  for (i = 0; i < n; i++) SET_STRING_ELT(nm, i, Rf_mkChar(names[i]));
  Rf_setAttrib(list, R_NamesSymbol, nm);
  Rf_unprotect(2);
  return list;
}

/* The "micic_cerror" object for a failed call: the R layer turns it into a
   condition of class micic_error. */
static SEXP micic_r_fail(int rc, const micic_error *e) {
  static const char *const names[] = {"code", "status", "line", "column", "position",
                                      "source", "message"};
  int code = (e && e->code) ? e->code : rc;
  SEXP out = Rf_protect(micic_r_list(7, names));
  SET_VECTOR_ELT(out, 0, Rf_ScalarInteger(code));
  SET_VECTOR_ELT(out, 1, micic_r_string(micic_strerror(code)));
  SET_VECTOR_ELT(out, 2, Rf_ScalarInteger(e ? e->line : 0));
  SET_VECTOR_ELT(out, 3, Rf_ScalarInteger(e ? e->column : 0));
  SET_VECTOR_ELT(out, 4, Rf_ScalarReal(e ? (double)e->position : -1.0));
  SET_VECTOR_ELT(out, 5, micic_r_string(e ? e->source : ""));
  SET_VECTOR_ELT(out, 6, micic_r_string((e && e->text[0]) ? e->text : micic_strerror(code)));
  Rf_setAttrib(out, R_ClassSymbol, Rf_mkString("micic_cerror"));
  Rf_unprotect(1);
  return out;
}

/* Same for a usage error detected here. */
static SEXP micic_r_usage(const char *message) {
  micic_error e;
  micic_error_clear(&e);
  e.code = MICIC_EINVAL;
  strncpy(e.text, message, sizeof e.text - 1);
  e.text[sizeof e.text - 1] = '\0';
  return micic_r_fail(MICIC_EINVAL, &e);
}

/* ---- progress callbacks ------------------------------------------------
   The `progress` argument of the reading, validating and indexing glue: an
   R function progress(done, total), or NULL. It is called from the C call
   (R calls into C from one thread, so calling back is safe) through
   R_tryEval, so an R error in it never longjmps through libmicic: the error
   stops the C call (MICIC_ECANCELLED) and is reported as "the progress
   function failed". The R layer wraps the user's function with tryCatch, so
   the user's own condition is re-signalled unchanged (R/progress.R).
   Returning TRUE cancels. */
typedef struct micic_r_progress {
  SEXP fn;    /* an R function, or anything else for none */
  int failed; /* an error escaped from it */
} micic_r_progress;

static int micic_r_progress_cb(size_t done, size_t total, void *payload) {
  micic_r_progress *p = (micic_r_progress *)payload;
  SEXP d, t, call, r;
  int err = 0, stop;
  d = Rf_protect(Rf_ScalarReal((double)done));
  t = Rf_protect(Rf_ScalarReal((double)total));
  call = Rf_protect(Rf_lang3(p->fn, d, t));
  r = R_tryEval(call, R_GlobalEnv, &err);
  if (err) {
    p->failed = 1;
    stop = 1;
  } else {
    stop = TYPEOF(r) == LGLSXP && Rf_length(r) == 1 && LOGICAL(r)[0] == 1;
  }
  Rf_unprotect(3);
  return stop;
}

/* The callback for a progress argument: NULL unless it is a function. */
static micic_progress_cb micic_r_progress_fn(micic_r_progress *p, SEXP fn) {
  p->fn = fn;
  p->failed = 0;
  return Rf_isFunction(fn) ? micic_r_progress_cb : NULL;
}

/* After a failed call: say so when the progress function failed. */
static void micic_r_progress_note(const micic_r_progress *p, int rc, micic_error *e) {
  if (p->failed && rc == MICIC_ECANCELLED)
    snprintf(e->text, sizeof e->text, "the progress function failed");
}

/* The C object behind an R external pointer made by SWIG or by this file,
   checked against the expected SWIG type; NULL when it is not one (or was
   freed). */
static void *micic_r_ptr(SEXP p, swig_type_info *ty) {
  void *out = NULL;
  if (p == R_NilValue || TYPEOF(p) != EXTPTRSXP) return NULL;
  if (!SWIG_IsOK(micic_r_convert_ptr(p, &out, ty, 0))) return NULL;
  return out;
}

/* An empty external pointer with the SWIG type tag and the finalizer
   already attached, keeping `keep` (may be R_NilValue) alive as long as it
   lives. Made BEFORE the C object exists, then micic_r_hold() puts the
   object in: whatever R allocation fails (and longjmps) afterwards, the
   object is owned and the finalizer frees it. The caller protects it. */
static SEXP micic_r_guard(swig_type_info *ty, R_CFinalizer_t fin, SEXP keep) {
  SEXP tag, p;
  tag = Rf_protect(R_MakeExternalPtr(ty, R_NilValue, R_NilValue));
  p = Rf_protect(R_MakeExternalPtr(NULL, tag, keep));
  R_RegisterCFinalizerEx(p, fin, TRUE);
  Rf_unprotect(2);
  return p;
}

/* Hand a new C object to its guard. */
static void micic_r_hold(SEXP guard, void *obj) {
  if (!obj) return;
  R_SetExternalPtrAddr(guard, obj);
  micic_r_live++;
}

/* A text argument as UTF-8 (NULL for R's NULL, NA or a zero-length vector). */
static const char *micic_r_text(SEXP x) {
  if (TYPEOF(x) != STRSXP || Rf_length(x) < 1 || STRING_ELT(x, 0) == NA_STRING) return NULL;
  return Rf_translateCharUTF8(STRING_ELT(x, 0));
}

/* A file name argument in the native encoding (NULL as above). */
static const char *micic_r_path(SEXP x) {
  if (TYPEOF(x) != STRSXP || Rf_length(x) < 1 || STRING_ELT(x, 0) == NA_STRING) return NULL;
  return Rf_translateChar(STRING_ELT(x, 0));
}

/* An integer argument (R integer or double), or def when missing/NA. */
static long micic_r_long(SEXP x, long def) {
  if (Rf_length(x) < 1) return def;
  if (TYPEOF(x) == INTSXP || TYPEOF(x) == LGLSXP)
    return INTEGER(x)[0] == NA_INTEGER ? def : (long)INTEGER(x)[0];
  if (TYPEOF(x) == REALSXP) return ISNAN(REAL(x)[0]) ? def : (long)REAL(x)[0];
  return def;
}

static double micic_r_double(SEXP x, double def) {
  if (Rf_length(x) < 1) return def;
  if (TYPEOF(x) == REALSXP) return ISNAN(REAL(x)[0]) ? def : REAL(x)[0];
  if (TYPEOF(x) == INTSXP || TYPEOF(x) == LGLSXP)
    return INTEGER(x)[0] == NA_INTEGER ? def : (double)INTEGER(x)[0];
  return def;
}

/* Values of field f of practice p as a character vector. */
static SEXP micic_r_values(const micic_practice *p, micic_field f, int originals) {
  size_t n = micic_practice_count(p, f), j;
  SEXP v = Rf_protect(Rf_allocVector(STRSXP, (R_xlen_t)n));
  for (j = 0; j < n; j++)
    SET_STRING_ELT(v, (R_xlen_t)j, micic_r_mkchar(originals ? micic_practice_original(p, f, j)
                                                            : micic_practice_value(p, f, j)));
  Rf_unprotect(1);
  return v;
}

/* Ranked results as columns: record (1-based), id, score, snippet; the total
   number of matches as attribute "total". */
static SEXP micic_r_results_columns(const micic_results *res) {
  static const char *const names[] = {"record", "id", "score", "snippet"};
  R_xlen_t n = (R_xlen_t)micic_results_size(res), i;
  SEXP out = Rf_protect(micic_r_list(4, names));
  SEXP rec = Rf_protect(Rf_allocVector(INTSXP, n));
  SEXP id = Rf_protect(Rf_allocVector(STRSXP, n));
  SEXP score = Rf_protect(Rf_allocVector(REALSXP, n));
  SEXP snip = Rf_protect(Rf_allocVector(STRSXP, n));
  for (i = 0; i < n; i++) {
    INTEGER(rec)[i] = (int)micic_results_record(res, (size_t)i) + 1;
    SET_STRING_ELT(id, i, micic_r_mkchar(micic_results_id(res, (size_t)i)));
    REAL(score)[i] = micic_results_score(res, (size_t)i);
    SET_STRING_ELT(snip, i, micic_r_mkchar(micic_results_snippet(res, (size_t)i)));
  }
  SET_VECTOR_ELT(out, 0, rec);
  SET_VECTOR_ELT(out, 1, id);
  SET_VECTOR_ELT(out, 2, score);
  SET_VECTOR_ELT(out, 3, snip);
  Rf_setAttrib(out, Rf_install("total"), Rf_ScalarInteger((int)micic_results_total(res)));
  Rf_unprotect(5);
  return out;
}

/* Ranked guidelines of one input as columns (rank, guideline, score, terms). */
static void micic_r_suggestions_append(const micic_suggestions *s, int input, SEXP inp,
                                       SEXP rank, SEXP gl, SEXP score, SEXP conf,
                                       SEXP chosen, SEXP terms, R_xlen_t *at) {
  size_t n = micic_suggestions_size(s), i, j;
  for (i = 0; i < n; i++) {
    size_t nt = micic_suggestions_term_count(s, i);
    SEXP t = Rf_protect(Rf_allocVector(STRSXP, (R_xlen_t)nt));
    for (j = 0; j < nt; j++)
      SET_STRING_ELT(t, (R_xlen_t)j, micic_r_mkchar(micic_suggestions_term(s, i, j)));
    INTEGER(inp)[*at] = input;
    INTEGER(rank)[*at] = (int)i + 1;
    INTEGER(gl)[*at] = micic_suggestions_guideline(s, i);
    REAL(score)[*at] = micic_suggestions_score(s, i);
    REAL(conf)[*at] = micic_suggestions_confidence(s, i);
    LOGICAL(chosen)[*at] = i < micic_suggestions_chosen(s);
    SET_VECTOR_ELT(terms, *at, t);
    Rf_unprotect(1);
    (*at)++;
  }
}
%}

/* ------------------------------------------------------------------ */
/* 4. R entry points (wrapped). Pointer arguments are the external      */
/*    pointers (the `ref` slot of SWIG's S4 objects).                   */
/* ------------------------------------------------------------------ */

/* The R API (R/ in the package) exports micic_validate(), micic_search(),
   micic_similar(), micic_suggest() and micic_version() with R signatures:
   the SWIG wrappers of the C functions of the same names get a c_ prefix
   in R so the two do not collide in the package namespace. */
%rename(c_micic_validate) micic_validate;
%rename(c_micic_search) micic_search;
%rename(c_micic_similar) micic_similar;
%rename(c_micic_suggest) micic_suggest;
%rename(c_micic_version) micic_version;

/* The handle types the entry points below convert by hand: make sure SWIG's
   type table has them whatever micic.i wraps or ignores. */
%types(micic_corpus *, micic_report *, micic_index *, micic_results *, micic_suggester *,
       micic_suggestions *, micic_gaps *);

%inline %{
/** Version of the linked libmicic and of the headers the package was built with. */
SEXP micic_r_version(void) {
  SEXP out = Rf_protect(Rf_allocVector(STRSXP, 2));
  SET_STRING_ELT(out, 0, Rf_mkChar(micic_version()));
  SET_STRING_ELT(out, 1, Rf_mkChar(MICIC_VERSION_STRING));
  Rf_unprotect(1);
  return out;
}

/** Fields of the last error raised by a micic.i wrapper (code 0: none). */
SEXP micic_r_last_error(void) {
  return micic_r_fail(micic_r_last_error_value.code, &micic_r_last_error_value);
}

/** Forget the last error (the R layer calls this before a wrapper). */
SEXP micic_r_clear_last_error(void) {
  micic_error_clear(&micic_r_last_error_value);
  return R_NilValue;
}

/** Number of handles handed to R and not finalized yet. */
SEXP micic_r_live_handles(void) { return Rf_ScalarReal((double)micic_r_live); }

/** Append the records of a file (format "" or NULL = detect; delimiter: the
    CSV delimiter as a number, 0 = sniff). NULL or a micic_cerror. */
SEXP micic_r_read_file(SEXP corpus, SEXP path, SEXP format, SEXP delimiter, SEXP progress) {
  micic_corpus *c = (micic_corpus *)micic_r_ptr(corpus, SWIGTYPE_p_micic_corpus);
  micic_read_options opts;
  micic_r_progress pr;
  micic_error e;
  const char *p = micic_r_path(path), *f = micic_r_text(format);
  int rc;
  if (!c) return micic_r_usage("not a live micic corpus");
  if (!p) return micic_r_usage("path must be a file name");
  micic_read_options_init(&opts);
  micic_error_clear(&e);
  if (f && *f && (rc = micic_format_from_name(f, &opts.format)) != MICIC_OK) {
    micic_error_clear(&e);
    e.code = rc;
    snprintf(e.text, sizeof e.text, "unknown format '%s'", f);
    return micic_r_fail(rc, &e);
  }
  opts.delimiter = (int)micic_r_long(delimiter, 0);
  opts.progress = micic_r_progress_fn(&pr, progress);
  opts.progress_payload = &pr;
  rc = micic_read_file(c, p, &opts, &e);
  micic_r_progress_note(&pr, rc, &e);
  return rc == MICIC_OK ? R_NilValue : micic_r_fail(rc, &e);
}

/** Append the records in a string; `source` names it in locations. */
SEXP micic_r_read_text(SEXP corpus, SEXP text, SEXP source, SEXP format, SEXP delimiter,
                       SEXP progress) {
  micic_corpus *c = (micic_corpus *)micic_r_ptr(corpus, SWIGTYPE_p_micic_corpus);
  micic_read_options opts;
  micic_r_progress pr;
  micic_error e;
  const char *t = micic_r_text(text), *s = micic_r_text(source), *f = micic_r_text(format);
  int rc;
  if (!c) return micic_r_usage("not a live micic corpus");
  if (!t) return micic_r_usage("text must be a string");
  micic_read_options_init(&opts);
  micic_error_clear(&e);
  if (f && *f && (rc = micic_format_from_name(f, &opts.format)) != MICIC_OK) {
    e.code = rc;
    snprintf(e.text, sizeof e.text, "unknown format '%s'", f);
    return micic_r_fail(rc, &e);
  }
  opts.delimiter = (int)micic_r_long(delimiter, 0);
  opts.progress = micic_r_progress_fn(&pr, progress);
  opts.progress_payload = &pr;
  rc = micic_read_buffer(c, t, strlen(t), (s && *s) ? s : NULL, &opts, &e);
  micic_r_progress_note(&pr, rc, &e);
  return rc == MICIC_OK ? R_NilValue : micic_r_fail(rc, &e);
}

/** Append the bundled corpus (seed documents shipped with libmicic). */
SEXP micic_r_read_bundled(SEXP corpus, SEXP progress) {
  micic_corpus *c = (micic_corpus *)micic_r_ptr(corpus, SWIGTYPE_p_micic_corpus);
  micic_read_options opts;
  micic_r_progress pr;
  micic_error e;
  int rc;
  if (!c) return micic_r_usage("not a live micic corpus");
  micic_error_clear(&e);
  micic_read_options_init(&opts);
  opts.progress = micic_r_progress_fn(&pr, progress);
  opts.progress_payload = &pr;
  rc = micic_read_bundled(c, &opts, &e);
  micic_r_progress_note(&pr, rc, &e);
  return rc == MICIC_OK ? R_NilValue : micic_r_fail(rc, &e);
}

/** Record i (1-based) as list(values, originals, extras, source, line, column):
    values/originals are named lists (one character vector per field). */
SEXP micic_r_corpus_record(SEXP corpus, SEXP index) {
  static const char *const names[] = {"values", "originals", "extras", "source", "line",
                                      "column"};
  const micic_corpus *c = (const micic_corpus *)micic_r_ptr(corpus, SWIGTYPE_p_micic_corpus);
  const micic_practice *p;
  long i = micic_r_long(index, 0);
  micic_location loc;
  SEXP out, vals, origs, fnames, extras, enames;
  size_t ne, j;
  int f;
  if (!c) return micic_r_usage("not a live micic corpus");
  if (i < 1 || (size_t)i > micic_corpus_size(c)) return micic_r_usage("record index out of range");
  p = micic_corpus_get(c, (size_t)(i - 1));
  out = Rf_protect(micic_r_list(6, names));
  vals = Rf_protect(Rf_allocVector(VECSXP, MICIC_FIELD_COUNT));
  origs = Rf_protect(Rf_allocVector(VECSXP, MICIC_FIELD_COUNT));
  fnames = Rf_protect(Rf_allocVector(STRSXP, MICIC_FIELD_COUNT));
  for (f = 0; f < MICIC_FIELD_COUNT; f++) {
    SET_VECTOR_ELT(vals, f, micic_r_values(p, (micic_field)f, 0));
    SET_VECTOR_ELT(origs, f, micic_r_values(p, (micic_field)f, 1));
    SET_STRING_ELT(fnames, f, Rf_mkChar(micic_field_name((micic_field)f)));
  }
  Rf_setAttrib(vals, R_NamesSymbol, fnames);
  Rf_setAttrib(origs, R_NamesSymbol, fnames);
  ne = micic_practice_extra_count(p);
  extras = Rf_protect(Rf_allocVector(STRSXP, (R_xlen_t)ne));
  enames = Rf_protect(Rf_allocVector(STRSXP, (R_xlen_t)ne));
  for (j = 0; j < ne; j++) {
    SET_STRING_ELT(extras, (R_xlen_t)j, micic_r_mkchar(micic_practice_extra_value(p, j)));
    SET_STRING_ELT(enames, (R_xlen_t)j, micic_r_mkchar(micic_practice_extra_label(p, j)));
  }
  Rf_setAttrib(extras, R_NamesSymbol, enames);
  loc = micic_practice_record_location(p);
  SET_VECTOR_ELT(out, 0, vals);
  SET_VECTOR_ELT(out, 1, origs);
  SET_VECTOR_ELT(out, 2, extras);
  SET_VECTOR_ELT(out, 3, micic_r_string(loc.source ? loc.source : ""));
  SET_VECTOR_ELT(out, 4, Rf_ScalarInteger(loc.line > 0 ? loc.line : NA_INTEGER));
  SET_VECTOR_ELT(out, 5, Rf_ScalarInteger(loc.column > 0 ? loc.column : NA_INTEGER));
  Rf_unprotect(6);
  return out;
}

/** A flat column cut into one vector per record: record r gets the
    counts[r] elements of @p x (a character or integer vector) that follow
    those of the records before it. With @p levels (a character vector, or
    NULL), @p x holds level codes and every piece is a factor with those
    levels (the levels object is shared, not copied). One C loop instead of
    an R call per record (as.data.frame of 1M records: seconds per field). */
SEXP micic_r_split_column(SEXP x, SEXP counts, SEXP levels) {
  R_xlen_t n, r, k = 0, total = 0;
  int is_factor = !Rf_isNull(levels), is_str;
  SEXP out, cls = R_NilValue;
  if (!(Rf_isString(x) || TYPEOF(x) == INTSXP) || TYPEOF(counts) != INTSXP ||
      (is_factor && (!Rf_isString(levels) || TYPEOF(x) != INTSXP)))
    return micic_r_usage("micic_r_split_column(x, counts, levels): bad argument types");
  n = XLENGTH(counts);
  for (r = 0; r < n; r++) {
    if (INTEGER(counts)[r] == NA_INTEGER || INTEGER(counts)[r] < 0)
      return micic_r_usage("micic_r_split_column: counts must be >= 0");
    total += INTEGER(counts)[r];
  }
  if (total != XLENGTH(x)) return micic_r_usage("micic_r_split_column: counts do not add up");
  is_str = Rf_isString(x);
  out = Rf_protect(Rf_allocVector(VECSXP, n));
  if (is_factor) cls = Rf_protect(Rf_mkString("factor"));
  for (r = 0; r < n; r++) {
    R_xlen_t m = INTEGER(counts)[r], j;
    SEXP piece = Rf_allocVector(is_str ? STRSXP : INTSXP, m);
    SET_VECTOR_ELT(out, r, piece); /* protected by out from here on */
    if (is_str)
      for (j = 0; j < m; j++) SET_STRING_ELT(piece, j, STRING_ELT(x, k + j));
    else if (m)
      memcpy(INTEGER(piece), INTEGER(x) + k, (size_t)m * sizeof(int));
    if (is_factor) {
      Rf_setAttrib(piece, R_LevelsSymbol, levels);
      Rf_setAttrib(piece, R_ClassSymbol, cls);
    }
    k += m;
  }
  Rf_unprotect(is_factor ? 2 : 1);
  return out;
}

/** Tidy form: one element per value, columns record (1-based), id, field
    (0-based field number), value, original, source, line, column. */
SEXP micic_r_corpus_long(SEXP corpus) {
  static const char *const names[] = {"record", "id", "field", "value", "original",
                                      "source", "line", "column"};
  const micic_corpus *c = (const micic_corpus *)micic_r_ptr(corpus, SWIGTYPE_p_micic_corpus);
  size_t n, i, j, total = 0;
  R_xlen_t at = 0;
  int f;
  SEXP out, rec, id, fld, val, orig, src, line, col;
  if (!c) return micic_r_usage("not a live micic corpus");
  n = micic_corpus_size(c);
  for (i = 0; i < n; i++)
    for (f = 0; f < MICIC_FIELD_COUNT; f++)
      total += micic_practice_count(micic_corpus_get(c, i), (micic_field)f);
  out = Rf_protect(micic_r_list(8, names));
  rec = Rf_protect(Rf_allocVector(INTSXP, (R_xlen_t)total));
  id = Rf_protect(Rf_allocVector(STRSXP, (R_xlen_t)total));
  fld = Rf_protect(Rf_allocVector(INTSXP, (R_xlen_t)total));
  val = Rf_protect(Rf_allocVector(STRSXP, (R_xlen_t)total));
  orig = Rf_protect(Rf_allocVector(STRSXP, (R_xlen_t)total));
  src = Rf_protect(Rf_allocVector(STRSXP, (R_xlen_t)total));
  line = Rf_protect(Rf_allocVector(INTSXP, (R_xlen_t)total));
  col = Rf_protect(Rf_allocVector(INTSXP, (R_xlen_t)total));
  for (i = 0; i < n; i++) {
    const micic_practice *p = micic_corpus_get(c, i);
    SEXP pid = Rf_protect(micic_r_mkchar(micic_practice_id(p)));
    for (f = 0; f < MICIC_FIELD_COUNT; f++) {
      size_t nv = micic_practice_count(p, (micic_field)f);
      for (j = 0; j < nv; j++, at++) {
        micic_location loc;
        int ok = micic_practice_location(p, (micic_field)f, j, &loc) == MICIC_OK;
        INTEGER(rec)[at] = (int)i + 1;
        SET_STRING_ELT(id, at, pid);
        INTEGER(fld)[at] = f;
        SET_STRING_ELT(val, at, micic_r_mkchar(micic_practice_value(p, (micic_field)f, j)));
        SET_STRING_ELT(orig, at, micic_r_mkchar(micic_practice_original(p, (micic_field)f, j)));
        SET_STRING_ELT(src, at, micic_r_mkchar(ok && loc.source ? loc.source : ""));
        INTEGER(line)[at] = ok && loc.line > 0 ? loc.line : NA_INTEGER;
        INTEGER(col)[at] = ok && loc.column > 0 ? loc.column : NA_INTEGER;
      }
    }
    Rf_unprotect(1);
  }
  SET_VECTOR_ELT(out, 0, rec);
  SET_VECTOR_ELT(out, 1, id);
  SET_VECTOR_ELT(out, 2, fld);
  SET_VECTOR_ELT(out, 3, val);
  SET_VECTOR_ELT(out, 4, orig);
  SET_VECTOR_ELT(out, 5, src);
  SET_VECTOR_ELT(out, 6, line);
  SET_VECTOR_ELT(out, 7, col);
  Rf_unprotect(9);
  return out;
}

/** Validate with options (NA = default): an external pointer that owns the
    new report (read it with micic.i's micic_column_report_*()): the read
    report of the corpus, then the validation diagnostics (one report, as
    `micic validate` prints it). */
SEXP micic_r_validate(SEXP corpus, SEXP strict, SEXP max_diagnostics, SEXP min_description,
                      SEXP max_field_chars, SEXP duplicate_threshold, SEXP progress) {
  const micic_corpus *c = (const micic_corpus *)micic_r_ptr(corpus, SWIGTYPE_p_micic_corpus);
  micic_validate_options opts;
  micic_r_progress pr;
  micic_progress_cb cb;
  micic_report *r = NULL;
  micic_error e;
  SEXP guard;
  int rc;
  if (!c) return micic_r_usage("not a live micic corpus");
  micic_validate_options_init(&opts);
  opts.strict = (int)micic_r_long(strict, opts.strict);
  opts.max_diagnostics = (size_t)micic_r_long(max_diagnostics, (long)opts.max_diagnostics);
  opts.min_description = (size_t)micic_r_long(min_description, (long)opts.min_description);
  opts.max_field_chars = (size_t)micic_r_long(max_field_chars, (long)opts.max_field_chars);
  opts.duplicate_threshold = micic_r_double(duplicate_threshold, opts.duplicate_threshold);
  micic_error_clear(&e);
  guard = Rf_protect(micic_r_guard(SWIGTYPE_p_micic_report, micic_r_finalize_micic_report,
                                   R_NilValue));
  cb = micic_r_progress_fn(&pr, progress);
  rc = micic_validate_with_progress(c, &opts, cb, &pr, &r, &e);
  micic_r_progress_note(&pr, rc, &e);
  if (rc == MICIC_OK) {
    micic_report *all = micic_report_new();
    if (!all || micic_report_extend(all, micic_corpus_read_report(c)) != MICIC_OK ||
        micic_report_extend(all, r) != MICIC_OK) {
      micic_report_free(all);
      all = NULL;
      rc = MICIC_ENOMEM;
      micic_error_clear(&e);
      e.code = rc;
    }
    micic_report_free(r);
    r = all;
  }
  if (rc != MICIC_OK) {
    micic_report_free(r);
    Rf_unprotect(1);
    return micic_r_fail(rc, &e);
  }
  micic_r_hold(guard, r);
  Rf_unprotect(1);
  return guard;
}

/** Build the search index of a corpus: an external pointer that owns the
    index and keeps the corpus alive. */
SEXP micic_r_index_new(SEXP corpus, SEXP progress) {
  const micic_corpus *c = (const micic_corpus *)micic_r_ptr(corpus, SWIGTYPE_p_micic_corpus);
  micic_index *ix = NULL;
  micic_r_progress pr;
  micic_progress_cb cb;
  micic_error e;
  SEXP guard;
  int rc;
  if (!c) return micic_r_usage("not a live micic corpus");
  micic_error_clear(&e);
  guard = Rf_protect(micic_r_guard(SWIGTYPE_p_micic_index, micic_r_finalize_micic_index, corpus));
  cb = micic_r_progress_fn(&pr, progress);
  rc = micic_index_build_with_progress(c, cb, &pr, &ix, &e);
  micic_r_progress_note(&pr, rc, &e);
  if (rc != MICIC_OK) {
    micic_index_free(ix);
    Rf_unprotect(1);
    return micic_r_fail(rc, &e);
  }
  micic_r_hold(guard, ix);
  Rf_unprotect(1);
  return guard;
}

/** Ranked search; limit 0 = all. */
SEXP micic_r_search(SEXP index, SEXP query, SEXP limit, SEXP k1, SEXP b, SEXP snippet_chars) {
  const micic_index *ix = (const micic_index *)micic_r_ptr(index, SWIGTYPE_p_micic_index);
  micic_search_options opts;
  micic_results *res = NULL;
  micic_error e;
  const char *q = micic_r_text(query);
  SEXP out, guard;
  int rc;
  if (!ix) return micic_r_usage("not a live micic index");
  if (!q) return micic_r_usage("query must be a string");
  micic_search_options_init(&opts);
  opts.limit = (size_t)micic_r_long(limit, (long)opts.limit);
  opts.k1 = micic_r_double(k1, opts.k1);
  opts.b = micic_r_double(b, opts.b);
  opts.snippet_chars = (size_t)micic_r_long(snippet_chars, (long)opts.snippet_chars);
  micic_error_clear(&e);
  guard = Rf_protect(micic_r_guard(SWIGTYPE_p_micic_results, micic_r_finalize_micic_results,
                                   R_NilValue));
  rc = micic_search(ix, q, &opts, &res, &e);
  if (rc != MICIC_OK) {
    micic_results_free(res);
    Rf_unprotect(1);
    return micic_r_fail(rc, &e);
  }
  micic_r_hold(guard, res);
  out = Rf_protect(micic_r_results_columns(res));
  micic_r_finalize_micic_results(guard);   /* free now: everything is copied */
  Rf_unprotect(2);
  return out;
}

/** Records most similar to record `record` (1-based) or to `text`. */
SEXP micic_r_similar(SEXP index, SEXP record, SEXP text, SEXP k) {
  const micic_index *ix = (const micic_index *)micic_r_ptr(index, SWIGTYPE_p_micic_index);
  micic_results *res = NULL;
  micic_error e;
  const char *t = micic_r_text(text);
  long rec = micic_r_long(record, 0), kk = micic_r_long(k, 5);
  SEXP out, guard;
  int rc;
  if (!ix) return micic_r_usage("not a live micic index");
  if (kk < 0) return micic_r_usage("k must be >= 0");
  if (!t && rec < 1) return micic_r_usage("record must be a 1-based record number");
  micic_error_clear(&e);
  guard = Rf_protect(micic_r_guard(SWIGTYPE_p_micic_results, micic_r_finalize_micic_results,
                                   R_NilValue));
  if (t)
    rc = micic_similar_text(ix, t, (size_t)kk, &res, &e);
  else
    rc = micic_similar(ix, (size_t)(rec - 1), (size_t)kk, &res, &e);
  if (rc != MICIC_OK) {
    micic_results_free(res);
    Rf_unprotect(1);
    return micic_r_fail(rc, &e);
  }
  micic_r_hold(guard, res);
  out = Rf_protect(micic_r_results_columns(res));
  micic_r_finalize_micic_results(guard);
  Rf_unprotect(2);
  return out;
}

/** A guideline suggester trained on the catalogue (+ `training`, a corpus
    external pointer, or NULL); an external pointer that owns it. */
SEXP micic_r_suggester_new(SEXP training) {
  const micic_corpus *c = NULL;
  micic_suggester *s = NULL;
  micic_error e;
  SEXP guard;
  int rc;
  if (training != R_NilValue) {
    c = (const micic_corpus *)micic_r_ptr(training, SWIGTYPE_p_micic_corpus);
    if (!c) return micic_r_usage("training must be a live micic corpus");
  }
  micic_error_clear(&e);
  guard = Rf_protect(micic_r_guard(SWIGTYPE_p_micic_suggester, micic_r_finalize_micic_suggester,
                                   R_NilValue));
  rc = micic_suggester_new(c, NULL, &s, &e);
  if (rc != MICIC_OK) {
    micic_suggester_free(s);
    Rf_unprotect(1);
    return micic_r_fail(rc, &e);
  }
  micic_r_hold(guard, s);
  Rf_unprotect(1);
  return guard;
}

/** Suggest guidelines for each text of a character vector (corpus NULL) or
    for each record of a corpus: columns input, rank, guideline, score, terms,
    confidence, chosen. */
SEXP micic_r_suggest(SEXP suggester, SEXP texts, SEXP corpus, SEXP k) {
  static const char *const names[] = {"input", "rank", "guideline", "score", "terms",
                                      "confidence", "chosen"};
  const micic_suggester *s =
      (const micic_suggester *)micic_r_ptr(suggester, SWIGTYPE_p_micic_suggester);
  const micic_corpus *c = NULL;
  long kk = micic_r_long(k, 3);
  R_xlen_t ninputs, i, at = 0, cap;
  SEXP out, inp, rank, gl, score, terms, conf, chosen, guards;
  if (!s) return micic_r_usage("not a live micic suggester");
  if (kk < 0 || kk > 15) return micic_r_usage("k must be between 0 and 15");
  if (corpus != R_NilValue) {
    c = (const micic_corpus *)micic_r_ptr(corpus, SWIGTYPE_p_micic_corpus);
    if (!c) return micic_r_usage("not a live micic corpus");
    ninputs = (R_xlen_t)micic_corpus_size(c);
  } else {
    if (TYPEOF(texts) != STRSXP) return micic_r_usage("text must be a character vector");
    ninputs = XLENGTH(texts);
  }
  /* rank every input first; each ranking is owned by a guard (freed by its
     finalizer if an R allocation fails, else freed below) */
  guards = Rf_protect(Rf_allocVector(VECSXP, ninputs));
  cap = 0;
  for (i = 0; i < ninputs; i++) {
    micic_suggestions *r = NULL;
    micic_error e;
    int rc;
    SEXP guard;
    if (!c && STRING_ELT(texts, i) == NA_STRING) continue;
    guard = micic_r_guard(SWIGTYPE_p_micic_suggestions, micic_r_finalize_micic_suggestions,
                          R_NilValue);
    SET_VECTOR_ELT(guards, i, guard);
    micic_error_clear(&e);
    if (c)
      rc = micic_suggest_practice(s, micic_corpus_get(c, (size_t)i), (size_t)kk, &r, &e);
    else
      rc = micic_suggest(s, Rf_translateCharUTF8(STRING_ELT(texts, i)), (size_t)kk, &r, &e);
    if (rc != MICIC_OK) {
      R_xlen_t j;
      micic_suggestions_free(r);
      for (j = 0; j < i; j++)
        if (VECTOR_ELT(guards, j) != R_NilValue)
          micic_r_finalize_micic_suggestions(VECTOR_ELT(guards, j));
      Rf_unprotect(1);
      return micic_r_fail(rc, &e);
    }
    micic_r_hold(guard, r);
    cap += (R_xlen_t)micic_suggestions_size(r);
  }
  out = Rf_protect(micic_r_list(7, names));
  inp = Rf_protect(Rf_allocVector(INTSXP, cap));
  rank = Rf_protect(Rf_allocVector(INTSXP, cap));
  gl = Rf_protect(Rf_allocVector(INTSXP, cap));
  score = Rf_protect(Rf_allocVector(REALSXP, cap));
  terms = Rf_protect(Rf_allocVector(VECSXP, cap));
  conf = Rf_protect(Rf_allocVector(REALSXP, cap));
  chosen = Rf_protect(Rf_allocVector(LGLSXP, cap));
  for (i = 0; i < ninputs; i++) {
    SEXP guard = VECTOR_ELT(guards, i);
    if (guard == R_NilValue) continue;
    micic_r_suggestions_append((const micic_suggestions *)R_ExternalPtrAddr(guard), (int)i + 1,
                               inp, rank, gl, score, conf, chosen, terms, &at);
    micic_r_finalize_micic_suggestions(guard);
  }
  SET_VECTOR_ELT(out, 0, inp);
  SET_VECTOR_ELT(out, 1, rank);
  SET_VECTOR_ELT(out, 2, gl);
  SET_VECTOR_ELT(out, 3, score);
  SET_VECTOR_ELT(out, 4, terms);
  SET_VECTOR_ELT(out, 5, conf);
  SET_VECTOR_ELT(out, 6, chosen);
  Rf_unprotect(9);
  return out;
}

/** Field number of a field name or label, or a micic_cerror. */
SEXP micic_r_field_number(SEXP name) {
  const char *s = micic_r_text(name);
  micic_field f;
  micic_error e;
  if (!s) return micic_r_usage("field must be a string");
  if (micic_field_from_name(s, &f) != MICIC_OK) {
    micic_error_clear(&e);
    e.code = MICIC_ENOTFOUND;
    snprintf(e.text, sizeof e.text, "unknown field '%.150s'", s);
    return micic_r_fail(MICIC_ENOTFOUND, &e);
  }
  return Rf_ScalarInteger((int)f);
}

/** Field named exactly (micic_field_lookup: machine name or label); a
    micic_cerror with "did you mean" otherwise. 0-based field number. */
SEXP micic_r_field_lookup(SEXP name) {
  const char *s = micic_r_text(name);
  micic_field f;
  micic_error e;
  if (!s) return micic_r_usage("field must be a string");
  micic_error_clear(&e);
  if (micic_field_lookup(s, &f, &e) != MICIC_OK) return micic_r_fail(MICIC_ENOTFOUND, &e);
  return Rf_ScalarInteger((int)f);
}

/** Levels of a field (micic_field_level): character vector, empty for
    fields without a vocabulary. */
SEXP micic_r_field_levels(SEXP field) {
  long f = micic_r_long(field, -1);
  size_t n, i;
  SEXP out;
  if (f < 0 || f >= MICIC_FIELD_COUNT) return micic_r_usage("no such field number");
  n = micic_field_level_count((micic_field)f);
  out = Rf_protect(Rf_allocVector(STRSXP, (R_xlen_t)n));
  for (i = 0; i < n; i++)
    SET_STRING_ELT(out, (R_xlen_t)i, micic_r_mkchar(micic_field_level((micic_field)f, i)));
  Rf_unprotect(1);
  return out;
}

/** Append copies of records of @p src (1-based indices, in that order) to
    @p dst: subsetting and c() of corpora. Ids stay unique (a repeated id
    gets a "-2" suffix, as micic_corpus_add does). NULL or a micic_cerror. */
SEXP micic_r_corpus_copy(SEXP dst, SEXP src, SEXP indices) {
  micic_corpus *d = (micic_corpus *)micic_r_ptr(dst, SWIGTYPE_p_micic_corpus);
  const micic_corpus *c = (const micic_corpus *)micic_r_ptr(src, SWIGTYPE_p_micic_corpus);
  micic_error e;
  R_xlen_t i, n;
  if (!d || !c) return micic_r_usage("not a live micic corpus");
  if (TYPEOF(indices) != INTSXP) return micic_r_usage("indices must be integers");
  n = XLENGTH(indices);
  micic_error_clear(&e);
  for (i = 0; i < n; i++) {
    int k = INTEGER(indices)[i];
    micic_practice *p;
    if (k == NA_INTEGER || k < 1 || (size_t)k > micic_corpus_size(c))
      return micic_r_usage("record index out of range");
    p = micic_practice_copy(micic_corpus_get(c, (size_t)k - 1));
    if (!p) return micic_r_fail(MICIC_ENOMEM, NULL);
    if (micic_corpus_add(d, p, &e) != MICIC_OK) return micic_r_fail(e.code, &e); /* steals p */
  }
  return R_NilValue;
}

/** Append one record per row of a table to @p corpus (micic_from_data_frame):
    @p fields holds the 0-based field of each column of @p columns; a column
    is a character vector (one cell per row: split with the CSV reader's
    rule, micic_practice_add_cell, NA = empty) or a list of character
    vectors (one value per element, NA skipped). @p extra_labels and
    @p extra_columns: other columns, kept verbatim as extras (NA and ""
    skipped). @p extras: NULL or a list of named character vectors (the
    "extra" column of as.data.frame). NULL or a micic_cerror. */
SEXP micic_r_corpus_add_rows(SEXP corpus, SEXP nrow, SEXP fields, SEXP columns,
                             SEXP extra_labels, SEXP extra_columns, SEXP extras) {
  micic_corpus *c = (micic_corpus *)micic_r_ptr(corpus, SWIGTYPE_p_micic_corpus);
  long n = micic_r_long(nrow, -1), r;
  R_xlen_t m, q, j, k;
  micic_error e;
  if (!c) return micic_r_usage("not a live micic corpus");
  if (n < 0 || TYPEOF(fields) != INTSXP || TYPEOF(columns) != VECSXP ||
      XLENGTH(fields) != XLENGTH(columns) || TYPEOF(extra_labels) != STRSXP ||
      TYPEOF(extra_columns) != VECSXP || XLENGTH(extra_labels) != XLENGTH(extra_columns) ||
      !(Rf_isNull(extras) || TYPEOF(extras) == VECSXP))
    return micic_r_usage("micic_r_corpus_add_rows: bad argument types");
  m = XLENGTH(columns);
  q = XLENGTH(extra_columns);
  for (j = 0; j < m; j++) {
    SEXP col = VECTOR_ELT(columns, j);
    int f = INTEGER(fields)[j];
    if (f == NA_INTEGER || f < 0 || f >= MICIC_FIELD_COUNT || XLENGTH(col) != n ||
        !(TYPEOF(col) == STRSXP || TYPEOF(col) == VECSXP))
      return micic_r_usage("micic_r_corpus_add_rows: a column is not character or list");
    if (TYPEOF(col) == VECSXP)
      for (k = 0; k < n; k++) {
        SEXP v = VECTOR_ELT(col, k);
        if (!Rf_isNull(v) && TYPEOF(v) != STRSXP)
          return micic_r_usage("micic_r_corpus_add_rows: list cells must be character");
      }
  }
  for (j = 0; j < q; j++)
    if (TYPEOF(VECTOR_ELT(extra_columns, j)) != STRSXP ||
        XLENGTH(VECTOR_ELT(extra_columns, j)) != n)
      return micic_r_usage("micic_r_corpus_add_rows: extra columns must be character");
  if (!Rf_isNull(extras)) {
    if (XLENGTH(extras) != n) return micic_r_usage("micic_r_corpus_add_rows: bad extra column");
    for (k = 0; k < n; k++) {
      SEXP v = VECTOR_ELT(extras, k);
      if (!Rf_isNull(v) && TYPEOF(v) != STRSXP)
        return micic_r_usage("micic_r_corpus_add_rows: extra cells must be named character");
    }
  }
  micic_error_clear(&e);
  for (r = 0; r < n; r++) {
    micic_practice *p = micic_practice_new();
    int rc = p ? MICIC_OK : MICIC_ENOMEM;
    for (j = 0; j < m && rc == MICIC_OK; j++) {
      SEXP col = VECTOR_ELT(columns, j);
      micic_field f = (micic_field)INTEGER(fields)[j];
      if (TYPEOF(col) == STRSXP) {
        SEXP cell = STRING_ELT(col, r);
        if (cell != NA_STRING) rc = micic_practice_add_cell(p, f, Rf_translateCharUTF8(cell), &e);
      } else {
        SEXP v = VECTOR_ELT(col, r);
        R_xlen_t i, nv = Rf_isNull(v) ? 0 : XLENGTH(v);
        for (i = 0; i < nv && rc == MICIC_OK; i++) {
          SEXP item = STRING_ELT(v, i);
          if (item == NA_STRING || !*CHAR(item)) continue;
          rc = micic_practice_add(p, f, Rf_translateCharUTF8(item), NULL, NULL, 0, 0, &e);
        }
      }
    }
    for (j = 0; j < q && rc == MICIC_OK; j++) {
      SEXP cell = STRING_ELT(VECTOR_ELT(extra_columns, j), r);
      if (cell == NA_STRING || !*CHAR(cell)) continue;
      rc = micic_practice_add_extra(p, Rf_translateCharUTF8(STRING_ELT(extra_labels, j)),
                                    Rf_translateCharUTF8(cell), &e);
    }
    if (!Rf_isNull(extras) && rc == MICIC_OK) {
      SEXP v = VECTOR_ELT(extras, r), nm = Rf_isNull(v) ? R_NilValue : Rf_getAttrib(v, R_NamesSymbol);
      R_xlen_t i, nv = Rf_isNull(v) ? 0 : XLENGTH(v);
      for (i = 0; i < nv && rc == MICIC_OK; i++) {
        SEXP label = Rf_isNull(nm) ? NA_STRING : STRING_ELT(nm, i);
        if (STRING_ELT(v, i) == NA_STRING) continue;
        rc = micic_practice_add_extra(p, label == NA_STRING ? "" : Rf_translateCharUTF8(label),
                                      Rf_translateCharUTF8(STRING_ELT(v, i)), &e);
      }
    }
    if (rc != MICIC_OK) {
      micic_practice_free(p);
      return micic_r_fail(rc, &e);
    }
    if (micic_corpus_add(c, p, &e) != MICIC_OK) return micic_r_fail(e.code, &e); /* steals p */
  }
  return R_NilValue;
}

/** Uncovered guideline x stakeholder type x phase cells: list(guideline,
    stakeholder_type, phase, cells). */
SEXP micic_r_gaps(SEXP corpus, SEXP own_phase_only) {
  static const char *const names[] = {"guideline", "stakeholder_type", "phase", "cells"};
  const micic_corpus *c = (const micic_corpus *)micic_r_ptr(corpus, SWIGTYPE_p_micic_corpus);
  micic_gaps *g = NULL;
  micic_error e;
  size_t n, i;
  SEXP out, gl, st, ph, guard;
  int rc;
  if (!c) return micic_r_usage("not a live micic corpus");
  micic_error_clear(&e);
  guard = Rf_protect(micic_r_guard(SWIGTYPE_p_micic_gaps, micic_r_finalize_micic_gaps, R_NilValue));
  rc = micic_gaps_new(c, (int)micic_r_long(own_phase_only, 1), &g, &e);
  if (rc != MICIC_OK) {
    micic_gaps_free(g);
    Rf_unprotect(1);
    return micic_r_fail(rc, &e);
  }
  micic_r_hold(guard, g);
  n = micic_gaps_size(g);
  out = Rf_protect(micic_r_list(4, names));
  gl = Rf_protect(Rf_allocVector(INTSXP, (R_xlen_t)n));
  st = Rf_protect(Rf_allocVector(STRSXP, (R_xlen_t)n));
  ph = Rf_protect(Rf_allocVector(STRSXP, (R_xlen_t)n));
  for (i = 0; i < n; i++) {
    INTEGER(gl)[i] = micic_gaps_guideline(g, i);
    SET_STRING_ELT(st, (R_xlen_t)i, micic_r_mkchar(micic_gaps_stakeholder_type(g, i)));
    SET_STRING_ELT(ph, (R_xlen_t)i, micic_r_mkchar(micic_gaps_phase(g, i)));
  }
  SET_VECTOR_ELT(out, 0, gl);
  SET_VECTOR_ELT(out, 1, st);
  SET_VECTOR_ELT(out, 2, ph);
  SET_VECTOR_ELT(out, 3, Rf_ScalarInteger((int)micic_gaps_cells(g)));
  micic_r_finalize_micic_gaps(guard);
  Rf_unprotect(5);
  return out;
}

/** Canonical labels of a vocabulary named by machine name or label. */
SEXP micic_r_vocab(SEXP name) {
  const char *s = micic_r_text(name);
  micic_vocab v;
  micic_error e;
  size_t n, i;
  SEXP out;
  if (!s) return micic_r_usage("vocabulary name must be a string");
  micic_error_clear(&e);
  if (micic_vocab_lookup_name(s, &v, &e) != MICIC_OK) return micic_r_fail(MICIC_ENOTFOUND, &e);
  n = micic_vocab_size(v);
  out = Rf_protect(Rf_allocVector(STRSXP, (R_xlen_t)n));
  for (i = 0; i < n; i++) SET_STRING_ELT(out, (R_xlen_t)i, micic_r_mkchar(micic_vocab_label(v, i)));
  Rf_setAttrib(out, Rf_install("closed"), Rf_ScalarLogical(micic_vocab_is_closed(v)));
  Rf_unprotect(1);
  return out;
}

/** The fields: list(name, label, single, vocab (machine name or NA)). */
SEXP micic_r_fields(void) {
  static const char *const names[] = {"name", "label", "single", "vocab"};
  SEXP out = Rf_protect(micic_r_list(4, names));
  SEXP nm = Rf_protect(Rf_allocVector(STRSXP, MICIC_FIELD_COUNT));
  SEXP lb = Rf_protect(Rf_allocVector(STRSXP, MICIC_FIELD_COUNT));
  SEXP sg = Rf_protect(Rf_allocVector(LGLSXP, MICIC_FIELD_COUNT));
  SEXP vc = Rf_protect(Rf_allocVector(STRSXP, MICIC_FIELD_COUNT));
  int f;
  for (f = 0; f < MICIC_FIELD_COUNT; f++) {
    int v = 0;
    SET_STRING_ELT(nm, f, micic_r_mkchar(micic_field_name((micic_field)f)));
    SET_STRING_ELT(lb, f, micic_r_mkchar(micic_field_label((micic_field)f)));
    LOGICAL(sg)[f] = micic_field_is_single((micic_field)f) ? 1 : 0;
    SET_STRING_ELT(vc, f, micic_field_vocab((micic_field)f, &v)
                              ? micic_r_mkchar(micic_vocab_name((micic_vocab)v))
                              : NA_STRING);
  }
  SET_VECTOR_ELT(out, 0, nm);
  SET_VECTOR_ELT(out, 1, lb);
  SET_VECTOR_ELT(out, 2, sg);
  SET_VECTOR_ELT(out, 3, vc);
  Rf_unprotect(5);
  return out;
}

/** The 15 Guidelines: list(number, title, theme, phase). */
SEXP micic_r_guidelines(void) {
  static const char *const names[] = {"number", "title", "theme", "phase", "description"};
  R_xlen_t n = (R_xlen_t)micic_guideline_count(), i;
  SEXP out = Rf_protect(micic_r_list(5, names));
  SEXP num = Rf_protect(Rf_allocVector(INTSXP, n));
  SEXP ti = Rf_protect(Rf_allocVector(STRSXP, n));
  SEXP th = Rf_protect(Rf_allocVector(STRSXP, n));
  SEXP ph = Rf_protect(Rf_allocVector(STRSXP, n));
  SEXP de = Rf_protect(Rf_allocVector(STRSXP, n));
  for (i = 0; i < n; i++) {
    const micic_guideline *g = micic_guideline_get((int)i + 1);
    INTEGER(num)[i] = micic_guideline_number(g);
    SET_STRING_ELT(ti, i, micic_r_mkchar(micic_guideline_title(g)));
    SET_STRING_ELT(th, i, micic_r_mkchar(micic_guideline_theme(g)));
    SET_STRING_ELT(ph, i, micic_r_mkchar(micic_phase_label(micic_guideline_phase(g))));
    SET_STRING_ELT(de, i, micic_r_mkchar(micic_guideline_description(g)));
  }
  SET_VECTOR_ELT(out, 0, num);
  SET_VECTOR_ELT(out, 1, ti);
  SET_VECTOR_ELT(out, 2, th);
  SET_VECTOR_ELT(out, 3, ph);
  SET_VECTOR_ELT(out, 4, de);
  Rf_unprotect(6);
  return out;
}
%}
