/*
 * The faceted query language (docs/query.md): a recursive-descent parser
 * building a micic_qnode tree (lib/query_internal.h), the canonical text of
 * a query, facet value normalization and the one-record matcher used by
 * modules without an index (crosstab filters).
 *
 * Grammar (operators are the upper-case words AND, OR, NOT):
 *   query   := or EOF
 *   or      := and ( "OR" and )*
 *   and     := unary ( ["AND"] unary )*        implicit AND between terms
 *   unary   := "NOT" unary | primary
 *   primary := "(" or ")" | WORD | PHRASE | FIELD ":" (WORD | PHRASE)
 * Precedence: NOT > AND > OR.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "fold.h"
#include "internal.h"
#include "micic/catalogue.h"
#include "query_internal.h"

/* ------------------------------------------------------------------ */
/* Fields                                                              */
/* ------------------------------------------------------------------ */

/* Field names accepted before ':' (the machine names of micic_field). */
static const struct {
    const char *name;
    micic_field field;
} query_fields[] = {
    {"guideline", MICIC_FIELD_GUIDELINE},
    {"theme", MICIC_FIELD_THEME},
    {"phase", MICIC_FIELD_PHASE},
    {"crisis", MICIC_FIELD_CRISIS},
    {"type", MICIC_FIELD_TYPE},
    {"stakeholder", MICIC_FIELD_STAKEHOLDER},
    {"stakeholder_type", MICIC_FIELD_STAKEHOLDER_TYPE},
    {"country", MICIC_FIELD_COUNTRY},
    {"population", MICIC_FIELD_POPULATION},
    {"need", MICIC_FIELD_NEED},
    {"source", MICIC_FIELD_SOURCE},
    {"kind", MICIC_FIELD_KIND},
    {"id", MICIC_FIELD_ID},
    {"title", MICIC_FIELD_TITLE},
    {"description", MICIC_FIELD_DESCRIPTION},
    {"link", MICIC_FIELD_LINK},
};
#define N_QUERY_FIELDS (sizeof query_fields / sizeof query_fields[0])

static int field_by_name(const char *s, size_t n, micic_field *out) {
    size_t i;
    for (i = 0; i < N_QUERY_FIELDS; i++) {
        if (strlen(query_fields[i].name) == n &&
            micic__strncasecmp(query_fields[i].name, s, n) == 0) {
            *out = query_fields[i].field;
            return 1;
        }
    }
    return 0;
}

static const char *query_field_name(micic_field f) {
    size_t i;
    for (i = 0; i < N_QUERY_FIELDS; i++)
        if (query_fields[i].field == f) return query_fields[i].name;
    return "";
}

/* Closest field name for a did-you-mean, or NULL. */
static const char *closest_field(const char *s, size_t n) {
    char low[64];
    size_t i;
    const char *best = NULL;
    int best_d = 0;
    if (n == 0 || n >= sizeof low) return NULL;
    for (i = 0; i < n; i++) low[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] + 32 : s[i]);
    low[n] = '\0';
    for (i = 0; i < N_QUERY_FIELDS; i++) {
        const char *name = query_fields[i].name;
        size_t ln = strlen(name);
        /* close: within half the longer name's length ("colour" -> "country") */
        int cap = (int)((n > ln ? n : ln) / 2) + 1, d;
        /* a prefix of a field name of 3+ characters counts as close */
        if (n >= 3 && n < ln && strncmp(name, low, n) == 0) d = 1;
        else d = micic__edit_distance(low, name, cap);
        if (d >= 0 && d <= cap && d < (int)(n > ln ? n : ln) && (!best || d < best_d)) {
            best = name;
            best_d = d;
        }
    }
    return best;
}

/* ------------------------------------------------------------------ */
/* Keys and facet value normalization                                  */
/* ------------------------------------------------------------------ */

/* New micic__key() of s, or NULL (ENOMEM / invalid UTF-8: *rc says). */
static char *key_dup(const char *s, int *rc) {
    char stack[MICIC_FOLD_STACK];
    char *k, *res;
    size_t len;
    *rc = micic__key(s, strlen(s), stack, sizeof stack, &k, &len);
    if (*rc != MICIC_OK) return NULL;
    if (k != stack) return k;
    res = micic__strndup(k, len);
    if (!res) *rc = MICIC_ENOMEM;
    return res;
}

