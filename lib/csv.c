/*
 * CSV (one row per record) and tidy long CSV (id,field,value) readers and
 * writers, built on libcsv. The formats are documented in docs/formats.md.
 *
 * Reading
 * -------
 * One engine serves every CSV input: bytes go through a small scanner that
 * tracks line/column (in characters), checks UTF-8 and NUL bytes (8 plain
 * ASCII bytes at a time), and cuts the input after every delimiter, '\r'
 * and '\n'; each piece is handed to libcsv's csv_parse() (default, inlined
 * terminator and blank tests: a custom is_term function halves libcsv's
 * speed), so a field callback can only fire at the last byte of a piece and
 * the scanner knows where the next cell starts (quoted newlines are counted
 * as real lines; a lone CR ends a row, as in libcsv, without starting a new
 * line). Rows are collected in reusable buffers (no
 * allocation per byte or per cell) and handed to a row handler: the wide
 * CSV handler builds one micic_practice per row, the long handler groups
 * rows by id. The buffer readers feed the engine in 1 MiB blocks (progress
 * callback between blocks); the streaming reader feeds it 64 KiB chunks
 * from a FILE*, so memory stays constant whatever the file size (bounded by
 * the largest record, which max_record_bytes limits).
 *
 * Decisions (docs/formats.md):
 *  - the delimiter (',', ';', tab or '|') is the option's, else sniffed
 *    from the header line (most frequent outside quotes, comma on a tie);
 *    one other than ',' is named in a "layout-inferred" info diagnostic;
 *  - header row required; labels mapped with micic_field_from_name();
 *    unknown columns are extras ("unknown-label" once per label);
 *  - multi-valued cells are split at ';' (escapes "\;" and "\\"), items
 *    trimmed, empty items dropped; single-valued cells are not split;
 *  - every value is canonicalized like micic_practice_add(value = NULL)
 *    does (vocabulary label, ISO short name, guideline number, else the
 *    trimmed text), the text as read kept as the original; extras verbatim;
 *  - rows whose cells are all empty are skipped like blank lines;
 *  - ragged rows are kept: missing cells are empty, surplus cells become
 *    extras "column N" ("ragged-row" warning);
 *  - invalid UTF-8 and NUL bytes: the record is kept with U+FFFD in their
 *    place ("invalid-utf8" / "nul-byte" with the line:column of the first);
 *  - a stray quote (`ab"c`, `"ab"c`): "csv-syntax" warning, the row is read
 *    leniently (libcsv non-strict) and kept;
 *  - an unterminated quote at the end: "truncated-input", record rejected;
 *  - no record at all (empty input, a header alone): "empty-input" error;
 *  - a record larger than max_record_bytes: "limit-exceeded", rejected.
 */
#include <csv.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fmt_common.h"
#include "io_internal.h"
#include "micic/practice.h"
#include "micic/report.h"

#define STREAM_CHUNK ((size_t)64 * 1024)
#define BUFFER_BLOCK ((size_t)1 << 20)
#define WRITE_FLUSH ((size_t)64 * 1024)

#define OPTS_STRICT (CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)
#define OPTS_LENIENT (CSV_APPEND_NULL)

/* ------------------------------------------------------------------ */
/* Engine                                                               */
/* ------------------------------------------------------------------ */

typedef struct cell {
    size_t off; /* in engine.bytes; NUL-terminated there */
    size_t len;
    int line;
    int col;
} cell;

typedef struct engine engine;
typedef int (*row_fn)(engine *e);

struct engine {
    struct csv_parser p;
    micic__rd *rd;
    row_fn on_row;
    void *ctx;
    int status; /* sticky failure from a callback */
    /* scanner: line/column of the next byte */
    size_t line, col;
    /* position just after the byte that ends the piece being parsed */
    size_t next_line, next_col;
    int row_started;
    int rec_line, rec_col;   /* first byte of the current row */
    int cell_line, cell_col; /* first byte of the current cell */
    /* the current row */
    micic_buf bytes;
    cell *cells;
    size_t ncells, capcells;
    size_t row_bytes;
    int over_limit;
    int bad_line, bad_col; /* first invalid UTF-8 byte (0 = none) */
    unsigned bad_byte;
    int nul_line, nul_col; /* first NUL byte */
    int syn_line, syn_col; /* first stray quote */
    int lenient;           /* CSV_STRICT switched off for this row */
    int runaway;           /* syn_line/col is an opening quote that never closed */
    size_t rows;           /* rows completed, header included */
    size_t header_cells;   /* cells of the first row */
    int truncated;
    char delim;            /* cell delimiter; 0 = sniff from the first line */
    int delim_given;       /* the delimiter came from the options */
    int head_line;         /* line of the first row */
};

static int clamp(size_t v) { return v > (size_t)INT_MAX ? INT_MAX : (int)v; }

static void row_reset(engine *e) {
    e->ncells = 0;
    micic_buf_clear(&e->bytes);
    e->row_bytes = 0;
    e->over_limit = 0;
    e->bad_line = e->bad_col = 0;
    e->nul_line = e->nul_col = 0;
    e->syn_line = e->syn_col = 0;
    e->runaway = 0;
    e->row_started = 0;
    if (e->lenient) {
        csv_set_opts(&e->p, OPTS_STRICT);
        e->lenient = 0;
    }
}

static void cb_field(void *s, size_t len, void *data) {
    engine *e = data;
    if (e->status) return;
    if (!e->over_limit) {
        e->row_bytes += len + 1;
        if (e->row_bytes > e->rd->max_record) {
            e->over_limit = 1;
        } else {
            cell *c;
            if (e->ncells == e->capcells) {
                size_t cap = e->capcells ? e->capcells * 2 : 32;
                cell *a = micic__realloc(e->cells, cap * sizeof *a);
                if (!a) {
                    e->status = micic__error(e->rd->err, MICIC_ENOMEM, NULL);
                    return;
                }
                e->cells = a;
                e->capcells = cap;
            }
            c = &e->cells[e->ncells++];
            c->off = e->bytes.len;
            c->len = len;
            c->line = e->cell_line;
            c->col = e->cell_col;
            if (micic_buf_append(&e->bytes, s ? s : "", len) != MICIC_OK ||
                micic_buf_putc(&e->bytes, '\0') != MICIC_OK) {
                e->status = micic__error(e->rd->err, MICIC_ENOMEM, NULL);
                return;
            }
        }
    }
    e->cell_line = clamp(e->next_line);
    e->cell_col = clamp(e->next_col);
}

/* The first row: name a delimiter other than ',' in the report. */
static int note_delimiter(engine *e) {
    const char *name = e->delim == '\t' ? "tab" : e->delim == ';' ? "';'" : "'|'";
    char v[2] = {e->delim, '\0'};
    e->head_line = e->rec_line;
    if (e->delim == ',') return MICIC_OK;
    return micic__rd_diag(e->rd, MICIC_CODE_LAYOUT, -1, NULL, NULL, e->rec_line, e->rec_col, v,
                          "CSV cells separated by %s (%s)", name,
                          e->delim_given ? "the delimiter option"
                                         : "sniffed from the header line");
}

static void cb_row(int c, void *data) {
    engine *e = data;
    (void)c;
    if (!e->status && e->rows == 0) e->status = note_delimiter(e);
    if (!e->status) {
        int rc = e->on_row(e);
        if (rc) e->status = rc;
    }
    if (e->rows == 0) e->header_cells = e->ncells;
    e->rows++;
    row_reset(e);
}

