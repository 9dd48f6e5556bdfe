/*
 * Guideline documents (micic__read_guidelines): documents that recommend
 * practices, read into records of kind "Recommended Practice".
 *
 *  A. "Practices to Implement Guideline N: title" pages (seed 002):
 *     practices grouped by stakeholder heading, each "- Title" + "-" + text
 *     and bullets, or a plain title line + text right after the heading.
 *  B. Consultation documents "GUIDELINES AND EFFECTIVE PRACTICES" (seed
 *     003): phase sections, numbered themes, stakeholder headings, each
 *     practice "- **Title.** text" + sub-bullets.
 *  C. Guideline texts with "Sample Practices" (seed 000): recognized by
 *     paragraphs equal to the catalogue's guideline body text; each Sample
 *     Practice becomes a record tied to its guideline.
 *
 * The choices (stakeholder headings, the consultation themes mapped to
 * guidelines, what seed 000 yields) are documented in docs/formats-text.md.
 */
#include <stdio.h>
#include <string.h>

#include "fmt_common.h"
#include "fold.h"
#include "io_internal.h"
#include "micic/catalogue.h"
#include "micic/practice.h"
#include "micic/report.h"
#include "text_internal.h"

#define SOURCE_GUIDELINES "MICIC Guidelines"
#define EXTRA_GROUP "stakeholder_group"
#define EXTRA_THEME "consultation_theme"

/* ------------------------------------------------------------------ */
/* Small text helpers                                                   */
/* ------------------------------------------------------------------ */

/* First line of a field-collection page and the print line of a guideline
 * page (micicinitiative.iom.int). */
#define FIELD_COLLECTION "Practices by Stakeholder"
#define PRINT_LINE "Print the Guideline"

static int starts_with_ci(const char *s, size_t n, const char *prefix) {
    size_t k = strlen(prefix);
    return n >= k && micic__strncasecmp(s, prefix, k) == 0;
}

/* First occurrence of needle in s[0..n), or NULL. */
static const char *find_in(const char *s, size_t n, const char *needle) {
    size_t k = strlen(needle), i;
    for (i = 0; i + k <= n; i++)
        if (memcmp(s + i, needle, k) == 0) return s + i;
    return NULL;
}

static int is_lower_start(const char *s, size_t n) {
    return n > 0 && s[0] >= 'a' && s[0] <= 'z';
}

static int ends_sentence(const char *s, size_t n) {
    return n > 0 && strchr(".:;!?,", s[n - 1]) != NULL;
}

/* Text of a stakeholder heading without a trailing ':' (ASCII trimmed). */
static size_t heading_len(const char *s, size_t n) {
    while (n > 0 && (s[n - 1] == ':' || s[n - 1] == ' ')) n--;
    return n;
}

/* Stakeholder heading: 1 = all/multiple stakeholders, 2 = a stakeholder
 * type (the vocabulary knows it), 0 = not a heading. */
static int stakeholder_heading(const char *s, size_t n) {
    char buf[64];
    size_t hn = heading_len(s, n);
    if (hn == 0 || hn >= sizeof buf) return 0;
    memcpy(buf, s, hn);
    buf[hn] = '\0';
    if (micic__strcasecmp(buf, "All stakeholders") == 0 ||
        micic__strcasecmp(buf, "Multiple stakeholders") == 0)
        return 1;
    return micic_vocab_lookup(MICIC_VOCAB_STAKEHOLDER_TYPE, buf) ? 2 : 0;
}

/* ------------------------------------------------------------------ */
/* Reading context                                                      */
/* ------------------------------------------------------------------ */

typedef struct gctx {
    micic__rd rd;
    micic__tdoc doc;
    micic_buf tmp;
    micic_buf clean;
    /* practice being read */
    micic_practice *p;
    micic_buf desc;
    int desc_line, desc_col, desc_last_bullet;
    size_t start_offset;
    int start_line;
    /* what the practice inherits from the headings above it */
    const micic__tline *stake;  /* stakeholder heading line, or NULL */
    int stake_kind;
    const micic__tline *phase_line;
    micic_phase phase;
    const micic__tline *gl_line;  /* heading that names the guideline */
    const char *gl_text;          /* its text naming the guideline */
    size_t gl_n;
    int gl_col;
    int guideline;                /* 0 = none */
    const micic__tline *theme_line; /* consultation theme heading */
    const char *source;           /* publication, or NULL */
    size_t found;
} gctx;

static int g_oom(gctx *g) { return micic__error(g->rd.err, MICIC_ENOMEM, NULL); }

/* Add s[0..n) as (original) to field f; value NULL lets the model
 * canonicalize it. */
