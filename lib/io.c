/*
 * I/O dispatch: format names and detection, reading files, buffers and
 * directories, streaming, writing, and the bundled corpus. The formats
 * themselves live in the format modules (io_internal.h).
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE 1  /* madvise() (glibc) */
#define _DARWIN_C_SOURCE 1 /* madvise() (macOS) */

#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#if defined(__unix__) || defined(__APPLE__)
#include <sys/mman.h>
#include <unistd.h>
#define MICIC_HAVE_MMAP 1
#endif

#include "io_internal.h"
#include "micic/practice.h"
#include "micic/report.h"
#include "text_internal.h"

/* ------------------------------------------------------------------ */
/* Formats                                                              */
/* ------------------------------------------------------------------ */

static const char *const FORMAT_NAMES[] = {"auto", "text", "guidelines", "csv",
                                           "json", "jsonl", "long"};

#define NFORMATS (sizeof FORMAT_NAMES / sizeof FORMAT_NAMES[0])

const char *micic_format_name(micic_format f) {
    return ((int)f >= 0 && (size_t)f < NFORMATS) ? FORMAT_NAMES[f] : "";
}

int micic_format_from_name(const char *name, micic_format *out) {
    size_t i;
    if (!name) return MICIC_EINVAL;
    for (i = 0; i < NFORMATS; i++) {
        if (micic__strcasecmp(name, FORMAT_NAMES[i]) == 0) {
            if (out) *out = (micic_format)i;
            return MICIC_OK;
        }
    }
    /* common aliases */
    if (micic__strcasecmp(name, "txt") == 0) {
        if (out) *out = MICIC_FORMAT_TEXT;
        return MICIC_OK;
    }
    if (micic__strcasecmp(name, "ndjson") == 0) {
        if (out) *out = MICIC_FORMAT_JSONL;
        return MICIC_OK;
    }
    return MICIC_EFORMAT;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Cells of a CSV header line s[0..n) separated by delim that name a field;
 * *cells gets the number of cells, *has_id whether "id" is among them.
 * Quotes around a cell are dropped. */
static int header_fields(const char *s, size_t n, char delim, int *cells, int *long_header,
                         int *has_id) {
    size_t i = 0;
    int known = 0, idx = 0, long_ok = 1;
    *has_id = 0;
    static const char *const long_names[] = {"id", "field", "value"};
    *cells = 0;
    while (i <= n) {
        size_t j = i, cn;
        char cell[128];
        const char *c;
        int quoted = 0;
        if (i < n && s[i] == '"') {
            quoted = 1;
            j = i + 1;
            while (j < n && s[j] != '"') j++;
            c = s + i + 1;
            cn = j - i - 1;
            while (j < n && s[j] != delim) j++;
        } else {
            while (j < n && s[j] != delim) j++;
            c = s + i;
            cn = j - i;
        }
        (void)quoted;
        c = micic__trim(c, cn, &cn);
        if (cn < sizeof cell) {
            micic_field f;
            memcpy(cell, c, cn);
            cell[cn] = '\0';
            if (cn && micic_field_from_name(cell, &f) == MICIC_OK) {
                known++;
                if (f == MICIC_FIELD_ID) *has_id = 1;
            }
            if (idx >= 3 || micic__strcasecmp(cell, long_names[idx]) != 0) long_ok = 0;
        } else {
            long_ok = 0;
        }
        idx++;
        (*cells)++;
        i = j + 1;
        /* a header names fields early (micic's own CSV starts with them):
           64 cells without one is no header, however long the line */
        if (idx >= 64 && known == 0) {
            long_ok = 0;
            break;
        }
    }
    *long_header = long_ok && idx == 3;
    return known;
}

/*
 * JSON Lines or one JSON document, for data starting with '{': JSON Lines
 * when the first line holds one complete object (and only white space after
 * it) and something other than white space follows that line, whatever it
 * is (a damaged second line is then one rejected record, not the end of
 * the read). Fed in pieces (a first line longer than the first block of a
 * file is followed into the file).
 */
typedef struct jsonl_sniff {
    int phase;    /* 0: in the first line; 1: after it; 2: decided */
    int depth, in_string, escape, closed, trailing;
    micic_format result;
} jsonl_sniff;

static void sniff_feed(jsonl_sniff *z, const char *d, size_t n) {
    size_t i;
    for (i = 0; i < n && z->phase < 2; i++) {
        char c = d[i];
        if (z->phase == 1) {
            if (!is_space(c)) {
                z->result = MICIC_FORMAT_JSONL;
                z->phase = 2;
            }
            continue;
        }
        if (c == '\n') {
            z->result = MICIC_FORMAT_JSON;
            z->phase = z->closed && !z->trailing ? 1 : 2;
        } else if (z->closed) {
            if (!is_space(c)) z->trailing = 1;
        } else if (z->in_string) {
            if (z->escape) z->escape = 0;
            else if (c == '\\') z->escape = 1;
            else if (c == '"') z->in_string = 0;
        } else if (c == '"') {
            z->in_string = 1;
        } else if (c == '{' || c == '[') {
            z->depth++;
        } else if ((c == '}' || c == ']') && --z->depth <= 0) {
            z->closed = 1;
        }
    }
}

/* The answer once the data ended (or the piece fed was all there is). */
static micic_format sniff_end(const jsonl_sniff *z) {
    return z->phase == 2 ? z->result : MICIC_FORMAT_JSON;
}

/* micic_format_detect() telling an allocation failure apart: *nomem is set
 * (and MICIC_FORMAT_AUTO returned) when memory ran out while telling
 * guideline documents from record text. delim: the CSV delimiter the
 * options give, 0 to sniff it. */
static micic_format detect(const char *data, size_t len, int delim_given, int *nomem) {
    size_t i = 0, e, k;
    int cells, long_header, known, sniff, has_id;
    char delim;
    if (!data || len == 0) return MICIC_FORMAT_AUTO;
    if (len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB &&
        (unsigned char)data[2] == 0xBF)
        i = 3;
    while (i < len && is_space(data[i])) i++;
    if (i == len) return MICIC_FORMAT_AUTO;
    if (data[i] == '[') return MICIC_FORMAT_JSON;
    if (data[i] == '{') {
        jsonl_sniff z;
        memset(&z, 0, sizeof z);
        sniff_feed(&z, data + i, len - i);
        return sniff_end(&z);
    }
    /* CSV: a header line (read whole) of field names separated by commas
       (or by the semicolons, tabs or pipes that split it into more field
       names; micic__csv_sniff_delimiter()): at
       least two known fields among them, one of them "id", or three known
       fields, or known fields for half the cells — however many other
       columns (extras) follow, so that micic reads its own CSV */
    e = i;
    while (e < len && data[e] != '\n') e++;
    k = e;
    while (k > i && is_space(data[k - 1])) k--;
    delim = delim_given ? (char)delim_given : micic__csv_sniff_delimiter(data + i, k - i);
    if (memchr(data + i, delim, k - i)) {
        known = header_fields(data + i, k - i, delim, &cells, &long_header, &has_id);
        if (long_header) return MICIC_FORMAT_LONG;
        if ((known >= 2 && (has_id || known >= 3 || known * 2 >= cells)))
            return MICIC_FORMAT_CSV;
    }
    if (micic__guidelines_marker(data, len)) return MICIC_FORMAT_GUIDELINES;
    sniff = micic__guidelines_sniff(data, len);
    if (sniff < 0) {
        *nomem = 1;
        return MICIC_FORMAT_AUTO;
    }
    return sniff ? MICIC_FORMAT_GUIDELINES : MICIC_FORMAT_TEXT;
}

micic_format micic_format_detect(const char *data, size_t len) {
    int nomem = 0;
    return detect(data, len, 0, &nomem);
}

void micic_read_options_init(micic_read_options *opts) {
    micic_read_options d = MICIC_READ_OPTIONS_INIT;
    if (opts) *opts = d;
}

/* ------------------------------------------------------------------ */
/* Reading                                                              */
/* ------------------------------------------------------------------ */

static micic__reader_fn reader_for(micic_format f) {
    switch (f) {
    case MICIC_FORMAT_TEXT: return micic__read_text;
    case MICIC_FORMAT_GUIDELINES: return micic__read_guidelines;
    case MICIC_FORMAT_CSV: return micic__read_csv;
    case MICIC_FORMAT_JSON: return micic__read_json;
    case MICIC_FORMAT_JSONL: return micic__read_jsonl;
    case MICIC_FORMAT_LONG: return micic__read_long;
    default: return NULL;
    }
}

/* The caller's options (NULL = defaults) checked and copied into *o, the
 * current version: a version 1 struct ends before `delimiter`, so only its
 * fields are read. The readers only ever see *o. */
static int check_read_opts(const micic_read_options *opts, micic_read_options *o,
                           micic_error *err) {
    micic_read_options_init(o);
    if (!opts) return MICIC_OK;
    if (opts->version == 1)
        memcpy(o, opts, offsetof(micic_read_options, delimiter));
    else if (opts->version == MICIC_READ_OPTIONS_VERSION)
        *o = *opts;
    else
        return micic__error(err, MICIC_EVERSION, "read options version %d is not supported",
                            opts->version);
    o->version = MICIC_READ_OPTIONS_VERSION;
    if ((int)o->format < 0 || (size_t)o->format >= NFORMATS)
        return micic__error(err, MICIC_EFORMAT, "unknown format %d", (int)o->format);
    if (o->delimiter != 0 && o->delimiter != ',' && o->delimiter != ';' &&
        o->delimiter != '\t' && o->delimiter != '|')
        return micic__error(err, MICIC_EINVAL,
                            "CSV delimiter %d is not one of ',', ';', tab and '|'",
                            o->delimiter);
    return MICIC_OK;
}

/* What a reader expects, for "no record found" messages. */
#define EXPECTED_RECORDS                                                                  \
    "expected practice records: record text (\"Label: value\" lines), CSV (a header row " \
    "of field names, then one row per record), JSON or JSON Lines"

/* After reading one input into report: an input in which no record was
 * found (none accepted, none rejected) gets an "empty-input" error, unless
 * its reader already said so. in0/empty0: the report's records_in and
 * empty-input count before the read; dir: the input is a directory. */
static int note_no_record(micic_report *report, size_t in0, size_t empty0, const char *source,
                          int dir, micic_error *err) {
    int rc;
    if (!report || micic_report_records_in(report) != in0 ||
        micic_report_count_code(report, MICIC_CODE_EMPTY_INPUT) != empty0)
        return MICIC_OK;
    rc = micic_report_add(report, MICIC_CODE_EMPTY_INPUT,
                          micic_code_severity(MICIC_CODE_EMPTY_INPUT), -1, NULL, NULL, source,
                          0, 0, NULL,
                          dir ? "no practice record found in the directory; expected files "
                                "*.txt, *.csv, *.json or *.jsonl holding practice records"
                              : "no practice record found; " EXPECTED_RECORDS,
                          NULL);
    return rc == MICIC_OK ? MICIC_OK : micic__error(err, rc, NULL);
}

/* Format to read data with: the requested one, or detected. *blank = 1
 * (and MICIC_FORMAT_TEXT returned) when detection found no data at all.
 * MICIC_FORMAT_AUTO (and err filled with MICIC_ENOMEM) when memory ran out
 * while detecting. */
static micic_format choose_format(const micic_read_options *opts, const char *data,
                                  size_t len, int *blank, micic_error *err) {
    micic_format f = opts ? opts->format : MICIC_FORMAT_AUTO;
    int nomem = 0;
    *blank = 0;
    if (f == MICIC_FORMAT_AUTO) {
        f = detect(data, len, opts ? opts->delimiter : 0, &nomem);
        *blank = f == MICIC_FORMAT_AUTO && !nomem;
    }
    if (nomem) {
        micic__error(err, MICIC_ENOMEM, NULL);
        return MICIC_FORMAT_AUTO;
    }
    return f == MICIC_FORMAT_AUTO ? MICIC_FORMAT_TEXT : f;
}

/* Read data into corpus, diagnostics to report. Empty or blank data in no
 * given format is reported here (no reader could tell what was expected). */
static int read_into(micic_corpus *corpus, micic_report *report, const char *data, size_t len,
                     const char *source, const micic_read_options *opts, micic_error *err) {
    int blank;
    micic_format f = choose_format(opts, data, len, &blank, err);
    micic__reader_fn fn;
    if (f == MICIC_FORMAT_AUTO) return MICIC_ENOMEM;
    if (blank && report) {
        int rc = micic_report_add(report, MICIC_CODE_EMPTY_INPUT,
                                  micic_code_severity(MICIC_CODE_EMPTY_INPUT), -1, NULL, NULL,
                                  source ? source : "<buffer>", 0, 0, NULL,
                                  len ? "the input holds only white space; " EXPECTED_RECORDS
                                      : "the input is empty; " EXPECTED_RECORDS,
                                  NULL);
        return rc == MICIC_OK ? MICIC_OK : micic__error(err, rc, NULL);
    }
    fn = reader_for(f);
    if (!fn) return micic__error(err, MICIC_EFORMAT, "no reader for format %d", (int)f);
    return fn(corpus, data ? data : "", len, source ? source : "<buffer>", opts, report, err);
}

int micic_read_buffer(micic_corpus *corpus, const char *data, size_t len,
                      const char *source_name, const micic_read_options *opts,
                      micic_error *err) {
    micic_read_options o;
    micic_report *report;
    size_t in0, empty0;
    int rc;
    if (!corpus || (!data && len)) return micic__error(err, MICIC_EINVAL, "no corpus or no data");
    if ((rc = check_read_opts(opts, &o, err)) != MICIC_OK) return rc;
    report = micic_corpus_read_report_mutable(corpus);
    in0 = micic_report_records_in(report);
    empty0 = micic_report_count_code(report, MICIC_CODE_EMPTY_INPUT);
    rc = read_into(corpus, report, data, len, source_name, &o, err);
    if (rc == MICIC_OK)
        rc = note_no_record(report, in0, empty0, source_name ? source_name : "<buffer>", 0, err);
    if (rc == MICIC_OK) micic_error_clear(err);
    return rc;
}

/* @p head (hn bytes already read from @p in), then the rest of the stream,
 * into a new NUL-terminated buffer (micic__free). */
static int slurp_stream(FILE *in, const char *path, const char *head, size_t hn, char **out,
                        size_t *len_out, micic_error *err) {
    micic_buf b = MICIC_BUF_INIT;
    char chunk[65536];
    size_t n;
    if (hn && micic_buf_append(&b, head, hn) != MICIC_OK)
        return micic__error(err, MICIC_ENOMEM, NULL);
    while ((n = fread(chunk, 1, sizeof chunk, in)) > 0) {
        if (micic_buf_append(&b, chunk, n) != MICIC_OK) {
            micic_buf_free(&b);
            return micic__error(err, MICIC_ENOMEM, NULL);
        }
    }
    if (ferror(in)) {
        micic_buf_free(&b);
        return micic__error_at(err, MICIC_EIO, path, 0, 0, -1, "cannot read %s", path);
    }
    *len_out = b.len;
    *out = micic_buf_detach(&b);
    if (!*out) return micic__error(err, MICIC_ENOMEM, NULL);
    return MICIC_OK;
}

static int is_directory(const char *path) {
    struct stat st;
    return strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int corpus_file_name(const char *name) {
    static const char *const exts[] = {".txt", ".csv", ".json", ".jsonl"};
    size_t n = strlen(name), i;
    if (name[0] == '.') return 0;
    for (i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t k = strlen(exts[i]);
        if (n > k && micic__strcasecmp(name + n - k, exts[i]) == 0) return 1;
    }
    return 0;
}

static int cmp_names(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of the corpus files of a directory (new array of new strings). */
static int list_dir(const char *dir, char ***names_out, size_t *n_out, micic_error *err) {
    DIR *d = opendir(dir);
    struct dirent *de;
    char **names = NULL;
    size_t n = 0, cap = 0;
    if (!d)
        return micic__error_at(err, MICIC_EIO, dir, 0, 0, -1, "cannot open directory %s: %s",
                               dir, strerror(errno));
    while ((de = readdir(d)) != NULL) {
        if (!corpus_file_name(de->d_name)) continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            char **a = micic__realloc(names, nc * sizeof *a);
            if (!a) goto oom;
            names = a;
            cap = nc;
        }
        if (!(names[n] = micic__strdup(de->d_name))) goto oom;
        n++;
    }
    closedir(d);
    if (n) qsort(names, n, sizeof *names, cmp_names);
    *names_out = names;
    *n_out = n;
    return MICIC_OK;
oom:
    closedir(d);
    while (n) micic__free(names[--n]);
    micic__free(names);
    return micic__error(err, MICIC_ENOMEM, NULL);
}

static int read_path(micic_corpus *corpus, micic_report *report, const char *path,
                     const micic_read_options *opts, micic_error *err);

/* A file of a directory that is not read: a file-skipped diagnostic (the
 * other files are read; its records count as not reached). */
static int skip_file(micic_report *report, const char *path, const char *why,
                     micic_error *err) {
    char msg[MICIC_ERROR_TEXT_LENGTH + 64];
    snprintf(msg, sizeof msg, "%s; skipped (the other files are read)", why);
    micic__report_note_skipped_file(report);
    if (micic_report_add(report, MICIC_CODE_FILE_SKIPPED, MICIC_SEVERITY_ERROR, -1, NULL, NULL,
                         path, 0, 0, NULL, msg, NULL) != MICIC_OK)
        return micic__error(err, MICIC_ENOMEM, NULL);
    return MICIC_OK;
}

/* The files of a directory, in name order. A file that is not a regular
 * file (a FIFO would block, a device never end) or cannot be read is
 * skipped with a file-skipped diagnostic; the others are read. */
static int read_dir(micic_corpus *corpus, micic_report *report, const char *dir,
                    const micic_read_options *opts, micic_error *err) {
    char **names = NULL;
    size_t n = 0, i;
    int rc = list_dir(dir, &names, &n, err);
    for (i = 0; rc == MICIC_OK && i < n; i++) {
        micic_buf p = MICIC_BUF_INIT;
        size_t dl = strlen(dir);
        struct stat st;
        micic_buf_append(&p, dir, dl);
        if (dl && dir[dl - 1] != '/') micic_buf_putc(&p, '/');
        micic_buf_puts(&p, names[i]);
        if (!micic_buf_cstr(&p)) {
            rc = micic__error(err, MICIC_ENOMEM, NULL);
        } else if (stat(p.data, &st) != 0) {
            char why[MICIC_ERROR_TEXT_LENGTH];
            snprintf(why, sizeof why, "cannot open %s: %s", p.data, strerror(errno));
            rc = skip_file(report, p.data, why, err);
        } else if (S_ISDIR(st.st_mode)) {
            /* not recursive */
        } else if (!S_ISREG(st.st_mode)) {
            rc = skip_file(report, p.data, "not a regular file (a FIFO, a device or a socket)",
                           err);
        } else {
            micic_error fe;
            memset(&fe, 0, sizeof fe);
            rc = read_path(corpus, report, p.data, opts, &fe);
            if (rc == MICIC_EIO)
                rc = skip_file(report, p.data, fe.text[0] ? fe.text : "read error", err);
            else if (rc != MICIC_OK && err)
                *err = fe;
        }
        micic_buf_free(&p);
    }
    for (i = 0; i < n; i++) micic__free(names[i]);
    micic__free(names);
    return rc;
}

/* Progress of a streamed file: the streaming readers do not know the size
 * of their input (total 0); the file's size is put in. */
typedef struct sized_progress {
    micic_progress_cb cb;
    void *payload;
    size_t size;
} sized_progress;

static int sized_progress_cb(size_t done, size_t total, void *payload) {
    const sized_progress *s = (const sized_progress *)payload;
    return s->cb(done, total ? total : (done > s->size ? done : s->size), s->payload);
}

/* ---- an input file: opened, its first block read, its format known ---- */

typedef struct input {
    FILE *in;
    const char *name;      /* the path, or "<stdin>" */
    int is_stdin;
    char head[65536];      /* the first block */
    size_t hn;             /* bytes in head; < sizeof head: head is the whole input */
    micic_format f;        /* as given, else detected from head (AUTO: not recognized) */
    sized_progress sp;     /* progress with the file size as total (input_options) */
} input;

/* A file whose first block starts with an object but does not hold its
 * first line whole: follow that line into the file (without keeping it) to
 * tell JSON Lines from one JSON document, then come back after the block. */
static int follow_first_line(input *ip, micic_error *err) {
    jsonl_sniff z;
    char chunk[65536];
    size_t i = 0, n;
    if (ip->hn >= 3 && memcmp(ip->head, "\xEF\xBB\xBF", 3) == 0) i = 3;
    while (i < ip->hn && is_space(ip->head[i])) i++;
    if (i == ip->hn || ip->head[i] != '{') return MICIC_OK;
    memset(&z, 0, sizeof z);
    sniff_feed(&z, ip->head + i, ip->hn - i);
    while (z.phase < 2 && (n = fread(chunk, 1, sizeof chunk, ip->in)) > 0)
        sniff_feed(&z, chunk, n);
    ip->f = sniff_end(&z);
    if (ferror(ip->in) || fseek(ip->in, (long)ip->hn, SEEK_SET) != 0)
        return micic__error_at(err, MICIC_EIO, ip->name, 0, 0, -1, "cannot read %s: %s",
                               ip->name, strerror(errno));
    return MICIC_OK;
}

/* Open path ("-": standard input), read its first block and choose the
 * format from the options or from that block. */
static int input_open(input *ip, const char *path, const micic_read_options *opts,
                      micic_error *err) {
    int rc;
    ip->is_stdin = strcmp(path, "-") == 0;
    ip->name = ip->is_stdin ? "<stdin>" : path;
    ip->in = ip->is_stdin ? stdin : fopen(path, "rb");
    if (!ip->in)
        return micic__error_at(err, MICIC_EIO, path, 0, 0, -1, "cannot open %s: %s", path,
                               strerror(errno));
    ip->hn = fread(ip->head, 1, sizeof ip->head, ip->in);
    if (ferror(ip->in)) {
        if (!ip->is_stdin) fclose(ip->in);
        return micic__error_at(err, MICIC_EIO, path, 0, 0, -1, "cannot read %s", path);
    }
    ip->f = opts ? opts->format : MICIC_FORMAT_AUTO;
    if (ip->f == MICIC_FORMAT_AUTO) {
        int nomem = 0;
        ip->f = detect(ip->head, ip->hn, opts ? opts->delimiter : 0, &nomem);
        if (nomem) {
            if (!ip->is_stdin) fclose(ip->in);
            return micic__error(err, MICIC_ENOMEM, NULL);
        }
        if (ip->f == MICIC_FORMAT_JSON && ip->hn == sizeof ip->head && !ip->is_stdin &&
            (rc = follow_first_line(ip, err)) != MICIC_OK) {
            fclose(ip->in);
            return rc;
        }
    }
    return MICIC_OK;
}

static void input_close(input *ip) {
    if (!ip->is_stdin) fclose(ip->in);
}

/* 1 when a streaming reader takes the input from its first byte: CSV or
 * JSON Lines in a file that can be rewound (a pipe is read whole). */
static int input_rewind_for_stream(input *ip) {
    return (ip->f == MICIC_FORMAT_CSV || ip->f == MICIC_FORMAT_JSONL) && !ip->is_stdin &&
           fseek(ip->in, 0, SEEK_SET) == 0;
}

/* The options for the streaming readers: the chosen format, and progress
 * reported against the file's size (they do not know their total). */
static micic_read_options input_options(input *ip, const micic_read_options *opts) {
    micic_read_options o = MICIC_READ_OPTIONS_INIT;
    struct stat st;
    if (opts) o = *opts;
    o.format = ip->f;
    if (o.progress) {
        ip->sp.cb = o.progress;
        ip->sp.payload = o.progress_payload;
        ip->sp.size =
            fstat(fileno(ip->in), &st) == 0 && st.st_size > 0 ? (size_t)st.st_size : 0;
        o.progress = sized_progress_cb;
        o.progress_payload = &ip->sp;
    }
    return o;
}

/* ---- JSON documents: mapped, and let go of as they are read ---------- */

/*
 * A JSON document (an array of records, normally) cannot be cut into lines
 * like JSON Lines, and jansson decodes from memory. A regular file is
 * therefore mapped read-only and read in place (micic__json_doc); the pages
 * already read are handed back with madvise(MADV_DONTNEED), so the file is
 * never resident whole: loading a corpus costs the corpus, and streaming a
 * JSON file costs one record. (Like every mmap user, the reader assumes the
 * file is not truncated while it reads it.) Where mmap() is missing or
 * fails, the file is read whole instead.
 */
typedef struct mapped {
    char *base;
    size_t size, page;
} mapped;

#ifdef MICIC_HAVE_MMAP
static void release_mapped(const char *data, size_t from, size_t to, void *payload) {
    const mapped *m = payload;
    size_t a = (size_t)(data - m->base) + from, b = (size_t)(data - m->base) + to;
    a -= a % m->page; /* a partial page read again is read back from the file */
    b -= b % m->page;
    if (b > a) (void)madvise(m->base + a, b - a, MADV_DONTNEED);
}

/* 1 when the open file could be mapped whole. */
static int map_input(FILE *in, mapped *m) {
    struct stat st;
    long page = sysconf(_SC_PAGESIZE);
    void *p;
    if (page <= 0 || fstat(fileno(in), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
        (unsigned long long)st.st_size > (unsigned long long)SIZE_MAX)
        return 0;
    p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fileno(in), 0);
    if (p == MAP_FAILED) return 0;
    m->base = p;
    m->size = (size_t)st.st_size;
    m->page = (size_t)page;
    return 1;
}

static void unmap_input(mapped *m) { munmap(m->base, m->size); }
#endif

/* Read a JSON file in place into corpus or through cb. *done = 0 (nothing
 * read, err untouched) when it is not a JSON file or cannot be mapped. */
static int read_json_mapped(input *ip, const micic_read_options *opts, micic_corpus *corpus,
                            micic_record_cb cb, void *payload, micic_report *report,
                            micic_error *err, int *done) {
#ifdef MICIC_HAVE_MMAP
    mapped m;
    micic_read_options o;
    int rc;
    *done = 0;
    if (ip->f != MICIC_FORMAT_JSON || ip->is_stdin || !map_input(ip->in, &m)) return MICIC_OK;
    *done = 1;
    o = input_options(ip, opts);
    rc = micic__json_doc(m.base, m.size, ip->name, &o, corpus, cb, payload, release_mapped, &m,
                         report, err);
    unmap_input(&m);
    return rc;
#else
    (void)ip;
    (void)opts;
    (void)corpus;
    (void)cb;
    (void)payload;
    (void)report;
    (void)err;
    *done = 0;
    return MICIC_OK;
#endif
}

/* A regular file. When its first 64 KiB show (or the options say) CSV or
 * JSON Lines, it is read by the streaming reader straight into the corpus,
 * and a JSON file is read in place (read_json_mapped), so its text is never
 * held whole in memory (a loaded corpus then costs the corpus, not the
 * corpus plus the file). Other formats, and files that fit in the first
 * block, are read whole (formats detected on the whole text, as
 * micic_read_buffer() does). */
static int read_regular(micic_corpus *corpus, micic_report *report, const char *path,
                        const micic_read_options *opts, micic_error *err) {
    input ip;
    int done = 0, rc = input_open(&ip, path, opts, err);
    if (rc != MICIC_OK) return rc;
    if (ip.hn < sizeof ip.head) { /* the whole file */
        rc = read_into(corpus, report, ip.head, ip.hn, path, opts, err);
    } else if ((rc = read_json_mapped(&ip, opts, corpus, NULL, NULL, report, err, &done)) !=
                   MICIC_OK ||
               done) {
        /* read in place */
    } else if (input_rewind_for_stream(&ip)) {
        micic_read_options o = input_options(&ip, opts);
        rc = ip.f == MICIC_FORMAT_CSV ? micic__load_csv(ip.in, path, &o, corpus, report, err)
                                      : micic__load_jsonl(ip.in, path, &o, corpus, report, err);
    } else {
        char *data = NULL;
        size_t len = 0;
        rc = slurp_stream(ip.in, path, ip.head, ip.hn, &data, &len, err);
        if (rc == MICIC_OK) rc = read_into(corpus, report, data, len, path, opts, err);
        micic__free(data);
    }
    input_close(&ip);
    return rc;
}

static int read_path(micic_corpus *corpus, micic_report *report, const char *path,
                     const micic_read_options *opts, micic_error *err) {
    char *data = NULL;
    size_t len = 0, in0, empty0;
    int rc, dir;
    in0 = micic_report_records_in(report);
    empty0 = micic_report_count_code(report, MICIC_CODE_EMPTY_INPUT);
    if ((dir = is_directory(path)) != 0) {
        rc = read_dir(corpus, report, path, opts, err);
    } else if (strcmp(path, "-") != 0) {
        rc = read_regular(corpus, report, path, opts, err);
    } else {
        if ((rc = slurp_stream(stdin, "<stdin>", NULL, 0, &data, &len, err)) != MICIC_OK)
            return rc;
        rc = read_into(corpus, report, data, len, "<stdin>", opts, err);
        micic__free(data);
    }
    if (rc == MICIC_OK)
        rc = note_no_record(report, in0, empty0, strcmp(path, "-") ? path : "<stdin>", dir, err);
    return rc;
}

int micic_read_file(micic_corpus *corpus, const char *path, const micic_read_options *opts,
                    micic_error *err) {
    micic_read_options o;
    int rc;
    if (!corpus || !path) return micic__error(err, MICIC_EINVAL, "no corpus or no path");
    if ((rc = check_read_opts(opts, &o, err)) != MICIC_OK) return rc;
    rc = read_path(corpus, micic_corpus_read_report_mutable(corpus), path, &o, err);
    if (rc == MICIC_OK) micic_error_clear(err);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Streaming                                                            */
/* ------------------------------------------------------------------ */

/* Read a whole input into a scratch corpus, then hand the records over. */
static int stream_whole(const char *data, size_t len, const char *source,
                        const micic_read_options *opts, micic_record_cb cb, void *payload,
                        micic_report *report, micic_error *err) {
    micic_corpus *c = micic_corpus_new();
    micic_report *scratch = NULL;
    size_t i;
    int rc;
    if (!c) return micic__error(err, MICIC_ENOMEM, NULL);
    if (!report && !(report = scratch = micic_report_new())) {
        micic_corpus_free(c);
        return micic__error(err, MICIC_ENOMEM, NULL);
    }
    rc = read_into(c, report, data, len, source, opts, err);
    for (i = 0; rc == MICIC_OK && i < micic_corpus_size(c); i++)
        if (cb(micic_corpus_get(c, i), payload))
            rc = micic__error(err, MICIC_ECANCELLED, "the record callback stopped reading");
    micic_report_free(scratch);
    micic_corpus_free(c);
    return rc;
}

int micic_stream_file(const char *path, const micic_read_options *opts, micic_record_cb cb,
                      void *payload, micic_report *report, micic_error *err) {
    micic_read_options checked;
    input ip;
    int rc, done = 0;
    size_t in0, empty0;
    if (!path || !cb) return micic__error(err, MICIC_EINVAL, "no path or no callback");
    if ((rc = check_read_opts(opts, &checked, err)) != MICIC_OK) return rc;
    opts = &checked;
    in0 = report ? micic_report_records_in(report) : 0;
    empty0 = report ? micic_report_count_code(report, MICIC_CODE_EMPTY_INPUT) : 0;
    if (is_directory(path))
        return micic__error_at(err, MICIC_EINVAL, path, 0, 0, -1,
                               "%s is a directory: stream its files one by one", path);
    if ((rc = input_open(&ip, path, opts, err)) != MICIC_OK) return rc;
    if ((rc = read_json_mapped(&ip, opts, NULL, cb, payload, report, err, &done)) != MICIC_OK ||
        done) {
        /* read in place */
    } else if (input_rewind_for_stream(&ip)) {
        micic_read_options o = input_options(&ip, opts);
        rc = ip.f == MICIC_FORMAT_CSV
                 ? micic__stream_csv(ip.in, path, &o, cb, payload, report, err)
                 : micic__stream_jsonl(ip.in, path, &o, cb, payload, report, err);
    } else {
        /* other formats (and standard input) are read whole, then streamed */
        char *data = NULL;
        size_t len = 0;
        micic_read_options o = MICIC_READ_OPTIONS_INIT;
        if (opts) o = *opts;
        /* AUTO when not recognized, and for standard input: detected on the
           whole text */
        o.format = ip.is_stdin && !(opts && opts->format) ? MICIC_FORMAT_AUTO : ip.f;
        rc = slurp_stream(ip.in, ip.name, ip.head, ip.hn, &data, &len, err);
        if (rc == MICIC_OK) rc = stream_whole(data, len, ip.name, &o, cb, payload, report, err);
        micic__free(data);
    }
    input_close(&ip);
    if (rc == MICIC_OK) /* as micic_read_file(): an input without a record is an error */
        rc = note_no_record(report, in0, empty0, strcmp(path, "-") ? path : "<stdin>", 0, err);
    if (rc == MICIC_OK) micic_error_clear(err);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Writing                                                              */
/* ------------------------------------------------------------------ */

int micic_write_stream(const micic_corpus *corpus, FILE *out, micic_format format,
                       const micic_write_options *opts, micic_error *err) {
    micic_write_options d = MICIC_WRITE_OPTIONS_INIT;
    int rc;
    if (!corpus || !out) return micic__error(err, MICIC_EINVAL, "no corpus or no stream");
    if (opts && opts->version != MICIC_WRITE_OPTIONS_VERSION)
        return micic__error(err, MICIC_EVERSION, "write options version %d is not supported",
                            opts->version);
    if (!opts) opts = &d;
    switch (format) {
    case MICIC_FORMAT_TEXT: rc = micic__write_text(corpus, out, opts, err); break;
    case MICIC_FORMAT_CSV: rc = micic__write_csv(corpus, out, opts, err); break;
    case MICIC_FORMAT_JSON: rc = micic__write_json(corpus, out, opts, err); break;
    case MICIC_FORMAT_JSONL: rc = micic__write_jsonl(corpus, out, opts, err); break;
    case MICIC_FORMAT_LONG: rc = micic__write_long(corpus, out, opts, err); break;
    case MICIC_FORMAT_GUIDELINES:
        return micic__error(err, MICIC_EFORMAT,
                            "guideline documents can be read but not written; use text");
    default:
        return micic__error(err, MICIC_EFORMAT, "choose an output format (not auto)");
    }
    if (rc == MICIC_OK && fflush(out) != 0) rc = micic__error(err, MICIC_EIO, "write failed");
    if (rc == MICIC_OK) micic_error_clear(err);
    return rc;
}

/* ---- safe output files ------------------------------------------------ */

static atomic_uint tmp_counter;

/* Directory part of path ("." when none), into b. */
static void dir_of(const char *path, micic_buf *b) {
    const char *slash = strrchr(path, '/');
    micic_buf_clear(b);
    if (!slash) micic_buf_puts(b, ".");
    else if (slash == path) micic_buf_puts(b, "/");
    else micic_buf_append(b, path, (size_t)(slash - path));
}

static int out_fail(const micic__out *o, micic_error *err, const char *what, int e) {
    return micic__error_at(err, MICIC_EIO, o->path, 0, 0, -1, "cannot %s %s: %s", what,
                           o->path, e ? strerror(e) : "write failed");
}

int micic__out_error(micic__out *o, int e, micic_error *err) {
    return out_fail(o, err, "write", e);
}

/* Open a new temporary file next to o->target.data (mode 0666 less the
 * umask, or the mode of the file replaced). */
static int open_tmp(micic__out *o, const struct stat *replaced, micic_error *err) {
    const char *slash = strrchr(o->target.data, '/');
    const char *base = slash ? slash + 1 : o->target.data;
    int fd = -1, e = 0, attempt;
    for (attempt = 0; attempt < 100 && fd < 0; attempt++) {
        unsigned k = atomic_fetch_add(&tmp_counter, 1u);
        dir_of(o->target.data, &o->tmp);
        micic_buf_printf(&o->tmp, "/.%s.%ld-%u.micic-tmp", base, (long)getpid(), k);
        if (!micic_buf_cstr(&o->tmp)) return micic__error(err, MICIC_ENOMEM, NULL);
        fd = open(o->tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        e = errno;
        if (fd < 0 && e != EEXIST) break;
    }
    if (fd < 0) return out_fail(o, err, "create a temporary file to write", e);
    o->have_tmp = 1;
    if (replaced) (void)fchmod(fd, replaced->st_mode & 07777);
    if (!(o->f = fdopen(fd, "wb"))) {
        e = errno;
        close(fd);
        return out_fail(o, err, "open", e);
    }
    return MICIC_OK;
}

int micic__out_open(micic__out *o, const char *path, micic_error *err) {
    struct stat st, lst;
    int exists, rc;
    memset(o, 0, sizeof *o);
    o->path = path;
    if (strcmp(path, "-") == 0) {
        o->f = stdout;
        o->direct = 2;
        return MICIC_OK;
    }
    exists = stat(path, &st) == 0;
    if (exists && S_ISDIR(st.st_mode)) return out_fail(o, err, "write", EISDIR);
    if ((exists && !S_ISREG(st.st_mode)) || (!exists && lstat(path, &lst) == 0)) {
        /* a device, a FIFO, a dangling link: written in place, never removed */
        if (!(o->f = fopen(path, "wb"))) return out_fail(o, err, "open", errno);
        o->direct = 1;
        return MICIC_OK;
    }
    if (exists && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
        char *real = realpath(path, NULL); /* the link is kept, its target replaced */
        if (!real) return out_fail(o, err, "resolve", errno);
        micic_buf_puts(&o->target, real);
        free(real); /* realpath() allocates with malloc */
    } else {
        micic_buf_puts(&o->target, path);
    }
    if (!micic_buf_cstr(&o->target)) rc = micic__error(err, MICIC_ENOMEM, NULL);
    else rc = open_tmp(o, exists ? &st : NULL, err);
    if (rc != MICIC_OK) micic__out_abort(o);
    return rc;
}

void micic__out_abort(micic__out *o) {
    if (o->f && o->direct == 2) fflush(o->f);
    else if (o->f) fclose(o->f);
    o->f = NULL;
    if (o->have_tmp) (void)unlink(o->tmp.data); /* ours; the target is untouched */
    o->have_tmp = 0;
    micic_buf_free(&o->tmp);
    micic_buf_free(&o->target);
}

int micic__out_commit(micic__out *o, micic_error *err) {
    int e = 0, dfd;
    if (!o->f) return MICIC_OK;
    errno = 0;
    if (fflush(o->f) != 0 || ferror(o->f)) e = errno ? errno : EIO;
    if (!e && o->have_tmp && fsync(fileno(o->f)) != 0) e = errno;
    if (o->direct == 2) {
        o->f = NULL;
        return e ? out_fail(o, err, "write", e) : MICIC_OK;
    }
    errno = 0;
    if (fclose(o->f) != 0 && !e) e = errno ? errno : EIO;
    o->f = NULL;
    if (!e && o->have_tmp && rename(o->tmp.data, o->target.data) != 0) e = errno;
    if (e) {
        int rc = out_fail(o, err, "write", e);
        micic__out_abort(o);
        return rc;
    }
    if (o->have_tmp) {
        /* the rename itself to disk (best effort) */
        dir_of(o->target.data, &o->tmp);
        if (micic_buf_cstr(&o->tmp) && (dfd = open(o->tmp.data, O_RDONLY | O_CLOEXEC)) >= 0) {
            (void)fsync(dfd);
            close(dfd);
        }
    }
    o->have_tmp = 0;
    micic_buf_free(&o->tmp);
    micic_buf_free(&o->target);
    return MICIC_OK;
}

int micic_write_file(const micic_corpus *corpus, const char *path, micic_format format,
                     const micic_write_options *opts, micic_error *err) {
    micic__out o;
    int rc, e;
    if (!corpus || !path) return micic__error(err, MICIC_EINVAL, "no corpus or no path");
    if (format == MICIC_FORMAT_GUIDELINES)
        return micic__error(err, MICIC_EFORMAT,
                            "guideline documents can be read but not written; use text");
    if (format == MICIC_FORMAT_AUTO || (int)format < 0 || (size_t)format >= NFORMATS)
        return micic__error(err, MICIC_EFORMAT, "choose an output format (not auto)");
    if ((rc = micic__out_open(&o, path, err)) != MICIC_OK) return rc;
    errno = 0;
    rc = micic_write_stream(corpus, o.f, format, opts, err);
    e = errno;
    if (rc == MICIC_EIO) rc = micic__out_error(&o, e, err);
    if (rc != MICIC_OK) {
        micic__out_abort(&o);
        return rc;
    }
    rc = micic__out_commit(&o, err);
    if (rc == MICIC_OK) micic_error_clear(err);
    return rc;
}

/* ---- writing record by record ----------------------------------------- */

struct micic_writer {
    micic__out out;
    micic_format format;
    micic_write_options opts;
    size_t count;      /* records written */
    micic_corpus *one; /* the record being written, as a corpus of one */
};

int micic_writer_open(const char *path, micic_format format, const micic_write_options *opts,
                      micic_writer **out, micic_error *err) {
    micic_writer *w;
    micic_write_options d = MICIC_WRITE_OPTIONS_INIT;
    int rc;
    if (!out) return micic__error(err, MICIC_EINVAL, "no output pointer");
    *out = NULL;
    if (!path) return micic__error(err, MICIC_EINVAL, "no path");
    if (opts && opts->version != MICIC_WRITE_OPTIONS_VERSION)
        return micic__error(err, MICIC_EVERSION, "write options version %d is not supported",
                            opts->version);
    if (format == MICIC_FORMAT_CSV)
        return micic__error(err, MICIC_EFORMAT,
                            "CSV is not written record by record: its header names the extra "
                            "fields of every record; write a corpus (micic_write_file)");
    if (format != MICIC_FORMAT_JSON && format != MICIC_FORMAT_JSONL &&
        format != MICIC_FORMAT_LONG && format != MICIC_FORMAT_TEXT)
        return micic__error(err, MICIC_EFORMAT, "choose an output format (not auto)");
    if (!(w = micic__calloc(1, sizeof *w))) return micic__error(err, MICIC_ENOMEM, NULL);
    w->format = format;
    w->opts = opts ? *opts : d;
    if ((rc = micic__out_open(&w->out, path, err)) != MICIC_OK) {
        micic__free(w);
        return rc;
    }
    *out = w;
    return MICIC_OK;
}

/* Write s[from..to) of the one-record output. */
static int writer_put(micic_writer *w, const char *s, size_t n, micic_error *err) {
    int e;
    errno = 0;
    if (n && fwrite(s, 1, n, w->out.f) != n) {
        e = errno;
        return micic__out_error(&w->out, e, err);
    }
    return MICIC_OK;
}

int micic_writer_add(micic_writer *w, const micic_practice *p, micic_error *err) {
    micic_practice *copy;
    char *text = NULL;
    size_t len, from = 0, to;
    const char *sep = "";
    int rc;
    if (!w || !p) return micic__error(err, MICIC_EINVAL, "no writer or no record");
    if (!w->out.f) return micic__error(err, MICIC_EINVAL, "the writer failed or was closed");
    /* the record as a corpus of one, written by the format's writer, cut
       to what one record adds to the output */
    micic_corpus_free(w->one);
    if (!(w->one = micic_corpus_new()) || !(copy = micic_practice_copy(p)))
        return micic__error(err, MICIC_ENOMEM, NULL);
    if ((rc = micic_corpus_add(w->one, copy, err)) != MICIC_OK) return rc;
    if ((rc = micic_write_buffer(w->one, w->format, &w->opts, &text, err)) != MICIC_OK)
        return rc;
    len = to = strlen(text);
    switch (w->format) {
    case MICIC_FORMAT_JSON: /* "[\n" E "\n]\n" pretty, "[" E "]\n" compact */
        if (w->opts.pretty) {
            from = 2;
            to = len >= 5 ? len - 3 : from;
            sep = w->count ? ",\n" : "[\n";
        } else {
            from = 1;
            to = len >= 3 ? len - 2 : from;
            sep = w->count ? "," : "[";
        }
        break;
    case MICIC_FORMAT_LONG: /* the header once */
        if (w->count) {
            const char *nl = strchr(text, '\n');
            from = nl ? (size_t)(nl - text) + 1 : len;
        }
        break;
    case MICIC_FORMAT_TEXT: sep = w->count ? "====\n\n" : ""; break;
    default: break;
    }
    rc = writer_put(w, sep, strlen(sep), err);
    if (rc == MICIC_OK && to > from) rc = writer_put(w, text + from, to - from, err);
    micic_free(text);
    if (rc == MICIC_OK) w->count++;
    return rc;
}

int micic_writer_close(micic_writer *w, micic_error *err) {
    int rc = MICIC_OK;
    const char *end = "";
    if (!w) return micic__error(err, MICIC_EINVAL, "no writer");
    if (!w->out.f) {
        rc = micic__error(err, MICIC_EINVAL, "the writer failed or was closed");
    } else {
        if (w->format == MICIC_FORMAT_JSON)
            end = !w->count ? "[]\n" : w->opts.pretty ? "\n]\n" : "]\n";
        else if (w->format == MICIC_FORMAT_LONG && !w->count)
            end = "id,field,value\n";
        rc = writer_put(w, end, strlen(end), err);
        if (rc == MICIC_OK) rc = micic__out_commit(&w->out, err);
        else micic__out_abort(&w->out);
    }
    micic_corpus_free(w->one);
    micic__free(w);
    if (rc == MICIC_OK) micic_error_clear(err);
    return rc;
}

void micic_writer_abort(micic_writer *w) {
    if (!w) return;
    micic__out_abort(&w->out);
    micic_corpus_free(w->one);
    micic__free(w);
}

int micic_write_buffer(const micic_corpus *corpus, micic_format format,
                       const micic_write_options *opts, char **out, micic_error *err) {
    char *mem = NULL;
    size_t size = 0;
    FILE *f;
    int rc;
    if (!out) return micic__error(err, MICIC_EINVAL, "no output pointer");
    *out = NULL;
    if (!corpus) return micic__error(err, MICIC_EINVAL, "no corpus");
    f = open_memstream(&mem, &size);
    if (!f) return micic__error(err, MICIC_ENOMEM, NULL);
    rc = micic_write_stream(corpus, f, format, opts, err);
    if (fclose(f) != 0 && rc == MICIC_OK) rc = micic__error(err, MICIC_ENOMEM, NULL);
    if (rc == MICIC_OK) {
        /* hand over a copy made by our allocator (micic_free) */
        *out = micic__strndup(mem ? mem : "", mem ? size : 0);
        if (!*out) rc = micic__error(err, MICIC_ENOMEM, NULL);
    }
    free(mem); /* open_memstream's buffer comes from the C library */
    return rc;
}

/* ------------------------------------------------------------------ */
/* Bundled corpus                                                        */
/* ------------------------------------------------------------------ */

#ifndef MICIC_DATA_INSTALL_DIR
#define MICIC_DATA_INSTALL_DIR "/usr/local/share/micic"
#endif
#ifndef MICIC_SOURCE_DATA_DIR
#define MICIC_SOURCE_DATA_DIR "data"
#endif

/* 1 when base/corpus is a directory. */
static int has_corpus(const char *base) {
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/corpus", base);
    return n > 0 && (size_t)n < sizeof path && is_directory(path);
}

const char *micic_bundled_dir(void) {
    const char *env = getenv("MICIC_DATA_DIR");
    if (env && *env && has_corpus(env)) return env;
    if (has_corpus(MICIC_DATA_INSTALL_DIR)) return MICIC_DATA_INSTALL_DIR;
    return MICIC_SOURCE_DATA_DIR;
}

int micic_read_bundled(micic_corpus *corpus, const micic_read_options *opts, micic_error *err) {
    micic_buf path = MICIC_BUF_INIT;
    micic_read_options checked;
    const char *base;
    int rc;
    if (!corpus) return micic__error(err, MICIC_EINVAL, "no corpus");
    if ((rc = check_read_opts(opts, &checked, err)) != MICIC_OK) return rc;
    opts = &checked;
    base = micic_bundled_dir();
    micic_buf_puts(&path, base);
    micic_buf_puts(&path, "/corpus");
    if (!micic_buf_cstr(&path)) return micic__error(err, MICIC_ENOMEM, NULL);
    if (!is_directory(path.data)) {
        rc = micic__error_at(err, MICIC_ENOTFOUND, path.data, 0, 0, -1,
                             "bundled corpus not found (looked in $MICIC_DATA_DIR/corpus, "
                             "%s/corpus and %s/corpus)",
                             MICIC_DATA_INSTALL_DIR, MICIC_SOURCE_DATA_DIR);
    } else {
        rc = read_dir(corpus, micic_corpus_read_report_mutable(corpus), path.data, opts, err);
        if (rc == MICIC_OK) micic_error_clear(err);
    }
    micic_buf_free(&path);
    return rc;
}