static int engine_init(engine *e, micic__rd *rd, row_fn on_row, void *ctx, int delim) {
    memset(e, 0, sizeof *e);
    e->delim = (char)delim;
    e->delim_given = delim != 0;
    if (csv_init(&e->p, OPTS_STRICT) != 0) return micic__error(rd->err, MICIC_EINTERNAL, NULL);
    csv_set_realloc_func(&e->p, micic__realloc);
    csv_set_free_func(&e->p, micic__free);
    csv_set_blk_size(&e->p, 64 * 1024);
    if (e->delim) csv_set_delim(&e->p, (unsigned char)e->delim);
    e->rd = rd;
    e->on_row = on_row;
    e->ctx = ctx;
    e->line = e->col = 1;
    return MICIC_OK;
}

static void engine_free(engine *e) {
    csv_free(&e->p);
    micic_buf_free(&e->bytes);
    micic__free(e->cells);
}

static void start_row(engine *e) {
    e->row_started = 1;
    e->rec_line = e->cell_line = clamp(e->line);
    e->rec_col = e->cell_col = clamp(e->col);
}

/* Number of characters (UTF-8 lead bytes and invalid bytes) in s[0..n). */
static size_t count_chars(const unsigned char *s, size_t n) {
    size_t i, k = 0;
    for (i = 0; i < n; i++) k += (s[i] & 0xC0) != 0x80;
    return k;
}

static int engine_feed(engine *e, const char *d, size_t n, int final, size_t *used);

/* libcsv's parser states (libcsv.c) */
#define LIBCSV_FIELD_BEGUN 2
#define LIBCSV_FIELD_MIGHT_HAVE_ENDED 3

/*
 * A runaway quote: the quoted cell being read (libcsv's entry buffer) runs
 * over a line end, and the line after that line end looks like a row of its
 * own: it holds as many delimiters as a full row (header cells - 1, at
 * least 1), or, when it is cut short by the quote that ended the cell,
 * at least one. *nl: where that first line end is in the cell. Then the
 * quote that opened the cell clearly never closed (docs/formats.md).
 */
static int runaway_quote(engine *e, size_t len, int cut, size_t *nl) {
    const unsigned char *b = e->p.entry_buf;
    unsigned char delim = csv_get_delim(&e->p);
    size_t i, k, delims = 0, need = e->header_cells > 1 ? e->header_cells - 1 : 1;
    if (!e->p.quoted || !b) return 0;
    for (i = 0; i < len && b[i] != '\n' && b[i] != '\r'; i++) continue;
    if (i == len) return 0;
    *nl = i;
    k = i + 1;
    if (b[i] == '\r' && k < len && b[k] == '\n') k++;
    for (; k < len && b[k] != '\n' && b[k] != '\r'; k++)
        if (b[k] == delim) delims++;
    return delims >= need || (k == len && cut && delims >= 1);
}

/*
 * Recover from a runaway quote (runaway_quote() said yes): the quote is
 * taken as a character, the row it opened ends at the end of its line
 * (read leniently, a csv-syntax diagnostic at the opening quote), and the
 * lines after it are read again as rows. The cell's len bytes end with the
 * quote that ended it, when there is one (it opens a cell of a later row).
 */
static int recover_runaway(engine *e, size_t len, size_t nl) {
    micic_buf b = MICIC_BUF_INIT;
    size_t used, start;
    size_t save_line = e->line, save_col = e->col, save_nl = e->next_line,
           save_nc = e->next_col;
    int qline = e->cell_line, qcol = e->cell_col, rc;
    if (micic_buf_append(&b, (const char *)e->p.entry_buf, len) != MICIC_OK ||
        !micic_buf_cstr(&b))
        return micic__error(e->rd->err, MICIC_ENOMEM, NULL);
    start = nl + 1;
    if (b.data[nl] == '\r' && start < b.len && b.data[start] == '\n') start++;
    b.data[nl] = '\n';
    /* bad bytes noted after the opening quote are found again by the scans
       below, each for the row it belongs to */
    if (e->bad_line > qline || (e->bad_line == qline && e->bad_col > qcol))
        e->bad_line = e->bad_col = 0;
    if (e->nul_line > qline || (e->nul_line == qline && e->nul_col > qcol))
        e->nul_line = e->nul_col = 0;
    /* the row of the opening quote, to its line end, as unquoted text */
    e->p.quoted = 0;
    e->p.entry_pos = 0;
    e->p.spaces = 0;
    e->p.status = 0;
    e->p.pstate = LIBCSV_FIELD_BEGUN;
    csv_set_opts(&e->p, OPTS_LENIENT);
    e->lenient = 1;
    e->syn_line = qline;
    e->syn_col = qcol;
    e->runaway = 1;
    e->line = (size_t)qline;
    e->col = (size_t)qcol + 1;
    rc = engine_feed(e, b.data, nl + 1, 1, &used);
    /* the lines after it, and (when @p closing) the quote that ended the
       cell and the blanks after it: libcsv keeps them at the end of its
       buffer until it knows the cell ended */
    if (rc == MICIC_OK) {
        e->line = (size_t)qline + 1;
        e->col = 1;
        rc = engine_feed(e, b.data + start, b.len - start, 1, &used);
    }
    micic_buf_free(&b);
    e->line = save_line;
    e->col = save_col;
    e->next_line = save_nl;
    e->next_col = save_nc;
    return rc;
}

/*
 * Bound what libcsv buffers for the cell being read: its buffer grows
 * geometrically (libcsv adds blk_size bytes each time it is full: a fixed
 * 64 KiB made a big cell cost quadratic copying), and once the row is over
 * max_record_bytes the row is rejected anyway, so the cell's bytes are let
 * go as they come (the parser's state is kept, so the row still ends where
 * it ends). Memory then stays under the limit plus one piece.
 */
static void bound_cell(engine *e) {
    if (e->p.entry_size > e->p.blk_size * 2) csv_set_blk_size(&e->p, e->p.entry_size / 2);
    if (e->p.entry_pos && e->row_bytes + e->p.entry_pos > e->rd->max_record) {
        e->over_limit = 1;
        /* not after a closing quote: libcsv then takes it (and the blanks
           after it) back out of its buffer */
        if (e->p.pstate == LIBCSV_FIELD_BEGUN) {
            e->p.entry_pos = 0;
            e->p.spaces = 0;
        }
    }
}

static size_t utf8_seq(const unsigned char *s, size_t n, size_t *need);

/* Note the first invalid UTF-8 byte and NUL byte of s[0..n) (on one line,
 * starting at line:col) for the current row, as the scanner does. */
static void flag_bytes(engine *e, const char *s, size_t n, size_t line, size_t col) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, need;
    while (i < n) {
        size_t k = u[i] < 0x80 ? 1 : utf8_seq(u + i, n - i, &need);
        if (!k) {
            if (!e->bad_line) {
                e->bad_line = clamp(line);
                e->bad_col = clamp(col);
                e->bad_byte = u[i];
            }
            k = 1;
        } else if (u[i] == 0 && !e->nul_line) {
            e->nul_line = clamp(line);
            e->nul_col = clamp(col);
        }
        i += k;
        col++;
    }
}

