/*
 * The controlled vocabularies of the MICIC Repository of Practices.
 *
 * DATA FIRST: the tables below are the only place the labels and their
 * accepted synonyms live; docs/catalogue.md explains how to correct them.
 * Every table string is compared through micic__key_into() (lib/fold.h),
 * so case, accents, curly quotes, hyphens and spacing never need their own
 * synonym. A synonym is added only when it surely means the label.
 *
 * Lookups first compare the input with the labels and synonyms as written,
 * ignoring ASCII case only (canonical data: no folding at all); otherwise
 * they fold the input once into a stack buffer (never the heap) and compare
 * it with the table strings folded on the fly, skipping those whose first
 * letter differs (the table strings take fold.c's one-pass key path): no
 * index, no mutable state.
 */
#include <string.h>

#include "catalogue_internal.h"
#include "fold.h"
#include "internal.h"
#include "micic/catalogue.h"

typedef struct vocab_term {
    const char *label;
    const char *const *synonyms; /* NULL-terminated, or NULL */
} vocab_term;

typedef struct vocab_def {
    const char *name;             /* machine name */
    const char *const *aliases;   /* human field labels naming the vocabulary */
    int closed;
    const vocab_term *terms;
    size_t count;
} vocab_def;

#define SYN(...) ((const char *const[]){__VA_ARGS__, NULL})
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* Data                                                                */
/* ------------------------------------------------------------------ */

/* Type of practice: the 12 values of the Repository's submission form, then
 * the values later practice pages use (met on real pages: "Early warning
 * systems" on the Philippines' crisis alert system, "Migration data
 * systems" on South Australia's community profiles). */
static const vocab_term type_terms[] = {
    {"Training and capacity building", NULL},
    {"Registration systems", NULL},
    {"Mobile and internet-based technologies", NULL},
    {"Agreements", NULL},
    {"Funds", NULL},
    {"Government bodies", NULL},
    {"Research and reports", NULL},
    {"Assistance programs", SYN("Assistance programmes")},
    {"Education and orientation", NULL},
    {"Website", SYN("Websites")},
    {"Domestic laws and policies", NULL},
    {"Contingency plans", NULL},
    {"Early warning systems", NULL},
    {"Migration data systems", NULL},
};

/* Type of Stakeholder (form values + the Guidelines' stakeholder groups). */
static const vocab_term stakeholder_terms[] = {
    {"State", SYN("States")},
    {"State of Origin", SYN("States of Origin")},
    {"Host State", SYN("Host States")},
    {"State of Transit", SYN("States of Transit")},
    {"International Organizations",
     SYN("International Organization", "International Organisations",
         "International Organisation")},
    {"Regional Institutions", SYN("Regional Institution")},
    {"Academia", NULL},
    {"Civil Society",
     /* "Civil Society, NGOs" is one term of the site's taxonomy (comma and all) */
     SYN("Civil Society Organizations", "Civil Society Organization",
         "Civil Society Organisations", "Civil Society Organisation", "Civil Society, NGOs")},
    {"Private Sector Actors", SYN("Private Sector Actor", "Private Sector")},
};

/* Type of crisis. "natural hazard" is deliberately NOT a synonym. */
static const vocab_term crisis_terms[] = {
    {"Conflict", SYN("Conflicts")},
    {"Natural Disaster", SYN("Natural Disasters")},
    {"Other", NULL},
};

/* Crisis phase. Order = micic_phase - 1. Headings such as "I: PRE-CRISIS
 * PHASE" / "II. EMERGENCY PHASE" are accepted by stripping the roman numeral
 * (see strip_roman), so only the words are listed here. */
static const vocab_term phase_terms[] = {
    {"Crisis Preparedness", SYN("Pre-crisis", "Pre-Crisis Phase")},
    {"Emergency Response", SYN("Emergency", "Emergency Phase")},
    {"Post-Crisis Action", SYN("Post-crisis", "Post-Crisis Phase")},
};

