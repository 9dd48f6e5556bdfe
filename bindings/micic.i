/*
 * micic.i — the ONE SWIG interface of libmicic, shared by the Python and R
 * bindings (SWIG 4.1).
 *
 * Layout (keep it):
 *   1. %module and the C prologue (language-neutral)
 *   2. language blocks: #if defined(SWIGPYTHON) here; R's parts live in
 *      bindings/micic_r.i, included under #if defined(SWIGR) at the marked
 *      point, BEFORE the shared typemaps' users, so it can define
 *      MICIC_SWIG_RAISE and its own argout typemaps
 *   3. the shared core: error struct -> exception, handle classes with
 *      destructors, ownership (%newobject), array out-parameters (in/freearg
 *      shared, argout per language), glue functions, then the headers.
 *
 * What the target language sees (raw layer; Python hides it in micic._core,
 * the public API is the micic package):
 *   - handle classes micic_corpus, micic_practice, micic_report, micic_index,
 *     micic_results, micic_suggester, micic_suggestions, micic_crosstab,
 *     micic_gaps, micic_query, micic_groups: opaque, freed by their C
 *     destructor when the proxy that owns them goes away;
 *   - every getter of the headers under its C name (micic_practice_id, ...);
 *   - glue functions micic_swig_* (below) where the C call has out-parameters
 *     or an options struct: they return the new object / string directly.
 *   - any C failure (a micic_error filled by the call) raises: in Python a
 *     micic.MicicError subclass with code/source/line/column/position; in R
 *     whatever micic_r.i's MICIC_SWIG_RAISE does (default: SWIG_exception
 *     with "source:line:column: text").
 *
 * Thread safety of the wrapper: the error of a call lives in a LOCAL
 * variable of that wrapper function (see the micic_error typemap), never in
 * a global, so calls that release the GIL can run at the same time.
 */

#if defined(SWIGPYTHON)
/* Python: the SWIG proxy is the private module micic._core; the C extension
   is micic._micic (CMake passes -interface _micic). */
%module(package="micic", threads="1") _core
#else
/* R (and any other language): module = shared object = package name. */
%module micic
#endif

%{
#include <stdlib.h>
#include <string.h>
#include "micic/micic.h"
#include "micic/columns.h"
#include "micic/fields.h"

/* The error of the current wrapper call. File scope: a NULL constant, for
   the wrappers of functions without a micic_error argument. The
   micic_error typemap declares a LOCAL variable of the same name in the
   wrapper of every function that has one, which hides this constant, so
   the check in %exception sees that call's own error. No mutable global. */
static micic_error *const micic_swig_errp = NULL;

/* Portable SWIG error category of a micic status (for languages that only
   have SWIG's generic exceptions). */
SWIGUNUSED static int micic_swig_category(int code) {
  switch (code) {
    case MICIC_ENOMEM: return SWIG_MemoryError;
    case MICIC_EIO: return SWIG_IOError;
    case MICIC_EINVAL: case MICIC_EFORMAT: case MICIC_EUTF8: case MICIC_ELIMIT:
    case MICIC_EVERSION: return SWIG_ValueError;
    case MICIC_EPARSE: case MICIC_EQUERY: return SWIG_SyntaxError;
    case MICIC_ENOTFOUND: return SWIG_IndexError;
    default: return SWIG_RuntimeError;
  }
}

/* "source:line:column: text" (parts that are unknown are left out). */
SWIGUNUSED static void micic_swig_format_error(const micic_error *e, char *buf, size_t size) {
  int n = 0;
  buf[0] = '\0';
  if (e->source[0]) {
    if (e->line > 0 && e->column > 0)
      n = snprintf(buf, size, "%s:%d:%d: ", e->source, e->line, e->column);
    else if (e->line > 0)
      n = snprintf(buf, size, "%s:%d: ", e->source, e->line);
    else
      n = snprintf(buf, size, "%s: ", e->source);
  } else if (e->column > 0) {
    n = snprintf(buf, size, "column %d: ", e->column);
  }
  if (n < 0 || (size_t)n >= size) n = 0;
  snprintf(buf + n, size - (size_t)n, "%s", e->text[0] ? e->text : micic_strerror(e->code));
}

/* Glue: return the corpus read into, or free it on failure (the error is raised). */
static micic_corpus *micic_swig_read_done(micic_corpus *c, int rc) {
  if (rc != MICIC_OK) { micic_corpus_free(c); return NULL; }
  return c;
}

/* Fill an error from glue code (the library's own helper is internal). */
static void micic_swig_set_error(micic_error *err, int code, const char *text) {
  if (!err) return;
  micic_error_clear(err);
  err->code = code;
  snprintf(err->text, sizeof err->text, "%s", text ? text : micic_strerror(code));
}
%}

/* ======================================================================== */
/* 2. Language blocks                                                        */
/* ======================================================================== */

#if defined(SWIGPYTHON)
%{
/* Decode C text (UTF-8 from libmicic; surrogateescape keeps any stray byte
   of a file name round-trippable). New reference or NULL with an exception. */
static PyObject *micic_swig_py_str(const char *s) {
  if (!s) { Py_INCREF(Py_None); return Py_None; }
  return PyUnicode_DecodeUTF8(s, (Py_ssize_t)strlen(s), "surrogateescape");
}

/* Raise the micic.MicicError subclass for *e: micic._errors._from_c builds
   the exception object (class chosen by code). Called with the GIL held. */
static void micic_swig_py_raise(const micic_error *e) {
  PyObject *mod, *exc = NULL;
  mod = PyImport_ImportModule("micic._errors");
  if (mod) {
    exc = PyObject_CallMethod(mod, "_from_c", "iNiiLN", e->code, micic_swig_py_str(e->text),
                              e->line, e->column, (long long)e->position,
                              micic_swig_py_str(e->source));
    Py_DECREF(mod);
  }
  if (exc) {
    PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
    Py_DECREF(exc);
  } else if (!PyErr_Occurred()) {
    PyErr_SetString(PyExc_RuntimeError, e->text);
  }
}
#define MICIC_SWIG_RAISE(e) do { micic_swig_py_raise(e); SWIG_fail; } while (0)
%}