/* Hand one piece (which starts at line:col) to libcsv. */
static int parse_piece(engine *e, const char *s, size_t n, size_t line, size_t col) {
    size_t done = 0, nl;
    while (done < n) {
        size_t k = csv_parse(&e->p, s + done, n - done, cb_field, cb_row, e);
        if (e->status) return e->status;
        done += k;
        bound_cell(e);
        if (done < n) {
            int rc;
            if (csv_error(&e->p) != CSV_EPARSE)
                return micic__error(e->rd->err, MICIC_ENOMEM, NULL);
            if (e->p.pstate == LIBCSV_FIELD_MIGHT_HAVE_ENDED &&
                e->p.entry_pos > e->p.spaces &&
                runaway_quote(e, e->p.entry_pos - e->p.spaces - 1, 1, &nl)) {
                /* the quote closing the cell was the opening one of a later
                   row: read the rows it swallowed again, then go on */
                if ((rc = recover_runaway(e, e->p.entry_pos, nl)) != MICIC_OK) return rc;
                /* the rest of this piece belongs to the row now being read:
                   its bad bytes were noted for the row that has ended */
                flag_bytes(e, s + done, n - done, line,
                           col + count_chars((const unsigned char *)s, done));
                continue;
            }
            /* a stray quote: note it, read the rest of the row leniently */
            if (!e->syn_line) {
                e->syn_line = clamp(line);
                e->syn_col = clamp(col + count_chars((const unsigned char *)s, done));
            }
            /* after a closing quote the rest of the field is unquoted text
             * (`"x"y` reads as x"y and a later newline ends the row) */
            e->p.status = 0;
            e->p.quoted = 0;
            csv_set_opts(&e->p, OPTS_LENIENT);
            e->lenient = 1;
        }
    }
    return MICIC_OK;
}

/* Length of the valid UTF-8 sequence at s[0..n) whose lead byte is >= 0x80
 * (no overlongs, surrogates or code points above U+10FFFF); 0 when invalid.
 * *need receives the length the lead byte announces (0 for a bad lead). */
static size_t utf8_seq(const unsigned char *s, size_t n, size_t *need) {
    unsigned c = s[0];
    size_t k, i;
    if (c >= 0xC2 && c <= 0xDF) k = 2;
    else if (c >= 0xE0 && c <= 0xEF) k = 3;
    else if (c >= 0xF0 && c <= 0xF4) k = 4;
    else {
        *need = 0;
        return 0;
    }
    *need = k;
    if (k > n) return 0;
    for (i = 1; i < k; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) || (c == 0xF0 && s[1] < 0x90) ||
        (c == 0xF4 && s[1] > 0x8F))
        return 0;
    return k;
}

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* 1 when none of the 8 bytes of v needs a look: all are ASCII >= 0x20 and
 * none is the delimiter (delims: ONES * the delimiter). (Bytes below 0x20
 * cover NUL, '\t', '\n' and '\r'.) */
static int plain_word(uint64_t v, uint64_t delims) {
    uint64_t commas = v ^ delims;
    return !((v | ((v - ONES * 0x20) & ~v) | ((commas - ONES) & ~commas)) & HIGHS);
}

/* Cells of the header line s[0..n), split at d, that name a field. */
static size_t named_cells(const char *s, size_t n, char d) {
    size_t i = 0, named = 0;
    while (i <= n) {
        size_t j = i, cn;
        const char *c = s + i;
        char name[128];
        if (i < n && s[i] == '"') { /* a quoted cell: up to its closing quote */
            j = i + 1;
            while (j < n && s[j] != '"') j++;
            c = s + i + 1;
            cn = j - i - 1;
            while (j < n && s[j] != d) j++;
        } else {
            while (j < n && s[j] != d) j++;
            cn = j - i;
        }
        c = micic__trim(c, cn, &cn);
        if (cn && cn < sizeof name) {
            micic_field f;
            memcpy(name, c, cn);
            name[cn] = '\0';
            if (micic_field_from_name(name, &f) == MICIC_OK) named++;
        }
        i = j + 1;
    }
    return named;
}

char micic__csv_sniff_delimiter(const char *s, size_t n) {
    static const char cands[4] = {',', ';', '\t', '|'};
    size_t count[4] = {0, 0, 0, 0}, named[4] = {0, 0, 0, 0}, i, k, best = 0;
    int quoted = 0;
    for (i = 0; i < n; i++) {
        if (s[i] == '"') quoted = !quoted;
        else if (!quoted)
            for (k = 0; k < 4; k++) count[k] += s[i] == cands[k];
    }
    /* the delimiter that splits the header into the most field names (an
       extra column named "a;b" must not make micic's own comma CSV a
       semicolon one); then the one met most often; a tie keeps the comma */
    for (k = 0; k < 4; k++)
        if (count[k]) named[k] = named_cells(s, n, cands[k]);
    for (k = 1; k < 4; k++)
        if (named[k] > named[best] || (named[k] == named[best] && count[k] > count[best]))
            best = k;
    return cands[best];
}

/* No delimiter given: sniff it from the first line of d[0..n) (the
 * first block of the input, after any BOM). */
static void engine_sniff(engine *e, const char *d, size_t n) {
    size_t i = 0, j;
    int quoted = 0;
    while (i < n && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n')) i++;
    for (j = i; j < n && (quoted || (d[j] != '\n' && d[j] != '\r')); j++)
        if (d[j] == '"') quoted = !quoted;
    e->delim = micic__csv_sniff_delimiter(d + i, j - i);
    csv_set_delim(&e->p, (unsigned char)e->delim);
}

/*
 * Scan and parse d[0..n). Pieces end after each delimiter, '\r' and '\n'
 * (the bytes where libcsv can end a field or a row). Unless final, an
 * incomplete UTF-8 sequence at the end is left unconsumed (*used < n) for
 * the caller to pass again with more data.
 */
static int engine_feed(engine *e, const char *d, size_t n, int final, size_t *used) {
    const unsigned char *u = (const unsigned char *)d;
    size_t i = 0, piece = 0, line = e->line, col = e->col, pline = line, pcol = col;
    uint64_t delims;
    int rc;
    if (!e->delim) engine_sniff(e, d, n);
    delims = ONES * (uint64_t)(unsigned char)e->delim;
    while (i < n) {
        unsigned c;
        if (e->row_started) {
            /* fast path: 8 plain ASCII bytes at a time */
            while (i + 8 <= n) {
                uint64_t v;
                memcpy(&v, u + i, 8);
                if (!plain_word(v, delims)) break;
                i += 8;
                col += 8;
            }
            if (i >= n) break;
        }
        c = u[i];
        if (c < 0x80) {
            if (!e->row_started && c != ' ' && (c != '\t' || e->delim == '\t') && c != '\r' &&
                c != '\n') {
                e->line = line;
                e->col = col;
                start_row(e);
            }
            if (c == (unsigned char)e->delim || c == '\n' || c == '\r') {
                if (c == '\n') {
                    e->next_line = line + 1;
                    e->next_col = 1;
                } else {
                    e->next_line = line;
                    e->next_col = col + 1;
                }
                e->line = line;
                e->col = col;
                if ((rc = parse_piece(e, d + piece, i + 1 - piece, pline, pcol)) != MICIC_OK)
                    return rc;
                line = e->next_line;
                col = e->next_col;
                piece = ++i;
                pline = line;
                pcol = col;
                continue;
            }
            if (c == 0 && !e->nul_line) {
                e->nul_line = clamp(line);
                e->nul_col = clamp(col);
            }
            col++;
            i++;
        } else {
            size_t need, k = utf8_seq(u + i, n - i, &need);
            if (!k && need && i + need > n && !final) break; /* completed by the next chunk */
            if (!e->row_started) {
                e->line = line;
                e->col = col;
                start_row(e);
            }
            if (k) {
                i += k;
            } else {
                if (!e->bad_line) {
                    e->bad_line = clamp(line);
                    e->bad_col = clamp(col);
                    e->bad_byte = c;
                }
                i++;
            }
            col++;
        }
    }
    e->line = line;
    e->col = col;
    if (i > piece && (rc = parse_piece(e, d + piece, i - piece, pline, pcol)) != MICIC_OK)
        return rc;
    *used = i;
    return MICIC_OK;
}

/* End of input: flush the last row (no final newline) or report truncation. */
static int engine_finish(engine *e) {
    size_t nl;
    int rc;
    if (e->status) return e->status;
    /* the input ends inside a quoted cell that swallowed rows: read them */
    while (e->p.pstate == LIBCSV_FIELD_BEGUN && runaway_quote(e, e->p.entry_pos, 0, &nl))
        if ((rc = recover_runaway(e, e->p.entry_pos, nl)) != MICIC_OK) return rc;
    csv_set_opts(&e->p, OPTS_STRICT);
    if (csv_fini(&e->p, cb_field, cb_row, e) != 0) {
        /* unterminated quoted field */
        e->truncated = 1;
        e->p.status = 0;
        csv_set_opts(&e->p, OPTS_LENIENT);
        csv_fini(&e->p, NULL, NULL, NULL);
    }
    return e->status;
}

/* Feed a whole buffer in blocks, reporting progress between blocks. */
static int engine_run_buffer(engine *e, const char *data, size_t len) {
    size_t pos = 0;
    int rc;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) pos = 3;
    while (pos < len) {
        size_t n = len - pos > BUFFER_BLOCK ? BUFFER_BLOCK : len - pos, used;
        int final = pos + n == len;
        if ((rc = engine_feed(e, data + pos, n, final, &used)) != MICIC_OK) return rc;
        if (used == 0) { /* cannot happen: a block holds at least one sequence */
            return micic__error(e->rd->err, MICIC_EINTERNAL, "CSV scanner made no progress");
        }
        pos += used;
        if ((rc = micic__rd_progress(e->rd, pos, len)) != MICIC_OK) return rc;
    }
    return engine_finish(e);
}