static int all_digits(const char *s, size_t n) {
    size_t i;
    if (n == 0) return 0;
    for (i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

/* Guideline number named by text ("14", "GUIDELINE 14: ...", a title);
 * 0 when none; -1 when a heading's number disagrees with its title. */
int micic__guideline_number_of(const char *text) {
    size_t n;
    const char *t = micic__trim(text, strlen(text), &n);
    int num = 0, tm = 0;
    if (all_digits(t, n)) {
        long v = n <= 3 ? strtol(t, NULL, 10) : 0;
        return v >= 1 && v <= 15 ? (int)v : 0;
    }
    if (micic_guideline_title_match(text, &num, &tm) != MICIC_OK) return 0;
    if (num && tm && num != tm) return -1;
    num = num ? num : tm;
    return num >= 1 && num <= 15 ? num : 0;
}

/* Canonical label of a record value in a vocabulary field, or NULL. */
static const char *vocab_label_of(micic_field f, const char *value) {
    int v;
    const char *lab;
    if (!micic_field_vocab(f, &v)) return NULL;
    lab = micic_vocab_lookup((micic_vocab)v, value);
    if (lab) return lab;
    if (f == MICIC_FIELD_THEME) {
        const micic_guideline *g = micic_guideline_by_theme(value);
        if (g) return micic_guideline_theme(g);
    } else if (f == MICIC_FIELD_PHASE) {
        micic_phase ph = micic_phase_lookup(value);
        if (ph != MICIC_PHASE_NONE) return micic_phase_label(ph);
    }
    return NULL;
}

/* micic__key() of s appended into out (cleared first); invalid UTF-8 is
 * kept as is (it then matches only itself). */
static int key_into_buf(const char *s, micic_buf *out) {
    size_t n = strlen(s), len, cap = n * 2 + 16;
    micic_buf_clear(out);
    for (;;) {
        int rc;
        if (micic_buf_reserve(out, cap) != MICIC_OK) return MICIC_ENOMEM;
        rc = micic__key_into(s, n, out->data, out->cap, &len);
        if (rc == MICIC_OK) {
            out->len = len;
            return MICIC_OK;
        }
        if (rc != MICIC_ELIMIT) {
            micic_buf_clear(out);
            return micic_buf_append(out, s, n);
        }
        cap = out->cap * 2;
    }
}

int micic__facet_key_buf(micic_field f, const char *value, micic_buf *out) {
    const char *lab;
    micic_buf_clear(out);
    if (!value) value = "";
    switch (f) {
    case MICIC_FIELD_ID:
        return micic_buf_puts(out, value);
    case MICIC_FIELD_GUIDELINE: {
        int g = micic__guideline_number_of(value);
        if (g > 0) return micic_buf_printf(out, "%d", g);
        break;
    }
    case MICIC_FIELD_COUNTRY: {
        const micic_country *c = micic_country_lookup(value);
        if (c) return micic_buf_puts(out, micic_country_alpha3(c));
        break;
    }
    default:
        lab = vocab_label_of(f, value);
        if (lab) value = lab;
        break;
    }
    return key_into_buf(value, out);
}

int micic__facet_key(micic_field f, const char *value, char **out) {
    micic_buf b = MICIC_BUF_INIT;
    int rc = micic__facet_key_buf(f, value, &b);
    *out = NULL;
    if (rc == MICIC_OK) *out = micic_buf_detach(&b);
    micic_buf_free(&b);
    return rc != MICIC_OK ? rc : *out ? MICIC_OK : MICIC_ENOMEM;
}

/* Is the code point ending just before s[i] (or starting at s[i]) a
 * letter or digit? Keys are valid UTF-8. */
static int alnum_cp(utf8proc_int32_t c) {
    if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return 1;
    default:
        return 0;
    }
}

static int alnum_before(const char *s, size_t i) {
    size_t j = i;
    utf8proc_int32_t c;
    if (i == 0) return 0;
    j = i - 1;
    while (j > 0 && ((unsigned char)s[j] & 0xC0) == 0x80) j--;
    if (utf8proc_iterate((const utf8proc_uint8_t *)s + j, (utf8proc_ssize_t)(i - j), &c) < 0)
        return 0;
    return alnum_cp(c);
}

static int alnum_at(const char *s, size_t i, size_t n) {
    utf8proc_int32_t c;
    if (i >= n) return 0;
    if (utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c) < 0)
        return 0;
    return alnum_cp(c);
}

/* 1 when s holds a letter or a digit. */
static int has_alnum(const char *s) {
    size_t i = 0, n = strlen(s);
    while (i < n) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)(n - i), &c);
        if (k <= 0) return 0;
        if (alnum_cp(c)) return 1;
        i += (size_t)k;
    }
    return 0;
}

/* 1 when needle occurs in hay starting and ending at word boundaries. */
static int contains_words(const char *hay, const char *needle) {
    size_t hn = strlen(hay), nn = strlen(needle);
    const char *p = hay;
    if (nn == 0 || nn > hn) return 0;
    while ((p = strstr(p, needle)) != NULL) {
        size_t i = (size_t)(p - hay);
        int left_ok = !alnum_cp((unsigned char)needle[0]) || !alnum_before(hay, i);
        int right_ok = !alnum_before(needle, nn) || !alnum_at(hay, i + nn, hn);
        if (left_ok && right_ok) return 1;
        p++;
    }
    return 0;
}

int micic__facet_key_matches(const micic_qnode *n, const char *vkey) {
    if (!n || n->kind != MICIC_QN_FACET || !vkey) return 0;
    switch (n->match) {
    case MICIC_QM_EQUAL:
    case MICIC_QM_EXACT:
        return strcmp(n->key, vkey) == 0;
    case MICIC_QM_WORDS:
        return contains_words(vkey, n->key);
    default:
        return 0;
    }
}

/* ------------------------------------------------------------------ */
/* Nodes                                                               */
/* ------------------------------------------------------------------ */

static void node_free(micic_qnode *n) {
    size_t i;
    if (!n) return;
    for (i = 0; i < n->nkids; i++) node_free(n->kids[i]);
    micic__free(n->kids);
    for (i = 0; i < n->nterms; i++) micic__free(n->terms[i]);
    micic__free(n->terms);
    micic__free(n->rel);
    micic__free(n->text);
    micic__free(n->key);
    micic__free(n);
}

static micic_qnode *node_new(micic_qkind kind, int column) {
    micic_qnode *n = micic__calloc(1, sizeof *n);
    if (!n) return NULL;
    n->kind = kind;
    n->column = column;
    return n;
}

static int node_add_kid(micic_qnode *n, micic_qnode *kid) {
    micic_qnode **k = micic__realloc(n->kids, (n->nkids + 1) * sizeof *k);
    if (!k) return MICIC_ENOMEM;
    n->kids = k;
    n->kids[n->nkids++] = kid;
    return MICIC_OK;
}

/* Tokenize text into n->terms / n->rel. */
typedef struct term_collect {
    micic_qnode *n;
    size_t cap;
    size_t first;
} term_collect;

static int collect_term(const micic_token *tok, void *payload) {
    term_collect *c = payload;
    micic_qnode *n = c->n;
    char *t;
    if (n->nterms == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 4;
        char **terms = micic__realloc(n->terms, cap * sizeof *terms);
        size_t *rel;
        if (!terms) return MICIC_ENOMEM;
        n->terms = terms;
        rel = micic__realloc(n->rel, cap * sizeof *rel);
        if (!rel) return MICIC_ENOMEM;
        n->rel = rel;
        c->cap = cap;
    }
    t = micic__strndup(tok->term, tok->term_len);
    if (!t) return MICIC_ENOMEM;
    if (n->nterms == 0) c->first = tok->position;
    n->terms[n->nterms] = t;
    n->rel[n->nterms] = tok->position - c->first;
    n->nterms++;
    return 0;
}