/* Thematic areas: one per guideline, index = guideline number - 1. */
static const vocab_term theme_terms[] = {
    {"Information on crises", NULL},
    {"Information on migrants", NULL},
    {"Empowering migrants", NULL},
    {"Preparedness and emergency response systems", NULL},
    {"Contingency planning", NULL},
    {"Communication before a crisis", NULL},
    {"Coordination", NULL},
    {"Capacity building", NULL},
    {"Communication during a crisis", NULL},
    {"Facilitating movement to safety", NULL},
    {"Provision of humanitarian assistance", NULL},
    {"Referral procedures", NULL},
    {"Relocation and evacuation", NULL},
    {"Support migrants\xe2\x80\x99 recovery", NULL},
    {"Support the recovery of migrants\xe2\x80\x99 host communities", NULL},
};

/* Migrant population targeted (open list: values seen in records). */
static const vocab_term population_terms[] = {
    {"stranded migrants", SYN("stranded migrant")},
    {"irregular migrants", SYN("irregular migrant")},
    {"rejected asylum seekers", SYN("rejected asylum-seekers", "rejected asylum seeker")},
    {"vulnerable migrants", SYN("vulnerable migrant")},
};

/* Migrants' vulnerabilities and needs addressed (open list). */
static const vocab_term need_terms[] = {
    {"Return and reintegration needs", NULL},
};

/* Source (open list): the report seen in records + the MICIC consultations. */
static const vocab_term source_terms[] = {
    {"MENA Consultation report",
     SYN("MENA Consultation", "North Africa and the Middle East",
         "North Africa and the Middle East Consultation",
         "North Africa and the Middle East Consultation report")},
    {"South, East and South-East Asia",
     SYN("South, East and South-East Asia Consultation",
         "South, East and South-East Asia Consultation report")},
    {"Eastern Europe and Central Asia",
     SYN("Eastern Europe and Central Asia Consultation",
         "Eastern Europe and Central Asia Consultation report")},
    {"West and Central Africa",
     SYN("West and Central Africa Consultation", "West and Central Africa Consultation report")},
    {"Latin America and the Caribbean",
     SYN("Latin America and the Caribbean Consultation",
         "Latin America and the Caribbean Consultation report")},
    {"East and Southern Africa",
     SYN("East and Southern Africa Consultation",
         "East and Southern Africa Consultation report")},
    {"Private Sector", SYN("Private Sector Consultation", "Private Sector Consultation report")},
    /* the Geneva consultation of March 2016 (seed 003's title page) */
    {"International Organizations Consultation",
     SYN("International Organizations Consultation report",
         "International Organisations Consultation")},
    /* the Guidelines themselves: source of their Sample Practices (seed 000) */
    {"MICIC Guidelines", SYN("Guidelines to Protect Migrants in Countries Experiencing Conflict or Natural Disaster")},
};

/* Kind of practice: reported in the Repository vs recommended by a
 * consultation document ("effective practices" in seed 003). */
static const vocab_term kind_terms[] = {
    {"Reported Practice", SYN("Reported", "Reported Practices", "Practice", "Practices")},
    {"Recommended Practice",
     SYN("Recommended", "Recommended Practices", "Effective Practice", "Effective Practices")},
};

static const vocab_def vocabs[MICIC_VOCAB_COUNT] = {
    {"type", SYN("Type of practice", "Type", "Practice type"), 1, type_terms, COUNT(type_terms)},
    {"stakeholder_type",
     SYN("Type of Stakeholder", "Type of Stakeholder Implementing the Practice",
         "Stakeholder type", "Stakeholder types", "Type of Stakeholders"),
     1, stakeholder_terms, COUNT(stakeholder_terms)},
    {"crisis", SYN("Type of crisis", "Crisis type", "Crisis types"), 1, crisis_terms,
     COUNT(crisis_terms)},
    {"phase", SYN("Crisis phase", "Phase", "Phases"), 1, phase_terms, COUNT(phase_terms)},
    {"theme",
     SYN("Thematic area", "Thematic areas", "Guidelines/Thematic Areas",
         "Guideline(s)/Thematic area(s)", "Themes"),
     1, theme_terms, COUNT(theme_terms)},
    {"population",
     SYN("Migrant population targeted", "Migrant population targeted by the practice",
         "Migrant populations", "Populations"),
     0, population_terms, COUNT(population_terms)},
    {"need",
     SYN("Migrants' vulnerabilities and needs addressed",
         "Migrants' vulnerabilities and needs addressed by the practice", "Needs",
         "Vulnerabilities and needs"),
     0, need_terms, COUNT(need_terms)},
    {"source", SYN("Source", "Sources"), 0, source_terms, COUNT(source_terms)},
    {"kind", SYN("Kind", "Kind of practice", "Practice kind"), 1, kind_terms,
     COUNT(kind_terms)},
};