/* Feed a stream in chunks; memory stays constant. */
static int engine_run_stream(engine *e, FILE *in) {
    char *buf = micic__malloc(STREAM_CHUNK + 8);
    size_t have = 0, done = 0;
    int first = 1, rc = MICIC_OK;
    if (!buf) return micic__error(e->rd->err, MICIC_ENOMEM, NULL);
    for (;;) {
        size_t got = fread(buf + have, 1, STREAM_CHUNK, in), start = 0, used;
        int final;
        if (ferror(in)) {
            rc = micic__error_at(e->rd->err, MICIC_EIO, e->rd->source, 0, 0, (long long)done,
                                 "read error");
            break;
        }
        final = got < STREAM_CHUNK && feof(in);
        have += got;
        if (first && (have >= 3 || final)) {
            first = 0;
            if (have >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) start = 3;
        } else if (first) {
            continue;
        }
        if ((rc = engine_feed(e, buf + start, have - start, final, &used)) != MICIC_OK) break;
        used += start;
        done += used;
        memmove(buf, buf + used, have - used); /* at most 3 bytes */
        have -= used;
        if ((rc = micic__rd_progress(e->rd, done, 0)) != MICIC_OK) break;
        if (final) {
            rc = engine_finish(e);
            break;
        }
    }
    micic__free(buf);
    return rc;
}

/* Text of cell i ("" when absent), sanitized when the row has bad bytes.
 * NUL-terminated, in a buffer of the current row that the caller may
 * change (add_list() cuts list items in place). */
static char *cell_text(engine *e, size_t i, size_t *len, micic_buf *clean) {
    const cell *c = &e->cells[i];
    char *s = e->bytes.data + c->off;
    if (!e->bad_line && !e->nul_line) {
        *len = c->len;
        return s;
    }
    micic_buf_clear(clean);
    if (micic__utf8_sanitize(s, c->len, clean) == (size_t)-1 || !micic_buf_cstr(clean)) {
        e->status = micic__error(e->rd->err, MICIC_ENOMEM, NULL);
        return NULL;
    }
    *len = clean->len;
    return clean->data;
}

/* Diagnostics about the bytes of the current row. */
static int row_byte_diags(engine *e, long index, const char *id) {
    micic__rd *rd = e->rd;
    int rc = MICIC_OK;
    if (e->bad_line) {
        char v[8];
        snprintf(v, sizeof v, "\\x%02X", e->bad_byte);
        rc = micic__rd_diag(rd, MICIC_CODE_INVALID_UTF8, index, id, NULL, e->bad_line,
                            e->bad_col, v,
                            "invalid UTF-8 byte 0x%02X replaced by U+FFFD (record kept)",
                            e->bad_byte);
    }
    if (rc == MICIC_OK && e->nul_line)
        rc = micic__rd_diag(rd, MICIC_CODE_NUL_BYTE, index, id, NULL, e->nul_line, e->nul_col,
                            NULL, "NUL byte replaced by U+FFFD (record kept)");
    if (rc == MICIC_OK && e->syn_line && e->runaway)
        rc = micic__rd_diag(rd, MICIC_CODE_CSV_SYNTAX, index, id, NULL, e->syn_line,
                            e->syn_col, "\"",
                            "unbalanced double quote: the quoted cell it opens runs over "
                            "the next line, which looks like a row; the quote was ignored, "
                            "the row ends at its line end and the lines after "
                            "it are read as rows (record kept)");
    else if (rc == MICIC_OK && e->syn_line)
        rc = micic__rd_diag(rd, MICIC_CODE_CSV_SYNTAX, index, id, NULL, e->syn_line,
                            e->syn_col, "\"",
                            "stray double quote: the row was read leniently (record kept)");
    return rc;
}

static int all_cells_empty(const engine *e) {
    size_t i;
    for (i = 0; i < e->ncells; i++)
        if (e->cells[i].len) return 0;
    return 1;
}

