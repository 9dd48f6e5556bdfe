/*
 * The 15 MICIC Guidelines and the three phases.
 *
 * DATA FIRST: titles as worded on the guideline pages, and the variant
 * wordings met in documents (data/corpus). Thematic-area labels live in
 * lib/vocab.c (vocabulary "theme", index = number - 1) and phase labels in
 * the "phase" vocabulary, so each fact has one home. Body texts and Sample
 * Practices are embedded from data/guidelines by cmake/gen_guidelines.cmake.
 */
#include <string.h>

#include "catalogue_internal.h"
#include "fold.h"
#include "internal.h"
#include "micic/catalogue.h"

#include "guideline_texts.inc"

struct micic_guideline {
    int number;
    micic_phase phase;
    const char *title;
    const char *const *variants; /* NULL-terminated wordings seen in documents, or NULL */
};

#define SYN(...) ((const char *const[]){__VA_ARGS__, NULL})

/* ------------------------------------------------------------------ */
/* Data                                                                */
/* ------------------------------------------------------------------ */

static const struct micic_guideline guidelines[15] = {
    {1, MICIC_PHASE_PREPAREDNESS,
     "Track information on conflicts and natural disasters, and the potential impact on migrants",
     NULL},
    {2, MICIC_PHASE_PREPAREDNESS,
     "Collect and share information on migrants, subject to privacy, confidentiality, and the "
     "security and safety of migrants",
     NULL},
    {3, MICIC_PHASE_PREPAREDNESS,
     "Empower migrants to help themselves, their families, and communities during and in the "
     "aftermath of crises",
     NULL},
    {4, MICIC_PHASE_PREPAREDNESS,
     "Incorporate migrants in prevention, preparedness, and emergency response systems", NULL},
    {5, MICIC_PHASE_PREPAREDNESS,
     "Involve migrants in contingency planning and integrate their needs and capacities", NULL},
    {6, MICIC_PHASE_PREPAREDNESS, "Communicate effectively with migrants", NULL},
    {7, MICIC_PHASE_PREPAREDNESS,
     "Establish coordination agreements in advance to leverage strengths and foster trust", NULL},
    {8, MICIC_PHASE_PREPAREDNESS,
     "Build capacity and learn lessons for emergency response and post-crisis action", NULL},
    {9, MICIC_PHASE_EMERGENCY,
     "Communicate widely, effectively, and often with migrants on evolving crises and how to "
     "access help",
     NULL},
    {10, MICIC_PHASE_EMERGENCY, "Facilitate migrants' ability to move to safety", NULL},
    {11, MICIC_PHASE_EMERGENCY, "Provide humanitarian assistance to migrants without discrimination",
     NULL},
    {12, MICIC_PHASE_EMERGENCY, "Establish clear referral procedures among stakeholders", NULL},
    {13, MICIC_PHASE_EMERGENCY, "Relocate and evacuate migrants when needed", NULL},
    {14, MICIC_PHASE_POST_CRISIS,
     "Address migrants' immediate needs and support migrants to rebuild lives",
     /* seeds 001, 002 ("Practices to Implement Guideline 14: ..."), 004 */
     SYN("Address migrants\xe2\x80\x99 immediate needs and support migrants to rebuild lives")},
    {15, MICIC_PHASE_POST_CRISIS, "Support migrants' host communities",
     /* seed 001 */
     SYN("Support migrants\xe2\x80\x99 host communities")},
};

/* ------------------------------------------------------------------ */
/* Phases                                                              */
/* ------------------------------------------------------------------ */

const char *micic_phase_label(micic_phase phase) {
    const char *s;
    if (phase < MICIC_PHASE_PREPAREDNESS || phase > MICIC_PHASE_POST_CRISIS) return "";
    s = micic_vocab_label(MICIC_VOCAB_PHASE, (size_t)phase - 1);
    return s ? s : "";
}

micic_phase micic_phase_lookup(const char *text) {
    int i = micic_vocab_index(MICIC_VOCAB_PHASE, text);
    return i < 0 ? MICIC_PHASE_NONE : (micic_phase)(i + 1);
}

/* ------------------------------------------------------------------ */
/* Guidelines                                                          */
/* ------------------------------------------------------------------ */

size_t micic_guideline_count(void) { return 15; }

const micic_guideline *micic_guideline_get(int number) {
    return number >= 1 && number <= 15 ? &guidelines[number - 1] : NULL;
}

int micic_guideline_number(const micic_guideline *g) { return g ? g->number : 0; }
const char *micic_guideline_title(const micic_guideline *g) { return g ? g->title : ""; }

