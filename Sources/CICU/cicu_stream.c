// CICU, streaming intake: decoding one piece of a large plain-text file at a time (see
// include/cicu.h, "streaming intake"). Kept apart from cicu.c because only the streaming
// registration path uses it.
#include "cicu.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

bool cicu_charset_streams(const char *charset) {
    UErrorCode ec = U_ZERO_ERROR;
    UConverter *cnv = ucnv_open(charset, &ec);
    if (U_FAILURE(ec)) return false;
    UConverterType t = ucnv_getType(cnv);
    bool ok = false;
    if (t == UCNV_UTF8 || t == UCNV_LATIN_1 || t == UCNV_US_ASCII) {
        ok = true;
    } else if ((t == UCNV_SBCS || t == UCNV_MBCS) && ucnv_getMaxCharSize(cnv) == 1) {
        /* one byte per character; ASCII-compatible when the line feed is byte 0x0A */
        UChar out[2];
        const char lf = 0x0A;
        int32_t n = ucnv_toUChars(cnv, out, 2, &lf, 1, &ec);
        ok = U_SUCCESS(ec) && n == 1 && out[0] == 0x0A;
    }
    ucnv_close(cnv);
    return ok;
}

/* For a single-byte charset (ucnv type SBCS, or MBCS with one byte per character), which of the
   256 bytes decode to a character that ICU converts back to that same byte; NULL for any other
   charset. Worked out by ICU itself, one byte at a time, once per thread and charset. */
static const uint8_t *sbcs_round_trips(const char *charset) {
    static _Thread_local char name[64];
    static _Thread_local uint8_t same[256];
    static _Thread_local int known = 0;  /* 1: table for `name`; -1: `name` is not single-byte */
    if (known != 0 && strncmp(name, charset, sizeof name) == 0) return known > 0 ? same : NULL;
    if (strlen(charset) >= sizeof name) return NULL;
    UErrorCode ec = U_ZERO_ERROR;
    UConverter *cnv = ucnv_open(charset, &ec);
    if (U_FAILURE(ec)) return NULL;
    UConverterType t = ucnv_getType(cnv);
    int single = (t == UCNV_SBCS || t == UCNV_MBCS) && ucnv_getMaxCharSize(cnv) == 1;
    if (single) {
        ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &ec);
        ucnv_setFromUCallBack(cnv, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &ec);
        for (int b = 0; b < 256; b++) {
            char in = (char)b, out[8];
            UChar u[4];
            UErrorCode e = U_ZERO_ERROR;
            int32_t k = ucnv_toUChars(cnv, u, 4, &in, 1, &e);
            int32_t m = U_SUCCESS(e) ? ucnv_fromUChars(cnv, out, (int32_t)sizeof out, u, k, &e) : 0;
            same[b] = U_SUCCESS(e) && m == 1 && out[0] == in;
        }
    }
    ucnv_close(cnv);
    if (U_FAILURE(ec)) return NULL;
    strcpy(name, charset);
    known = single ? 1 : -1;
    return single ? same : NULL;
}

int32_t cicu_decode_piece(const char *charset, const uint8_t *src, int32_t len, uint16_t *dest, int32_t cap,
                          bool roundTrip, bool first, int32_t *errorOffset, int32_t *status) {
    UErrorCode ec = U_ZERO_ERROR;
    *errorOffset = -1;
    int32_t n = 0;
    bool utf8 = ucnv_compareNames(charset, "UTF-8") == 0;
    if (utf8) {
        /* fast path: u_strFromUTF8 is as strict as the converter (no surrogates, no overlongs) */
        u_strFromUTF8((UChar *)dest, cap, &n, (const char *)src, len, &ec);
        if (ec == U_STRING_NOT_TERMINATED_WARNING) ec = U_ZERO_ERROR;
        if (U_FAILURE(ec) && ec != U_BUFFER_OVERFLOW_ERROR) ec = U_ZERO_ERROR, n = -1;  /* find where, below */
    }
    if (!utf8 || n < 0) {
        UConverter *in = ucnv_open(charset, &ec);
        if (U_FAILURE(ec)) { *status = ec; return 0; }
        ucnv_setToUCallBack(in, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &ec);
        UChar *t = (UChar *)dest;
        const char *s = (const char *)src;
        ucnv_toUnicode(in, &t, (UChar *)dest + cap, &s, (const char *)src + len, NULL, 1, &ec);
        n = (int32_t)(t - (UChar *)dest);
        if (U_FAILURE(ec) && ec != U_BUFFER_OVERFLOW_ERROR) *errorOffset = (int32_t)(s - (const char *)src);
        ucnv_close(in);
    }
    if (U_FAILURE(ec)) { *status = ec; return n; }
    if (roundTrip && !utf8) {
        const uint8_t *same = sbcs_round_trips(charset);
        if (same) {
            /* one byte per character, each converted on its own: the piece converts back to the
               same bytes exactly when each of its bytes does */
            for (int32_t i = 0; i < len; i++)
                if (!same[src[i]]) { *errorOffset = -2; *status = U_INVALID_CHAR_FOUND; return n; }
            roundTrip = false;
        }
    }
    if (roundTrip && !utf8) {
        UConverter *back = ucnv_open(charset, &ec);
        if (U_FAILURE(ec)) { *status = ec; return n; }
        ucnv_setFromUCallBack(back, UCNV_FROM_U_CALLBACK_STOP, NULL, NULL, NULL, &ec);
        char *buf = (char *)malloc((size_t)len + 8);
        if (!buf) { ucnv_close(back); *status = U_MEMORY_ALLOCATION_ERROR; return n; }
        int32_t k = ucnv_fromUChars(back, buf, len + 8, (const UChar *)dest, n, &ec);
        if (U_FAILURE(ec) || k != len || memcmp(buf, src, (size_t)len) != 0) *errorOffset = -2;
        free(buf);
        ucnv_close(back);
        if (*errorOffset == -2) { *status = U_INVALID_CHAR_FOUND; return n; }
        ec = U_ZERO_ERROR;
    }
    /* CRLF and CR to LF, leading BOM dropped, in place */
    int32_t r = 0, w = 0;
    if (first && n > 0 && dest[0] == 0xFEFF) r = 1;
    while (r < n) {
        uint16_t c = dest[r++];
        if (c == 0x0D) {
            dest[w++] = 0x0A;
            if (r < n && dest[r] == 0x0A) r++;
        } else dest[w++] = c;
    }
    *status = U_ZERO_ERROR;
    return w;
}

bool cicu_nfc_boundary_before(uint32_t cp) {
    UErrorCode ec = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&ec);
    return U_SUCCESS(ec) && unorm2_hasBoundaryBefore(nfc, (UChar32)cp);
}