static int limit_reject(engine *e, long index) {
    int rc = micic__rd_diag(e->rd, MICIC_CODE_LIMIT, index, NULL, NULL, e->rec_line,
                            e->rec_col, NULL,
                            "record larger than the limit of %zu bytes rejected",
                            e->rd->max_record);
    micic__rd_reject(e->rd);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Wide CSV: one row per record                                         */
/* ------------------------------------------------------------------ */

typedef struct column {
    int field;   /* micic_field, or -1 for an extra */
    char *label; /* extra label (owned) */
} column;

typedef struct wide_ctx {
    column *cols;
    size_t ncols;
    micic_buf clean;   /* sanitized cell */
    micic_buf item;    /* one unescaped list item */
    micic_buf scratch; /* value copy for micic__rd_add_* */
    micic_buf label;   /* "column N" */
} wide_ctx;

static void wide_free(wide_ctx *w) {
    size_t i;
    for (i = 0; i < w->ncols; i++) micic__free(w->cols[i].label);
    micic__free(w->cols);
    micic_buf_free(&w->clean);
    micic_buf_free(&w->item);
    micic_buf_free(&w->scratch);
    micic_buf_free(&w->label);
}

/* s[0..n) without ASCII white space at either end. Extra labels are
 * trimmed so, not with micic__trim(): a label may end with U+200B or
 * U+FEFF, and "Lab\u200B" must not come back as (and merge with) "Lab". */
static const char *trim_ascii(const char *s, size_t n, size_t *len) {
    while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    *len = n;
    return s;
}

static int wide_header(engine *e, wide_ctx *w) {
    size_t i;
    int rc;
    w->cols = micic__calloc(e->ncells ? e->ncells : 1, sizeof *w->cols);
    if (!w->cols) return micic__error(e->rd->err, MICIC_ENOMEM, NULL);
    w->ncols = e->ncells;
    if ((rc = row_byte_diags(e, -1, NULL)) != MICIC_OK) return rc;
    for (i = 0; i < e->ncells; i++) {
        size_t len, tlen;
        const char *s = cell_text(e, i, &len, &w->clean), *t;
        micic_field f;
        if (!s) return e->status;
        t = micic__trim(s, len, &tlen);
        micic_buf_clear(&w->label);
        if (tlen) micic_buf_append(&w->label, t, tlen);
        else micic_buf_printf(&w->label, "column %zu", i + 1);
        if (!micic_buf_cstr(&w->label)) return micic__error(e->rd->err, MICIC_ENOMEM, NULL);
        if (tlen && micic__field_lookup(w->label.data, &f) == MICIC_OK) {
            w->cols[i].field = (int)f;
            continue;
        }
        if (tlen) { /* an extra: its label as written (but ASCII blanks) */
            t = trim_ascii(s, len, &tlen);
            micic_buf_clear(&w->label);
            micic_buf_append(&w->label, t, tlen);
            if (!micic_buf_cstr(&w->label)) return micic__error(e->rd->err, MICIC_ENOMEM, NULL);
        }
        w->cols[i].field = -1;
        w->cols[i].label = micic__strdup(w->label.data);
        if (!w->cols[i].label) return micic__error(e->rd->err, MICIC_ENOMEM, NULL);
        rc = micic__rd_unknown_label(e->rd, w->label.data, e->cells[i].line, e->cells[i].col);
        if (rc != MICIC_OK) return rc;
    }
    return MICIC_OK;
}

/* Split a multi-valued cell at unescaped ';' and add the trimmed items.
 * s is NUL-terminated at n and belongs to the current row: without
 * escapes, items are cut in place (no copy). */
static int add_list(engine *e, wide_ctx *w, micic_practice *p, micic_field f, char *s,
                    size_t n, const cell *c, long index) {
    size_t i = 0, run = 0;
    if (!memchr(s, '\\', n)) {
        while (run <= n) {
            char *semi = memchr(s + run, ';', n - run);
            size_t end = semi ? (size_t)(semi - s) : n, tlen;
            const char *t = micic__trim(s + run, end - run, &tlen);
            if (tlen) {
                int rc;
                s[(size_t)(t - s) + tlen] = '\0'; /* the ';', a blank or the NUL */
                rc = micic__rd_add_value(e->rd, p, f, t, tlen, NULL, c->line, c->col, index,
                                         &w->scratch);
                if (rc != MICIC_OK) return rc;
            }
            run = end + 1;
        }
        return MICIC_OK;
    }
    micic_buf_clear(&w->item);
    while (i <= n) {
        if (i == n || s[i] == ';') {
            size_t tlen;
            const char *t;
            micic_buf_append(&w->item, s + run, i - run);
            if (!micic_buf_cstr(&w->item)) return micic__error(e->rd->err, MICIC_ENOMEM, NULL);
            t = micic__trim(w->item.data, w->item.len, &tlen);
            if (tlen) {
                w->item.data[(size_t)(t - w->item.data) + tlen] = '\0'; /* no copy later */
                int rc = micic__rd_add_value(e->rd, p, f, t, tlen, NULL, c->line, c->col, index,
                                             &w->scratch);
                if (rc != MICIC_OK) return rc;
            }
            micic_buf_clear(&w->item);
            run = ++i;
        } else if (s[i] == '\\' && i + 1 < n && (s[i + 1] == ';' || s[i + 1] == '\\')) {
            micic_buf_append(&w->item, s + run, i - run);
            micic_buf_putc(&w->item, s[i + 1]);
            i += 2;
            run = i;
        } else {
            i++;
        }
    }
    return MICIC_OK;
}

/* Size the practice for the whole row before filling it
 * (micic__practice_reserve): a value per cell of a known field plus one per
 * ';' of a list cell, and room for the text of the free-text fields (id,
 * title, names, description, links: stored as copies, whereas vocabulary
 * values, countries and guideline numbers mostly point at the catalogue). */
static void reserve_row(const engine *e, const wide_ctx *w, micic_practice *p) {
    size_t i, nvalues = 0, text = 0;
    for (i = 0; i < e->ncells && i < w->ncols; i++) {
        const cell *c = &e->cells[i];
        micic_field f;
        if (!c->len || w->cols[i].field < 0) continue;
        f = (micic_field)w->cols[i].field;
        nvalues++;
        if (!micic_field_is_single(f)) {
            const char *s = e->bytes.data + c->off, *end = s + c->len;
            while ((s = memchr(s, ';', (size_t)(end - s))) != NULL) {
                nvalues++;
                s++;
            }
        }
        if (f != MICIC_FIELD_COUNTRY && f != MICIC_FIELD_GUIDELINE &&
            !micic_field_vocab(f, NULL))
            text += c->len + 1;
    }
    micic__practice_reserve(p, nvalues, text);
}

static int wide_row(engine *e) {
    wide_ctx *w = e->ctx;
    micic__rd *rd = e->rd;
    micic_practice *p;
    long index;
    size_t i;
    int rc = MICIC_OK;
    if (e->rows == 0) return wide_header(e, w);
    index = MICIC__RD_INDEX(rd);
    if (e->over_limit) return limit_reject(e, index);
    if (all_cells_empty(e)) return MICIC_OK;
    p = micic_practice_new();
    if (!p || micic_practice_set_record_location(p, rd->source, e->rec_line, e->rec_col, NULL))
        goto nomem;
    reserve_row(e, w, p);
    for (i = 0; i < e->ncells && rc == MICIC_OK; i++) {
        const cell *c = &e->cells[i];
        size_t len;
        char *s;
        if (!c->len) continue;
        if (!(s = cell_text(e, i, &len, &w->clean))) goto fail;
        if (i < w->ncols && w->cols[i].field >= 0) {
            micic_field f = (micic_field)w->cols[i].field;
            if (micic_field_is_single(f))
                rc = micic__rd_add_value(rd, p, f, s, len, NULL, c->line, c->col, index,
                                         &w->scratch);
            else
                rc = add_list(e, w, p, f, s, len, c, index);
        } else if (i < w->ncols) {
            rc = micic__rd_add_extra(rd, p, w->cols[i].label, s, len, c->line, c->col, index,
                                     &w->scratch);
        } else {
            micic_buf_clear(&w->label);
            micic_buf_printf(&w->label, "column %zu", i + 1);
            if (!micic_buf_cstr(&w->label)) goto nomem;
            rc = micic__rd_add_extra(rd, p, w->label.data, s, len, c->line, c->col, index,
                                     &w->scratch);
        }
    }
    if (rc != MICIC_OK) goto fail;
    if (e->ncells != w->ncols) {
        int col = e->ncells > w->ncols ? e->cells[w->ncols].col : e->rec_col;
        char v[64];
        snprintf(v, sizeof v, "%zu cells", e->ncells);
        rc = micic__rd_diag(rd, MICIC_CODE_RAGGED_ROW, index, micic_practice_id(p), NULL,
                            e->rec_line, col, v,
                            "row has %zu cells but the header has %zu (record kept%s)",
                            e->ncells, w->ncols,
                            e->ncells > w->ncols ? "; surplus cells kept as extras 'column N'"
                                                 : "; missing cells empty");
        if (rc != MICIC_OK) goto fail;
    }
    if ((rc = row_byte_diags(e, index, micic_practice_id(p))) != MICIC_OK) goto fail;
    return micic__rd_accept(rd, p);
nomem:
    rc = micic__error(rd->err, MICIC_ENOMEM, NULL);
fail:
    micic_practice_free(p);
    return rc ? rc : e->status;
}

/* Common tail of the readers: truncation, empty input, counting. found:
 * the input held at least one record (accepted or rejected). */
static int finish_read(engine *e, int rc, int found) {
    micic__rd *rd = e->rd;
    if (rc == MICIC_OK && e->truncated) {
        if (e->rows == 0) {
            rc = micic__rd_diag(rd, MICIC_CODE_TRUNCATED, -1, NULL, NULL, e->cell_line,
                                e->cell_col, NULL,
                                "unterminated quoted field at the end of the header");
        } else {
            rc = micic__rd_diag(rd, MICIC_CODE_TRUNCATED, MICIC__RD_INDEX(rd), NULL, NULL,
                                e->cell_line, e->cell_col, NULL,
                                "unterminated quoted field at the end of the input: record "
                                "rejected");
            micic__rd_reject(rd);
        }
    } else if (rc == MICIC_OK && e->rows == 0) {
        rc = micic__rd_diag(rd, MICIC_CODE_EMPTY_INPUT, -1, NULL, NULL, 1, 1, NULL,
                            "the input holds no header row and no records; expected a CSV "
                            "header row of field names, then one row per practice record");
    } else if (rc == MICIC_OK && !found) {
        rc = micic__rd_diag(rd, MICIC_CODE_EMPTY_INPUT, -1, NULL, NULL, e->head_line, 1, NULL,
                            "no practice record found: the CSV input has a header row but no "
                            "record rows; expected one row per practice record after the "
                            "header");
    }
    return rc;
}

static int read_wide(micic__rd *rd, const char *data, size_t len, FILE *in, int delim) {
    engine e;
    wide_ctx w;
    int rc;
    memset(&w, 0, sizeof w);
    if ((rc = engine_init(&e, rd, wide_row, &w, delim)) != MICIC_OK) return rc;
    rc = in ? engine_run_stream(&e, in) : engine_run_buffer(&e, data, len);
    rc = finish_read(&e, rc, MICIC__RD_INDEX(rd) > 0);
    engine_free(&e);
    wide_free(&w);
    return rc;
}

int micic__read_csv(micic_corpus *corpus, const char *data, size_t len, const char *source,
                    const micic_read_options *opts, micic_report *report, micic_error *err) {
    micic__rd rd;
    int rc;
    if (!corpus || (!data && len)) return micic__error(err, MICIC_EINVAL, "invalid argument");
    rc = micic__rd_init(&rd, source, opts, report, corpus, NULL, NULL, err);
    if (rc != MICIC_OK) return rc;
    rc = read_wide(&rd, data ? data : "", len, NULL, opts ? opts->delimiter : 0);
    micic__rd_finish(&rd);
    if (rc == MICIC_OK) micic_error_clear(err);
    return rc;
}

/* Read a stream in chunks into @p corpus (when not NULL) or through @p cb. */
static int stream_csv(FILE *in, const char *source, const micic_read_options *opts,
                      micic_corpus *corpus, micic_record_cb cb, void *payload,
                      micic_report *report, micic_error *err) {
    micic__rd rd;
    int rc;
    rc = micic__rd_init(&rd, source, opts, report, corpus, cb, payload, err);
    if (rc != MICIC_OK) return rc;
    rc = read_wide(&rd, NULL, 0, in, opts ? opts->delimiter : 0);
    micic__rd_finish(&rd);
    if (rc == MICIC_OK) micic_error_clear(err);
    return rc;
}

int micic__stream_csv(FILE *in, const char *source, const micic_read_options *opts,
                      micic_record_cb cb, void *payload, micic_report *report,
                      micic_error *err) {
    if (!in || !cb) return micic__error(err, MICIC_EINVAL, "invalid argument");
    return stream_csv(in, source, opts, NULL, cb, payload, report, err);
}

int micic__load_csv(FILE *in, const char *source, const micic_read_options *opts,
                    micic_corpus *corpus, micic_report *report, micic_error *err) {
    if (!in || !corpus) return micic__error(err, MICIC_EINVAL, "invalid argument");
    return stream_csv(in, source, opts, corpus, NULL, NULL, report, err);
}

/* ------------------------------------------------------------------ */
/* Long CSV: id,field,value                                             */
/* ------------------------------------------------------------------ */

typedef struct long_ctx {
    micic_practice **recs; /* records in first-seen order */
    size_t n, cap;
    micic__strmap index; /* id -> position in recs */
    micic_buf clean;
    micic_buf scratch;
    micic_buf label;
    micic_buf text[3]; /* id, field, value of the current row */
} long_ctx;

static void long_free(long_ctx *l) {
    size_t i;
    for (i = 0; i < l->n; i++) micic_practice_free(l->recs[i]);
    micic__free(l->recs);
    micic__strmap_free(&l->index);
    micic_buf_free(&l->clean);
    micic_buf_free(&l->scratch);
    micic_buf_free(&l->label);
    for (i = 0; i < 3; i++) micic_buf_free(&l->text[i]);
}

/* micic__field_lookup() of name without any white space at its ends
 * (U+200B, U+FEFF, NBSP...). */
static int field_trimmed(const char *name, micic_field *f) {
    char buf[128];
    size_t tlen;
    const char *t = micic__trim(name, strlen(name), &tlen);
    if (tlen == strlen(name) || tlen == 0 || tlen >= sizeof buf) return MICIC_ENOTFOUND;
    memcpy(buf, t, tlen);
    buf[tlen] = '\0';
    return micic__field_lookup(buf, f);
}

static int is_long_header(engine *e) {
    static const char *const names[3] = {"id", "field", "value"};
    size_t i;
    if (e->ncells != 3) return 0;
    for (i = 0; i < 3; i++) {
        size_t tlen;
        const char *t = micic__trim(e->bytes.data + e->cells[i].off, e->cells[i].len, &tlen);
        if (tlen != strlen(names[i]) || micic__strncasecmp(t, names[i], tlen) != 0) return 0;
    }
    return 1;
}

/* The record for id, created (in first-seen order) when new. */
static micic_practice *long_record(engine *e, long_ctx *l, const char *id, int line, int col,
                                   int *rc) {
    size_t *slot = micic__strmap_get(&l->index, id);
    micic_practice *p;
    *rc = MICIC_OK;
    if (slot) return l->recs[*slot];
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        micic_practice **a = micic__realloc(l->recs, cap * sizeof *a);
        if (!a) goto nomem;
        l->recs = a;
        l->cap = cap;
    }
    p = micic_practice_new();
    if (!p) goto nomem;
    if (micic_practice_set_record_location(p, e->rd->source, e->rec_line, e->rec_col, NULL) ||
        micic_practice_add(p, MICIC_FIELD_ID, id, id, e->rd->source, line, col, NULL) ||
        micic__strmap_put(&l->index, id, l->n, NULL)) {
        micic_practice_free(p);
        goto nomem;
    }
    l->recs[l->n++] = p;
    return p;
nomem:
    *rc = micic__error(e->rd->err, MICIC_ENOMEM, NULL);
    return NULL;
}