const char *micic_guideline_theme(const micic_guideline *g) {
    const char *s = g ? micic_vocab_label(MICIC_VOCAB_THEME, (size_t)g->number - 1) : NULL;
    return s ? s : "";
}

micic_phase micic_guideline_phase(const micic_guideline *g) {
    return g ? g->phase : MICIC_PHASE_NONE;
}

const char *micic_guideline_text(const micic_guideline *g) {
    return g ? micic_gl_text[g->number] : NULL;
}

const char *micic_guideline_description(const micic_guideline *g) {
    const unsigned char *d = g ? micic_gl_description[g->number] : NULL;
    return d ? (const char *)d : "";
}

size_t micic_guideline_sample_count(const micic_guideline *g) {
    return g ? micic_gl_sample_count[g->number] : 0;
}

const char *micic_guideline_sample(const micic_guideline *g, size_t i) {
    if (!g || i >= micic_gl_sample_count[g->number]) return NULL;
    return micic_gl_samples[g->number][i];
}

size_t micic_guideline_variant_count(const micic_guideline *g) {
    size_t n = 0;
    if (!g || !g->variants) return 0;
    while (g->variants[n]) n++;
    return n;
}

const char *micic_guideline_variant(const micic_guideline *g, size_t i) {
    return g && i < micic_guideline_variant_count(g) ? g->variants[i] : NULL;
}

unsigned micic__seed_map_guidelines(const char *source, const char *title) {
    size_t i;
    if (!source || !title || strcmp(source, MICIC__SEED_MAP_SOURCE) != 0) return 0;
    for (i = 0; i < micic_gl_map_count; i++)
        if (strcmp(micic_gl_map[i].heading, title) == 0) return micic_gl_map[i].mask;
    return 0;
}

const micic_guideline *micic_guideline_by_theme(const char *theme) {
    int i = micic_vocab_index(MICIC_VOCAB_THEME, theme);
    return i < 0 ? NULL : &guidelines[i];
}

/* ---- title matching -------------------------------------------------- */

/*
 * Title form of a key, in place: punctuation removed, "the" dropped, every
 * word singular. "address migrants' immediate needs..." and "Address
 * migrant's immediate need" both become "address migrant immediate need".
 */
static size_t title_form(char *s) {
    char tmp[MICIC_FOLD_STACK];
    size_t i, j = 0, n = strlen(s), k = 0;
    /* 1. drop punctuation, keep spaces single */
    for (i = 0; i < n; i++) {
        char c = s[i];
        if (strchr(",'\"();:.!?*", c)) continue;
        if (c == ' ' && (j == 0 || s[j - 1] == ' ')) continue;
        s[j++] = c;
    }
    while (j > 0 && s[j - 1] == ' ') j--;
    s[j] = '\0';
    /* 2. drop the word "the" */
    n = j;
    j = 0;
    i = 0;
    while (i < n) {
        size_t start = i;
        while (i < n && s[i] != ' ') i++;
        if (!(i - start == 3 && memcmp(s + start, "the", 3) == 0)) {
            if (j > 0) s[j++] = ' ';
            memmove(s + j, s + start, i - start);
            j += i - start;
        }
        i++;
    }
    s[j] = '\0';
    /* 3. singular words (short strings only; long ones are never titles) */
    if (j < sizeof tmp && (k = micic__singular_key(s, tmp, sizeof tmp)) > 0) {
        memcpy(s, tmp, k + 1);
        j = k;
    }
    return j;
}

/* Title form of a table string into buf (cap bytes); 0 on failure. */
static size_t table_title_form(const char *s, char *buf, size_t cap) {
    size_t len;
    if (micic__key_into(s, strlen(s), buf, cap, &len) != MICIC_OK) return 0;
    return title_form(buf);
}

/* Guideline number whose title or variant has title form t; with
 * prefix_ok, t may also be a word-prefix of one (truncated "..." text),
 * provided only one guideline fits. 0 when none. */