static int node_tokenize(micic_qnode *n, micic_tokenizer *tok, const char *text) {
    term_collect c;
    c.n = n;
    c.cap = 0;
    c.first = 0;
    return micic__tokenize(tok, text, strlen(text), collect_term, &c);
}

/* ------------------------------------------------------------------ */
/* Lexer                                                               */
/* ------------------------------------------------------------------ */

typedef enum tok_type {
    T_EOF = 0, T_LP, T_RP, T_AND, T_OR, T_NOT, T_WORD, T_PHRASE, T_FIELD
} tok_type;

typedef struct qtok {
    tok_type type;
    size_t start;       /* byte offset of the token */
    size_t end;
    char *text;         /* T_WORD, T_PHRASE: the word / unquoted phrase; T_FIELD: the value */
    size_t name_len;    /* T_FIELD: field name is s[start .. start + name_len) */
    size_t value_start; /* T_FIELD: byte offset of the value */
} qtok;

typedef struct parser {
    const char *s;
    size_t n;
    size_t i;          /* lexer position */
    qtok cur;          /* lookahead */
    micic_tokenizer *tok;
    micic_error *err;
    int depth;
    int rc;            /* first error */
} parser;

static int col_of(const parser *P, size_t byte) {
    return (int)micic__utf8_chars(P->s, byte) + 1;
}

static int perr(parser *P, size_t byte, const char *fmt, ...) MICIC_PRINTF(3, 4);
static int perr(parser *P, size_t byte, const char *fmt, ...) {
    char text[MICIC_ERROR_TEXT_LENGTH * 2];
    va_list ap;
    if (P->rc) return P->rc;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    P->rc = MICIC_EQUERY;
    micic__error_at(P->err, MICIC_EQUERY, "<query>", 1, col_of(P, byte), (long long)byte, "%s",
                    text);
    return P->rc;
}

static int nomem(parser *P) {
    if (!P->rc) {
        P->rc = MICIC_ENOMEM;
        micic__error(P->err, MICIC_ENOMEM, NULL);
    }
    return P->rc;
}

/* Code point at s[i] and its length (1 for invalid bytes, never reached:
 * the text is validated first). */
static size_t cp_at(const parser *P, size_t i, utf8proc_int32_t *c) {
    utf8proc_ssize_t k;
    if ((unsigned char)P->s[i] < 0x80) {
        *c = (unsigned char)P->s[i];
        return 1;
    }
    k = utf8proc_iterate((const utf8proc_uint8_t *)P->s + i, (utf8proc_ssize_t)(P->n - i), c);
    if (k <= 0) {
        *c = 0xFFFD;
        return 1;
    }
    return (size_t)k;
}

static int is_space(utf8proc_int32_t c) {
    if (c == ' ' || (c >= 0x09 && c <= 0x0D)) return 1;
    if (c < 0x80) return 0;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
        return 1;
    default:
        return c == 0xFEFF;
    }
}

static int is_open_quote(utf8proc_int32_t c) { return c == '"' || c == 0x201C || c == 0x201D; }

/* Read a quoted string starting at the quote at P->i. \" and \\ are escapes. */
static int lex_quoted(parser *P, char **out) {
    size_t qstart = P->i, i;
    utf8proc_int32_t c;
    micic_buf b = MICIC_BUF_INIT;
    i = P->i + cp_at(P, P->i, &c);
    for (;;) {
        size_t k;
        if (i >= P->n) {
            micic_buf_free(&b);
            return perr(P, qstart,
                        "unterminated quote: expected '\"' to close the quote at column %d",
                        col_of(P, qstart));
        }
        k = cp_at(P, i, &c);
        if (c == '\\' && i + 1 < P->n && (P->s[i + 1] == '"' || P->s[i + 1] == '\\')) {
            micic_buf_putc(&b, P->s[i + 1]);
            i += 2;
            continue;
        }
        if (is_open_quote(c)) {
            i += k;
            break;
        }
        micic_buf_append(&b, P->s + i, k);
        i += k;
    }
    P->i = i;
    *out = micic_buf_detach(&b);
    if (!*out) return nomem(P);
    return MICIC_OK;
}

/* End of a bare word starting at i: white space, parentheses and quotes end it. */
static size_t bare_end(const parser *P, size_t i) {
    while (i < P->n) {
        utf8proc_int32_t c;
        size_t k = cp_at(P, i, &c);
        if (is_space(c) || c == '(' || c == ')' || is_open_quote(c)) break;
        i += k;
    }
    return i;
}

static void tok_clear(qtok *t) {
    micic__free(t->text);
    memset(t, 0, sizeof *t);
}

