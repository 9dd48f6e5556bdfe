/*
 * micic_arrow.i — Python only: the Arrow PyCapsule Interface of a corpus
 * (micic/arrow.h), included by micic.i inside its SWIGPYTHON block.
 *
 *   micic_swig_py_arrow_stream()  -> PyCapsule "arrow_array_stream"
 *   micic_swig_py_arrow_schema()  -> PyCapsule "arrow_schema"
 *   micic_swig_py_from_arrow(cap) <- PyCapsule "arrow_array_stream"
 *   micic_swig_py_report_arrow(), _results_arrow(), _crosstab_arrow():
 *     a report, search results or a cross-tab as a capsule (one batch)
 *
 * As the PyCapsule Interface specification asks, the capsule owns a
 * heap-allocated C struct and its destructor calls the struct's release
 * callback unless a consumer has moved the struct out (which sets release to
 * NULL), then frees the struct. The exported stream is built eagerly
 * (micic_arrow_options::lazy = 0): it does not refer to the corpus, so a
 * consumer may keep it after the Corpus is gone. micic._arrow uses these.
 */

%{
#include "micic/arrow.h"

static void micic_swig_py_stream_capsule_free(PyObject *capsule) {
  struct ArrowArrayStream *s =
      (struct ArrowArrayStream *)PyCapsule_GetPointer(capsule, "arrow_array_stream");
  if (!s) {
    PyErr_WriteUnraisable(capsule);
    return;
  }
  if (s->release) s->release(s);
  free(s);
}

static void micic_swig_py_schema_capsule_free(PyObject *capsule) {
  struct ArrowSchema *s = (struct ArrowSchema *)PyCapsule_GetPointer(capsule, "arrow_schema");
  if (!s) {
    PyErr_WriteUnraisable(capsule);
    return;
  }
  if (s->release) s->release(s);
  free(s);
}

/* A new PyCapsule "arrow_array_stream" owning the live stream *s (heap).
   On failure the stream is released and freed, err filled, NULL returned. */
static PyObject *micic_swig_py_stream_capsule(struct ArrowArrayStream *s, micic_error *err) {
  PyObject *cap = PyCapsule_New(s, "arrow_array_stream", micic_swig_py_stream_capsule_free);
  if (!cap) {
    PyErr_Clear();
    s->release(s);
    free(s);
    micic_swig_set_error(err, MICIC_ENOMEM, NULL);
  }
  return cap;
}

/* One of the small-table exporters (report, results, cross-tab) in a capsule. */
static PyObject *micic_swig_py_table_capsule(int (*fn)(const void *, struct ArrowArrayStream *,
                                                       micic_error *),
                                             const void *obj, micic_error *err) {
  struct ArrowArrayStream *s = (struct ArrowArrayStream *)calloc(1, sizeof *s);
  if (!s) {
    micic_swig_set_error(err, MICIC_ENOMEM, NULL);
    return NULL;
  }
  if (fn(obj, s, err) != MICIC_OK) {
    free(s);
    return NULL;
  }
  return micic_swig_py_stream_capsule(s, err);
}

static int micic_swig_report_arrow_fn(const void *o, struct ArrowArrayStream *s, micic_error *e) {
  return micic_report_to_arrow((const micic_report *)o, s, e);
}
static int micic_swig_results_arrow_fn(const void *o, struct ArrowArrayStream *s, micic_error *e) {
  return micic_results_to_arrow((const micic_results *)o, s, e);
}
static int micic_swig_crosstab_arrow_fn(const void *o, struct ArrowArrayStream *s, micic_error *e) {
  return micic_crosstab_to_arrow((const micic_crosstab *)o, s, e);
}

static void micic_swig_py_arrow_options(micic_arrow_options *o, int dictionary, int originals,
                                        int locations, size_t batch_rows, int lazy) {
  micic_arrow_options_init(o);
  o->dictionary = dictionary;
  o->originals = originals;
  o->locations = locations;
  o->batch_rows = batch_rows;
  o->lazy = lazy;
}
%}

%newobject micic_swig_py_from_arrow;

