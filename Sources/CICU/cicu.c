// CICU implementation: thin wrappers over system ICU (libicuuc, libicui18n). See include/cicu.h.
#include "cicu.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubidi.h>
#include <unicode/ubrk.h>
#include <unicode/ucnv.h>
#include <unicode/ucol.h>
#include <unicode/ucsdet.h>
#include <unicode/uchar.h>
#include <unicode/ulistformatter.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ushape.h>
#include <unicode/uspoof.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/uversion.h>

void cicu_icu_version(char *buf, int32_t cap) {
    UVersionInfo v;
    char tmp[U_MAX_VERSION_STRING_LENGTH];
    u_getVersion(v);
    u_versionToString(v, tmp);
    strncpy(buf, tmp, (size_t)cap - 1);
    buf[cap - 1] = 0;
}

void cicu_unicode_version(char *buf, int32_t cap) {
    UVersionInfo v;
    char tmp[U_MAX_VERSION_STRING_LENGTH];
    u_getUnicodeVersion(v);
    u_versionToString(v, tmp);
    strncpy(buf, tmp, (size_t)cap - 1);
    buf[cap - 1] = 0;
}

const char *cicu_error_name(int32_t status) { return u_errorName((UErrorCode)status); }

static const UNormalizer2 *normalizer(int32_t form, UErrorCode *ec) {
    switch (form) {
    case 0: return unorm2_getNFCInstance(ec);
    case 1: return unorm2_getNFDInstance(ec);
    case 2: return unorm2_getNFKCInstance(ec);
    case 3: return unorm2_getNFKDInstance(ec);
    default: return unorm2_getNFKCCasefoldInstance(ec);
    }
}

int32_t cicu_normalize(int32_t form, const uint16_t *src, int32_t len, uint16_t *dest, int32_t cap,
                       int32_t *status) {
    UErrorCode ec = (UErrorCode)*status;
    const UNormalizer2 *n = normalizer(form, &ec);
    int32_t r = 0;
    if (U_SUCCESS(ec)) r = unorm2_normalize(n, (const UChar *)src, len, (UChar *)dest, cap, &ec);
    *status = ec;
    return r;
}

bool cicu_is_normalized(int32_t form, const uint16_t *src, int32_t len, int32_t *status) {
    UErrorCode ec = (UErrorCode)*status;
    const UNormalizer2 *n = normalizer(form, &ec);
    UBool r = 0;
    if (U_SUCCESS(ec)) r = unorm2_isNormalized(n, (const UChar *)src, len, &ec);
    *status = ec;
    return r != 0;
}

int32_t cicu_search_key(const uint16_t *src, int32_t len, uint16_t *dest, int32_t cap, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    const UNormalizer2 *nfd = unorm2_getNFDInstance(&ec);
    const UNormalizer2 *fold = unorm2_getNFKCCasefoldInstance(&ec);
    if (U_FAILURE(ec)) { *status = ec; return 0; }
    int32_t dcap = len * 4 + 16;
    UChar *d = (UChar *)malloc(sizeof(UChar) * (size_t)dcap);
    if (!d) { *status = U_MEMORY_ALLOCATION_ERROR; return 0; }
    int32_t dlen = unorm2_normalize(nfd, (const UChar *)src, len, d, dcap, &ec);
    if (U_FAILURE(ec)) { free(d); *status = ec; return 0; }
    int32_t w = 0;
    for (int32_t i = 0; i < dlen;) {
        UChar32 c;
        int32_t start = i;
        U16_NEXT(d, i, dlen, c);
        int8_t t = u_charType(c);
        if (t == U_NON_SPACING_MARK || t == U_FORMAT_CHAR || c == 0x0640) continue;
        for (int32_t k = start; k < i; k++) d[w++] = d[k];
    }
    int32_t r = unorm2_normalize(fold, d, w, (UChar *)dest, cap, &ec);
    free(d);
    *status = ec;
    return r;
}