static int lex(parser *P) {
    qtok *t = &P->cur;
    utf8proc_int32_t c;
    size_t k, end;
    tok_clear(t);
    for (;;) {
        if (P->i >= P->n) {
            t->type = T_EOF;
            t->start = t->end = P->n;
            return MICIC_OK;
        }
        k = cp_at(P, P->i, &c);
        if (!is_space(c)) break;
        P->i += k;
    }
    t->start = P->i;
    if (c == '(' || c == ')') {
        t->type = c == '(' ? T_LP : T_RP;
        P->i++;
        t->end = P->i;
        return MICIC_OK;
    }
    if (is_open_quote(c)) {
        t->type = T_PHRASE;
        if (lex_quoted(P, &t->text) != MICIC_OK) return P->rc;
        t->end = P->i;
        return MICIC_OK;
    }
    end = bare_end(P, P->i);
    t->end = end;
    P->i = end;
    if (end - t->start == 3 && memcmp(P->s + t->start, "AND", 3) == 0) {
        t->type = T_AND;
        return MICIC_OK;
    }
    if (end - t->start == 2 && memcmp(P->s + t->start, "OR", 2) == 0) {
        t->type = T_OR;
        return MICIC_OK;
    }
    if (end - t->start == 3 && memcmp(P->s + t->start, "NOT", 3) == 0) {
        t->type = T_NOT;
        return MICIC_OK;
    }
    { /* field:value? identifier [A-Za-z_][A-Za-z0-9_]* then ':' */
        size_t j = t->start;
        const char *s = P->s;
        if ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') || s[j] == '_') {
            j++;
            while (j < end && ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
                               (s[j] >= '0' && s[j] <= '9') || s[j] == '_'))
                j++;
            if (j < P->n && s[j] == ':') {
                t->type = T_FIELD;
                t->name_len = j - t->start;
                t->value_start = j + 1;
                if (j + 1 < end) { /* bare value */
                    t->text = micic__strndup(s + j + 1, end - j - 1);
                    if (!t->text) return nomem(P);
                    return MICIC_OK;
                }
                /* "field:" then a quote: quoted value */
                if (end < P->n) {
                    cp_at(P, end, &c);
                    if (is_open_quote(c)) {
                        P->i = end;
                        if (lex_quoted(P, &t->text) != MICIC_OK) return P->rc;
                        t->end = P->i;
                        return MICIC_OK;
                    }
                }
                t->text = micic__strdup("");
                if (!t->text) return nomem(P);
                return MICIC_OK;
            }
        }
    }
    t->type = T_WORD;
    t->text = micic__strndup(P->s + t->start, end - t->start);
    if (!t->text) return nomem(P);
    return MICIC_OK;
}

static const char *tok_name(tok_type t) {
    switch (t) {
    case T_AND: return "AND";
    case T_OR: return "OR";
    case T_NOT: return "NOT";
    case T_LP: return "(";
    case T_RP: return ")";
    default: return "";
    }
}

static int starts_term(tok_type t) {
    return t == T_WORD || t == T_PHRASE || t == T_FIELD || t == T_LP || t == T_NOT;
}

/* ------------------------------------------------------------------ */
/* Facet terms                                                         */
/* ------------------------------------------------------------------ */

/* Resolve a value of a closed vocabulary: a sure lookup, else the label
 * whose key starts with the value's key followed by a space ("natural" ->
 * "Natural Disaster"), when exactly one label does. NULL + error else. */
static const char *resolve_closed(parser *P, micic_field f, micic_vocab v, const char *value,
                                  size_t vpos) {
    const char *lab = vocab_label_of(f, value);
    const char *found = NULL, *other = NULL;
    char *qkey;
    size_t i, j, ql;
    int rc;
    if (lab) return lab;
    qkey = key_dup(value, &rc);
    if (!qkey) {
        if (rc == MICIC_ENOMEM) nomem(P);
        else perr(P, vpos, "invalid %s value", query_field_name(f));
        return NULL;
    }
    ql = strlen(qkey);
    for (i = 0; ql > 0 && i < micic_vocab_size(v); i++) {
        size_t ns = micic_vocab_synonym_count(v, i);
        for (j = 0; j <= ns; j++) {
            const char *cand = j == 0 ? micic_vocab_label(v, i) : micic_vocab_synonym(v, i, j - 1);
            char buf[MICIC_FOLD_STACK];
            size_t bl;
            if (!cand || micic__key_into(cand, strlen(cand), buf, sizeof buf, &bl) != MICIC_OK)
                continue;
            if (bl > ql && strncmp(buf, qkey, ql) == 0 && buf[ql] == ' ') {
                const char *l = micic_vocab_label(v, i);
                if (!found) found = l;
                else if (found != l && !other) other = l;
                break;
            }
        }
    }
    micic__free(qkey);
    if (found && !other) return found;
    if (found && other) {
        perr(P, vpos, "ambiguous %s '%s': '%s' or '%s'?", query_field_name(f), value, found,
             other);
        return NULL;
    }
    {
        const char *sug = micic_vocab_suggest(v, value, NULL);
        if (sug) {
            perr(P, vpos, "unknown %s '%s'; did you mean '%s'?", query_field_name(f), value, sug);
        } else {
            micic_buf b = MICIC_BUF_INIT;
            for (i = 0; i < micic_vocab_size(v); i++)
                micic_buf_printf(&b, "%s'%s'", i ? ", " : "", micic_vocab_label(v, i));
            if (b.len && b.len < 120)
                perr(P, vpos, "unknown %s '%s'; expected one of %s", query_field_name(f), value,
                     micic_buf_cstr(&b));
            else
                perr(P, vpos, "unknown %s '%s'; 'micic vocab %s' lists the values",
                     query_field_name(f), value, micic_vocab_name(v));
            micic_buf_free(&b);
        }
    }
    return NULL;
}