/* ---- progress callbacks: a Python callable progress(done, total) ------- */
%{
/* The payload of one wrapper call's progress callback. The glue functions
   that take a callback run with the GIL released: the trampoline takes it
   back (PyGILState_Ensure) to call the Python callable. An exception raised
   by the callable (KeyboardInterrupt...) is saved here with PyErr_Fetch and
   stops the C call (non-zero return: MICIC_ECANCELLED); the wrapper then
   restores it unchanged instead of raising CancelledError. */
typedef struct micic_swig_py_progress {
  PyObject *callable;                       /* borrowed: the argument tuple holds it */
  PyObject *exc_type, *exc_value, *exc_tb;  /* saved exception (owned), or NULL */
} micic_swig_py_progress;

/* File scope NULL, hidden by the wrapper-local pointer of the same name in
   the wrappers that take a progress argument (as micic_swig_errp). */
static micic_swig_py_progress *const micic_swig_progressp = NULL;

/* micic_progress_cb calling progress(done, total): returning True (the
   object True, not any truthy value) cancels; anything else goes on. */
static int micic_swig_py_progress_cb(size_t done, size_t total, void *payload) {
  micic_swig_py_progress *p = (micic_swig_py_progress *)payload;
  PyGILState_STATE gil = PyGILState_Ensure();
  PyObject *r;
  int stop = 1;
  if (!p->exc_type) {  /* never called again after an exception */
    r = PyObject_CallFunction(p->callable, "nn", (Py_ssize_t)done, (Py_ssize_t)total);
    if (r) {
      stop = r == Py_True;
      Py_DECREF(r);
    } else {
      PyErr_Fetch(&p->exc_type, &p->exc_value, &p->exc_tb);
      if (!p->exc_type) {  /* NULL without an exception: should not happen */
        p->exc_type = PyExc_SystemError;
        Py_INCREF(p->exc_type);
      }
    }
  }
  PyGILState_Release(gil);
  return stop;
}

/* After the C call (in %exception, GIL held): re-raise a saved exception. */
#define MICIC_SWIG_PROGRESS_CHECK() do {                                    \
    if (micic_swig_progressp && micic_swig_progressp->exc_type) {           \
      PyErr_Restore(micic_swig_progressp->exc_type, micic_swig_progressp->exc_value, \
                    micic_swig_progressp->exc_tb);                          \
      micic_swig_progressp->exc_type = NULL;                                \
      micic_swig_progressp->exc_value = NULL;                               \
      micic_swig_progressp->exc_tb = NULL;                                  \
      SWIG_fail;                                                            \
    }                                                                       \
  } while (0)
%}

/* (micic_progress_cb progress, void *payload): one argument, None or a
   callable. arginit + noblock: the payload and the pointer that hides the
   file-scope NULL are wrapper-scope locals, initialized before any
   conversion can fail, so %exception and freearg always see them. */
%typemap(arginit, noblock=1) (micic_progress_cb progress, void *payload) {
  micic_swig_py_progress micic_swig_progress_local = {NULL, NULL, NULL, NULL};
  micic_swig_py_progress *micic_swig_progressp = &micic_swig_progress_local;
}
%typemap(in) (micic_progress_cb progress, void *payload) {
  if ($input == Py_None) {
    $1 = NULL;
    $2 = NULL;
  } else if (PyCallable_Check($input)) {
    micic_swig_progressp->callable = $input;
    $1 = micic_swig_py_progress_cb;
    $2 = micic_swig_progressp;
  } else {
    SWIG_exception_fail(SWIG_TypeError, "progress must be None or a callable progress(done, total)");
  }
}
/* A saved exception not re-raised (cannot happen once the call ran; kept
   for safety): drop it, no leak. */
%typemap(freearg) (micic_progress_cb progress, void *payload) {
  Py_XDECREF(micic_swig_progressp->exc_type);
  Py_XDECREF(micic_swig_progressp->exc_value);
  Py_XDECREF(micic_swig_progressp->exc_tb);
  micic_swig_progressp->exc_type = micic_swig_progressp->exc_value = micic_swig_progressp->exc_tb = NULL;
}

/* Input text: str (UTF-8 encoded) or bytes (passed as they are, so invalid
   UTF-8 reaches the reader and becomes a diagnostic). The object stays
   referenced by the argument tuple while the GIL is released. */
%typemap(in) (const char *data, size_t len) {
  if (PyUnicode_Check($input)) {
    Py_ssize_t n = 0;
    const char *s = PyUnicode_AsUTF8AndSize($input, &n);
    if (!s) SWIG_fail;
    $1 = (char *)s;
    $2 = (size_t)n;
  } else if (PyBytes_Check($input)) {
    $1 = PyBytes_AS_STRING($input);
    $2 = (size_t)PyBytes_GET_SIZE($input);
  } else {
    SWIG_exception_fail(SWIG_TypeError, "expected str or bytes");
  }
}
%typemap(typecheck, precedence=SWIG_TYPECHECK_STRING) (const char *data, size_t len) {
  $1 = PyUnicode_Check($input) || PyBytes_Check($input);
}

/* Array out-parameters -> Python lists (the int status is dropped: a
   failure has raised already). */