int32_t cicu_detect_charsets(const uint8_t *bytes, int32_t len, int32_t maxMatches, char *names,
                             int32_t *confidences, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    UCharsetDetector *det = ucsdet_open(&ec);
    if (U_FAILURE(ec)) { *status = ec; return 0; }
    ucsdet_setText(det, (const char *)bytes, len, &ec);
    int32_t found = 0;
    const UCharsetMatch **matches = ucsdet_detectAll(det, &found, &ec);
    int32_t n = 0;
    if (U_SUCCESS(ec)) {
        for (int32_t i = 0; i < found && n < maxMatches; i++) {
            const char *name = ucsdet_getName(matches[i], &ec);
            int32_t conf = ucsdet_getConfidence(matches[i], &ec);
            if (U_FAILURE(ec)) break;
            strncpy(names + n * 40, name, 39);
            names[n * 40 + 39] = 0;
            confidences[n] = conf;
            n++;
        }
    }
    ucsdet_close(det);
    *status = ec;
    return n;
}

int32_t cicu_decode(const char *charset, const uint8_t *src, int32_t len, uint16_t *dest, int32_t cap,
                    int32_t *errorOffset, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    *errorOffset = -1;
    UConverter *cnv = ucnv_open(charset, &ec);
    if (U_FAILURE(ec)) { *status = ec; return 0; }
    ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &ec);
    const char *s = (const char *)src;
    const char *sEnd = s + len;
    UChar *t = (UChar *)dest;
    UChar *tEnd = t + cap;
    int32_t total = 0;
    if (cap > 0) {
        ucnv_toUnicode(cnv, &t, tEnd, &s, sEnd, NULL, 1, &ec);
        total = (int32_t)(t - (UChar *)dest);
        if (ec == U_BUFFER_OVERFLOW_ERROR) total = len * 2 + 4; /* caller retries with enough room */
    } else {
        ec = U_BUFFER_OVERFLOW_ERROR;
        total = len * 2 + 4;
    }
    if (ec == U_INVALID_CHAR_FOUND || ec == U_ILLEGAL_CHAR_FOUND || ec == U_TRUNCATED_CHAR_FOUND) {
        *errorOffset = (int32_t)(s - (const char *)src);
    }
    ucnv_close(cnv);
    *status = ec;
    return total;
}

int32_t cicu_encode(const char *charset, const uint16_t *src, int32_t len, uint8_t *dest, int32_t cap,
                    int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    UConverter *cnv = ucnv_open(charset, &ec);
    if (U_FAILURE(ec)) { *status = ec; return 0; }
    ucnv_setFromUCallBack(cnv, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &ec);
    int32_t r = ucnv_fromUChars(cnv, (char *)dest, cap, (const UChar *)src, len, &ec);
    ucnv_close(cnv);
    *status = ec;
    return r;
}

bool cicu_canonical_charset(const char *alias, char *buf, int32_t cap) {
    /* ICU's own converter name ("ibm-5348_P100-1997") means nothing to an officer: report the
       charset by its MIME or IANA name ("windows-1252") when it has one. */
    UErrorCode ec = U_ZERO_ERROR;
    UConverter *cnv = ucnv_open(alias, &ec);
    if (U_FAILURE(ec)) return false;
    const char *internal = ucnv_getName(cnv, &ec);
    const char *name = NULL;
    if (U_SUCCESS(ec)) {
        UErrorCode e2 = U_ZERO_ERROR;
        name = ucnv_getStandardName(internal, "MIME", &e2);
        if (!name || U_FAILURE(e2)) { e2 = U_ZERO_ERROR; name = ucnv_getStandardName(internal, "IANA", &e2); }
        if (!name || U_FAILURE(e2)) name = internal;
    }
    if (name) {
        strncpy(buf, name, (size_t)cap - 1);
        buf[cap - 1] = 0;
    }
    ucnv_close(cnv);
    return name != NULL;
}

int32_t cicu_script(uint32_t cp, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    UScriptCode s = uscript_getScript((UChar32)cp, &ec);
    *status = ec;
    return (int32_t)s;
}

void cicu_script_code_name(int32_t script, char *buf, int32_t cap) {
    const char *n = uscript_getShortName((UScriptCode)script);
    strncpy(buf, n ? n : "Zzzz", (size_t)cap - 1);
    buf[cap - 1] = 0;
}

int32_t cicu_char_type(uint32_t cp) { return (int32_t)u_charType((UChar32)cp); }
int32_t cicu_east_asian_width(uint32_t cp) {
    return u_getIntPropertyValue((UChar32)cp, UCHAR_EAST_ASIAN_WIDTH);
}
int32_t cicu_bidi_class(uint32_t cp) { return (int32_t)u_charDirection((UChar32)cp); }
bool cicu_is_bidi_control(uint32_t cp) { return u_hasBinaryProperty((UChar32)cp, UCHAR_BIDI_CONTROL); }
uint32_t cicu_mirror(uint32_t cp) { return (uint32_t)u_charMirror((UChar32)cp); }

