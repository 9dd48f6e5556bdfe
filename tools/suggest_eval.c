/*
 * The C half of tools/suggest_eval.py (docs/suggest.md, "Evaluation"):
 * runs the guideline suggester and writes its rankings as JSON Lines, one
 * line per ranked record:
 *   {"id": ..., "source": ..., "labels": [own guidelines],
 *    "ranks": [15 guidelines, best first], "scores": [...],
 *    "confidence": [...], "chosen": [...], "low_confidence": true|false}
 *
 *   suggest_eval loo [FILE...]
 *       leave-one-out over the training corpus (default: the bundled
 *       corpus): every record the suggester trains with guidelines
 *       (micic_suggest_training_guidelines: its tags, or seed 003's table)
 *       is ranked on its own fields by a suggester trained on the
 *       catalogue and every other record (micic_suggester_new(corpus, id));
 *   suggest_eval predict TEST [TRAIN...]
 *       every record of TEST ranked by one suggester trained on the
 *       catalogue, the bundled corpus and the TRAIN files. TEST records are
 *       read as they are: give them without tags (the labels written are
 *       the TEST record's own tags, for convenience, and are never read by
 *       the suggester, which only reads a practice's own fields).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "micic/micic.h"

static int fail(const char *what, const micic_error *err) {
    fprintf(stderr, "suggest_eval: %s: %s\n", what, err ? err->text : "failed");
    return 1;
}

/* One JSON line for p ranked by r. */
static int emit(const micic_practice *p, const micic_suggestions *r) {
    json_t *o = json_object(), *labels = json_array(), *ranks = json_array(),
           *scores = json_array(), *conf = json_array(), *chosen = json_array();
    int g[16];
    size_t n = micic_suggest_training_guidelines(p, g, 16), i;
    char *line;
    const char *src = micic_practice_first(p, MICIC_FIELD_SOURCE);
    if (!n) { /* not a training record: its own tags (predict) */
        for (i = 0; i < micic_practice_count(p, MICIC_FIELD_GUIDELINE) && n < 16; i++)
            g[n++] = atoi(micic_practice_value(p, MICIC_FIELD_GUIDELINE, i));
    }
    for (i = 0; i < n; i++) json_array_append_new(labels, json_integer(g[i]));
    for (i = 0; i < micic_suggestions_size(r); i++) {
        json_array_append_new(ranks, json_integer(micic_suggestions_guideline(r, i)));
        json_array_append_new(scores, json_real(micic_suggestions_score(r, i)));
        json_array_append_new(conf, json_real(micic_suggestions_confidence(r, i)));
    }
    for (i = 0; i < micic_suggestions_chosen(r); i++)
        json_array_append_new(chosen, json_integer(micic_suggestions_guideline(r, i)));
    json_object_set_new(o, "id", json_string(micic_practice_id(p)));
    json_object_set_new(o, "source", json_string(src));
    json_object_set_new(o, "labels", labels);
    json_object_set_new(o, "ranks", ranks);
    json_object_set_new(o, "scores", scores);
    json_object_set_new(o, "confidence", conf);
    json_object_set_new(o, "chosen", chosen);
    json_object_set_new(o, "low_confidence", json_boolean(micic_suggestions_low_confidence(r)));
    line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!line) return 1;
    puts(line);
    free(line);
    return 0;
}

static int read_files(micic_corpus *c, char **files, int n) {
    micic_error err;
    int i;
    for (i = 0; i < n; i++)
        if (micic_read_file(c, files[i], NULL, &err) != MICIC_OK) return fail(files[i], &err);
    return 0;
}

static int loo(char **files, int n) {
    micic_corpus *c = micic_corpus_new();
    micic_error err;
    size_t i;
    if (!c || read_files(c, files, n)) return 1;
    if (micic_corpus_size(c) == 0 && micic_read_bundled(c, NULL, &err) != MICIC_OK)
        return fail("bundled corpus", &err);
    for (i = 0; i < micic_corpus_size(c); i++) {
        const micic_practice *p = micic_corpus_get(c, i);
        micic_suggester *s = NULL;
        micic_suggestions *r = NULL;
        if (!micic_suggest_training_guidelines(p, NULL, 0)) continue;
        if (micic_suggester_new(c, micic_practice_id(p), &s, &err) != MICIC_OK)
            return fail("training", &err);
        if (micic_suggest_practice(s, p, 0, &r, &err) != MICIC_OK) {
            fprintf(stderr, "suggest_eval: %s: %s (skipped)\n", micic_practice_id(p), err.text);
        } else if (emit(p, r)) {
            return 1;
        }
        micic_suggestions_free(r);
        micic_suggester_free(s);
    }
    micic_corpus_free(c);
    return 0;
}

static int predict(const char *test, char **train, int n) {
    micic_corpus *c = micic_corpus_new(), *t = micic_corpus_new();
    micic_suggester *s = NULL;
    micic_error err;
    size_t i;
    if (!c || !t) return 1;
    if (micic_read_bundled(c, NULL, &err) != MICIC_OK) return fail("bundled corpus", &err);
    if (read_files(c, train, n) || read_files(t, (char **)&test, 1)) return 1;
    if (micic_suggester_new(c, NULL, &s, &err) != MICIC_OK) return fail("training", &err);
    for (i = 0; i < micic_corpus_size(t); i++) {
        const micic_practice *p = micic_corpus_get(t, i);
        micic_suggestions *r = NULL;
        if (micic_suggest_practice(s, p, 0, &r, &err) != MICIC_OK) {
            fprintf(stderr, "suggest_eval: %s: %s (skipped)\n", micic_practice_id(p), err.text);
            continue;
        }
        if (emit(p, r)) return 1;
        micic_suggestions_free(r);
    }
    micic_suggester_free(s);
    micic_corpus_free(c);
    micic_corpus_free(t);
    return 0;
}

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "loo") == 0) return loo(argv + 2, argc - 2);
    if (argc >= 3 && strcmp(argv[1], "predict") == 0) return predict(argv[2], argv + 3, argc - 3);
    fprintf(stderr, "usage: suggest_eval loo [FILE...] | predict TEST [TRAIN...]\n");
    return 2;
}
