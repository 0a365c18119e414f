// Refrain's window onto ICU. Debian's ICU renames every symbol per version
// (ubrk_open_72); these wrappers give Swift stable names and keep ICU's
// headers out of every other target.
#ifndef REFRAIN_CICU_H
#define REFRAIN_CICU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// An ICU break iterator bound to a UTF-8 UText; indices are byte offsets.
typedef struct RefrainBreaker RefrainBreaker;

/// Kinds of break iterator.
enum { REFRAIN_BREAK_WORD = 0, REFRAIN_BREAK_SENTENCE = 1 };

/// Opens a break iterator of `kind` for `locale` ("" = root). Returns NULL on failure
/// and writes ICU's error name to `error` (at least 64 bytes) when given.
RefrainBreaker *refrain_breaker_open(int32_t kind, const char *locale, char *error, int32_t errorCapacity);
void refrain_breaker_close(RefrainBreaker *breaker);
/// Points the iterator at `length` UTF-8 bytes (not copied: they must outlive the iteration).
/// Returns 0 on success.
int32_t refrain_breaker_set_text(RefrainBreaker *breaker, const uint8_t *bytes, int64_t length);
/// The next boundary as a byte offset, or -1 when done.
int32_t refrain_breaker_next(RefrainBreaker *breaker);
/// The rule status of the segment that ends at the current boundary
/// (word: 0 none, 100 number, 200 letter, 300 kana, 400 ideograph).
int32_t refrain_breaker_rule_status(const RefrainBreaker *breaker);

/// Normalization flags for `refrain_normalize`.
enum {
    /// Remove combining marks after canonical decomposition ("é" → "e").
    REFRAIN_NORMALIZE_FOLD_DIACRITICS = 1
};

/// Writes the matching form of `length` UTF-8 bytes to `dst`: NFKC with Unicode case folding,
/// typographic apostrophes and quotes folded to ASCII ' and ", dashes to '-'.
/// Invalid UTF-8 becomes U+FFFD. Returns the number of bytes the result needs: when that is
/// more than `capacity`, nothing useful was written and the caller retries with a larger buffer.
/// Returns -1 on an ICU failure.
int32_t refrain_normalize(const uint8_t *src, int32_t length, uint8_t *dst, int32_t capacity, int32_t flags);

/// Fast-path word-break classes (see RefrainText's UnicodeWords).
enum {
    REFRAIN_WB_OTHER = 0,      // always breaks on both sides
    REFRAIN_WB_LETTER = 1,     // ALetter outside dictionary scripts
    REFRAIN_WB_DIGIT = 2,      // Numeric
    REFRAIN_WB_MID_LN = 4,     // MidNumLet, Single_Quote: joins letters or digits
    REFRAIN_WB_MID_NUM = 8,    // MidNum: joins digits
    REFRAIN_WB_ICU = 16,       // needs ICU's full rules
    REFRAIN_WB_SPACE = 32,     // ASCII whitespace
    REFRAIN_WB_HANGUL = 64     // Hangul syllable: runs of them are words of their own
};

/// The fast-path class of code point `c` for the word rules ICU applies, from ICU's own
/// properties; code points whose segmentation depends on more context, on dictionaries or on
/// ICU's tailoring are REFRAIN_WB_ICU. "Other" code points are probed against ICU itself.
int32_t refrain_word_class(int32_t c);

/// ICU's version, e.g. "72.1".
const char *refrain_icu_version(void);

#ifdef __cplusplus
}
#endif
#endif