struct cicu_bidi { UBiDi *b; };

cicu_bidi *cicu_bidi_open(int32_t *status) {
    cicu_bidi *h = (cicu_bidi *)malloc(sizeof(cicu_bidi));
    if (!h) { *status = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    h->b = ubidi_open();
    if (!h->b) { free(h); *status = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    return h;
}
void cicu_bidi_close(cicu_bidi *bidi) {
    if (!bidi) return;
    ubidi_close(bidi->b);
    free(bidi);
}
void cicu_bidi_set_para(cicu_bidi *bidi, const uint16_t *text, int32_t len, uint8_t paraLevel,
                        int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    ubidi_setPara(bidi->b, (const UChar *)text, len, (UBiDiLevel)paraLevel, NULL, &ec);
    *status = ec;
}
void cicu_bidi_set_inverse(cicu_bidi *bidi) { ubidi_setReorderingMode(bidi->b, UBIDI_REORDER_INVERSE_LIKE_DIRECT); }
int32_t cicu_bidi_count_paragraphs(cicu_bidi *bidi, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    int32_t n = ubidi_countParagraphs(bidi->b);
    *status = ec;
    return n;
}
void cicu_bidi_paragraph(cicu_bidi *bidi, int32_t index, int32_t *start, int32_t *limit, uint8_t *level,
                         int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    UBiDiLevel l = 0;
    ubidi_getParagraphByIndex(bidi->b, index, start, limit, &l, &ec);
    *level = l;
    *status = ec;
}
void cicu_bidi_levels(cicu_bidi *bidi, uint8_t *levels, int32_t len, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    const UBiDiLevel *l = ubidi_getLevels(bidi->b, &ec);
    if (U_SUCCESS(ec) && l) memcpy(levels, l, (size_t)len);
    *status = ec;
}
void cicu_bidi_visual_map(cicu_bidi *bidi, int32_t *map, int32_t len, int32_t *status) {
    (void)len;
    UErrorCode ec = U_ZERO_ERROR;
    ubidi_getVisualMap(bidi->b, map, &ec);
    *status = ec;
}
int32_t cicu_bidi_write_reordered(cicu_bidi *bidi, bool removeControls, uint16_t *dest, int32_t cap,
                                  int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    uint16_t opts = UBIDI_DO_MIRRORING | (removeControls ? UBIDI_REMOVE_BIDI_CONTROLS : 0);
    int32_t r = ubidi_writeReordered(bidi->b, (UChar *)dest, cap, opts, &ec);
    *status = ec;
    return r;
}
int32_t cicu_base_direction(const uint16_t *text, int32_t len) {
    UBiDiDirection d = ubidi_getBaseDirection((const UChar *)text, len);
    switch (d) {
    case UBIDI_LTR: return 0;
    case UBIDI_RTL: return 1;
    case UBIDI_MIXED: return 2;
    default: return 3;
    }
}

int32_t cicu_shape_arabic(const uint16_t *src, int32_t len, uint16_t *dest, int32_t cap, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    /* GROW_SHRINK: a lam-alef ligature takes the place of its two letters, no space left behind. */
    int32_t r = u_shapeArabic((const UChar *)src, len, (UChar *)dest, cap,
                              U_SHAPE_LETTERS_SHAPE | U_SHAPE_TEXT_DIRECTION_LOGICAL | U_SHAPE_LENGTH_GROW_SHRINK,
                              &ec);
    *status = ec;
    return r;
}

struct cicu_breaker { UBreakIterator *it; };

cicu_breaker *cicu_break_open(int32_t kind, const char *locale, const uint16_t *text, int32_t len,
                              int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    UBreakIteratorType t = kind == 0 ? UBRK_CHARACTER : kind == 1 ? UBRK_WORD : kind == 2 ? UBRK_LINE : UBRK_SENTENCE;
    UBreakIterator *it = ubrk_open(t, locale, (const UChar *)text, len, &ec);
    *status = ec;
    if (U_FAILURE(ec)) return NULL;
    cicu_breaker *h = (cicu_breaker *)malloc(sizeof(cicu_breaker));
    if (!h) { ubrk_close(it); *status = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    h->it = it;
    return h;
}
void cicu_break_close(cicu_breaker *breaker) {
    if (!breaker) return;
    ubrk_close(breaker->it);
    free(breaker);
}
int32_t cicu_break_next(cicu_breaker *breaker) {
    int32_t r = ubrk_next(breaker->it);
    return r == UBRK_DONE ? -1 : r;
}
int32_t cicu_break_rule_status(cicu_breaker *breaker) { return ubrk_getRuleStatus(breaker->it); }

int32_t cicu_count_words(const char *locale, const uint16_t *text, int32_t len, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    UBreakIterator *it = ubrk_open(UBRK_WORD, locale, (const UChar *)text, len, &ec);
    if (U_FAILURE(ec)) { *status = ec; return 0; }
    int32_t n = 0;
    ubrk_first(it);
    while (ubrk_next(it) != UBRK_DONE) {
        if (ubrk_getRuleStatus(it) >= UBRK_WORD_NONE_LIMIT) n++;
    }
    ubrk_close(it);
    *status = ec;
    return n;
}

/* White space and line ends in UTF-16: what a sentence of nothing but these is made of. */
static int cicu_is_space_unit(uint16_t u) {
    return (u >= 0x09 && u <= 0x0D) || u == 0x20 || u == 0x85 || u == 0xA0 || u == 0x1680 || (u >= 0x2000 && u <= 0x200A) ||
           u == 0x2028 || u == 0x2029 || u == 0x202F || u == 0x205F || u == 0x3000 || u == 0xFEFF;
}

int32_t cicu_count_sentences(const char *locale, const uint16_t *text, int32_t len, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    UBreakIterator *it = ubrk_open(UBRK_SENTENCE, locale, (const UChar *)text, len, &ec);
    if (U_FAILURE(ec)) { *status = ec; return 0; }
    int32_t n = 0, start = ubrk_first(it), end;
    while ((end = ubrk_next(it)) != UBRK_DONE) {
        for (int32_t k = start; k < end; k++)
            if (!cicu_is_space_unit(text[k])) { n++; break; }
        start = end;
    }
    ubrk_close(it);
    *status = ec;
    return n;
}

struct cicu_collator { UCollator *c; };

cicu_collator *cicu_collator_open(const char *locale, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    UCollator *c = ucol_open(locale, &ec);
    *status = ec;
    if (U_FAILURE(ec)) return NULL;
    cicu_collator *h = (cicu_collator *)malloc(sizeof(cicu_collator));
    if (!h) { ucol_close(c); *status = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    h->c = c;
    return h;
}
void cicu_collator_close(cicu_collator *collator) {
    if (!collator) return;
    ucol_close(collator->c);
    free(collator);
}
int32_t cicu_collator_compare(cicu_collator *collator, const uint16_t *a, int32_t alen, const uint16_t *b,
                              int32_t blen) {
    UCollationResult r = ucol_strcoll(collator->c, (const UChar *)a, alen, (const UChar *)b, blen);
    return r == UCOL_LESS ? -1 : r == UCOL_GREATER ? 1 : 0;
}

int32_t cicu_list_format(const char *locale, const uint16_t *const *items, const int32_t *lengths,
                         int32_t count, uint16_t *dest, int32_t cap, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    UListFormatter *f = ulistfmt_open(locale, &ec);
    if (U_FAILURE(ec)) { *status = ec; return 0; }
    int32_t r = ulistfmt_format(f, (const UChar *const *)items, lengths, count, (UChar *)dest, cap, &ec);
    ulistfmt_close(f);
    *status = ec;
    return r;
}

struct cicu_spoof { USpoofChecker *s; };

cicu_spoof *cicu_spoof_open(int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    USpoofChecker *s = uspoof_open(&ec);
    if (U_SUCCESS(ec)) uspoof_setRestrictionLevel(s, USPOOF_HIGHLY_RESTRICTIVE);
    if (U_SUCCESS(ec)) uspoof_setChecks(s, USPOOF_RESTRICTION_LEVEL | USPOOF_MIXED_SCRIPT_CONFUSABLE
                                          | USPOOF_INVISIBLE | USPOOF_MIXED_NUMBERS, &ec);
    *status = ec;
    if (U_FAILURE(ec)) { if (s) uspoof_close(s); return NULL; }
    cicu_spoof *h = (cicu_spoof *)malloc(sizeof(cicu_spoof));
    if (!h) { uspoof_close(s); *status = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    h->s = s;
    return h;
}
void cicu_spoof_close(cicu_spoof *spoof) {
    if (!spoof) return;
    uspoof_close(spoof->s);
    free(spoof);
}
int32_t cicu_spoof_check(cicu_spoof *spoof, const uint16_t *text, int32_t len, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    int32_t r = uspoof_check2(spoof->s, (const UChar *)text, len, NULL, &ec);
    *status = ec;
    return r;
}
int32_t cicu_spoof_skeleton(cicu_spoof *spoof, const uint16_t *text, int32_t len, uint16_t *dest,
                            int32_t cap, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    int32_t r = uspoof_getSkeleton(spoof->s, 0, (const UChar *)text, len, (UChar *)dest, cap, &ec);
    *status = ec;
    return r;
}

/* What the text statistics need to know of a BMP code point, found once per thread: ICU's
   general category, bidi-control property and script, packed in 16 bits (0 = not looked up yet).
   Letters: STAT_LETTER | script << 4. The properties of a code point never change, so the table
   only saves repeated ICU lookups; it is per thread, so filling it needs no lock. */
enum { STAT_SKIP = 1, STAT_BIDI = 2, STAT_CONTROL = 3, STAT_UNASSIGNED = 4, STAT_LETTER = 5, STAT_OTHER = 6 };
static _Thread_local uint16_t statClass[0x10000];

static uint16_t stat_class_of(UChar32 c) {
    UErrorCode ec = U_ZERO_ERROR;
    switch (u_charType(c)) {
    case U_NON_SPACING_MARK: case U_ENCLOSING_MARK: case U_SPACE_SEPARATOR: case U_LINE_SEPARATOR: case U_PARAGRAPH_SEPARATOR:
        return STAT_SKIP;
    case U_FORMAT_CHAR:
        return u_hasBinaryProperty(c, UCHAR_BIDI_CONTROL) ? STAT_BIDI : STAT_SKIP;
    case U_CONTROL_CHAR:
        return STAT_CONTROL;  /* C1 controls, NEL included */
    case U_UNASSIGNED: case U_PRIVATE_USE_CHAR: case U_SURROGATE:
        return STAT_UNASSIGNED;
    case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER: case U_MODIFIER_LETTER: case U_OTHER_LETTER: {
        UScriptCode s = uscript_getScript(c, &ec);
        return (uint16_t)(STAT_LETTER | ((s > USCRIPT_INHERITED && s < CICU_SCRIPT_SLOTS ? s : 0) << 4));
    }
    default:
        if (u_isWhitespace(c)) return STAT_SKIP;
        if (c == 0xFFFE || c == 0xFFFF || (c >= 0xFDD0 && c <= 0xFDEF)) return STAT_UNASSIGNED;
        return STAT_OTHER;
    }
}

void cicu_text_stats_compute(const uint16_t *text, int32_t len, cicu_text_stats *st) {
    memset(st, 0, sizeof(*st));
    st->firstControl = -1;
    for (int32_t i = 0; i < len;) {
        int32_t at = i;
        UChar32 c;
        U16_NEXT(text, i, len, c);
        if (c < 0x80) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) { st->scriptLetters[USCRIPT_LATIN]++; st->characters++; }
            else if (c > 0x20 && c < 0x7F) st->characters++;
            else if (c == 0x7F || (c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0C)) { if (st->firstControl < 0) st->firstControl = at; }
            continue;
        }
        uint16_t k;
        if (c < 0x10000) {
            k = statClass[c];
            if (k == 0) statClass[c] = k = stat_class_of(c);
        } else {
            k = stat_class_of(c);
        }
        switch (k & 15) {
        case STAT_SKIP: break;
        case STAT_BIDI: st->bidiControls++; break;
        case STAT_CONTROL: if (st->firstControl < 0) st->firstControl = at; break;
        case STAT_UNASSIGNED: st->unassigned++; st->characters++; break;
        case STAT_LETTER: if (k >> 4) st->scriptLetters[k >> 4]++; st->characters++; break;
        default: st->characters++;
        }
    }
}

int32_t cicu_line_directions(const uint16_t *text, int32_t len, uint8_t *out, int32_t cap) {
    int32_t n = 0, start = 0;
    for (int32_t i = 0; i <= len; i++) {
        if (i == len || text[i] == 0x0A) {
            if (i > start) {
                int empty = 1;
                for (int32_t k = start; k < i; k++) if (!u_isWhitespace(text[k])) { empty = 0; break; }
                if (!empty) {
                    UBiDiDirection d = ubidi_getBaseDirection((const UChar *)text + start, i - start);
                    if (n < cap) out[n] = d == UBIDI_LTR ? 0 : d == UBIDI_RTL ? 1 : 3;
                    n++;
                }
            }
            start = i + 1;
        }
    }
    return n;
}

int32_t cicu_utf16_to_utf8(const uint16_t *src, int32_t len, uint8_t *dest, int32_t cap, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    int32_t out = 0;
    u_strToUTF8((char *)dest, cap, &out, (const UChar *)src, len, &ec);
    if (ec == U_STRING_NOT_TERMINATED_WARNING) ec = U_ZERO_ERROR;
    *status = ec;
    return out;
}

int32_t cicu_decode_to_utf8(const char *charset, const uint8_t *src, int32_t len, uint8_t *dest, int32_t cap,
                            bool roundTrip, int32_t *errorOffset, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    *errorOffset = -1;
    UConverter *in = ucnv_open(charset, &ec);
    UConverter *utf8 = ucnv_open("UTF-8", &ec);
    if (U_FAILURE(ec)) { if (in) ucnv_close(in); if (utf8) ucnv_close(utf8); *status = ec; return 0; }
    ucnv_setToUCallBack(in, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &ec);
    ucnv_setFromUCallBack(utf8, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &ec);
    char *t = (char *)dest;
    const char *s = (const char *)src;
    ucnv_convertEx(utf8, in, &t, (char *)dest + cap, &s, (const char *)src + len, NULL, NULL, NULL, NULL, 1, 1, &ec);
    int32_t n = (int32_t)(t - (char *)dest);
    if (U_FAILURE(ec)) {
        if (ec != U_BUFFER_OVERFLOW_ERROR) *errorOffset = (int32_t)(s - (const char *)src);
        ucnv_close(in); ucnv_close(utf8);
        *status = ec;
        return n;
    }
    if (roundTrip) {
        /* UTF-8 back to the charset, 64 KiB at a time, compared with the original bytes. */
        UConverter *back = ucnv_open(charset, &ec);
        UConverter *u8 = ucnv_open("UTF-8", &ec);
        if (U_SUCCESS(ec)) {
            ucnv_setFromUCallBack(back, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &ec);
            char buf[65536];
            const char *rs = (const char *)dest;
            const char *rsEnd = rs + n;
            int32_t pos = 0;
            bool equal = true;
            UChar pivot[4096];
            UChar *ps = pivot, *pt = pivot;
            for (;;) {
                char *bt = buf;
                ec = U_ZERO_ERROR;
                ucnv_convertEx(back, u8, &bt, buf + sizeof(buf), &rs, rsEnd, pivot, &ps, &pt, pivot + 4096, 0, 1, &ec);
                int32_t k = (int32_t)(bt - buf);
                if (pos + k > len || memcmp(buf, src + pos, (size_t)k) != 0) { equal = false; break; }
                pos += k;
                if (ec == U_BUFFER_OVERFLOW_ERROR) continue;
                if (U_FAILURE(ec)) equal = false;
                break;
            }
            if (!equal || pos != len) *errorOffset = -2;
            ec = U_ZERO_ERROR;
        }
        if (back) ucnv_close(back);
        if (u8) ucnv_close(u8);
        if (*errorOffset == -2) { ucnv_close(in); ucnv_close(utf8); *status = U_INVALID_CHAR_FOUND; return n; }
    }
    ucnv_close(in);
    ucnv_close(utf8);
    /* CRLF and CR to LF, BOM dropped, in place. */
    int32_t r = 0, w = 0;
    if (n >= 3 && dest[0] == 0xEF && dest[1] == 0xBB && dest[2] == 0xBF) r = 3;
    while (r < n) {
        uint8_t b = dest[r++];
        if (b == 0x0D) {
            dest[w++] = 0x0A;
            if (r < n && dest[r] == 0x0A) r++;
        } else dest[w++] = b;
    }
    *status = U_ZERO_ERROR;
    return w;
}

int32_t cicu_utf8_to_utf16(const uint8_t *src, int32_t len, uint16_t *dest, int32_t cap, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    int32_t out = 0;
    u_strFromUTF8((UChar *)dest, cap, &out, (const char *)src, len, &ec);
    if (ec == U_STRING_NOT_TERMINATED_WARNING) ec = U_ZERO_ERROR;
    *status = ec;
    return out;
}