static int match_title_form(const char *t, int prefix_ok) {
    char buf[MICIC_FOLD_STACK];
    size_t tl = strlen(t);
    int g, found = 0, words = 1;
    size_t i;
    if (tl == 0) return 0;
    for (g = 0; g < 15; g++) {
        size_t nv = micic_guideline_variant_count(&guidelines[g]);
        for (i = 0; i <= nv; i++) {
            const char *s = i == 0 ? guidelines[g].title : guidelines[g].variants[i - 1];
            if (table_title_form(s, buf, sizeof buf) && strcmp(buf, t) == 0) return g + 1;
        }
    }
    if (!prefix_ok) return 0;
    for (i = 0; i < tl; i++)
        if (t[i] == ' ') words++;
    if (words < 2) return 0;
    for (g = 0; g < 15; g++) {
        size_t nv = micic_guideline_variant_count(&guidelines[g]);
        for (i = 0; i <= nv; i++) {
            const char *s = i == 0 ? guidelines[g].title : guidelines[g].variants[i - 1];
            size_t bl = table_title_form(s, buf, sizeof buf);
            if (bl > tl && strncmp(buf, t, tl) == 0 && buf[tl] == ' ') {
                if (found && found != g + 1) return 0; /* ambiguous */
                found = g + 1;
            }
        }
    }
    return found;
}

/* ---- word-level title similarity -------------------------------------- */

#define TW_MAX 40 /* words of a title form compared (titles have at most 18) */

typedef struct title_words {
    const char *w[TW_MAX];
    size_t n;
} title_words;

/* Words that carry no meaning in a title: "and"/"&", articles, prepositions
 * and possessives ("their lives" for "lives"). */
static int title_stopword(const char *w, size_t n) {
    static const char *const stop[] = {"and", "&", "a", "an", "of", "to", "in", "on",
                                       "for", "with", "their", "its", "or", "at", "by"};
    size_t i;
    for (i = 0; i < sizeof stop / sizeof stop[0]; i++)
        if (strlen(stop[i]) == n && memcmp(stop[i], w, n) == 0) return 1;
    return 0;
}

/* Split a title form (in place) into its content words. */
static void split_title(char *t, title_words *tw) {
    char *p = t;
    tw->n = 0;
    while (*p && tw->n < TW_MAX) {
        char *e = p;
        while (*e && *e != ' ') e++;
        if (*e) *e++ = '\0';
        if (!title_stopword(p, strlen(p))) tw->w[tw->n++] = p;
        p = e;
    }
}

/* Two title words are the same word: equal, or one typo apart in words of
 * five letters or more. */
static int same_word(const char *a, const char *b) {
    if (strcmp(a, b) == 0) return 1;
    if (strlen(a) < 5 || strlen(b) < 5) return 0;
    return micic__edit_distance(a, b, 1) <= 1;
}

/* Similarity of the words x to the title words t, 0..1000: 1000 when x is
 * the title cut off after at least half of its words (copied text loses
 * the end of long headings), or after two words when the text ends with
 * "..." (cut), else the share of matched words over the
 * longer of the two. */
static int words_score(const title_words *x, const title_words *t, int cut) {
    size_t i, j, matched = 0;
    unsigned char used[TW_MAX] = {0};
    int prefix = x->n > 0 && x->n <= t->n && (2 * x->n >= t->n || (cut && x->n >= 2));
    for (i = 0; prefix && i < x->n; i++)
        if (!same_word(x->w[i], t->w[i])) prefix = 0;
    if (prefix) return 1000;
    for (i = 0; i < x->n; i++)
        for (j = 0; j < t->n; j++)
            if (!used[j] && same_word(x->w[i], t->w[j])) {
                used[j] = 1;
                matched++;
                break;
            }
    {
        size_t longer = x->n > t->n ? x->n : t->n;
        return longer ? (int)(matched * 1000 / longer) : 0;
    }
}

static const char *parse_prefix(const char *key, int *number, int *had_prefix);

int micic__title_scores(const char *text, int scores[16], int *number_out) {
    char buf[MICIC_FOLD_STACK], tb[MICIC_FOLD_STACK];
    char *folded = NULL;
    size_t len = 0;
    int number = 0, had = 0, g, rc, cut;
    const char *rest;
    title_words x;
    memset(scores, 0, 16 * sizeof *scores);
    if (number_out) *number_out = 0;
    if (!text) return MICIC_EINVAL;
    rc = micic__fold_buf(text, strlen(text), buf, sizeof buf, &folded, &len);
    if (rc != MICIC_OK) return rc;
    cut = len >= 3 && strcmp(folded + len - 3, "...") == 0;
    micic__key_from_folded(folded, len);
    rest = parse_prefix(folded, &number, &had);
    if (number_out) *number_out = number;
    if (strlen(rest) >= sizeof tb) { /* far longer than any title */
        if (folded != buf) micic__free(folded);
        return MICIC_OK;
    }
    memcpy(tb, rest, strlen(rest) + 1);
    if (folded != buf) micic__free(folded);
    title_form(tb);
    split_title(tb, &x);
    if (x.n == 0) return MICIC_OK;
    for (g = 0; g < 15; g++) {
        size_t nv = micic_guideline_variant_count(&guidelines[g]), i;
        for (i = 0; i <= nv; i++) {
            char gb[MICIC_FOLD_STACK];
            title_words t;
            const char *s = i == 0 ? guidelines[g].title : guidelines[g].variants[i - 1];
            int sc;
            if (!table_title_form(s, gb, sizeof gb)) continue;
            split_title(gb, &t);
            sc = words_score(&x, &t, cut);
            if (sc > scores[g + 1]) scores[g + 1] = sc;
        }
    }
    return MICIC_OK;
}