/* Build a FACET node from the current T_FIELD token. */
static micic_qnode *facet_node(parser *P) {
    qtok *t = &P->cur;
    micic_field f;
    micic_qnode *n;
    const char *value;
    size_t vlen;
    int rc = MICIC_OK, v;
    if (!field_by_name(P->s + t->start, t->name_len, &f)) {
        const char *near = closest_field(P->s + t->start, t->name_len);
        if (t->value_start + 1 < P->n && P->s[t->value_start] == '/' &&
            P->s[t->value_start + 1] == '/')
            perr(P, t->start,
                 "unknown field '%.*s': to search for a URL, quote it or use link:\"...\"",
                 (int)t->name_len, P->s + t->start);
        else if (near)
            perr(P, t->start, "unknown field '%.*s'; did you mean '%s'?", (int)t->name_len,
                 P->s + t->start, near);
        else
            perr(P, t->start,
                 "unknown field '%.*s'; expected guideline, theme, phase, crisis, type, "
                 "stakeholder, stakeholder_type, country, population, need, source, kind, id, "
                 "title, description or link",
                 (int)t->name_len, P->s + t->start);
        return NULL;
    }
    value = micic__trim(t->text, strlen(t->text), &vlen);
    if (vlen == 0) {
        perr(P, t->start, "empty value: expected a value after '%.*s:'", (int)t->name_len,
             P->s + t->start);
        return NULL;
    }
    n = node_new(MICIC_QN_FACET, col_of(P, t->start));
    if (!n) {
        nomem(P);
        return NULL;
    }
    n->field = f;
    /* work on the trimmed value */
    memmove(t->text, value, vlen);
    t->text[vlen] = '\0';
    value = t->text;
    switch (f) {
    case MICIC_FIELD_ID:
        n->match = MICIC_QM_EXACT;
        n->key = micic__strdup(value);
        n->text = micic__strdup(value);
        break;
    case MICIC_FIELD_GUIDELINE: {
        int g = micic__guideline_number_of(value);
        char num[16];
        if (g <= 0) {
            if (g < 0)
                perr(P, t->value_start,
                     "guideline '%s': the heading's number does not match its title", value);
            else if (all_digits(value, vlen))
                perr(P, t->value_start, "guideline '%s': expected a number from 1 to 15", value);
            else
                perr(P, t->value_start,
                     "unknown guideline '%s'; expected a number from 1 to 15 or a guideline "
                     "title",
                     value);
            node_free(n);
            return NULL;
        }
        snprintf(num, sizeof num, "%d", g);
        n->match = MICIC_QM_EQUAL;
        n->key = micic__strdup(num);
        n->text = micic__strdup(num);
        break;
    }
    case MICIC_FIELD_COUNTRY: {
        const micic_country *c = micic_country_lookup(value);
        if (!c) {
            const micic_country *s = micic_country_suggest(value, NULL);
            if (s)
                perr(P, t->value_start, "unknown country '%s'; did you mean '%s' (%s)?", value,
                     micic_country_name(s), micic_country_alpha3(s));
            else
                perr(P, t->value_start,
                     "unknown country '%s'; expected an ISO 3166 country name or code", value);
            node_free(n);
            return NULL;
        }
        n->match = MICIC_QM_EQUAL;
        n->key = micic__strdup(micic_country_alpha3(c));
        n->text = micic__strdup(micic_country_name(c));
        break;
    }
    case MICIC_FIELD_TITLE:
    case MICIC_FIELD_DESCRIPTION:
        n->match = MICIC_QM_TOKENS;
        n->text = micic__strdup(value);
        if (!n->text) break;
        rc = node_tokenize(n, P->tok, value);
        if (rc == MICIC_OK && n->nterms == 0) {
            perr(P, t->value_start,
                 "%s:'%s' has no searchable words (only stopwords or punctuation)",
                 query_field_name(f), value);
            node_free(n);
            return NULL;
        }
        break;
    default:
        if (micic_field_vocab(f, &v) && micic_vocab_is_closed((micic_vocab)v)) {
            const char *lab = resolve_closed(P, f, (micic_vocab)v, value, t->value_start);
            if (!lab) {
                node_free(n);
                return NULL;
            }
            n->match = MICIC_QM_EQUAL;
            n->text = micic__strdup(lab);
            n->key = key_dup(lab, &rc);
        } else {
            const char *lab = vocab_label_of(f, value);
            n->match = MICIC_QM_WORDS;
            n->text = micic__strdup(lab ? lab : value);
            n->key = key_dup(lab ? lab : value, &rc);
            if (rc == MICIC_OK && n->key && !has_alnum(n->key)) {
                perr(P, t->value_start, "empty value: '%s' has no letters or digits", value);
                node_free(n);
                return NULL;
            }
        }
        break;
    }
    if (rc == MICIC_EUTF8 || rc == MICIC_ELIMIT) {
        perr(P, t->value_start, "invalid %s value '%s'", query_field_name(f), value);
        node_free(n);
        return NULL;
    }
    if (rc != MICIC_OK || !n->text || (n->match != MICIC_QM_TOKENS && !n->key)) {
        node_free(n);
        nomem(P);
        return NULL;
    }
    return n;
}

/* ------------------------------------------------------------------ */
/* Parser                                                              */
/* ------------------------------------------------------------------ */

static micic_qnode *parse_or(parser *P);

/* Error for a token that cannot start a term, after @p after (an operator
 * token, or T_EOF at the start). */
static void expected_term(parser *P, const qtok *op, tok_type op_type) {
    const qtok *t = &P->cur;
    if (op_type == T_EOF) { /* start of the query or of a group */
        if (t->type == T_AND || t->type == T_OR)
            perr(P, t->start, "'%s' at column %d needs a term before it", tok_name(t->type),
                 col_of(P, t->start));
        else if (t->type == T_RP)
            perr(P, t->start, "unexpected ')' at column %d: no '(' to close",
                 col_of(P, t->start));
        else
            perr(P, t->start, "empty query: expected a term");
        return;
    }
    if (op_type == T_LP) {
        if (t->type == T_RP)
            perr(P, op->start, "empty parentheses: expected a term after '(' at column %d",
                 col_of(P, op->start));
        else if (t->type == T_EOF)
            perr(P, op->start, "expected a term and ')' after '(' at column %d",
                 col_of(P, op->start));
        else
            perr(P, t->start, "'%s' at column %d needs a term before it", tok_name(t->type),
                 col_of(P, t->start));
        return;
    }
    perr(P, op->start, "'%s' at column %d needs a term after it%s", tok_name(op_type),
         col_of(P, op->start),
         t->type == T_EOF ? "" : t->type == T_RP ? ", found ')'" : ", found an operator");
}