%typemap(argout) (const char ***values_out, size_t *n_out) {
  size_t i;
  PyObject *list = PyList_New((Py_ssize_t)*$2);
  if (!list) SWIG_fail;
  for (i = 0; i < *$2; i++) {
    PyObject *s = micic_swig_py_str((*$1)[i]);
    if (!s) { Py_DECREF(list); SWIG_fail; }
    PyList_SET_ITEM(list, (Py_ssize_t)i, s);
  }
  Py_XDECREF($result);
  $result = list;
}
%typemap(argout) (size_t **counts_out, size_t *n_out) {
  size_t i;
  PyObject *list = PyList_New((Py_ssize_t)*$2);
  if (!list) SWIG_fail;
  for (i = 0; i < *$2; i++) {
    PyObject *v = PyLong_FromSize_t((*$1)[i]);
    if (!v) { Py_DECREF(list); SWIG_fail; }
    PyList_SET_ITEM(list, (Py_ssize_t)i, v);
  }
  Py_XDECREF($result);
  $result = list;
}
%typemap(argout) (long **numbers_out, size_t *n_out) {
  size_t i;
  PyObject *list = PyList_New((Py_ssize_t)*$2);
  if (!list) SWIG_fail;
  for (i = 0; i < *$2; i++) {
    PyObject *v = PyLong_FromLong((*$1)[i]);
    if (!v) { Py_DECREF(list); SWIG_fail; }
    PyList_SET_ITEM(list, (Py_ssize_t)i, v);
  }
  Py_XDECREF($result);
  $result = list;
}
#endif /* SWIGPYTHON */

#if defined(SWIGR)
/* R-specific parts (MICIC_SWIG_RAISE, argout typemaps for the array
   out-parameters, finalizers, runtime fixes): owned by the R binding. */
%include "micic_r.i"
#endif

/* ======================================================================== */
/* 3. Shared core                                                            */
/* ======================================================================== */

%{
#ifndef MICIC_SWIG_PROGRESS_CHECK
/* Languages whose glue calls get no progress callback (below): nothing to do. */
#define MICIC_SWIG_PROGRESS_CHECK() do { } while (0)
#endif
#ifndef MICIC_SWIG_RAISE
/* Default for languages without their own: SWIG's portable exception. */
#define MICIC_SWIG_RAISE(e) do {                                         \
    char micic_swig_msg[MICIC_ERROR_SOURCE_LENGTH + MICIC_ERROR_TEXT_LENGTH + 40]; \
    micic_swig_format_error((e), micic_swig_msg, sizeof micic_swig_msg); \
    SWIG_exception_fail(micic_swig_category((e)->code), micic_swig_msg); \
  } while (0)
#endif
%}

#if !defined(SWIGPYTHON)
/* Input text as (pointer, length) for languages without their own typemap. */
%apply (char *STRING, size_t LENGTH) { (const char *data, size_t len) };
/* Progress callbacks of the glue calls: Python only. Hidden, no callback
   (R passes its progress functions through its own entry points,
   micic_r.i). */
%typemap(in, numinputs=0) (micic_progress_cb progress, void *payload) {
  $1 = NULL;
  $2 = NULL;
}
#endif

/* ---- micic_error *err: hidden argument, per-call local, raises ---------- */
/* noblock=1: no braces, so the two locals live in the wrapper's scope and
   the %exception code below (after the call) sees them. */
%typemap(in, numinputs=0, noblock=1) micic_error *err {
  micic_error micic_swig_err_local;
  micic_error *micic_swig_errp = &micic_swig_err_local;
  micic_error_clear(micic_swig_errp);
  $1 = micic_swig_errp;
}

%exception {
  $action
  MICIC_SWIG_PROGRESS_CHECK();  /* an exception raised by a progress callback wins */
  if (micic_swig_errp && micic_swig_errp->code != MICIC_OK) {
    MICIC_SWIG_RAISE(micic_swig_errp);
  }
}

/* ---- array out-parameters (micic/columns.h): in + freearg shared -------- */
%typemap(in, numinputs=0) (const char ***values_out, size_t *n_out)
    (const char **micic_swig_vals = NULL, size_t micic_swig_n = 0) {
  $1 = ($1_ltype)&micic_swig_vals;
  $2 = &micic_swig_n;
}
%typemap(freearg) (const char ***values_out, size_t *n_out) {
  if ($1) micic_free((void *)*$1);
}
%typemap(in, numinputs=0) (size_t **counts_out, size_t *n_out)
    (size_t *micic_swig_counts = NULL, size_t micic_swig_n = 0) {
  $1 = &micic_swig_counts;
  $2 = &micic_swig_n;
}
%typemap(freearg) (size_t **counts_out, size_t *n_out) {
  if ($1) micic_free(*$1);
}
%typemap(in, numinputs=0) (long **numbers_out, size_t *n_out)
    (long *micic_swig_numbers = NULL, size_t micic_swig_n = 0) {
  $1 = &micic_swig_numbers;
  $2 = &micic_swig_n;
}
%typemap(freearg) (long **numbers_out, size_t *n_out) {
  if ($1) micic_free(*$1);
}

/* "did you mean" distances are not exposed: pass NULL. */
%typemap(in, numinputs=0) int *distance_out "$1 = NULL;"

/* Strings the library returns as "new" are freed with micic_free(). */
%typemap(newfree) char * "micic_free($1);";

/* ---- GIL: held by default; released only around the long calls that
   do not touch Python objects (parsing, writing, validation, indexing,
   search, suggestion, counting). Python-only feature; others ignore it. */
%feature("nothread");

/* ---- handle classes: opaque, with a destructor ------------------------- */
/* Declared as empty structs so SWIG makes a proxy class whose destructor
   frees the C object when the owning proxy dies (no "no destructor found"
   leak). Borrowed pointers (micic_corpus_get, micic_corpus_read_report...)
   get non-owning proxies. Every micic_X_free accepts NULL. */
