#include "CICU.h"
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/uchar.h>
#include <unicode/uversion.h>
#include <unicode/uscript.h>

struct RefrainBreaker {
    UBreakIterator *iterator;
    UText text;
};

RefrainBreaker *refrain_breaker_open(int32_t kind, const char *locale, char *error, int32_t errorCapacity) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIteratorType type = kind == REFRAIN_BREAK_SENTENCE ? UBRK_SENTENCE : UBRK_WORD;
    UBreakIterator *iterator = ubrk_open(type, locale, NULL, 0, &status);
    if (U_FAILURE(status) || iterator == NULL) {
        if (error && errorCapacity > 0) {
            strncpy(error, u_errorName(status), (size_t)errorCapacity - 1);
            error[errorCapacity - 1] = 0;
        }
        return NULL;
    }
    RefrainBreaker *breaker = calloc(1, sizeof(RefrainBreaker));
    if (!breaker) { ubrk_close(iterator); return NULL; }
    breaker->iterator = iterator;
    UText initial = UTEXT_INITIALIZER;
    breaker->text = initial;
    return breaker;
}

void refrain_breaker_close(RefrainBreaker *breaker) {
    if (!breaker) return;
    ubrk_close(breaker->iterator);
    utext_close(&breaker->text);
    free(breaker);
}

int32_t refrain_breaker_set_text(RefrainBreaker *breaker, const uint8_t *bytes, int64_t length) {
    UErrorCode status = U_ZERO_ERROR;
    static const char empty[1] = {0};
    utext_openUTF8(&breaker->text, bytes ? (const char *)bytes : empty, length, &status);
    if (U_FAILURE(status)) return (int32_t)status;
    ubrk_setUText(breaker->iterator, &breaker->text, &status);
    return U_FAILURE(status) ? (int32_t)status : 0;
}

int32_t refrain_breaker_next(RefrainBreaker *breaker) {
    int32_t next = ubrk_next(breaker->iterator);
    return next == UBRK_DONE ? -1 : next;
}

int32_t refrain_breaker_rule_status(const RefrainBreaker *breaker) {
    return ubrk_getRuleStatus(breaker->iterator);
}

static UChar fold_typography(UChar c) {
    switch (c) {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x02BC: case 0x2032:
    case 0x2039: case 0x203A: case 0x0060: case 0x00B4:
        return 0x27;  // apostrophes and single quotes → '
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB: case 0x00BB:
    case 0x2033: case 0x300C: case 0x300D: case 0x300E: case 0x300F:
        return 0x22;  // double quotes and guillemets → "
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212: case 0xFE58: case 0xFE63:
        return 0x2D;  // hyphens and dashes → -
    default:
        return c;
    }
}

// Runs `norm` from `src` into a buffer that grows as needed; returns its length or -1.
static int32_t apply(const UNormalizer2 *norm, const UChar *src, int32_t length, UChar **dst, int32_t *capacity, UChar *stack) {
    for (;;) {
        UErrorCode status = U_ZERO_ERROR;
        int32_t needed = unorm2_normalize(norm, src, length, *dst, *capacity, &status);
        if (status == U_BUFFER_OVERFLOW_ERROR) {
            if (*dst != stack) free(*dst);
            *capacity = needed + 16;
            *dst = malloc(sizeof(UChar) * (size_t)*capacity);
            if (!*dst) return -1;
            continue;
        }
        return U_FAILURE(status) ? -1 : needed;
    }
}

#define STACK_UNITS 512

int32_t refrain_normalize(const uint8_t *src, int32_t length, uint8_t *dst, int32_t capacity, int32_t flags) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *nfkcCaseFold = unorm2_getNFKCCasefoldInstance(&status);
    if (U_FAILURE(status)) return -1;

    UChar stackA[STACK_UNITS], stackB[STACK_UNITS];
    UChar *a = stackA, *b = stackB;
    int32_t capA = STACK_UNITS, capB = STACK_UNITS, result = -1;

    // UTF-8 → UTF-16, invalid sequences → U+FFFD. UTF-16 never needs more units than UTF-8 has bytes.
    if (length + 1 > capA) {
        capA = length + 1;
        a = malloc(sizeof(UChar) * (size_t)capA);
        if (!a) return -1;
    }
    int32_t units = 0;
    u_strFromUTF8WithSub(a, capA, &units, (const char *)src, length, 0xFFFD, NULL, &status);
    if (U_FAILURE(status)) goto done;

    units = apply(nfkcCaseFold, a, units, &b, &capB, stackB);
    if (units < 0) goto done;
    UChar *current = b;

    if (flags & REFRAIN_NORMALIZE_FOLD_DIACRITICS) {
        status = U_ZERO_ERROR;
        const UNormalizer2 *nfd = unorm2_getNFDInstance(&status);
        const UNormalizer2 *nfc = unorm2_getNFCInstance(&status);
        if (U_FAILURE(status)) goto done;
        int32_t n = apply(nfd, b, units, &a, &capA, stackA);
        if (n < 0) goto done;
        int32_t kept = 0;
        for (int32_t i = 0; i < n;) {
            UChar32 c;
            int32_t start = i;
            U16_NEXT(a, i, n, c);
            if (u_charType(c) == U_NON_SPACING_MARK) continue;
            for (int32_t k = start; k < i; k++) a[kept++] = a[k];
        }
        units = apply(nfc, a, kept, &b, &capB, stackB);
        if (units < 0) goto done;
        current = b;
    }

    for (int32_t i = 0; i < units; i++) current[i] = fold_typography(current[i]);

    status = U_ZERO_ERROR;
    int32_t bytes = 0;
    u_strToUTF8WithSub((char *)dst, capacity, &bytes, current, units, 0xFFFD, NULL, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR || status == U_STRING_NOT_TERMINATED_WARNING || U_SUCCESS(status)) {
        result = bytes;
    }