static micic_qnode *parse_unary(parser *P, const qtok *op, tok_type op_type) {
    qtok *t = &P->cur;
    micic_qnode *n = NULL;
    if (!starts_term(t->type)) {
        expected_term(P, op, op_type);
        return NULL;
    }
    if (t->type == T_NOT || t->type == T_LP) {
        qtok here;
        tok_type type = t->type;
        micic_qnode *kid;
        here = *t;
        here.text = NULL;
        if (++P->depth > MICIC_QUERY_MAX_DEPTH) {
            perr(P, t->start, "query nested too deeply at column %d (at most %d levels of "
                              "parentheses and NOT)",
                 col_of(P, t->start), MICIC_QUERY_MAX_DEPTH);
            return NULL;
        }
        if (lex(P) != MICIC_OK) return NULL;
        if (type == T_NOT) {
            kid = parse_unary(P, &here, T_NOT);
            if (!kid) return NULL;
            n = node_new(MICIC_QN_NOT, col_of(P, here.start));
            if (!n || node_add_kid(n, kid) != MICIC_OK) {
                node_free(n);
                node_free(kid);
                nomem(P);
                return NULL;
            }
        } else {
            if (!starts_term(P->cur.type)) {
                expected_term(P, &here, T_LP);
                return NULL;
            }
            n = parse_or(P);
            if (!n) return NULL;
            if (P->cur.type != T_RP) {
                node_free(n);
                perr(P, here.start, "expected ')' to close '(' at column %d",
                     col_of(P, here.start));
                return NULL;
            }
            if (lex(P) != MICIC_OK) {
                node_free(n);
                return NULL;
            }
        }
        P->depth--;
        return n;
    }
    if (t->type == T_FIELD) {
        n = facet_node(P);
    } else { /* WORD or PHRASE */
        n = node_new(MICIC_QN_WORD, col_of(P, t->start));
        if (!n) {
            nomem(P);
            return NULL;
        }
        n->is_phrase = t->type == T_PHRASE;
        n->text = t->text;
        t->text = NULL;
        if (node_tokenize(n, P->tok, n->text) != MICIC_OK) {
            node_free(n);
            nomem(P);
            return NULL;
        }
    }
    if (!n) return NULL;
    if (lex(P) != MICIC_OK) {
        node_free(n);
        return NULL;
    }
    return n;
}

/* Append kid to a list node of kind `kind`, flattening same-kind kids. */
static int list_add(micic_qnode *list, micic_qnode *kid) {
    if (kid->kind == list->kind) {
        size_t i;
        for (i = 0; i < kid->nkids; i++) {
            if (node_add_kid(list, kid->kids[i]) != MICIC_OK) {
                /* kids already moved stay owned by list; free the rest */
                size_t j;
                for (j = i; j < kid->nkids; j++) node_free(kid->kids[j]);
                kid->nkids = 0;
                node_free(kid);
                return MICIC_ENOMEM;
            }
        }
        kid->nkids = 0;
        node_free(kid);
        return MICIC_OK;
    }
    if (node_add_kid(list, kid) != MICIC_OK) {
        node_free(kid);
        return MICIC_ENOMEM;
    }
    return MICIC_OK;
}

/*
 * Append next to *list, an AND/OR node of `kind` made from *first on first
 * use (list_add steals its argument, also on failure). On failure reports
 * ENOMEM; exactly one of *list / *first is then left for the caller to free.
 */
static int join(parser *P, micic_qkind kind, micic_qnode **list, micic_qnode **first,
                micic_qnode *next) {
    if (!*list) {
        *list = node_new(kind, (*first)->column);
        if (!*list || list_add(*list, *first) != MICIC_OK) {
            if (!*list) node_free(*first);
            *first = NULL;
            node_free(next);
            return nomem(P);
        }
    }
    if (list_add(*list, next) != MICIC_OK) return nomem(P);
    return MICIC_OK;
}


static micic_qnode *parse_and(parser *P, const qtok *op, tok_type op_type) {
    micic_qnode *first = parse_unary(P, op, op_type), *list = NULL;
    if (!first) return NULL;
    for (;;) {
        micic_qnode *next;
        qtok here = P->cur;
        tok_type here_type = P->cur.type;
        here.text = NULL;
        if (P->cur.type == T_AND) {
            if (lex(P) != MICIC_OK) break;
            next = parse_unary(P, &here, T_AND);
        } else if (starts_term(P->cur.type)) {
            next = parse_unary(P, &here, here_type);
        } else {
            return list ? list : first;
        }
        if (!next || join(P, MICIC_QN_AND, &list, &first, next) != MICIC_OK) break;
    }
    node_free(list ? list : first);
    return NULL;
}

static micic_qnode *parse_or(parser *P) {
    qtok start;
    micic_qnode *first, *list = NULL;
    memset(&start, 0, sizeof start);
    first = parse_and(P, &start, T_EOF);
    if (!first) return NULL;
    while (P->cur.type == T_OR) {
        qtok here = P->cur;
        micic_qnode *next;
        here.text = NULL;
        if (lex(P) != MICIC_OK) break;
        next = parse_and(P, &here, T_OR);
        if (!next || join(P, MICIC_QN_OR, &list, &first, next) != MICIC_OK) break;
    }
    if (P->rc) {
        node_free(list ? list : first);
        return NULL;
    }
    return list ? list : first;
}

/* Drop words without terms (stopwords, punctuation); returns the simplified
 * node, or NULL when nothing is left (the node is then freed). */
static micic_qnode *simplify(micic_qnode *n, int *first_dropped_col) {
    size_t i, j;
    if (n->kind == MICIC_QN_WORD) {
        if (n->nterms > 0) return n;
        if (!*first_dropped_col) *first_dropped_col = n->column;
        node_free(n);
        return NULL;
    }
    if (n->kind == MICIC_QN_FACET) return n;
    for (i = j = 0; i < n->nkids; i++) {
        micic_qnode *k = simplify(n->kids[i], first_dropped_col);
        if (k) n->kids[j++] = k;
    }
    n->nkids = j;
    if (j == 0) {
        node_free(n);
        return NULL;
    }
    if (j == 1 && n->kind != MICIC_QN_NOT) {
        micic_qnode *k = n->kids[0];
        n->nkids = 0;
        node_free(n);
        return k;
    }
    return n;
}

static int mark_positive(micic_qnode *n, int positive) {
    size_t i;
    int ranked = 0;
    if (n->kind == MICIC_QN_WORD) {
        n->positive = positive;
        return positive;
    }
    for (i = 0; i < n->nkids; i++)
        ranked |= mark_positive(n->kids[i], n->kind == MICIC_QN_NOT ? !positive : positive);
    return ranked;
}