static int g_add(gctx *g, micic_field f, const char *s, size_t n, const char *value, int line,
                 int col) {
    size_t keep = micic__utf8_cut(s, n, g->rd.max_field);
    int rc;
    if (keep < n &&
        (rc = micic__rd_diag(&g->rd, MICIC_CODE_LIMIT, MICIC__RD_INDEX(&g->rd), NULL,
                             micic_field_name(f), line, col, NULL,
                             "value of %zu bytes cut to the limit of %zu bytes", n,
                             g->rd.max_field)) != MICIC_OK)
        return rc;
    micic_buf_clear(&g->tmp);
    if (micic_buf_append(&g->tmp, s, keep) != MICIC_OK || !micic_buf_cstr(&g->tmp))
        return g_oom(g);
    rc = micic_practice_add(g->p, f, g->tmp.data, value, g->rd.source, line, col, g->rd.err);
    return rc == MICIC_ENOMEM ? rc : MICIC_OK;
}

static int g_add_str(gctx *g, micic_field f, const char *s, const char *value, int line,
                     int col) {
    return g_add(g, f, s, strlen(s), value, line, col);
}

/* Markdown left-overs of seed 003: "[text](#)" -> "text", "[text](url)" ->
 * "text (url)", "\(" -> "(". Result in g->clean. */
static const char *clean_markdown(gctx *g, const char *s, size_t n, size_t *out_n) {
    size_t i = 0;
    micic_buf_clear(&g->clean);
    while (i < n) {
        if (s[i] == '\\' && i + 1 < n && strchr("()[]*_#", s[i + 1])) {
            micic_buf_putc(&g->clean, s[i + 1]);
            i += 2;
            continue;
        }
        if (s[i] == '[') {
            const char *close = memchr(s + i + 1, ']', n - i - 1);
            if (close && (size_t)(close - s) + 1 < n && close[1] == '(') {
                size_t a = (size_t)(close - s) + 2, b = a;
                while (b < n && s[b] != ')') {
                    if (s[b] == '\\' && b + 1 < n) b++;
                    b++;
                }
                if (b < n) {
                    size_t inner = (size_t)(close - s) - i - 1;
                    size_t k;
                    for (k = i + 1; k < i + 1 + inner; k++) {
                        if (s[k] == '\\' && k + 1 < i + 1 + inner) k++;
                        micic_buf_putc(&g->clean, s[k]);
                    }
                    if (!(b - a == 1 && s[a] == '#') && b > a) {
                        micic_buf_puts(&g->clean, " (");
                        micic_buf_append(&g->clean, s + a, b - a);
                        micic_buf_putc(&g->clean, ')');
                    }
                    i = b + 1;
                    continue;
                }
            }
        }
        micic_buf_putc(&g->clean, s[i]);
        i++;
    }
    if (!micic_buf_cstr(&g->clean)) return NULL;
    *out_n = g->clean.len;
    return g->clean.data;
}

/* Append one line of a practice's text to its description: a line that
 * continues a cut sentence (previous text without final punctuation, this
 * one starting in lower case) joins it with a space; bullets ("- ...")
 * follow each other on single lines; other lines are paragraphs. */
static int desc_append(gctx *g, const micic__tline *l, const char *s, size_t n) {
    int bullet = n > 0 && (s[0] == '-' || s[0] == '*');
    size_t cn;
    const char *c = clean_markdown(g, s, n, &cn);
    if (!c) return g_oom(g);
    if (cn == 0) return MICIC_OK;
    if (g->desc.len == 0) {
        g->desc_line = l->line;
        g->desc_col = l->col + (int)micic__utf8_chars(l->s, (size_t)(s - l->s));
    } else if (!ends_sentence(g->desc.data, g->desc.len) && is_lower_start(c, cn)) {
        micic_buf_putc(&g->desc, ' ');
        bullet = g->desc_last_bullet;
    } else {
        micic_buf_puts(&g->desc, bullet && g->desc_last_bullet ? "\n" : "\n\n");
    }
    g->desc_last_bullet = bullet;
    if (micic_buf_append(&g->desc, c, cn) != MICIC_OK) return g_oom(g);
    return MICIC_OK;
}

/* Start a practice titled s[0..n) on line l. */
static int start_practice(gctx *g, const micic__tline *l, const char *s, size_t n) {
    size_t cn;
    const char *c;
    int col = l->col + (int)micic__utf8_chars(l->s, (size_t)(s - l->s));
    g->p = micic_practice_new();
    if (!g->p) return g_oom(g);
    micic_buf_clear(&g->desc);
    g->desc_last_bullet = 0;
    g->start_offset = l->offset;
    g->start_line = l->line;
    if (micic_practice_set_record_location(g->p, g->rd.source, l->line, col, g->rd.err) !=
        MICIC_OK)
        return g_oom(g);
    c = clean_markdown(g, s, n, &cn);
    if (!c) return g_oom(g);
    while (cn > 0 && (c[cn - 1] == '.' || c[cn - 1] == ':' || c[cn - 1] == ' ')) cn--;
    return cn ? g_add(g, MICIC_FIELD_TITLE, c, cn, NULL, l->line, col) : MICIC_OK;
}