%define MICIC_HANDLE(TYPE, FREE)
%nodefaultctor TYPE;
struct TYPE {};
%extend TYPE {
  ~TYPE() { FREE($self); }
}
%enddef

MICIC_HANDLE(micic_corpus, micic_corpus_free)
MICIC_HANDLE(micic_practice, micic_practice_free)
MICIC_HANDLE(micic_report, micic_report_free)
MICIC_HANDLE(micic_query, micic_query_free)
MICIC_HANDLE(micic_index, micic_index_free)
MICIC_HANDLE(micic_results, micic_results_free)
MICIC_HANDLE(micic_groups, micic_groups_free)
MICIC_HANDLE(micic_suggester, micic_suggester_free)
MICIC_HANDLE(micic_suggestions, micic_suggestions_free)
MICIC_HANDLE(micic_crosstab, micic_crosstab_free)
MICIC_HANDLE(micic_gaps, micic_gaps_free)

/* micic_location is returned by value: read-only fields. Its source string
   is borrowed from the practice: copy it while the practice is alive. */
%immutable micic_location::source;
%immutable micic_location::line;
%immutable micic_location::column;

/* ---- new objects: the proxy owns them ----------------------------------- */
%newobject micic_practice_new;
%newobject micic_practice_copy;
%newobject micic_query_to_string;
%newobject micic_swig_corpus_new;
%newobject micic_swig_report_new;
%newobject micic_swig_read_file;
%newobject micic_swig_read_buffer;
%newobject micic_swig_read_bundled;
%newobject micic_swig_write_buffer;
%newobject micic_swig_validate;
%newobject micic_swig_validate_practice;
%newobject micic_swig_normalize;
%newobject micic_swig_report_filter;
%newobject micic_swig_report_render;
%newobject micic_swig_query_parse;
%newobject micic_swig_index_build;
%newobject micic_swig_search;
%newobject micic_swig_similar;
%newobject micic_swig_similar_text;
%newobject micic_swig_duplicates;
%newobject micic_swig_suggester_new;
%newobject micic_swig_suggest;
%newobject micic_swig_suggest_practice;
%newobject micic_swig_crosstab;
%newobject micic_swig_crosstab_render;
%newobject micic_swig_gaps;
%newobject micic_swig_gaps_render;
%newobject micic_swig_fold;

/* ---- calls that release the GIL (see above) ----------------------------- */
%feature("nothread", "0") micic_swig_read_file;
%feature("nothread", "0") micic_swig_read_file_into;
%feature("nothread", "0") micic_swig_read_buffer;
%feature("nothread", "0") micic_swig_read_bundled;
%feature("nothread", "0") micic_swig_write_file;
%feature("nothread", "0") micic_swig_write_buffer;
%feature("nothread", "0") micic_swig_validate;
%feature("nothread", "0") micic_swig_validate_practice;
%feature("nothread", "0") micic_swig_index_build;
%feature("nothread", "0") micic_swig_search;
%feature("nothread", "0") micic_swig_similar;
%feature("nothread", "0") micic_swig_similar_text;
%feature("nothread", "0") micic_swig_duplicates;
%feature("nothread", "0") micic_swig_suggester_new;
%feature("nothread", "0") micic_swig_suggest;
%feature("nothread", "0") micic_swig_suggest_practice;
%feature("nothread", "0") micic_swig_crosstab;
%feature("nothread", "0") micic_swig_gaps;

