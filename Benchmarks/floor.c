/* floor.c — the physical floor of `crp register` for a plain-text file: what ICU itself costs.
 *
 * Reads FILE in pieces of 1 MiB cut after a line feed and, on one core, with no store, no hashing
 * and no checks beyond ICU's own: converts the charset to UTF-16 (ucnv, strict), normalizes to NFC
 * (unorm2), counts words (ubrk word break, rule status >= UBRK_WORD_NONE_LIMIT) and takes the bidi
 * paragraph level of every line (ubidi_setPara + ubidi_getParaLevel). Prints the totals so nothing can be
 * optimized away; exits non-zero on any ICU failure.
 *
 *   cc -O2 -o floor Benchmarks/floor.c -licuuc -licui18n
 *   ./floor FILE CHARSET
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubidi.h>
#include <unicode/ubrk.h>
#include <unicode/ucnv.h>
#include <unicode/unorm2.h>

#define PIECE (1 << 20)

static void fail(const char *what, UErrorCode ec) {
    fprintf(stderr, "floor: %s: %s\n", what, u_errorName(ec));
    exit(2);
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: floor FILE CHARSET\n"); return 64; }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 66; }
    UErrorCode ec = U_ZERO_ERROR;
    UConverter *cnv = ucnv_open(argv[2], &ec);
    if (U_FAILURE(ec)) fail("ucnv_open", ec);
    ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &ec);
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&ec);
    UBreakIterator *words = ubrk_open(UBRK_WORD, "ar", NULL, 0, &ec);
    UBiDi *bidi = ubidi_open();
    if (U_FAILURE(ec) || !bidi) fail("open", ec);
    size_t cap = 2 * PIECE + 16;
    char *raw = malloc(2 * PIECE);
    UChar *u16 = malloc(sizeof(UChar) * cap);
    UChar *norm = malloc(sizeof(UChar) * cap * 3);
    size_t have = 0;
    long long nwords = 0, nparas = 0, rtl = 0, units = 0;
    int eof = 0;
    while (!eof || have > 0) {
        if (!eof) {
            size_t n = fread(raw + have, 1, 2 * PIECE - have, f);
            if (n == 0) eof = 1;
            have += n;
        }
        if (have == 0) break;
        /* cut after the last line feed within the first PIECE bytes (or take everything at the end) */
        size_t cut = have;
        if (!eof || have > PIECE) {
            size_t lim = have < PIECE ? have : PIECE;
            cut = lim;
            while (cut > 0 && raw[cut - 1] != '\n') cut--;
            if (cut == 0) cut = lim;
        }
        UChar *t = u16;
        const char *s = raw;
        ucnv_toUnicode(cnv, &t, u16 + cap, &s, raw + cut, NULL, eof && cut == have, &ec);
        if (U_FAILURE(ec)) fail("ucnv_toUnicode", ec);
        int32_t len = (int32_t)(t - u16);
        int32_t nlen = unorm2_normalize(nfc, u16, len, norm, (int32_t)(cap * 3), &ec);
        if (U_FAILURE(ec)) fail("unorm2_normalize", ec);
        units += nlen;
        ubrk_setText(words, norm, nlen, &ec);
        if (U_FAILURE(ec)) fail("ubrk_setText", ec);
        ubrk_first(words);
        while (ubrk_next(words) != UBRK_DONE)
            if (ubrk_getRuleStatus(words) >= UBRK_WORD_NONE_LIMIT) nwords++;
        /* Paragraph levels, one paragraph (line) at a time: one ubidi_setPara over a whole piece of
           many paragraphs costs 4-5x more in ICU 72 and would flatter crp. */
        for (int32_t start = 0, i = 0; i <= nlen; i++) {
            if (i < nlen && norm[i] != 0x0A) continue;
            if (i > start) {
                ubidi_setPara(bidi, norm + start, i - start, UBIDI_DEFAULT_LTR, NULL, &ec);
                if (U_FAILURE(ec)) fail("ubidi_setPara", ec);
                if (ubidi_getParaLevel(bidi) & 1) rtl++;
                nparas++;
            }
            start = i + 1;
        }
        memmove(raw, raw + cut, have - cut);
        have -= cut;
    }
    printf("units %lld words %lld paragraphs %lld rtl %lld\n", units, nwords, nparas, rtl);
    ubidi_close(bidi);
    ubrk_close(words);
    ucnv_close(cnv);
    fclose(f);
    free(raw); free(u16); free(norm);
    return 0;
}