int micic_query_parse(const char *text, micic_query **out, micic_error *err) {
    parser P;
    micic_qnode *root = NULL;
    micic_query *q;
    size_t n;
    int dropped = 0;
    if (out) *out = NULL;
    if (!text || !out) return micic__error(err, MICIC_EINVAL, "NULL query or output");
    micic_error_clear(err);
    memset(&P, 0, sizeof P);
    P.s = text;
    n = strlen(text);
    P.n = n;
    P.err = err;
    if (n > MICIC_QUERY_MAX_BYTES) {
        size_t cut = MICIC_QUERY_MAX_BYTES;
        while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80) cut--;
        return micic__error_at(err, MICIC_EQUERY, "<query>", 1,
                               (int)micic__utf8_chars(text, cut) + 1, (long long)cut,
                               "query too long: %zu bytes (at most %d)", n,
                               MICIC_QUERY_MAX_BYTES);
    }
    if (!micic__utf8_valid(text, n)) {
        size_t i = 0;
        while (i < n) {
            utf8proc_int32_t c;
            utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)text + i,
                                                  (utf8proc_ssize_t)(n - i), &c);
            if (k <= 0) break;
            i += (size_t)k;
        }
        return micic__error_at(err, MICIC_EUTF8, "<query>", 1,
                               (int)micic__utf8_chars(text, i) + 1, (long long)i,
                               "invalid UTF-8 in the query at byte %zu", i);
    }
    P.tok = micic__tokenizer_new();
    if (!P.tok) return micic__error(err, MICIC_ENOMEM, NULL);
    if (lex(&P) == MICIC_OK) {
        if (P.cur.type == T_EOF) {
            perr(&P, 0, "empty query: expected a term");
        } else {
            root = parse_or(&P);
            if (root && P.cur.type != T_EOF) {
                if (P.cur.type == T_RP)
                    perr(&P, P.cur.start, "unexpected ')' at column %d: no '(' to close",
                         col_of(&P, P.cur.start));
                else
                    perr(&P, P.cur.start, "'%s' at column %d needs a term before it",
                         tok_name(P.cur.type), col_of(&P, P.cur.start));
            }
        }
    }
    tok_clear(&P.cur);
    micic__tokenizer_free(P.tok);
    if (P.rc) {
        node_free(root);
        return P.rc;
    }
    root = simplify(root, &dropped);
    if (!root)
        return micic__error_at(err, MICIC_EQUERY, "<query>", 1, dropped ? dropped : 1, -1,
                               "the query has no searchable words (only stopwords or "
                               "punctuation, e.g. at column %d)",
                               dropped ? dropped : 1);
    q = micic__calloc(1, sizeof *q);
    if (!q) {
        node_free(root);
        return micic__error(err, MICIC_ENOMEM, NULL);
    }
    q->root = root;
    q->ranked = mark_positive(root, 1);
    *out = q;
    return MICIC_OK;
}

void micic_query_free(micic_query *q) {
    if (!q) return;
    node_free(q->root);
    micic__free(q);
}

int micic_query_is_ranked(const micic_query *q) { return q ? q->ranked : 0; }

/* ------------------------------------------------------------------ */
/* Canonical text                                                      */
/* ------------------------------------------------------------------ */

static int needs_quotes(const char *s) {
    const char *p;
    if (!*s || strcmp(s, "AND") == 0 || strcmp(s, "OR") == 0 || strcmp(s, "NOT") == 0) return 1;
    for (p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c <= ' ' || c == '(' || c == ')' || c == '"' || c == ':' || c == '\\' || c >= 0x80)
            return 1;
    }
    return 0;
}

static void put_quoted(micic_buf *b, const char *s) {
    micic_buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') micic_buf_putc(b, '\\');
        micic_buf_putc(b, *s);
    }
    micic_buf_putc(b, '"');
}

static void put_node(micic_buf *b, const micic_qnode *n, micic_qkind parent) {
    size_t i;
    switch (n->kind) {
    case MICIC_QN_WORD:
        if (n->is_phrase || needs_quotes(n->text)) put_quoted(b, n->text);
        else micic_buf_puts(b, n->text);
        break;
    case MICIC_QN_FACET:
        micic_buf_puts(b, query_field_name(n->field));
        micic_buf_putc(b, ':');
        if (needs_quotes(n->text)) put_quoted(b, n->text);
        else micic_buf_puts(b, n->text);
        break;
    case MICIC_QN_NOT:
        micic_buf_puts(b, "NOT ");
        put_node(b, n->kids[0], MICIC_QN_NOT);
        break;
    case MICIC_QN_AND:
    case MICIC_QN_OR: {
        int paren = parent == MICIC_QN_NOT || (parent == MICIC_QN_AND && n->kind == MICIC_QN_OR);
        if (paren) micic_buf_putc(b, '(');
        for (i = 0; i < n->nkids; i++) {
            if (i) micic_buf_puts(b, n->kind == MICIC_QN_AND ? " AND " : " OR ");
            put_node(b, n->kids[i], n->kind);
        }
        if (paren) micic_buf_putc(b, ')');
        break;
    }
    }
}

char *micic_query_to_string(const micic_query *q) {
    micic_buf b = MICIC_BUF_INIT;
    if (!q || !q->root) return NULL;
    put_node(&b, q->root, MICIC_QN_OR);
    return micic_buf_detach(&b);
}

/* ------------------------------------------------------------------ */
/* One-record matching                                                 */
/* ------------------------------------------------------------------ */

typedef struct rec_tok {
    char *term;
    size_t pos;
} rec_tok;

typedef struct rec_toks {
    rec_tok *v;
    size_t n, cap;
    int done;
} rec_toks;

static int push_rec_tok(const micic_token *tok, void *payload) {
    rec_toks *r = payload;
    char *t;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        rec_tok *v = micic__realloc(r->v, cap * sizeof *v);
        if (!v) return MICIC_ENOMEM;
        r->v = v;
        r->cap = cap;
    }
    t = micic__strndup(tok->term, tok->term_len);
    if (!t) return MICIC_ENOMEM;
    r->v[r->n].term = t;
    r->v[r->n].pos = tok->position;
    r->n++;
    return 0;
}