/* ---- glue: out-parameters and option structs turned into plain calls ---- */
%inline %{
/** New empty corpus (raises MemoryError-like on failure). New: owned by the proxy. */
micic_corpus *micic_swig_corpus_new(micic_error *err) {
  micic_corpus *c = micic_corpus_new();
  if (!c) micic_swig_set_error(err, MICIC_ENOMEM, NULL);
  return c;
}

/** New empty report. New. */
micic_report *micic_swig_report_new(micic_error *err) {
  micic_report *r = micic_report_new();
  if (!r) micic_swig_set_error(err, MICIC_ENOMEM, NULL);
  return r;
}

/** micic_read_file() into a new corpus; @p format a micic_format (0 = detect);
    @p delimiter the CSV delimiter (0 = sniff);
    @p progress (may be NULL) gets (bytes read, file size) of each file. New. */
micic_corpus *micic_swig_read_file(const char *path, int format, int delimiter,
                                   micic_progress_cb progress, void *payload, micic_error *err) {
  micic_read_options o;
  micic_corpus *c = micic_corpus_new();
  if (!c) { micic_swig_set_error(err, MICIC_ENOMEM, NULL); return NULL; }
  micic_read_options_init(&o);
  o.format = (micic_format)format;
  o.delimiter = delimiter;
  o.progress = progress;
  o.progress_payload = payload;
  return micic_swig_read_done(c, micic_read_file(c, path, &o, err));
}

/** micic_read_buffer() into a new corpus; @p progress may be NULL. New. */
micic_corpus *micic_swig_read_buffer(const char *data, size_t len, const char *source_name,
                                     int format, int delimiter, micic_progress_cb progress,
                                     void *payload, micic_error *err) {
  micic_read_options o;
  micic_corpus *c = micic_corpus_new();
  if (!c) { micic_swig_set_error(err, MICIC_ENOMEM, NULL); return NULL; }
  micic_read_options_init(&o);
  o.format = (micic_format)format;
  o.delimiter = delimiter;
  o.progress = progress;
  o.progress_payload = payload;
  return micic_swig_read_done(c, micic_read_buffer(c, data, len, source_name, &o, err));
}

/** micic_read_bundled() into a new corpus; @p progress may be NULL. New. */
micic_corpus *micic_swig_read_bundled(micic_progress_cb progress, void *payload,
                                      micic_error *err) {
  micic_read_options o;
  micic_corpus *c = micic_corpus_new();
  if (!c) { micic_swig_set_error(err, MICIC_ENOMEM, NULL); return NULL; }
  micic_read_options_init(&o);
  o.progress = progress;
  o.progress_payload = payload;
  return micic_swig_read_done(c, micic_read_bundled(c, &o, err));
}

/** micic_format_from_name(); raises for an unknown name, naming it and the formats. */
int micic_swig_format_from_name(const char *name, micic_error *err) {
  micic_format f = MICIC_FORMAT_AUTO;
  if (micic_format_from_name(name, &f) != MICIC_OK) {
    char msg[MICIC_ERROR_TEXT_LENGTH];
    snprintf(msg, sizeof msg,
             "unknown format '%.100s'; formats: text, guidelines, csv, json, jsonl, long",
             name ? name : "");
    micic_swig_set_error(err, MICIC_EFORMAT, msg);
  }
  return (int)f;
}

/** micic_format_detect() of a text. */
int micic_swig_format_detect(const char *data, size_t len) {
  return (int)micic_format_detect(data, len);
}

/** micic_write_file() with pretty/with_originals options. */
int micic_swig_write_file(const micic_corpus *corpus, const char *path, int format, int pretty,
                          int with_originals, micic_error *err) {
  micic_write_options o = MICIC_WRITE_OPTIONS_INIT;
  o.pretty = pretty;
  o.with_originals = with_originals;
  return micic_write_file(corpus, path, (micic_format)format, &o, err);
}

/** micic_write_buffer(): the corpus as text. New string. */
char *micic_swig_write_buffer(const micic_corpus *corpus, int format, int pretty,
                              int with_originals, micic_error *err) {
  micic_write_options o = MICIC_WRITE_OPTIONS_INIT;
  char *out = NULL;
  o.pretty = pretty;
  o.with_originals = with_originals;
  if (micic_write_buffer(corpus, (micic_format)format, &o, &out, err) != MICIC_OK) return NULL;
  return out;
}

/** micic_corpus_add() of a COPY of @p p (the caller keeps p); returns the new record's index. */
long micic_swig_corpus_add_copy(micic_corpus *corpus, const micic_practice *p, micic_error *err) {
  micic_practice *copy;
  if (!corpus || !p) { micic_swig_set_error(err, MICIC_EINVAL, "no corpus or no practice"); return -1; }
  copy = micic_practice_copy(p);
  if (!copy) { micic_swig_set_error(err, MICIC_ENOMEM, NULL); return -1; }
  if (micic_corpus_add(corpus, copy, err) != MICIC_OK) return -1;  /* steals copy */
  return (long)micic_corpus_size(corpus) - 1;
}

/** micic_practice_location() by value; raises when i is out of range. */
micic_location micic_swig_practice_location(const micic_practice *p, int f, size_t i,
                                            micic_error *err) {
  micic_location loc = {"", 0, 0};
  if (micic_practice_location(p, (micic_field)f, i, &loc) != MICIC_OK)
    micic_swig_set_error(err, MICIC_ENOTFOUND, "no such value");
  return loc;
}

/** micic_field_from_name(); raises when the name is not a field. */
int micic_swig_field_from_name(const char *name, micic_error *err) {
  micic_field f = MICIC_FIELD_COUNT;
  if (micic_field_from_name(name, &f) != MICIC_OK) {
    char msg[MICIC_ERROR_TEXT_LENGTH];
    snprintf(msg, sizeof msg, "unknown field '%s'", name ? name : "");
    micic_swig_set_error(err, MICIC_ENOTFOUND, msg);
  }
  return (int)f;
}

/** micic_field_lookup() (micic/fields.h): exact name or label; raises
    MICIC_ENOTFOUND with "did you mean" and the field names. */
int micic_swig_field_lookup(const char *name, micic_error *err) {
  micic_field f = MICIC_FIELD_COUNT;
  micic_field_lookup(name, &f, err);
  return (int)f;
}

/** micic_read_file() into an existing corpus (several paths into one);
    @p progress may be NULL. */
int micic_swig_read_file_into(micic_corpus *corpus, const char *path, int format,
                              int delimiter, micic_progress_cb progress, void *payload,
                              micic_error *err) {
  micic_read_options o;
  micic_read_options_init(&o);
  o.format = (micic_format)format;
  o.delimiter = delimiter;
  o.progress = progress;
  o.progress_payload = payload;
  return micic_read_file(corpus, path, &o, err);
}

/** Vocabulary of a field (micic_vocab), or -1 when it has none. */
int micic_swig_field_vocab(int f) {
  int v = -1;
  return micic_field_vocab((micic_field)f, &v) ? v : -1;
}

/** micic_vocab_lookup_name() (micic/fields.h); raises when unknown. */
int micic_swig_vocab_from_name(const char *name, micic_error *err) {
  micic_vocab v = MICIC_VOCAB_COUNT;
  micic_vocab_lookup_name(name, &v, err);  /* "did you mean" and the names */
  return (int)v;
}

/** micic_severity_from_name(); raises when unknown. */
int micic_swig_severity_from_name(const char *name, micic_error *err) {
  micic_severity s = MICIC_SEVERITY_INFO;
  if (micic_severity_from_name(name, &s) != MICIC_OK)
    micic_swig_set_error(err, MICIC_EINVAL, "severity must be 'info', 'warning' or 'error'");
  return (int)s;
}

/** micic_validate_with_progress() with the default options (and @p strict);
    @p progress may be NULL. New report: the corpus's read report, then the
    validation diagnostics (one report, as `micic validate` prints it). */
micic_report *micic_swig_validate(const micic_corpus *corpus, int strict,
                                  micic_progress_cb progress, void *payload, micic_error *err) {
  micic_validate_options o;
  micic_report *r = NULL, *all;
  micic_validate_options_init(&o);
  o.strict = strict;
  if (micic_validate_with_progress(corpus, &o, progress, payload, &r, err) != MICIC_OK) {
    micic_report_free(r);
    return NULL;
  }
  all = micic_report_new();
  if (!all || micic_report_extend(all, micic_corpus_read_report(corpus)) != MICIC_OK ||
      micic_report_extend(all, r) != MICIC_OK) {
    micic_report_free(all);
    micic_report_free(r);
    micic_swig_set_error(err, MICIC_ENOMEM, NULL);
    return NULL;
  }
  micic_report_free(r);
  return all;
}

/** micic_validate_practice() of one record (index -1) into a new report. */
micic_report *micic_swig_validate_practice(const micic_practice *p, int strict, micic_error *err) {
  micic_validate_options o;
  micic_report *r = micic_report_new();
  if (!r) { micic_swig_set_error(err, MICIC_ENOMEM, NULL); return NULL; }
  micic_validate_options_init(&o);
  o.strict = strict;
  if (micic_validate_practice(p, -1, &o, r, err) != MICIC_OK) { micic_report_free(r); return NULL; }
  return r;
}

/** micic_normalize(): rewrites in place; returns the new report of the rewrites. */
micic_report *micic_swig_normalize(micic_corpus *corpus, micic_error *err) {
  micic_report *r = micic_report_new();
  if (!r) { micic_swig_set_error(err, MICIC_ENOMEM, NULL); return NULL; }
  if (micic_normalize(corpus, r, NULL, err) != MICIC_OK) { micic_report_free(r); return NULL; }
  return r;
}

/** micic_report_filter(). New report. */
micic_report *micic_swig_report_filter(const micic_report *r, int code, int min_severity,
                                       const char *field, micic_error *err) {
  micic_report *out = NULL;
  int rc = micic_report_filter(r, code, (micic_severity)min_severity, field, &out);
  if (rc != MICIC_OK) { micic_swig_set_error(err, rc, NULL); micic_report_free(out); return NULL; }
  return out;
}

/** micic_report_render() (micic_report_format). New string. */
char *micic_swig_report_render(const micic_report *r, int fmt, micic_error *err) {
  char *out = NULL;
  if (micic_report_render(r, (micic_report_format)fmt, &out, err) != MICIC_OK) return NULL;
  return out;
}

/** micic_report_add() that raises instead of returning a status. */
void micic_swig_report_add(micic_report *r, int code, int severity, long record_index,
                           const char *record_id, const char *field, const char *source,
                           int line, int column, const char *value, const char *message,
                           const char *suggestion, micic_error *err) {
  int rc = micic_report_add(r, code, (micic_severity)severity, record_index, record_id, field,
                            source, line, column, value, message, suggestion);
  if (rc != MICIC_OK) micic_swig_set_error(err, rc, "invalid diagnostic code or severity");
}

/** micic_query_parse(). New query. */
micic_query *micic_swig_query_parse(const char *text, micic_error *err) {
  micic_query *q = NULL;
  if (micic_query_parse(text, &q, err) != MICIC_OK) { micic_query_free(q); return NULL; }
  return q;
}

/** micic_index_build_with_progress(): the corpus must outlive the index;
    @p progress may be NULL. New index. */
micic_index *micic_swig_index_build(const micic_corpus *corpus, micic_progress_cb progress,
                                    void *payload, micic_error *err) {
  micic_index *ix = NULL;
  if (micic_index_build_with_progress(corpus, progress, payload, &ix, err) != MICIC_OK) {
    micic_index_free(ix);
    return NULL;
  }
  return ix;
}

/** micic_search() with @p limit results (0 = all) and @p snippet_chars. New results. */
micic_results *micic_swig_search(const micic_index *ix, const char *query, size_t limit,
                                 size_t snippet_chars, micic_error *err) {
  micic_search_options o;
  micic_results *res = NULL;
  micic_search_options_init(&o);
  o.limit = limit;
  o.snippet_chars = snippet_chars;
  if (micic_search(ix, query, &o, &res, err) != MICIC_OK) { micic_results_free(res); return NULL; }
  return res;
}

/** micic_similar(). New results. */
micic_results *micic_swig_similar(const micic_index *ix, size_t record, size_t k, micic_error *err) {
  micic_results *res = NULL;
  if (micic_similar(ix, record, k, &res, err) != MICIC_OK) { micic_results_free(res); return NULL; }
  return res;
}

/** micic_similar_text(). New results. */
micic_results *micic_swig_similar_text(const micic_index *ix, const char *text, size_t k,
                                       micic_error *err) {
  micic_results *res = NULL;
  if (micic_similar_text(ix, text, k, &res, err) != MICIC_OK) { micic_results_free(res); return NULL; }
  return res;
}

/** micic_duplicates(). New groups. */
micic_groups *micic_swig_duplicates(const micic_index *ix, double threshold, micic_error *err) {
  micic_groups *g = NULL;
  if (micic_duplicates(ix, threshold, &g, err) != MICIC_OK) { micic_groups_free(g); return NULL; }
  return g;
}

/** micic_suggester_new() (training may be NULL, exclude_id may be NULL). New suggester. */
micic_suggester *micic_swig_suggester_new(const micic_corpus *training, const char *exclude_id,
                                          micic_error *err) {
  micic_suggester *s = NULL;
  if (micic_suggester_new(training, exclude_id, &s, err) != MICIC_OK) { micic_suggester_free(s); return NULL; }
  return s;
}

/** micic_suggest() of a free text, at most k (0 = all 15). New suggestions. */
micic_suggestions *micic_swig_suggest(const micic_suggester *s, const char *text, size_t k,
                                      micic_error *err) {
  micic_suggestions *r = NULL;
  if (micic_suggest(s, text, k, &r, err) != MICIC_OK) { micic_suggestions_free(r); return NULL; }
  return r;
}

/** micic_suggest_practice(). New suggestions. */
micic_suggestions *micic_swig_suggest_practice(const micic_suggester *s, const micic_practice *p,
                                               size_t k, micic_error *err) {
  micic_suggestions *r = NULL;
  if (micic_suggest_practice(s, p, k, &r, err) != MICIC_OK) { micic_suggestions_free(r); return NULL; }
  return r;
}

/** micic_crosstab_new() with its options as arguments (filter may be NULL). New table. */
micic_crosstab *micic_swig_crosstab(const micic_corpus *corpus, int rows, int cols,
                                    int once_per_record, int include_missing, const char *filter,
                                    micic_error *err) {
  micic_crosstab_options o = MICIC_CROSSTAB_OPTIONS_INIT;
  micic_crosstab *t = NULL;
  o.once_per_record = once_per_record;
  o.include_missing = include_missing;
  o.filter = filter;
  if (micic_crosstab_new(corpus, (micic_field)rows, (micic_field)cols, &o, &t, err) != MICIC_OK) {
    micic_crosstab_free(t);
    return NULL;
  }
  return t;
}

/** micic_crosstab_render() (micic_table_format). New string. */
char *micic_swig_crosstab_render(const micic_crosstab *t, int fmt, micic_error *err) {
  char *out = NULL;
  if (micic_crosstab_render(t, (micic_table_format)fmt, &out, err) != MICIC_OK) return NULL;
  return out;
}

/** micic_gaps_new(). New gaps. */
micic_gaps *micic_swig_gaps(const micic_corpus *corpus, int own_phase_only, micic_error *err) {
  micic_gaps *g = NULL;
  if (micic_gaps_new(corpus, own_phase_only, &g, err) != MICIC_OK) { micic_gaps_free(g); return NULL; }
  return g;
}

/** micic_gaps_render(). New string. */
char *micic_swig_gaps_render(const micic_gaps *g, int fmt, micic_error *err) {
  char *out = NULL;
  if (micic_gaps_render(g, (micic_table_format)fmt, &out, err) != MICIC_OK) return NULL;
  return out;
}

/** micic_fold(). New string. */
char *micic_swig_fold(const char *text, micic_error *err) {
  char *out = NULL;
  int rc = micic_fold(text, &out);
  if (rc != MICIC_OK) {
    micic_swig_set_error(err, rc, rc == MICIC_EUTF8 ? "text is not valid UTF-8" : NULL);
    micic_free(out);
    return NULL;
  }
  return out;
}

/** MICIC_VERSION_NUMBER of the headers this wrapper was compiled with. */
int micic_swig_compiled_version_number(void) { return MICIC_VERSION_NUMBER; }
%}

