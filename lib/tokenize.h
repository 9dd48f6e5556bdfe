/*
 * Internal tokenizer shared by search, similar practices, suggestion and
 * validation: Unicode-aware word splitting and case folding (utf8proc),
 * English Snowball stemming (libstemmer), a stopword list. Not installed.
 *
 * A micic_tokenizer holds a libstemmer stemmer (made on first use), not thread-safe,
 * and a cache of the stems of the words it has seen (at most 262144 words,
 * emptied when full; results never depend on it): create one tokenizer per
 * thread (or per call); they are cheap.
 *
 * Rules (docs/search.md, tested in tests/test_tokenize.c):
 *  - A word starts at a letter or digit (Unicode general category L* or
 *    N*) and extends over letters, digits and marks (M*) and over anything
 *    that does not start a new grapheme cluster (utf8proc's grapheme break
 *    rules: combining sequences, ZWJ/ZWNJ, variation selectors stay in the
 *    word). An apostrophe (' U+0027, ’ U+2019, ʼ U+02BC) between two word
 *    characters joins them ("don't", "migrant’s"); every other character
 *    (space, punctuation, hyphen, symbol) separates words, so "post-crisis"
 *    is two words and "2.5" is "2" and "5". Scripts written without spaces
 *    (Chinese, Japanese, Thai) give one word per run: there is no
 *    dictionary segmentation. Invalid UTF-8 bytes separate words.
 *  - Each word is folded with micic__fold_into() (lib/fold.h: NFKC, Unicode
 *    case folding, accents stripped, curly apostrophes made straight).
 *  - A folded word found in the stopword list (lib/stopwords.c) produces no
 *    token but still takes a position, so phrases keep their gaps.
 *  - Other words are stemmed with Snowball's English stemmer
 *    (sb_stemmer_new("english", NULL)): "migrants" -> "migrant",
 *    "evacuation" -> "evacu", "migrant's" -> "migrant".
 */
#ifndef MICIC_TOKENIZE_H
#define MICIC_TOKENIZE_H

#include <stddef.h>
#include <stdint.h>

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

/* New tokenizer; NULL on allocation failure. Free with micic__tokenizer_free(). */
micic_tokenizer *micic__tokenizer_new(void);
/* NULL is a no-op. */
void micic__tokenizer_free(micic_tokenizer *t);

/* Callback per token; return non-zero to stop. */
typedef int (*micic__token_cb)(const micic_token *tok, void *payload);

/* Tokenize text[0..len): calls cb for every non-stopword token, positions
 * counted from 0. Returns 0, MICIC_ENOMEM, or the callback's non-zero value. */
int micic__tokenize(micic_tokenizer *t, const char *text, size_t len, micic__token_cb cb,
                    void *payload);

/* Same, with positions counted from @p first_position; when @p next_position
 * is not NULL it receives the position after the last word of the text
 * (stopwords included), so a caller can tokenize several values of one
 * record into one position space. */
int micic__tokenize_at(micic_tokenizer *t, const char *text, size_t len,
                       size_t first_position, micic__token_cb cb, void *payload,
                       size_t *next_position);

/* Callback per word: the folded word (folded[0..len), not NUL-terminated:
 * it may point into the text itself; borrowed until the next word) and
 * where it is in the input; stopwords included, nothing stemmed. Return
 * non-zero to stop. */
typedef int (*micic__word_cb)(micic_tokenizer *t, const char *folded, size_t len, size_t start,
                              size_t end, void *payload);

/* Split and fold text[0..len) into words (the rules above, before the
 * stopword check and stemming): lets a caller keep its own table of folded
 * words -> terms and only ask micic__tokenizer_term() for words it has not
 * seen. Returns 0, MICIC_EINVAL, MICIC_ENOMEM or the callback's value. */
int micic__tokenize_words(micic_tokenizer *t, const char *text, size_t len, micic__word_cb cb,
                          void *payload);

/* A lexicon: a table of folded words (up to 16 bytes; longer ones are not
 * kept) -> int32 ids that a caller fills once (e.g. with the term ids of
 * its training words) and then only reads, from any number of threads.
 * micic__tokenize_lex() looks every word up while it scans, so a text
 * whose words are all known is never stemmed nor copied, and needs no
 * tokenizer. */
typedef struct micic__lexicon micic__lexicon;
micic__lexicon *micic__lexicon_new(void); /* NULL on allocation failure */
void micic__lexicon_free(micic__lexicon *lx); /* NULL is a no-op */
/* Add a word (a word already there keeps its id; one over 16 bytes is
 * ignored). MICIC_OK or MICIC_ENOMEM. */
int micic__lexicon_put(micic__lexicon *lx, const char *folded, size_t len, int32_t id);
/* The id of a folded word, or NULL. */
const int32_t *micic__lexicon_get(const micic__lexicon *lx, const char *folded, size_t len);

/* Callback per word of micic__tokenize_lex(): @p id is the lexicon's id of
 * the word (then @p folded is NULL, and @p t may be NULL), or NULL for a
 * word the lexicon lacks (then folded[0..len) is the folded word, as for
 * micic__word_cb, and @p t is a tokenizer, e.g. for micic__tokenizer_term). */
typedef int (*micic__lex_cb)(micic_tokenizer *t, const int32_t *id, const char *folded,
                             size_t len, void *payload);

/* micic__tokenize_words() with a lexicon lookup of every word. *t may be
 * NULL: a tokenizer is only made (into *t, for the caller to free, also
 * on error) at the first word that needs one (a word the lexicon lacks, or
 * one that is not plain ASCII), so ranking a text of known words
 * allocates nothing. Returns 0, MICIC_EINVAL (t or lx NULL), MICIC_ENOMEM
 * or the callback's value. */
int micic__tokenize_lex(micic_tokenizer **t, const micic__lexicon *lx, const char *text,
                        size_t len, micic__lex_cb cb, void *payload);

/* The term of one folded word: *term NULL for a stopword, else its stem
 * (borrowed from the tokenizer until its next call). Returns MICIC_OK or
 * MICIC_ENOMEM. @p folded may be the word a micic__word_cb received. */
int micic__tokenizer_term(micic_tokenizer *t, const char *folded, size_t len, const char **term,
                          size_t *term_len);

/* 1 when the folded word is an English stopword. */
int micic__is_stopword(const char *folded, size_t len);

/* The stopword list (sorted, folded): its size and word i (NULL out of range). */
size_t micic__stopword_count(void);
const char *micic__stopword_at(size_t i);

#endif /* MICIC_TOKENIZE_H */