/* ------------------------------------------------------------------ */
/* Code                                                                */
/* ------------------------------------------------------------------ */

static const vocab_def *def_of(micic_vocab v) {
    if ((int)v < 0 || v >= MICIC_VOCAB_COUNT) return NULL;
    return &vocabs[v];
}

static size_t nsyn(const vocab_term *t) {
    size_t n = 0;
    if (!t->synonyms) return 0;
    while (t->synonyms[n]) n++;
    return n;
}

/* 1 when the key of table string s equals key (never allocates for
 * short table strings; table strings are all short). A table string that
 * starts with a letter or digit has a key that starts with it (lower-cased),
 * so most table strings are rejected on their first byte, unfolded. */
static int table_key_equal(const char *s, const char *key) {
    char buf[MICIC_FOLD_STACK];
    size_t len;
    unsigned char c = (unsigned char)s[0];
    if (c >= 'A' && c <= 'Z') c = (unsigned char)(c - 'A' + 'a');
    if (((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) && c != (unsigned char)key[0])
        return 0;
    if (micic__key_into(s, strlen(s), buf, sizeof buf, &len) != MICIC_OK) return 0;
    return strcmp(buf, key) == 0;
}

/* "i: pre crisis phase" -> "pre crisis phase" (roman numeral headings). */
static const char *strip_roman(const char *key) {
    size_t i = 0;
    while (key[i] == 'i' || key[i] == 'v' || key[i] == 'x') i++;
    if (i == 0 || i > 4) return key;
    if (key[i] == '.' || key[i] == ':' || key[i] == ')') i++;
    else if (key[i] != ' ') return key;
    while (key[i] == ' ') i++;
    return key[i] ? key + i : key;
}

int micic__vocab_index_key(micic_vocab v, const char *key) {
    const vocab_def *d = def_of(v);
    size_t i, j;
    if (!d || !key || !*key) return -1;
    if (v == MICIC_VOCAB_PHASE) key = strip_roman(key);
    for (i = 0; i < d->count; i++) {
        if (table_key_equal(d->terms[i].label, key)) return (int)i;
    }
    for (i = 0; i < d->count; i++) {
        size_t n = nsyn(&d->terms[i]);
        for (j = 0; j < n; j++)
            if (table_key_equal(d->terms[i].synonyms[j], key)) return (int)i;
    }
    return -1;
}

const char *micic_vocab_name(micic_vocab v) {
    const vocab_def *d = def_of(v);
    return d ? d->name : "";
}

int micic_vocab_from_name(const char *name, micic_vocab *out) {
    char buf[MICIC_FOLD_STACK];
    size_t len, k;
    int v;
    const char *check = " (check all that apply)";
    if (!name || !out) return MICIC_EINVAL;
    if (micic__key_into(name, strlen(name), buf, sizeof buf, &len) != MICIC_OK)
        return MICIC_ENOTFOUND;
    k = strlen(check);
    if (len > k && strcmp(buf + len - k, check) == 0) buf[len - k] = '\0';
    for (v = 0; v < MICIC_VOCAB_COUNT; v++) {
        const vocab_def *d = &vocabs[v];
        size_t i;
        if (table_key_equal(d->name, buf)) {
            *out = (micic_vocab)v;
            return MICIC_OK;
        }
        for (i = 0; d->aliases[i]; i++) {
            if (table_key_equal(d->aliases[i], buf)) {
                *out = (micic_vocab)v;
                return MICIC_OK;
            }
        }
    }
    return MICIC_ENOTFOUND;
}

int micic_vocab_is_closed(micic_vocab v) {
    const vocab_def *d = def_of(v);
    return d ? d->closed : 0;
}

size_t micic_vocab_size(micic_vocab v) {
    const vocab_def *d = def_of(v);
    return d ? d->count : 0;
}

const char *micic_vocab_label(micic_vocab v, size_t i) {
    const vocab_def *d = def_of(v);
    return d && i < d->count ? d->terms[i].label : NULL;
}

size_t micic_vocab_synonym_count(micic_vocab v, size_t i) {
    const vocab_def *d = def_of(v);
    return d && i < d->count ? nsyn(&d->terms[i]) : 0;
}

const char *micic_vocab_synonym(micic_vocab v, size_t i, size_t j) {
    const vocab_def *d = def_of(v);
    if (!d || i >= d->count || j >= nsyn(&d->terms[i])) return NULL;
    return d->terms[i].synonyms[j];
}

/* 1 when a and b are equal but for ASCII case. */
static int same_text(const char *a, const char *b) { return micic__ascii_caseeq(a, b); }

int micic_vocab_index(micic_vocab v, const char *text) {
    const vocab_def *d = def_of(v);
    char key[MICIC_FOLD_STACK];
    size_t i, j;
    if (!text || !d) return -1;
    /* fast path, no folding: a label or synonym as written, in any ASCII
     * case (canonical data, and most hand-typed values). Equal texts have
     * equal keys, and every table string looks up to its own term
     * (tests/test_canon.c), so the folded match below gives the same. */
    for (i = 0; i < d->count; i++)
        if (same_text(d->terms[i].label, text)) return (int)i;
    for (i = 0; i < d->count; i++) {
        const char *const *syn = d->terms[i].synonyms;
        for (j = 0; syn && syn[j]; j++)
            if (same_text(syn[j], text)) return (int)i;
    }
    /* a key of MICIC_FOLD_STACK bytes or more matches no table string */
    if (micic__key_lookup(text, strlen(text), key, sizeof key, NULL) != MICIC_OK) return -1;
    return micic__vocab_index_key(v, key);
}

const char *micic_vocab_lookup(micic_vocab v, const char *text) {
    int i = micic_vocab_index(v, text);
    return i < 0 ? NULL : vocabs[v].terms[i].label;
}

/* ---- suggestions ---------------------------------------------------- */

size_t micic__singular_key(const char *key, char *out, size_t cap) {
    size_t n = strlen(key), i = 0, j = 0;
    if (cap == 0) return 0;
    while (i <= n) {
        size_t start = i, wlen;
        while (i < n && key[i] != ' ') i++;
        wlen = i - start;
        if (j + wlen + 2 > cap) {
            out[0] = '\0';
            return 0;
        }
        memcpy(out + j, key + start, wlen);
        if (wlen > 3 && key[i - 1] == 's' && key[i - 2] != 's') {
            if (wlen > 4 && key[i - 2] == 'e' && key[i - 3] == 'i') {
                wlen -= 2; /* "ies" -> "y" */
                out[j + wlen - 1] = 'y';
            } else {
                wlen -= 1;
            }
        }
        j += wlen;
        if (i < n) out[j++] = ' ';
        i++;
    }
    out[j] = '\0';
    return j;
}

int micic__suggest_distance(const char *key, const char *cand) {
    size_t lk = micic__utf8_chars(key, strlen(key)), lc = micic__utf8_chars(cand, strlen(cand));
    size_t shorter = lk < lc ? lk : lc;
    char sk[MICIC_FOLD_STACK], sc[MICIC_FOLD_STACK];
    int cap, d;
    if (!*key || !*cand) return -1;
    if (strcmp(key, cand) == 0) return 0;
    if (micic__singular_key(key, sk, sizeof sk) && micic__singular_key(cand, sc, sizeof sc) &&
        strcmp(sk, sc) == 0)
        return 1;
    cap = (int)(shorter / 4);
    if (cap < 1) return -1;
    d = micic__edit_distance(key, cand, cap);
    return d <= cap ? d : -1;
}

/* 1 when the words of key occur, whole and in order, in the words of hay
 * (both keys: folded, single spaces). */
static int has_words(const char *hay, const char *key) {
    size_t hn = strlen(hay), kn = strlen(key);
    const char *p = hay;
    if (kn == 0 || kn >= hn) return 0;
    while ((p = strstr(p, key)) != NULL) {
        size_t i = (size_t)(p - hay);
        if ((i == 0 || hay[i - 1] == ' ') && (i + kn == hn || hay[i + kn] == ' ')) return 1;
        p++;
    }
    return 0;
}

/* The one label whose label or synonym contains the words of key (a short
 * form such as "Preparedness" for "Crisis Preparedness" or "Training" for
 * "Training and capacity building", as the query language matches them);
 * -1 when none or several. Keys of fewer than 4 bytes are never short forms. */
static int short_form(const vocab_def *d, const char *key) {
    char buf[MICIC_FOLD_STACK];
    int found = -1;
    size_t i, j;
    if (strlen(key) < 4) return -1;
    for (i = 0; i < d->count; i++) {
        size_t n = nsyn(&d->terms[i]);
        for (j = 0; j <= n; j++) {
            const char *s = j == 0 ? d->terms[i].label : d->terms[i].synonyms[j - 1];
            if (micic__key_into(s, strlen(s), buf, sizeof buf, NULL) != MICIC_OK) continue;
            if (!has_words(buf, key)) continue;
            if (found >= 0 && found != (int)i) return -1;
            found = (int)i;
        }
    }
    return found;
}

/* Consider one table string: keep the best (lowest distance) label;
 * a tie between two different labels makes the suggestion ambiguous. */
static void consider(const char *key, const char *table_string, int label, int *best,
                     int *best_label, int *tie) {
    char buf[MICIC_FOLD_STACK];
    int d;
    if (micic__key_into(table_string, strlen(table_string), buf, sizeof buf, NULL) != MICIC_OK)
        return;
    d = micic__suggest_distance(key, buf);
    if (d < 0) return;
    if (*best < 0 || d < *best) {
        *best = d;
        *best_label = label;
        *tie = 0;
    } else if (d == *best && label != *best_label) {
        *tie = 1;
    }
}

const char *micic_vocab_suggest(micic_vocab v, const char *text, int *distance_out) {
    const vocab_def *d = def_of(v);
    char buf[MICIC_FOLD_STACK];
    char *key;
    int best = -1, best_label = -1, tie = 0, idx;
    size_t i, j;
    if (distance_out) *distance_out = -1;
    if (!d || !text) return NULL;
    if (micic__key(text, strlen(text), buf, sizeof buf, &key, NULL) != MICIC_OK) return NULL;
    idx = micic__vocab_index_key(v, key);
    if (idx >= 0) {
        best = 0;
        best_label = idx;
    } else {
        const char *k = v == MICIC_VOCAB_PHASE ? strip_roman(key) : key;
        for (i = 0; i < d->count; i++) {
            size_t n = nsyn(&d->terms[i]);
            consider(k, d->terms[i].label, (int)i, &best, &best_label, &tie);
            for (j = 0; j < n; j++)
                consider(k, d->terms[i].synonyms[j], (int)i, &best, &best_label, &tie);
        }
    }
    if (best < 0 && !tie) { /* a short form, as the query language takes it */
        best_label = short_form(d, key);
        if (best_label >= 0) {
            char lk[MICIC_FOLD_STACK];
            if (micic__key_into(d->terms[best_label].label, strlen(d->terms[best_label].label),
                                lk, sizeof lk, NULL) == MICIC_OK)
                best = micic__edit_distance(key, lk, (int)sizeof lk);
            if (best < 0) best_label = -1;
        }
    }
    if (key != buf) micic__free(key);
    if (best < 0 || tie) return NULL;
    if (distance_out) *distance_out = best;
    return d->terms[best_label].label;
}