done:
    if (a != stackA) free(a);
    if (b != stackB) free(b);
    return result;
}

const char *refrain_icu_version(void) {
    static char text[U_MAX_VERSION_STRING_LENGTH];
    UVersionInfo info;
    u_getVersion(info);
    u_versionToString(info, text);
    return text;
}

// Does ICU keep `c` apart from letters and digits on both sides, as UAX #29 says of "Other"?
static int probe_breaks_around(UBreakIterator *bi, UChar32 c) {
    static const UChar32 neighbours[][2] = {{'a', 'b'}, {'1', '2'}, {0x0436, 0x0436}, {'a', '1'}};
    for (int k = 0; k < 4; k++) {
        UChar text[8];
        int32_t n = 0;
        U16_APPEND_UNSAFE(text, n, neighbours[k][0]);
        int32_t mid = n;
        U16_APPEND_UNSAFE(text, n, c);
        int32_t after = n;
        U16_APPEND_UNSAFE(text, n, neighbours[k][1]);
        UErrorCode status = U_ZERO_ERROR;
        ubrk_setText(bi, text, n, &status);
        if (U_FAILURE(status)) return 0;
        if (ubrk_following(bi, 0) != mid) return 0;
        if (ubrk_following(bi, mid) != after) return 0;
    }
    return 1;
}

int32_t refrain_word_class(int32_t c) {
    if (c < 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return REFRAIN_WB_ICU;
    if (c < 0x80) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return REFRAIN_WB_LETTER;
        if (c >= '0' && c <= '9') return REFRAIN_WB_DIGIT;
        if (c == '.' || c == '\'') return REFRAIN_WB_MID_LN;
        if (c == ',' || c == ';') return REFRAIN_WB_MID_NUM;
        if (c == ' ' || (c >= 0x09 && c <= 0x0D)) return REFRAIN_WB_SPACE;
        if (c == '_' || c == '@') return REFRAIN_WB_ICU;
        return REFRAIN_WB_OTHER;
    }
    // ICU's CJK break engine takes each run of Hangul syllables as one word, apart from any
    // letters or digits beside it.
    if (c >= 0xAC00 && c <= 0xD7A3) return REFRAIN_WB_HANGUL;
    if (u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC) || u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC)
        || u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT)) return REFRAIN_WB_ICU;
    if (u_getIntPropertyValue(c, UCHAR_LINE_BREAK) == U_LB_COMPLEX_CONTEXT) return REFRAIN_WB_ICU;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(c, &status);
    if (script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA
        || script == USCRIPT_HEBREW || script == USCRIPT_HANGUL) return REFRAIN_WB_ICU;
    switch (u_getIntPropertyValue(c, UCHAR_WORD_BREAK)) {
    case U_WB_ALETTER: return REFRAIN_WB_LETTER;
    case U_WB_NUMERIC: return REFRAIN_WB_DIGIT;
    case U_WB_MIDNUMLET: case U_WB_SINGLE_QUOTE: return REFRAIN_WB_MID_LN;
    case U_WB_MIDNUM: return REFRAIN_WB_MID_NUM;
    case U_WB_OTHER: {
        if (u_charType(c) == U_UNASSIGNED || u_charType(c) == U_PRIVATE_USE_CHAR) return REFRAIN_WB_ICU;
        static UBreakIterator *probe = NULL;
        if (!probe) {
            UErrorCode openStatus = U_ZERO_ERROR;
            probe = ubrk_open(UBRK_WORD, "", NULL, 0, &openStatus);
            if (U_FAILURE(openStatus)) { probe = NULL; return REFRAIN_WB_ICU; }
        }
        return probe_breaks_around(probe, c) ? REFRAIN_WB_OTHER : REFRAIN_WB_ICU;
    }
    default: return REFRAIN_WB_ICU;
    }
}
