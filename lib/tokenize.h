/*
 * Internal tokenizer shared by search, similar practices, suggestion and
 * validation: Unicode-aware word splitting and case folding (utf8proc),
 * English Snowball stemming (libstemmer), a stopword list. Not installed.
 *
 * A micic_tokenizer holds a libstemmer stemmer, which is not thread-safe:
 * create one tokenizer per thread (or per call); they are cheap.
 */
#ifndef MICIC_TOKENIZE_H
#define MICIC_TOKENIZE_H

#include <stddef.h>

typedef struct micic_tokenizer micic_tokenizer;

/* One token: the stemmed, folded term (NUL-terminated, borrowed from the
 * tokenizer until the next call) and where its word is in the input. */
typedef struct micic_token {
    const char *term;  /* stemmed + folded */
    size_t term_len;
    size_t start;      /* byte offset of the word in the input */
    size_t end;        /* byte offset just past the word */
    size_t position;   /* word position (stopwords count, for phrases) */
} micic_token;

micic_tokenizer *micic__tokenizer_new(void);
void micic__tokenizer_free(micic_tokenizer *t);

/* Callback per token; return non-zero to stop. */
typedef int (*micic__token_cb)(const micic_token *tok, void *payload);

/* Tokenize text[0..len): calls cb for every non-stopword token.
 * Returns 0, MICIC_ENOMEM, or the callback's non-zero value. */
int micic__tokenize(micic_tokenizer *t, const char *text, size_t len, micic__token_cb cb,
                    void *payload);

/* 1 when the folded word is an English stopword. */
int micic__is_stopword(const char *folded, size_t len);

#endif /* MICIC_TOKENIZE_H */