#if defined(SWIGPYTHON)
/* ---- Python only: data-frame columns built in C (micic._frames) -------- */
%inline %{
/* The str of a C string, shared by equal pointers: a direct-mapped cache
   of (C string, str) pairs that holds one reference to each str. New
   reference, or NULL with an exception. */
typedef struct micic_swig_py_strcache {
  const char *key[1024];
  PyObject *val[1024];
} micic_swig_py_strcache;

static PyObject *micic_swig_py_shared_str(micic_swig_py_strcache *c, const char *s) {
  size_t slot = (size_t)((((uintptr_t)s >> 3) * 0x9E3779B97F4A7C15ULL) >> 54); /* 10 bits */
  if (c->key[slot] != s || !c->val[slot]) {
    PyObject *str = micic_swig_py_str(s);
    if (!str) return NULL;
    Py_XDECREF(c->val[slot]);
    c->key[slot] = s;
    c->val[slot] = str;
  }
  Py_INCREF(c->val[slot]);
  return c->val[slot];
}

/** Field @p f of every record as a Python list with one item per record:
    when @p single, the record's first value or None; otherwise a list of its
    values. Built here from micic_column_counts() and micic_column_values()
    so that no Python loop cuts the flat column (1M records: seconds saved
    per field). Values that are the same C string (the canonical vocabulary
    labels the records share) become the same str object. New reference. */
PyObject *micic_swig_py_column(const micic_corpus *corpus, int f, int single, micic_error *err) {
  micic_swig_py_strcache *cache = calloc(1, sizeof *cache);
  size_t *counts = NULL, n = 0, nv = 0, r, j, k = 0;
  const char **vals = NULL;
  PyObject *out = NULL;
  if (!cache) goto nomem;
  if (micic_column_counts(corpus, (micic_field)f, &counts, &n, err) != MICIC_OK ||
      micic_column_values(corpus, (micic_field)f, 0, &vals, &nv, err) != MICIC_OK)
    goto done;
  if (!(out = PyList_New((Py_ssize_t)n))) goto nomem;
  for (r = 0; r < n; k += counts[r], r++) {
    PyObject *item;
    if (single) {
      item = counts[r] ? micic_swig_py_shared_str(cache, vals[k]) : (Py_INCREF(Py_None), Py_None);
    } else if ((item = PyList_New((Py_ssize_t)counts[r])) != NULL) {
      for (j = 0; j < counts[r]; j++) {
        PyObject *s = micic_swig_py_shared_str(cache, vals[k + j]);
        if (!s) {
          Py_CLEAR(item);
          break;
        }
        PyList_SET_ITEM(item, (Py_ssize_t)j, s);
      }
    }
    if (!item) goto nomem;
    PyList_SET_ITEM(out, (Py_ssize_t)r, item);
  }
  goto done;
nomem:
  PyErr_Clear();
  micic_swig_set_error(err, MICIC_ENOMEM, NULL);
  Py_CLEAR(out);
done:
  if (cache)
    for (j = 0; j < sizeof cache->val / sizeof cache->val[0]; j++) Py_XDECREF(cache->val[j]);
  free(cache);
  micic_free(counts);
  micic_free((void *)vals);
  return out;
}

/** Practice.to_dict() in one call: {field name: str or None (single-valued
    fields) or list of str, ..., "extra": [(label, value), ...]}, the same
    values as the Python properties, without a C call per value. New
    reference. */
PyObject *micic_swig_py_practice_dict(const micic_practice *p, micic_error *err) {
  PyObject *d = PyDict_New(), *extra = NULL;
  size_t i, n;
  int f;
  if (!d) goto nomem;
  for (f = 0; f < MICIC_FIELD_COUNT; f++) {
    PyObject *v;
    n = micic_practice_count(p, (micic_field)f);
    if (micic_field_is_single((micic_field)f)) {
      v = n ? micic_swig_py_str(micic_practice_value(p, (micic_field)f, 0))
            : (Py_INCREF(Py_None), Py_None);
    } else if ((v = PyList_New((Py_ssize_t)n)) != NULL) {
      for (i = 0; i < n; i++) {
        PyObject *s = micic_swig_py_str(micic_practice_value(p, (micic_field)f, i));
        if (!s) {
          Py_CLEAR(v);
          break;
        }
        PyList_SET_ITEM(v, (Py_ssize_t)i, s);
      }
    }
    if (!v || PyDict_SetItemString(d, micic_field_name((micic_field)f), v) != 0) {
      Py_XDECREF(v);
      goto nomem;
    }
    Py_DECREF(v);
  }
  n = micic_practice_extra_count(p);
  if (!(extra = PyList_New((Py_ssize_t)n))) goto nomem;
  for (i = 0; i < n; i++) {
    PyObject *pair = Py_BuildValue("(NN)", micic_swig_py_str(micic_practice_extra_label(p, i)),
                                   micic_swig_py_str(micic_practice_extra_value(p, i)));
    if (!pair) goto nomem;
    PyList_SET_ITEM(extra, (Py_ssize_t)i, pair);
  }
  if (PyDict_SetItemString(d, "extra", extra) != 0) goto nomem;
  Py_DECREF(extra);
  return d;
nomem:
  PyErr_Clear();
  micic_swig_set_error(err, MICIC_ENOMEM, NULL);
  Py_XDECREF(extra);
  Py_XDECREF(d);
  return NULL;
}
%}
/* Arrow PyCapsule Interface of a corpus (micic/arrow.h) */
%include "micic_arrow.i"
#endif