static void rec_toks_free(rec_toks *r) {
    size_t i;
    for (i = 0; i < r->n; i++) micic__free(r->v[i].term);
    micic__free(r->v);
    memset(r, 0, sizeof *r);
}

/* Tokenize the values of the given fields of p into r, one position space
 * with MICIC_QUERY_VALUE_GAP between values (the index does the same). */
static int tokenize_fields(micic_tokenizer *tok, const micic_practice *p, const micic_field *fs,
                           size_t nf, rec_toks *r) {
    size_t pos = 0, i, j;
    for (i = 0; i < nf; i++) {
        size_t nv = micic_practice_count(p, fs[i]);
        for (j = 0; j < nv; j++) {
            const char *v = micic_practice_value(p, fs[i], j);
            size_t next;
            int rc;
            if (!v) continue;
            rc = micic__tokenize_at(tok, v, strlen(v), pos, push_rec_tok, r, &next);
            if (rc) return rc < 0 ? rc : MICIC_ENOMEM;
            pos = next + MICIC_QUERY_VALUE_GAP;
        }
    }
    r->done = 1;
    return MICIC_OK;
}

/* 1 when r holds term at position pos (positions are increasing). */
static int has_term_at(const rec_toks *r, const char *term, size_t pos) {
    size_t lo = 0, hi = r->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->v[mid].pos < pos) lo = mid + 1;
        else hi = mid;
    }
    return lo < r->n && r->v[lo].pos == pos && strcmp(r->v[lo].term, term) == 0;
}

static int phrase_in(const rec_toks *r, char *const *terms, const size_t *rel, size_t nterms) {
    size_t i, k;
    for (i = 0; i < r->n; i++) {
        if (strcmp(r->v[i].term, terms[0]) != 0) continue;
        for (k = 1; k < nterms; k++)
            if (!has_term_at(r, terms[k], r->v[i].pos + rel[k])) break;
        if (k == nterms) return 1;
    }
    return 0;
}

typedef struct match_ctx {
    const micic_practice *p;
    micic_tokenizer *tok;
    int own_tok;
    rec_toks text; /* title + description + stakeholder tokens, lazily */
} match_ctx;

static int ensure_tok(match_ctx *m) {
    if (m->tok) return MICIC_OK;
    m->tok = micic__tokenizer_new();
    if (!m->tok) return MICIC_ENOMEM;
    m->own_tok = 1;
    return MICIC_OK;
}

static int facet_match(match_ctx *m, const micic_qnode *n) {
    size_t i, nv;
    int rc;
    if (n->match == MICIC_QM_TOKENS) {
        rec_toks r;
        micic_field f = n->field;
        memset(&r, 0, sizeof r);
        if ((rc = ensure_tok(m)) != MICIC_OK) return rc;
        rc = tokenize_fields(m->tok, m->p, &f, 1, &r);
        if (rc == MICIC_OK) rc = phrase_in(&r, n->terms, n->rel, n->nterms);
        rec_toks_free(&r);
        return rc;
    }
    nv = micic_practice_count(m->p, n->field);
    for (i = 0; i < nv; i++) {
        char *k;
        int hit;
        rc = micic__facet_key(n->field, micic_practice_value(m->p, n->field, i), &k);
        if (rc != MICIC_OK) return rc;
        hit = micic__facet_key_matches(n, k);
        micic__free(k);
        if (hit) return 1;
    }
    if (n->field == MICIC_FIELD_THEME) { /* a guideline implies its theme */
        nv = micic_practice_count(m->p, MICIC_FIELD_GUIDELINE);
        for (i = 0; i < nv; i++) {
            const char *gv = micic_practice_value(m->p, MICIC_FIELD_GUIDELINE, i);
            int g = micic__guideline_number_of(gv);
            const micic_guideline *gl = g > 0 ? micic_guideline_get(g) : NULL;
            char *k;
            int hit;
            if (!gl) continue;
            rc = micic__facet_key(MICIC_FIELD_THEME, micic_guideline_theme(gl), &k);
            if (rc != MICIC_OK) return rc;
            hit = micic__facet_key_matches(n, k);
            micic__free(k);
            if (hit) return 1;
        }
    }
    return 0;
}

static int eval_rec(match_ctx *m, const micic_qnode *n) {
    size_t i;
    int r;
    switch (n->kind) {
    case MICIC_QN_AND:
        for (i = 0; i < n->nkids; i++) {
            r = eval_rec(m, n->kids[i]);
            if (r <= 0) return r;
        }
        return 1;
    case MICIC_QN_OR:
        for (i = 0; i < n->nkids; i++) {
            r = eval_rec(m, n->kids[i]);
            if (r != 0) return r;
        }
        return 0;
    case MICIC_QN_NOT:
        r = eval_rec(m, n->kids[0]);
        return r < 0 ? r : !r;
    case MICIC_QN_FACET:
        return facet_match(m, n);
    case MICIC_QN_WORD:
        if (!m->text.done) {
            static const micic_field tf[] = MICIC_QUERY_TEXT_FIELDS;
            if ((r = ensure_tok(m)) != MICIC_OK) return r;
            r = tokenize_fields(m->tok, m->p, tf, MICIC_QUERY_N_TEXT_FIELDS, &m->text);
            if (r != MICIC_OK) return r;
        }
        return phrase_in(&m->text, n->terms, n->rel, n->nterms);
    }
    return 0;
}

int micic__query_match_tok(const micic_query *q, const micic_practice *p, micic_tokenizer *tok) {
    match_ctx m;
    int r;
    if (!q || !p) return 0;
    memset(&m, 0, sizeof m);
    m.p = p;
    m.tok = tok;
    r = eval_rec(&m, q->root);
    rec_toks_free(&m.text);
    if (m.own_tok) micic__tokenizer_free(m.tok);
    return r;
}

int micic__query_match(const micic_query *q, const micic_practice *p) {
    return micic__query_match_tok(q, p, NULL);
}