int micic__title_best(const int scores[16], int exclude, int *score_out) {
    int g, best = 0, bs = 0;
    for (g = 1; g <= 15; g++)
        if (g != exclude && scores[g] > bs) {
            bs = scores[g];
            best = g;
        }
    if (score_out) *score_out = bs;
    return best;
}

/* Skip "practices to implement " and "guideline N" at the start of key;
 * returns the rest and stores N (0 when absent or out of range). */
static const char *parse_prefix(const char *key, int *number, int *had_prefix) {
    const char *p = key;
    static const char implement[] = "practices to implement ";
    *number = 0;
    *had_prefix = 0;
    if (strncmp(p, implement, sizeof implement - 1) == 0) p += sizeof implement - 1;
    if (strncmp(p, "guideline", 9) == 0) {
        const char *q = p + 9;
        int n = 0, digits = 0;
        while (*q == ' ') q++;
        while (*q >= '0' && *q <= '9' && digits < 3) {
            n = n * 10 + (*q - '0');
            q++;
            digits++;
        }
        if (digits > 0 && !(*q >= '0' && *q <= '9')) {
            while (*q == ' ' || *q == ':' || *q == '.' || *q == ')') q++;
            *number = n >= 1 && n <= 15 ? n : 0;
            *had_prefix = 1;
            return q;
        }
    }
    return key;
}

int micic_guideline_title_match(const char *text, int *number_out, int *title_match_out) {
    char buf[MICIC_FOLD_STACK];
    char *folded = NULL;
    size_t len = 0;
    int number = 0, title = 0, had_prefix = 0, truncated, rc, has_rest;
    char *rest;
    if (number_out) *number_out = 0;
    if (title_match_out) *title_match_out = 0;
    if (!text) return MICIC_EINVAL;
    /* fold (stack buffer, heap for long text), remember a trailing ellipsis,
       then apply the key rules */
    rc = micic__fold_buf(text, strlen(text), buf, sizeof buf, &folded, &len);
    if (rc != MICIC_OK) return rc;
    truncated = len >= 3 && strcmp(folded + len - 3, "...") == 0;
    micic__key_from_folded(folded, len);
    rest = folded + (parse_prefix(folded, &number, &had_prefix) - folded);
    has_rest = *rest != '\0';
    if (has_rest) {
        title_form(rest);
        title = match_title_form(rest, truncated);
    }
    if (folded != buf) micic__free(folded);
    if (has_rest && !title) { /* word level: articles, "&", plurals, a typo, cut off */
        int scores[16], best, bs, second;
        if (micic__title_scores(text, scores, NULL) == MICIC_OK) {
            best = micic__title_best(scores, 0, &bs);
            micic__title_best(scores, best, &second);
            if (best && bs >= MICIC__TITLE_SURE && bs - second >= 150) title = best;
        }
    }
    if (number_out) *number_out = number;
    if (title_match_out) *title_match_out = title;
    return number || title ? MICIC_OK : MICIC_ENOTFOUND;
}

const micic_guideline *micic_guideline_by_title(const char *title) {
    int number = 0, match = 0;
    if (micic_guideline_title_match(title, &number, &match) != MICIC_OK) return NULL;
    if (number && match && number != match) return NULL;
    if (match) return &guidelines[match - 1];
    /* a bare "GUIDELINE N" heading (no title text) names guideline N */
    if (number) {
        char buf[MICIC_FOLD_STACK];
        char *key;
        int n2, had;
        const char *rest;
        const micic_guideline *g = NULL;
        if (micic__key(title, strlen(title), buf, sizeof buf, &key, NULL) != MICIC_OK) return NULL;
        rest = parse_prefix(key, &n2, &had);
        if (*rest == '\0') g = &guidelines[number - 1];
        if (key != buf) micic__free(key);
        return g;
    }
    return NULL;
}