%inline %{
/** micic_corpus_to_arrow() (eager) wrapped in a new PyCapsule
    "arrow_array_stream". The GIL is released while the batches are built. */
PyObject *micic_swig_py_arrow_stream(const micic_corpus *corpus, int dictionary, int originals,
                                     int locations, size_t batch_rows, micic_error *err) {
  struct ArrowArrayStream *s = (struct ArrowArrayStream *)calloc(1, sizeof *s);
  micic_arrow_options o;
  int rc;
  if (!s) {
    micic_swig_set_error(err, MICIC_ENOMEM, NULL);
    return NULL;
  }
  micic_swig_py_arrow_options(&o, dictionary, originals, locations, batch_rows, 0);
  Py_BEGIN_ALLOW_THREADS
  rc = micic_corpus_to_arrow(corpus, &o, s, err);
  Py_END_ALLOW_THREADS
  if (rc != MICIC_OK) {
    free(s);
    return NULL;
  }
  return micic_swig_py_stream_capsule(s, err);
}

/** micic_report_to_arrow() in a new PyCapsule "arrow_array_stream". */
PyObject *micic_swig_py_report_arrow(const micic_report *report, micic_error *err) {
  return micic_swig_py_table_capsule(micic_swig_report_arrow_fn, report, err);
}

/** micic_results_to_arrow() in a new PyCapsule "arrow_array_stream". */
PyObject *micic_swig_py_results_arrow(const micic_results *results, micic_error *err) {
  return micic_swig_py_table_capsule(micic_swig_results_arrow_fn, results, err);
}

/** micic_crosstab_to_arrow() in a new PyCapsule "arrow_array_stream". */
PyObject *micic_swig_py_crosstab_arrow(const micic_crosstab *table, micic_error *err) {
  return micic_swig_py_table_capsule(micic_swig_crosstab_arrow_fn, table, err);
}

/** The schema of micic_swig_py_arrow_stream() with the same options, in a
    new PyCapsule "arrow_schema" (no batch is built). */
PyObject *micic_swig_py_arrow_schema(const micic_corpus *corpus, int dictionary, int originals,
                                     int locations, micic_error *err) {
  struct ArrowArrayStream st;
  struct ArrowSchema *s = (struct ArrowSchema *)calloc(1, sizeof *s);
  micic_arrow_options o;
  PyObject *cap;
  int e;
  if (!s) {
    micic_swig_set_error(err, MICIC_ENOMEM, NULL);
    return NULL;
  }
  micic_swig_py_arrow_options(&o, dictionary, originals, locations, 0, 1);
  if (micic_corpus_to_arrow(corpus, &o, &st, err) != MICIC_OK) {
    free(s);
    return NULL;
  }
  e = st.get_schema(&st, s);
  st.release(&st);
  if (e != 0) {
    free(s);
    micic_swig_set_error(err, MICIC_ENOMEM, NULL);
    return NULL;
  }
  cap = PyCapsule_New(s, "arrow_schema", micic_swig_py_schema_capsule_free);
  if (!cap) {
    PyErr_Clear();
    s->release(s);
    free(s);
    micic_swig_set_error(err, MICIC_ENOMEM, NULL);
  }
  return cap;
}

/** micic_corpus_from_arrow() of the stream in a PyCapsule
    "arrow_array_stream" (what __arrow_c_stream__() returns): the stream is
    moved out of the capsule (consumed) and released. New corpus. The GIL is
    released while reading (a producer that needs it takes it back). */
micic_corpus *micic_swig_py_from_arrow(PyObject *capsule, const char *source_name,
                                       micic_error *err) {
  struct ArrowArrayStream *s, local;
  micic_corpus *c;
  int rc;
  if (!PyCapsule_IsValid(capsule, "arrow_array_stream")) {
    micic_swig_set_error(err, MICIC_EINVAL,
                         "expected a PyCapsule named 'arrow_array_stream' (from __arrow_c_stream__)");
    return NULL;
  }
  s = (struct ArrowArrayStream *)PyCapsule_GetPointer(capsule, "arrow_array_stream");
  if (!s || !s->release) {
    micic_swig_set_error(err, MICIC_EINVAL, "the Arrow stream was already consumed");
    return NULL;
  }
  local = *s;
  s->release = NULL; /* moved: the capsule's destructor leaves it alone */
  c = micic_corpus_new();
  if (!c) {
    local.release(&local);
    micic_swig_set_error(err, MICIC_ENOMEM, NULL);
    return NULL;
  }
  Py_BEGIN_ALLOW_THREADS
  rc = micic_corpus_from_arrow(c, &local, source_name, NULL, err);
  Py_END_ALLOW_THREADS
  return micic_swig_read_done(c, rc);
}
%}