/* ---- the headers: getters under their C names ---------------------------- */
/* Replaced by the glue above (out-parameters, options structs) or internal. */
%ignore micic_error;
%ignore micic_error_clear;
%ignore micic_free;
%ignore micic_corpus_new;
%ignore micic_corpus_free;
%ignore micic_practice_free;
%ignore micic_report_new;
%ignore micic_report_free;
%ignore micic_report_add;
%ignore micic_query_free;
%ignore micic_index_free;
%ignore micic_results_free;
%ignore micic_groups_free;
%ignore micic_suggester_free;
%ignore micic_suggestions_free;
%ignore micic_crosstab_free;
%ignore micic_gaps_free;
%ignore micic_corpus_add;              /* steals: use micic_swig_corpus_add_copy */
%ignore micic_corpus_get_mutable;
%ignore micic_corpus_read_report_mutable;
%ignore micic_corpus_extend;
%ignore micic_practice_location;
%ignore micic_field_from_name;
%ignore micic_field_vocab;
%ignore micic_vocab_from_name;
%ignore micic_severity_from_name;
%ignore micic_guideline_title_match;
%ignore micic_fold;
%ignore micic_format_from_name;
%ignore micic_format_detect;
%ignore micic_read_options;
%ignore micic_read_options_init;
%ignore micic_read_file;
%ignore micic_read_buffer;
%ignore micic_read_bundled;
%ignore micic_record_cb;
%ignore micic_progress_cb;             /* a progress(done, total) argument instead (Python) */
%ignore micic_validate_with_progress;
%ignore micic_index_build_with_progress;
%ignore micic_stream_file;
%ignore micic_write_options;
%ignore micic_write_file;
%ignore micic_write_stream;
%ignore micic_write_buffer;
%ignore micic_validate_options;
%ignore micic_validate_options_init;
%ignore micic_validate;
%ignore micic_validate_practice;
%ignore micic_normalize;
%ignore micic_report_filter;
%ignore micic_report_render;
%ignore micic_query_parse;
%ignore micic_index_build;
%ignore micic_search_options;
%ignore micic_search_options_init;
%ignore micic_search;
%ignore micic_search_query;
%ignore micic_similar;
%ignore micic_similar_text;
%ignore micic_duplicates;
%ignore micic_suggester_new;
%ignore micic_suggest;
%ignore micic_suggest_practice;
%ignore micic_crosstab_options;
%ignore micic_crosstab_new;
%ignore micic_crosstab_render;
%ignore micic_gaps_new;
%ignore micic_gaps_render;
/* option-struct initializers and function-like macros */
%ignore MICIC_READ_OPTIONS_INIT;
%ignore MICIC_WRITE_OPTIONS_INIT;
%ignore MICIC_VALIDATE_OPTIONS_INIT;
%ignore MICIC_SEARCH_OPTIONS_INIT;
%ignore MICIC_CROSSTAB_OPTIONS_INIT;
%ignore MICIC_REQUIRED_DEFAULT;
%ignore MICIC_REQUIRED_RECOMMENDED_DEFAULT;

%include "micic/common.h"
%include "micic/version.h"
%include "micic/catalogue.h"
%include "micic/practice.h"
%include "micic/report.h"
%include "micic/io.h"
%include "micic/validate.h"
%include "micic/search.h"
%include "micic/suggest.h"
%include "micic/crosstab.h"
%include "micic/columns.h"
%include "micic/fields.h"