static int long_row(engine *e) {
    long_ctx *l = e->ctx;
    micic__rd *rd = e->rd;
    micic_practice *p;
    micic_field f;
    const char *id, *name, *value;
    size_t i, idlen, vlen;
    long index;
    int rc, line[3], col[3];
    if (e->rows == 0 && is_long_header(e)) return MICIC_OK;
    if (e->over_limit) {
        return micic__rd_diag(rd, MICIC_CODE_LIMIT, -1, NULL, NULL, e->rec_line, e->rec_col,
                              NULL, "row larger than the limit of %zu bytes skipped",
                              rd->max_record);
    }
    if (all_cells_empty(e)) return MICIC_OK;
    /* copy id, field, value (sanitized, trimmed id and field) */
    for (i = 0; i < 3; i++) {
        size_t len = 0;
        const char *s = "";
        micic_buf_clear(&l->text[i]);
        if (i < e->ncells && !(s = cell_text(e, i, &len, &l->clean))) return e->status;
        if (i == 0) s = micic__trim(s, len, &len);
        if (i == 1) s = trim_ascii(s, len, &len); /* an extra label as written */
        if (micic_buf_append(&l->text[i], s, len) != MICIC_OK || !micic_buf_cstr(&l->text[i]))
            return micic__error(rd->err, MICIC_ENOMEM, NULL);
    }
    id = l->text[0].data;
    idlen = l->text[0].len;
    name = l->text[1].data;
    value = l->text[2].data;
    vlen = l->text[2].len;
    if (!idlen) {
        index = MICIC__RD_INDEX(rd) + (long)l->n;
        rc = micic__rd_diag(rd, MICIC_CODE_RECORD_REJECTED, index, NULL, name, e->rec_line,
                            e->rec_col, value, "long-format row without an id rejected");
        micic__rd_reject(rd);
        return rc;
    }
    for (i = 0; i < 3; i++) {
        line[i] = i < e->ncells ? e->cells[i].line : e->rec_line;
        col[i] = i < e->ncells ? e->cells[i].col : e->rec_col;
    }
    if (!(p = long_record(e, l, id, line[0], col[0], &rc))) return rc;
    index = (long)*micic__strmap_get(&l->index, id) + MICIC__RD_INDEX(rd);
    if (e->ncells != 3) {
        char v[64];
        snprintf(v, sizeof v, "%zu cells", e->ncells);
        rc = micic__rd_diag(rd, MICIC_CODE_RAGGED_ROW, index, id, name, e->rec_line,
                            e->ncells > 3 ? e->cells[3].col : e->rec_col, v,
                            "long-format row has %zu cells instead of 3 (%s)", e->ncells,
                            e->ncells > 3 ? "surplus cells kept as extras 'column N'"
                                          : "missing cells empty");
        if (rc != MICIC_OK) return rc;
    }
    if (!*name) {
        /* no field name: keep the value as an extra "column 2" */
        if (vlen) {
            rc = micic__rd_add_extra(rd, p, "column 2", value, vlen, line[2],
                                     col[2], index, &l->scratch);
            if (rc != MICIC_OK) return rc;
        }
    } else if (micic__field_lookup(name, &f) == MICIC_OK ||
               field_trimmed(name, &f) == MICIC_OK) {
        /* the id row repeats the id: nothing to add */
        if (f != MICIC_FIELD_ID && vlen) {
            rc = micic__rd_add_value(rd, p, f, value, vlen, NULL, line[2],
                                     col[2], index, &l->scratch);
            if (rc != MICIC_OK) return rc;
        }
    } else {
        if ((rc = micic__rd_unknown_label(rd, name, line[1], col[1])))
            return rc;
        if (vlen) {
            rc = micic__rd_add_extra(rd, p, name, value, vlen, line[2],
                                     col[2], index, &l->scratch);
            if (rc != MICIC_OK) return rc;
        }
    }
    for (i = 3; i < e->ncells; i++) {
        size_t len;
        const char *s;
        if (!e->cells[i].len) continue;
        if (!(s = cell_text(e, i, &len, &l->clean))) return e->status;
        micic_buf_clear(&l->label);
        micic_buf_printf(&l->label, "column %zu", i + 1);
        if (!micic_buf_cstr(&l->label)) return micic__error(rd->err, MICIC_ENOMEM, NULL);
        rc = micic__rd_add_extra(rd, p, l->label.data, s, len, e->cells[i].line,
                                 e->cells[i].col, index, &l->scratch);
        if (rc != MICIC_OK) return rc;
    }
    return row_byte_diags(e, index, id);
}