/* Finish the practice being read: inherited fields, limits, hand over. */
static int finish_practice(gctx *g, size_t end_offset) {
    micic_practice *p = g->p;
    long index = MICIC__RD_INDEX(&g->rd);
    int rc = MICIC_OK;
    if (!p) return MICIC_OK;
    if (g->desc.len && micic_buf_cstr(&g->desc))
        rc = g_add(g, MICIC_FIELD_DESCRIPTION, g->desc.data, g->desc.len, NULL, g->desc_line,
                   g->desc_col);
    if (rc == MICIC_OK && g->stake) {
        const micic__tline *h = g->stake;
        size_t hn = heading_len(h->s, h->n);
        if (g->stake_kind == 2)
            rc = g_add(g, MICIC_FIELD_STAKEHOLDER_TYPE, h->s, hn, NULL, h->line, h->col);
        else if (micic_practice_add_extra(p, EXTRA_GROUP, "All", g->rd.err) != MICIC_OK)
            rc = g_oom(g);
    }
    if (rc == MICIC_OK && g->phase != MICIC_PHASE_NONE) {
        const micic__tline *h = g->phase_line;
        const char *label = micic_phase_label(g->phase);
        rc = h ? g_add(g, MICIC_FIELD_PHASE, h->s, heading_len(h->s, h->n), label, h->line,
                       h->col)
               : g_add_str(g, MICIC_FIELD_PHASE, label, NULL, 0, 0);
    }
    if (rc == MICIC_OK && g->guideline) {
        const micic_guideline *gl = micic_guideline_get(g->guideline);
        char num[8];
        int line = g->gl_line ? g->gl_line->line : 0;
        snprintf(num, sizeof num, "%d", g->guideline);
        rc = g->gl_text ? g_add(g, MICIC_FIELD_GUIDELINE, g->gl_text, g->gl_n, num, line,
                                g->gl_col)
                        : g_add_str(g, MICIC_FIELD_GUIDELINE, num, NULL, line, g->gl_col);
        if (rc == MICIC_OK)
            rc = g->gl_text ? g_add(g, MICIC_FIELD_THEME, g->gl_text, g->gl_n,
                                    micic_guideline_theme(gl), line, g->gl_col)
                            : g_add_str(g, MICIC_FIELD_THEME, micic_guideline_theme(gl), NULL,
                                        line, g->gl_col);
    }
    if (rc == MICIC_OK && g->source)
        rc = g_add_str(g, MICIC_FIELD_SOURCE, g->source, NULL, 0, 0);
    if (rc == MICIC_OK)
        rc = g_add_str(g, MICIC_FIELD_KIND, MICIC_KIND_RECOMMENDED, NULL, 0, 0);
    if (rc == MICIC_OK && g->theme_line) { /* consultation theme, sentence case */
        size_t k, n = g->theme_line->n;
        const char *s = g->theme_line->s;
        while (n && s[0] >= '0' && s[0] <= '9') s++, n--;
        while (n && (s[0] == '.' || s[0] == ' ')) s++, n--;
        micic_buf_clear(&g->tmp);
        for (k = 0; k < n; k++) {
            char c = s[k];
            if (k > 0 && c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
            micic_buf_putc(&g->tmp, c);
        }
        if (!micic_buf_cstr(&g->tmp) ||
            micic_practice_add_extra(p, EXTRA_THEME, g->tmp.data, g->rd.err) != MICIC_OK)
            rc = g_oom(g);
    }
    g->p = NULL;
    if (rc != MICIC_OK) {
        micic_practice_free(p);
        return rc;
    }
    if (end_offset - g->start_offset > g->rd.max_record) {
        micic_practice_free(p);
        micic__rd_reject(&g->rd);
        rc = micic__rd_diag(&g->rd, MICIC_CODE_RECORD_REJECTED, index, NULL, NULL,
                            g->start_line, 1, NULL,
                            "record rejected: %zu bytes, more than max_record_bytes (%zu)",
                            end_offset - g->start_offset, g->rd.max_record);
        return rc;
    }
    g->found++;
    if ((rc = micic__rd_accept(&g->rd, p)) != MICIC_OK) return rc;
    return micic__rd_progress(&g->rd, end_offset, g->doc.input_len);
}

static size_t next_offset(const gctx *g, size_t i) {
    return i + 1 < g->doc.nlines ? g->doc.lines[i + 1].offset : g->doc.input_len;
}

/* Index of the next non-blank line after i, or nlines. */
static size_t next_nonblank(const gctx *g, size_t i) {
    for (i++; i < g->doc.nlines; i++)
        if (g->doc.lines[i].n) break;
    return i;
}

/* ------------------------------------------------------------------ */
/* A. "Practices to Implement Guideline N"                              */
/* ------------------------------------------------------------------ */

#define PTI "Practices to Implement "

/* Line i, inside a practice, is the title of the next one: a short line
 * that starts with a capital and ends without punctuation, standing right
 * after a bullet list (no blank line: copied pages lose it) and followed by
 * a blank line and the practice's text. */
static int next_title_line(const gctx *g, size_t i) {
    const micic__tline *l = &g->doc.lines[i], *prev = &g->doc.lines[i - 1];
    size_t nx;
    if (l->n == 0 || l->n > 120 || ends_sentence(l->s, l->n) || micic__text_is_bullet(l->s, l->n) ||
        !(l->s[0] >= 'A' && l->s[0] <= 'Z'))
        return 0;
    if (!micic__text_is_bullet(prev->s, prev->n)) return 0;
    if (i + 1 >= g->doc.nlines || g->doc.lines[i + 1].n != 0) return 0;
    nx = next_nonblank(g, i);
    return nx < g->doc.nlines && !stakeholder_heading(g->doc.lines[nx].s, g->doc.lines[nx].n);
}

static int parse_pti(gctx *g) {
    size_t i;
    int rc, in_section = 0, after_heading = 0;
    for (i = 0; i < g->doc.nlines; i++) {
        const micic__tline *l = &g->doc.lines[i];
        const char *s = l->s;
        size_t n = l->n, nx;
        int kind;
        if (n == 0) continue;
        if (starts_with_ci(s, n, PTI "Guideline")) {
            char buf[400];
            int num = 0, tm = 0;
            size_t k = strlen(PTI);
            if ((rc = finish_practice(g, l->offset)) != MICIC_OK) return rc;
            g->gl_text = s + k;
            g->gl_n = n - k;
            g->gl_col = l->col + (int)k;
            g->gl_line = l;
            g->guideline = 0;
            if (g->gl_n < sizeof buf) {
                memcpy(buf, g->gl_text, g->gl_n);
                buf[g->gl_n] = '\0';
                micic_guideline_title_match(buf, &num, &tm);
            }
            g->guideline = num ? num : tm;
            if (num && tm && num != tm &&
                (rc = micic__rd_diag(&g->rd, MICIC_CODE_TITLE_MISMATCH, -1, NULL, "guideline",
                                     l->line, l->col, buf,
                                     "heading names guideline %d but the title of guideline "
                                     "%d; using %d",
                                     num, tm, num)) != MICIC_OK)
                return rc;
            if (g->guideline) {
                g->phase = micic_guideline_phase(micic_guideline_get(g->guideline));
                g->phase_line = NULL;
            }
            g->stake = NULL;
            in_section = 1;
            continue;
        }
        if (!in_section) continue;
        if ((kind = stakeholder_heading(s, n)) != 0) {
            if ((rc = finish_practice(g, l->offset)) != MICIC_OK) return rc;
            g->stake = l;
            g->stake_kind = kind;
            after_heading = 1;
            continue;
        }
        if (!g->stake) continue; /* the guideline's summary */
        if (n == 1 && s[0] == '-') continue;
        nx = next_nonblank(g, i);
        if (n > 2 && s[0] == '-' && nx < g->doc.nlines && g->doc.lines[nx].n == 1 &&
            g->doc.lines[nx].s[0] == '-') { /* "- Title" then "-" */
            const char *t = micic__trim(s + 1, n - 1, &n);
            if ((rc = finish_practice(g, l->offset)) != MICIC_OK) return rc;
            if ((rc = start_practice(g, l, t, n)) != MICIC_OK) return rc;
            after_heading = 0;
            continue;
        }
        if (after_heading && !g->p && n <= 150 && !ends_sentence(s, n) && s[0] != '-' &&
            nx < g->doc.nlines && !(g->doc.lines[nx].n == 1 && g->doc.lines[nx].s[0] == '-') &&
            !stakeholder_heading(g->doc.lines[nx].s, g->doc.lines[nx].n)) {
            if ((rc = start_practice(g, l, s, n)) != MICIC_OK) return rc;
            after_heading = 0;
            continue;
        }
        if (g->p && i > 0 && next_title_line(g, i)) { /* the next practice's title */
            if ((rc = finish_practice(g, l->offset)) != MICIC_OK) return rc;
            if ((rc = start_practice(g, l, s, n)) != MICIC_OK) return rc;
            after_heading = 0;
            continue;
        }
        after_heading = 0;
        if (g->p && (rc = desc_append(g, l, s, n)) != MICIC_OK) return rc;
        /* else: a note under the heading that is no practice: skipped */
    }
    return finish_practice(g, g->doc.input_len);
}

/* ------------------------------------------------------------------ */
/* A2. Field-collection pages "Practices by Stakeholder N"               */
/* ------------------------------------------------------------------ */

/* A label of the page's own form with no value ("Description: "). */
static int empty_form_label(const char *s, size_t n) {
    return n > 1 && s[n - 1] == ':' && n <= 40 &&
           (starts_with_ci(s, n, "Type of Practices by Stakeholder") ||
            starts_with_ci(s, n, "Description"));
}

/* "Practices by Stakeholder N": a page of recommended practices that names
 * neither its stakeholder group nor a guideline. Each practice is a title
 * line (short, a capital first, no final punctuation, not a bullet) and
 * the paragraphs and bullets under it. */
static int parse_field_collection(gctx *g) {
    size_t i;
    int rc, started = 0;
    for (i = 0; i < g->doc.nlines; i++) {
        const micic__tline *l = &g->doc.lines[i];
        const char *s = l->s;
        size_t n = l->n;
        if (n == 0) continue;
        if (!started) { /* the page's own title line */
            started = starts_with_ci(s, n, FIELD_COLLECTION);
            continue;
        }
        if (empty_form_label(s, n)) continue;
        if (n <= 150 && !ends_sentence(s, n) && !micic__text_is_bullet(s, n) &&
            ((s[0] >= 'A' && s[0] <= 'Z') || (unsigned char)s[0] >= 0xC0) &&
            (!g->p || g->doc.lines[i - 1].n == 0 ||
             micic__text_is_bullet(g->doc.lines[i - 1].s, g->doc.lines[i - 1].n))) {
            if ((rc = finish_practice(g, l->offset)) != MICIC_OK) return rc;
            if ((rc = start_practice(g, l, s, n)) != MICIC_OK) return rc;
            continue;
        }
        if (g->p && (rc = desc_append(g, l, s, n)) != MICIC_OK) return rc;
    }
    return finish_practice(g, g->doc.input_len);
}

/* ------------------------------------------------------------------ */
/* B. Consultation documents "GUIDELINES AND EFFECTIVE PRACTICES"       */
/* ------------------------------------------------------------------ */

/* Consultation themes mapped to a guideline (only where the theme is
 * clearly that guideline's subject; see docs/formats-text.md). Compared
 * case-insensitively with the heading text after its number. */
static const struct {
    const char *theme;
    int guideline;
} CONSULTATION_THEMES[] = {
    {"Data on migrants", 2},
    {"Information to and communication with and about migrants", 6},
    {"Empower migrants", 3},
    {"Capacity building and support", 8},
};

/* Phase of a "I: PRE-CRISIS PHASE:" heading, NONE when it is not one. */
static micic_phase phase_heading(const char *s, size_t n) {
    size_t i = 0;
    char buf[80];
    micic_phase ph;
    while (i < n && (s[i] == 'I' || s[i] == 'V' || s[i] == 'X')) i++;
    if (i == 0 || i >= n || (s[i] != ':' && s[i] != '.')) return MICIC_PHASE_NONE;
    i++;
    while (i < n && s[i] == ' ') i++;
    n = heading_len(s, n);
    if (n <= i || n - i >= sizeof buf) return MICIC_PHASE_NONE;
    memcpy(buf, s + i, n - i);
    buf[n - i] = '\0';
    if (!strstr(buf, "PHASE") && !strstr(buf, "Phase") && !strstr(buf, "phase"))
        return MICIC_PHASE_NONE;
    ph = micic_phase_lookup(buf);
    if (ph != MICIC_PHASE_NONE) return ph;
    if (strstr(buf, "PRE-CRISIS") || strstr(buf, "Pre-crisis")) return MICIC_PHASE_PREPAREDNESS;
    if (strstr(buf, "EMERGENCY") || strstr(buf, "Emergency")) return MICIC_PHASE_EMERGENCY;
    if (strstr(buf, "POST-CRISIS") || strstr(buf, "Post-crisis")) return MICIC_PHASE_POST_CRISIS;
    return MICIC_PHASE_NONE;
}

/* "1. DATA ON MIGRANTS": a number, a dot, words in capitals. */
static int theme_heading(const char *s, size_t n) {
    size_t i = 0, k;
    int letters = 0;
    while (i < n && s[i] >= '0' && s[i] <= '9') i++;
    if (i == 0 || i > 2 || i >= n || s[i] != '.') return 0;
    for (k = i + 1; k < n; k++) {
        if (s[k] >= 'a' && s[k] <= 'z') return 0;
        if (s[k] >= 'A' && s[k] <= 'Z') letters++;
    }
    return letters >= 3;
}

/* A line of the table of contents ("4. Capacity building\t7", "...... 2"). */
static int toc_line(const char *s, size_t n) {
    size_t i;
    for (i = 0; i + 4 < n; i++)
        if (memcmp(s + i, ".....", 5) == 0) return 1;
    i = n;
    while (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9') i--;
    return i < n && i > 0 && s[i - 1] == '\t';
}

/* "- i. objective" (the guidelines a section opens with). */
static int objective_line(const char *s, size_t n) {
    size_t i = 1;
    if (n < 4 || s[0] != '-') return 0;
    while (i < n && s[i] == ' ') i++;
    if (i >= n || (s[i] != 'i' && s[i] != 'v' && s[i] != 'x')) return 0;
    while (i < n && (s[i] == 'i' || s[i] == 'v' || s[i] == 'x')) i++;
    return i < n && s[i] == '.';
}

static int map_theme(const micic__tline *l) {
    size_t i, n = l->n, k;
    const char *s = l->s;
    char buf[160];
    const micic_guideline *g;
    while (n && ((s[0] >= '0' && s[0] <= '9') || s[0] == '.' || s[0] == ' ')) s++, n--;
    for (i = 0; i < sizeof CONSULTATION_THEMES / sizeof CONSULTATION_THEMES[0]; i++) {
        const char *t = CONSULTATION_THEMES[i].theme;
        if (strlen(t) == n && micic__strncasecmp(s, t, n) == 0)
            return CONSULTATION_THEMES[i].guideline;
    }
    if (n >= sizeof buf) return 0;
    for (k = 0; k < n; k++) buf[k] = s[k];
    buf[n] = '\0';
    g = micic_guideline_by_theme(buf);
    return g ? micic_guideline_number(g) : 0;
}

static int parse_consultation(gctx *g) {
    size_t i;
    int rc;
    micic_buf src = MICIC_BUF_INIT;
    int started = 0;
    /* the consultation's name, from the title page */
    for (i = 0; i < g->doc.nlines; i++) {
        const micic__tline *l = &g->doc.lines[i];
        if (phase_heading(l->s, l->n) != MICIC_PHASE_NONE || starts_with_ci(l->s, l->n, "TABLE OF"))
            break;
        if (l->n && l->n <= 100 && find_in(l->s, l->n, "Consultation") && !g->source) {
            micic_buf_append(&src, l->s, l->n);
            if (!micic_buf_cstr(&src)) return g_oom(g);
            g->source = src.data;
        }
    }
    for (i = 0; i < g->doc.nlines; i++) {
        const micic__tline *l = &g->doc.lines[i];
        const char *s = l->s;
        size_t n = l->n;
        micic_phase ph;
        int kind;
        if (n == 0 || toc_line(s, n)) continue;
        if ((ph = phase_heading(s, n)) != MICIC_PHASE_NONE) {
            if ((rc = finish_practice(g, l->offset)) != MICIC_OK) goto done;
            g->phase = ph;
            g->phase_line = l;
            g->theme_line = NULL;
            g->guideline = 0;
            g->gl_text = NULL;
            g->gl_line = NULL;
            g->stake = NULL;
            started = 1;
            continue;
        }
        if (!started) continue;
        if (theme_heading(s, n)) {
            if ((rc = finish_practice(g, l->offset)) != MICIC_OK) goto done;
            g->theme_line = l;
            g->guideline = map_theme(l);
            g->gl_text = g->guideline ? s : NULL;
            g->gl_n = n;
            g->gl_col = l->col;
            g->gl_line = l;
            g->stake = NULL;
            continue;
        }
        if (starts_with_ci(s, n, "Contact:")) {
            if ((rc = finish_practice(g, l->offset)) != MICIC_OK) goto done;
            started = 0;
            continue;
        }
        if (starts_with_ci(s, n, "Among others") || objective_line(s, n)) {
            if ((rc = finish_practice(g, l->offset)) != MICIC_OK) goto done;
            g->stake = NULL;
            continue;
        }
        if ((kind = stakeholder_heading(s, n)) != 0) {
            if ((rc = finish_practice(g, l->offset)) != MICIC_OK) goto done;
            g->stake = l;
            g->stake_kind = kind;
            continue;
        }
        if (n > 4 && s[0] == '-' && find_in(s, n, "**")) {
            const char *t = find_in(s, n, "**");
            size_t k = (size_t)(t - s);
            int only_space = 1, j;
            for (j = 1; (size_t)j < k; j++)
                if (s[j] != ' ') only_space = 0;
            if (only_space) {
                const char *title = t + 2, *close;
                size_t rest = n - k - 2;
                close = NULL;
                for (j = 0; (size_t)j + 1 < rest; j++)
                    if (title[j] == '*' && title[j + 1] == '*') {
                        close = title + j;
                        break;
                    }
                if (close) {
                    const char *body;
                    size_t bn;
                    if ((rc = finish_practice(g, l->offset)) != MICIC_OK) goto done;
                    if ((rc = start_practice(g, l, title, (size_t)(close - title))) != MICIC_OK)
                        goto done;
                    body = micic__trim(close + 2, n - (size_t)(close + 2 - s), &bn);
                    if (bn && (rc = desc_append(g, l, body, bn)) != MICIC_OK) goto done;
                    continue;
                }
            }
        }
        if (g->p && (rc = desc_append(g, l, s, n)) != MICIC_OK) goto done;
    }
    rc = finish_practice(g, g->doc.input_len);
done:
    g->source = NULL;
    micic_buf_free(&src);
    return rc;
}

/* ------------------------------------------------------------------ */
/* C. Guideline texts with Sample Practices (seed 000)                  */
/* ------------------------------------------------------------------ */

/* Guideline whose body text has a paragraph equal to s[0..n) (exact, or
 * equal after folding) in *num_out, 0 when none. Returns MICIC_ENOMEM when
 * memory ran out (a long text's key lives on the heap), else MICIC_OK. */
static int paragraph_guideline(const char *s, size_t n, int *num_out) {
    int num, rc = MICIC_OK;
    char lbuf[MICIC_FOLD_STACK], *lkey = NULL;
    *num_out = 0;
    if (n < 40) return MICIC_OK;
    for (num = 1; num <= 15; num++) {
        const char *t = micic_guideline_text(micic_guideline_get(num));
        while (t && *t) {
            const char *e = strstr(t, "\n\n");
            size_t pn = e ? (size_t)(e - t) : strlen(t), tn;
            const char *p = micic__trim(t, pn, &tn);
            if (tn == n && memcmp(p, s, n) == 0) {
                *num_out = num;
                goto done;
            }
            if (tn + tn / 5 >= n && n + n / 5 >= tn) {
                char pbuf[MICIC_FOLD_STACK], *pkey = NULL;
                int eq;
                if (!lkey) {
                    rc = micic__key(s, n, lbuf, sizeof lbuf, &lkey, NULL);
                    if (rc != MICIC_OK) {
                        lkey = NULL;
                        if (rc != MICIC_ENOMEM) rc = MICIC_OK; /* invalid UTF-8: no match */
                        goto done;
                    }
                }
                rc = micic__key(p, tn, pbuf, sizeof pbuf, &pkey, NULL);
                if (rc == MICIC_ENOMEM) goto done;
                eq = rc == MICIC_OK && strcmp(pkey, lkey) == 0;
                if (rc == MICIC_OK && pkey != pbuf) micic__free(pkey);
                rc = MICIC_OK;
                if (eq) {
                    *num_out = num;
                    goto done;
                }
            }
            t = e ? e + 2 : NULL;
        }
    }
done:
    if (lkey && lkey != lbuf) micic__free(lkey);
    return rc;
}

static int sample_heading(const char *s, size_t n) {
    return heading_len(s, n) == 16 && micic__strncasecmp(s, "sample practices", 16) == 0;
}

static int parse_samples(gctx *g) {
    size_t i;
    int rc, cur = 0, in_samples = 0;
    const micic__tline *gl_at = NULL;
    g->source = SOURCE_GUIDELINES;
    for (i = 0; i < g->doc.nlines; i++) {
        const micic__tline *l = &g->doc.lines[i];
        const char *s = l->s;
        size_t n = l->n;
        int num;
        if (n == 0) continue;
        if (sample_heading(s, n)) {
            in_samples = cur != 0;
            continue;
        }
        if (micic__text_is_guideline_heading(s, n)) { /* a guideline page's own heading */
            char buf[300];
            int tm = 0;
            size_t k = n < sizeof buf - 1 ? n : sizeof buf - 1;
            memcpy(buf, s, k);
            buf[k] = '\0';
            num = 0;
            micic_guideline_title_match(buf, &num, &tm);
            if (!num) num = tm;
        } else if ((rc = paragraph_guideline(s, n, &num)) != MICIC_OK) {
            return g_oom(g);
        }
        if (num != 0) {
            if (num != cur) gl_at = l;
            cur = num;
            in_samples = 0;
            continue;
        }
        if (!in_samples) continue; /* guideline text, or text that is no guideline's */
        if (s[0] == '-' || s[0] == '*') s = micic__trim(s + 1, n - 1, &n);
        if (n == 0) continue;
        if ((rc = start_practice(g, l, s, n)) != MICIC_OK) return rc;
        if ((rc = desc_append(g, l, s, n)) != MICIC_OK) return rc;
        g->guideline = cur;
        g->gl_line = gl_at;
        g->gl_text = NULL;
        g->gl_col = gl_at ? gl_at->col : 0;
        g->phase = micic_guideline_phase(micic_guideline_get(cur));
        g->phase_line = NULL;
        if ((rc = finish_practice(g, next_offset(g, i))) != MICIC_OK) return rc;
    }
    g->source = NULL;
    return MICIC_OK;
}

/* ------------------------------------------------------------------ */
/* Detection and entry point                                            */
/* ------------------------------------------------------------------ */

static int has_line_prefix(const char *data, size_t len, const char *needle) {
    size_t k = strlen(needle), i = 0;
    while (i < len) {
        const char *e = memchr(data + i, '\n', len - i);
        size_t ln = e ? (size_t)(e - data) - i : len - i, tn;
        const char *t = micic__trim(data + i, ln, &tn);
        if (tn >= k && micic__strncasecmp(t, needle, k) == 0) return 1;
        if (!e) break;
        i += ln + 1;
    }
    return 0;
}

int micic__guidelines_marker(const char *data, size_t len) {
    if (len > 65536) len = 65536;
    return has_line_prefix(data, len, PTI "Guideline") ||
           has_line_prefix(data, len, "GUIDELINES AND EFFECTIVE PRACTICES") ||
           has_line_prefix(data, len, FIELD_COLLECTION) ||
           has_line_prefix(data, len, PRINT_LINE);
}

int micic__guidelines_sniff(const char *data, size_t len) {
    size_t i = 0;
    int samples = 0, pass, num;
    if (len > (1u << 20)) len = 1u << 20;
    /* pass 0 (cheap): a "Sample Practices" line and no "GUIDELINE N"
       heading; pass 1: a line that is a paragraph of a guideline's text */
    for (pass = 0; pass < 2; pass++) {
        for (i = 0; i < len;) {
            const char *e = memchr(data + i, '\n', len - i);
            size_t ln = e ? (size_t)(e - data) - i : len - i, tn;
            const char *t = micic__trim(data + i, ln, &tn);
            if (pass == 0) {
                if (micic__text_is_guideline_heading(t, tn)) return 0;
                if (sample_heading(t, tn)) samples = 1;
            } else if (micic__utf8_valid(t, tn)) {
                if (paragraph_guideline(t, tn, &num) != MICIC_OK) return MICIC_ENOMEM;
                if (num != 0) return 1;
            }
            if (!e) break;
            i += ln + 1;
        }
        if (!samples) return 0;
    }
    return 0;
}

int micic__read_guidelines(micic_corpus *corpus, const char *data, size_t len,
                           const char *source, const micic_read_options *opts,
                           micic_report *report, micic_error *err) {
    gctx g;
    micic_buf init = MICIC_BUF_INIT;
    size_t i;
    int rc;
    memset(&g, 0, sizeof g);
    g.tmp = init;
    g.clean = init;
    g.desc = init;
    if ((rc = micic__rd_init(&g.rd, source, opts, report, corpus, NULL, NULL, err)) != MICIC_OK)
        return rc;
    if (micic__tdoc_load(&g.doc, data ? data : "", data ? len : 0) != MICIC_OK) {
        micic__rd_finish(&g.rd);
        return micic__error(err, MICIC_ENOMEM, NULL);
    }
    rc = MICIC_OK;
    for (i = 0; i < g.doc.nbad && rc == MICIC_OK; i++) {
        const micic__tbad *b = &g.doc.bad[i];
        if (b->code == MICIC_CODE_TRUNCATED)
            rc = micic__rd_diag(&g.rd, b->code, -1, NULL, NULL, b->line, b->col, NULL,
                                "the input ends inside a UTF-8 sequence (truncated)");
        else
            rc = micic__rd_diag(&g.rd, b->code, -1, NULL, NULL, b->line, b->col, NULL,
                                "%zu %s byte%s on this line replaced by U+FFFD", b->count,
                                b->code == MICIC_CODE_NUL_BYTE ? "NUL" : "invalid UTF-8",
                                b->count == 1 ? "" : "s");
    }
    if (rc == MICIC_OK) {
        size_t head = len > 65536 ? 65536 : len;
        if (data && has_line_prefix(data, head, PTI "Guideline"))
            rc = parse_pti(&g);
        else if (data && has_line_prefix(data, head, FIELD_COLLECTION))
            rc = parse_field_collection(&g);
        else if (data && has_line_prefix(data, head, PRINT_LINE))
            rc = parse_samples(&g);
        else if (data && micic__guidelines_marker(data, len))
            rc = parse_consultation(&g);
        else
            rc = parse_samples(&g);
    }
    if (rc == MICIC_OK && g.found == 0)
        rc = micic__rd_diag(&g.rd, MICIC_CODE_EMPTY_INPUT, -1, NULL, NULL, 0, 0, NULL,
                            g.doc.nlines ? "no practice found in the guideline document"
                                         : "the input is empty: no practice record");
    micic_practice_free(g.p);
    micic_buf_free(&g.tmp);
    micic_buf_free(&g.clean);
    micic_buf_free(&g.desc);
    micic__tdoc_free(&g.doc);
    micic__rd_finish(&g.rd);
    return rc;
}