int micic__read_long(micic_corpus *corpus, const char *data, size_t len, const char *source,
                     const micic_read_options *opts, micic_report *report, micic_error *err) {
    micic__rd rd;
    engine e;
    long_ctx l;
    size_t i;
    int rc;
    if (!corpus || (!data && len)) return micic__error(err, MICIC_EINVAL, "invalid argument");
    rc = micic__rd_init(&rd, source, opts, report, corpus, NULL, NULL, err);
    if (rc != MICIC_OK) return rc;
    memset(&l, 0, sizeof l);
    if ((rc = engine_init(&e, &rd, long_row, &l, opts ? opts->delimiter : 0)) == MICIC_OK) {
        rc = engine_run_buffer(&e, data ? data : "", len);
        rc = finish_read(&e, rc, l.n > 0 || rd.rejected > 0);
        engine_free(&e);
    }
    /* hand over the grouped records in first-seen order */
    for (i = 0; i < l.n; i++) {
        micic_practice *p = l.recs[i];
        l.recs[i] = NULL;
        if (rc == MICIC_OK) rc = micic__rd_accept(&rd, p);
        else micic_practice_free(p);
    }
    long_free(&l);
    micic__rd_finish(&rd);
    if (rc == MICIC_OK) micic_error_clear(err);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Writers                                                              */
/* ------------------------------------------------------------------ */

/* Append one cell, RFC 4180-quoted (csv_write) when it needs quotes. */
static int put_cell(micic_buf *b, const char *s, size_t n) {
    size_t i;
    int quote = n > 0 && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t' ||
                          s[n - 1] == '\r');
    for (i = 0; i < n && !quote; i++) {
        char c = s[i];
        quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    if (!quote) return micic_buf_append(b, s, n);
    {
        size_t need = csv_write(NULL, 0, s, n);
        if (micic_buf_reserve(b, need) != MICIC_OK) return MICIC_ENOMEM;
        b->len += csv_write(b->data + b->len, need, s, n);
        b->data[b->len] = '\0';
    }
    return MICIC_OK;
}

/* Append v with ';' and '\' escaped ("\;", "\\"). */
static int put_escaped(micic_buf *b, const char *v) {
    const char *run = v;
    for (; *v; v++) {
        if (*v == ';' || *v == '\\') {
            micic_buf_append(b, run, (size_t)(v - run));
            micic_buf_putc(b, '\\');
            run = v;
        }
    }
    return micic_buf_append(b, run, (size_t)(v - run));
}

/* Cell text of field f: the value, or the list joined with "; " (escaped). */
static int field_cell(micic_buf *cellb, const micic_practice *p, micic_field f) {
    size_t i, n = micic_practice_count(p, f);
    micic_buf_clear(cellb);
    if (micic_field_is_single(f)) return n ? micic_buf_puts(cellb, micic_practice_value(p, f, 0))
                                          : MICIC_OK;
    for (i = 0; i < n; i++) {
        if (i) micic_buf_append(cellb, "; ", 2);
        put_escaped(cellb, micic_practice_value(p, f, i));
    }
    return cellb->failed ? MICIC_ENOMEM : MICIC_OK;
}

/* Occurrence number (1-based) of extra i's label among extras 0..i. */
static size_t extra_occurrence(const micic_practice *p, size_t i) {
    const char *label = micic_practice_extra_label(p, i);
    size_t j, k = 1;
    for (j = 0; j < i; j++)
        if (strcmp(micic_practice_extra_label(p, j), label) == 0) k++;
    return k;
}

typedef struct extra_col {
    const char *label; /* borrowed from a record of the corpus */
    size_t count;      /* columns for this label (max occurrences in a record) */
    size_t first;      /* index of its first column among the extra columns */
} extra_col;

static int flush_if_full(FILE *out, micic_buf *b, micic_error *err) {
    int rc;
    if (b->failed) return micic__error(err, MICIC_ENOMEM, NULL);
    if (b->len < WRITE_FLUSH) return MICIC_OK;
    rc = micic__write_all(out, b->data, b->len, err);
    micic_buf_clear(b);
    return rc;
}

int micic__write_csv(const micic_corpus *corpus, FILE *out, const micic_write_options *opts,
                     micic_error *err) {
    micic__strmap map = MICIC__STRMAP_INIT;
    extra_col *cols = NULL;
    const char **row = NULL; /* extra values of the current record by column */
    size_t ncols = 0, capcols = 0, nextra_cols = 0, r, i, n;
    micic_buf b = MICIC_BUF_INIT, cellb = MICIC_BUF_INIT;
    int rc = MICIC_OK;
    if (!corpus || !out) return micic__error(err, MICIC_EINVAL, "invalid argument");
    if (opts && opts->version != MICIC_WRITE_OPTIONS_VERSION)
        return micic__error(err, MICIC_EVERSION, "write options version %d is not supported",
                            opts->version);
    n = micic_corpus_size(corpus);
    /* the extra columns: union of labels in first-seen order, each repeated
     * as often as it occurs in one record at most */
    for (r = 0; r < n; r++) {
        const micic_practice *p = micic_corpus_get(corpus, r);
        for (i = 0; i < micic_practice_extra_count(p); i++) {
            const char *label = micic_practice_extra_label(p, i);
            size_t *slot = micic__strmap_get(&map, label), k = extra_occurrence(p, i);
            if (!slot) {
                if (ncols == capcols) {
                    size_t cap = capcols ? capcols * 2 : 8;
                    extra_col *a = micic__realloc(cols, cap * sizeof *a);
                    if (!a) goto nomem;
                    cols = a;
                    capcols = cap;
                }
                if (micic__strmap_put(&map, label, ncols, NULL) != MICIC_OK) goto nomem;
                cols[ncols].label = label;
                cols[ncols].count = 1;
                ncols++;
            } else if (k > cols[*slot].count) {
                cols[*slot].count = k;
            }
        }
    }
    for (i = 0; i < ncols; i++) {
        cols[i].first = nextra_cols;
        nextra_cols += cols[i].count;
    }
    row = micic__calloc(nextra_cols ? nextra_cols : 1, sizeof *row);
    if (!row) goto nomem;
    /* header */
    for (i = 0; i < MICIC_FIELD_COUNT; i++) {
        if (i) micic_buf_putc(&b, ',');
        micic_buf_puts(&b, micic_field_name((micic_field)i));
    }
    for (i = 0; i < ncols; i++) {
        size_t k;
        for (k = 0; k < cols[i].count; k++) {
            micic_buf_putc(&b, ',');
            put_cell(&b, cols[i].label, strlen(cols[i].label));
        }
    }
    micic_buf_putc(&b, '\n');
    /* records */
    for (r = 0; r < n; r++) {
        const micic_practice *p = micic_corpus_get(corpus, r);
        for (i = 0; i < MICIC_FIELD_COUNT; i++) {
            if (i) micic_buf_putc(&b, ',');
            if (field_cell(&cellb, p, (micic_field)i) != MICIC_OK) goto nomem;
            if (put_cell(&b, cellb.data ? cellb.data : "", cellb.len) != MICIC_OK) goto nomem;
        }
        if (nextra_cols) {
            memset(row, 0, nextra_cols * sizeof *row);
            for (i = 0; i < micic_practice_extra_count(p); i++) {
                size_t *slot = micic__strmap_get(&map, micic_practice_extra_label(p, i));
                row[cols[*slot].first + extra_occurrence(p, i) - 1] =
                    micic_practice_extra_value(p, i);
            }
            for (i = 0; i < nextra_cols; i++) {
                micic_buf_putc(&b, ',');
                if (row[i] && put_cell(&b, row[i], strlen(row[i])) != MICIC_OK) goto nomem;
            }
        }
        micic_buf_putc(&b, '\n');
        if ((rc = flush_if_full(out, &b, err)) != MICIC_OK) goto done;
    }
    if (b.failed) goto nomem;
    rc = micic__write_all(out, b.data, b.len, err);
    if (rc == MICIC_OK && fflush(out) != 0) rc = micic__error(err, MICIC_EIO, "write failed");
    goto done;
nomem:
    rc = micic__error(err, MICIC_ENOMEM, NULL);
done:
    micic__strmap_free(&map);
    micic__free(cols);
    micic__free(row);
    micic_buf_free(&b);
    micic_buf_free(&cellb);
    if (rc == MICIC_OK) micic_error_clear(err);
    return rc;
}

static int long_line(micic_buf *b, const char *id, const char *field, const char *value) {
    put_cell(b, id, strlen(id));
    micic_buf_putc(b, ',');
    put_cell(b, field, strlen(field));
    micic_buf_putc(b, ',');
    put_cell(b, value, strlen(value));
    return micic_buf_putc(b, '\n');
}

int micic__write_long(const micic_corpus *corpus, FILE *out, const micic_write_options *opts,
                      micic_error *err) {
    micic_buf b = MICIC_BUF_INIT;
    size_t r, n, i, j;
    int rc = MICIC_OK;
    if (!corpus || !out) return micic__error(err, MICIC_EINVAL, "invalid argument");
    if (opts && opts->version != MICIC_WRITE_OPTIONS_VERSION)
        return micic__error(err, MICIC_EVERSION, "write options version %d is not supported",
                            opts->version);
    n = micic_corpus_size(corpus);
    micic_buf_puts(&b, "id,field,value\n");
    for (r = 0; r < n && rc == MICIC_OK; r++) {
        const micic_practice *p = micic_corpus_get(corpus, r);
        const char *id = micic_practice_id(p);
        long_line(&b, id, "id", id);
        for (i = 1; i < MICIC_FIELD_COUNT; i++) {
            const char *name = micic_field_name((micic_field)i);
            for (j = 0; j < micic_practice_count(p, (micic_field)i); j++)
                long_line(&b, id, name, micic_practice_value(p, (micic_field)i, j));
        }
        for (j = 0; j < micic_practice_extra_count(p); j++)
            long_line(&b, id, micic_practice_extra_label(p, j),
                      micic_practice_extra_value(p, j));
        rc = flush_if_full(out, &b, err);
    }
    if (rc == MICIC_OK) {
        if (b.failed) rc = micic__error(err, MICIC_ENOMEM, NULL);
        else rc = micic__write_all(out, b.data, b.len, err);
    }
    if (rc == MICIC_OK && fflush(out) != 0) rc = micic__error(err, MICIC_EIO, "write failed");
    micic_buf_free(&b);
    if (rc == MICIC_OK) micic_error_clear(err);
    return rc;
}
