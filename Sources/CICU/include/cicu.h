/// CICU: the only C in RoomPaper.
///
/// Why it exists: every ICU entry point is a versioned macro (unorm2_normalize → unorm2_normalize_72)
/// that Swift cannot call, and ICU's headers cannot be imported into a module that also imports
/// Foundation (which carries its own private ICU). This header therefore exposes only <stdint.h> and
/// <stdbool.h> types; ICU's headers are included by cicu.c alone. Text is UTF-16 (uint16_t), lengths are
/// int32_t, errors are ICU UErrorCode values returned through `int32_t *status` (0 = success,
/// negative = warning, positive = failure).
#ifndef CICU_H
#define CICU_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- versions and errors ---- */
/// Writes ICU's version ("72.1") into buf (at least 20 bytes).
void cicu_icu_version(char *buf, int32_t cap);
/// Writes the Unicode version ICU implements ("15.0") into buf.
void cicu_unicode_version(char *buf, int32_t cap);
/// The name of an ICU error code ("U_BUFFER_OVERFLOW_ERROR").
const char *cicu_error_name(int32_t status);

/* ---- normalization ---- */
/// form: 0 NFC, 1 NFD, 2 NFKC, 3 NFKD, 4 NFKC_Casefold. Returns the length needed.
int32_t cicu_normalize(int32_t form, const uint16_t *src, int32_t len, uint16_t *dest, int32_t cap,
                       int32_t *status);
/// True when src is already in the given form (full check).
bool cicu_is_normalized(int32_t form, const uint16_t *src, int32_t len, int32_t *status);
/// Search key: NFD, remove nonspacing marks (Latin diacritics, Arabic tashkeel), tatweel and
/// format controls, then NFKC_Casefold. Returns the length needed.
int32_t cicu_search_key(const uint16_t *src, int32_t len, uint16_t *dest, int32_t cap, int32_t *status);

/* ---- charset detection and conversion ---- */
/// Runs ICU's charset detector. Writes up to maxMatches names (each in a 40-byte slot of names)
/// and confidences (0–100). Returns the number of matches written.
int32_t cicu_detect_charsets(const uint8_t *bytes, int32_t len, int32_t maxMatches, char *names,
                             int32_t *confidences, int32_t *status);
/// Decodes bytes in the named charset to UTF-16. Stops with U_INVALID_CHAR_FOUND /
/// U_ILLEGAL_CHAR_FOUND / U_TRUNCATED_CHAR_FOUND at the first byte sequence that has no mapping
/// (never substitutes). Returns the length needed; *errorOffset gets the byte offset of a failure.
int32_t cicu_decode(const char *charset, const uint8_t *src, int32_t len, uint16_t *dest, int32_t cap,
                    int32_t *errorOffset, int32_t *status);
/// Encodes UTF-16 in the named charset, stopping on the first unmappable character.
int32_t cicu_encode(const char *charset, const uint16_t *src, int32_t len, uint8_t *dest, int32_t cap,
                    int32_t *status);
/// ICU's canonical name for a charset alias, or false when ICU does not know it.
bool cicu_canonical_charset(const char *alias, char *buf, int32_t cap);

/* ---- character properties ---- */
/// ICU script code (UScriptCode) of a code point.
int32_t cicu_script(uint32_t cp, int32_t *status);
/// ISO 15924 short name ("Arab") of a script code into buf.
void cicu_script_code_name(int32_t script, char *buf, int32_t cap);
/// u_charType (UCharCategory) of a code point.
int32_t cicu_char_type(uint32_t cp);
/// East Asian Width (UEastAsianWidth) of a code point.
int32_t cicu_east_asian_width(uint32_t cp);
/// ICU bidi class (UCharDirection) of a code point.
int32_t cicu_bidi_class(uint32_t cp);
/// True when the code point has the Bidi_Control property.
bool cicu_is_bidi_control(uint32_t cp);
/// Bidi_Mirroring_Glyph of a code point (the code point itself when none).
uint32_t cicu_mirror(uint32_t cp);

/* ---- bidi ---- */
/// Opaque UBiDi handle.
typedef struct cicu_bidi cicu_bidi;
cicu_bidi *cicu_bidi_open(int32_t *status);
void cicu_bidi_close(cicu_bidi *bidi);
/// paraLevel: 0 LTR, 1 RTL, 0xFE default LTR (first strong), 0xFF default RTL. The text must stay
/// alive and unchanged while the handle is used.
void cicu_bidi_set_para(cicu_bidi *bidi, const uint16_t *text, int32_t len, uint8_t paraLevel,
                        int32_t *status);
/// Makes the next cicu_bidi_set_para read its text as visual order and compute the logical order
/// (UBIDI_REORDER_INVERSE_LIKE_DIRECT): the visual map then maps logical positions to the input.
void cicu_bidi_set_inverse(cicu_bidi *bidi);
int32_t cicu_bidi_count_paragraphs(cicu_bidi *bidi, int32_t *status);
void cicu_bidi_paragraph(cicu_bidi *bidi, int32_t index, int32_t *start, int32_t *limit, uint8_t *level,
                         int32_t *status);
/// Copies the embedding level of every UTF-16 unit into levels (len units).
void cicu_bidi_levels(cicu_bidi *bidi, uint8_t *levels, int32_t len, int32_t *status);
/// Visual map: map[visualIndex] = logicalIndex, for len units.
void cicu_bidi_visual_map(cicu_bidi *bidi, int32_t *map, int32_t len, int32_t *status);
/// Writes the text in visual order, with mirroring, without bidi controls when removeControls.
int32_t cicu_bidi_write_reordered(cicu_bidi *bidi, bool removeControls, uint16_t *dest, int32_t cap,
                                  int32_t *status);
/// Direction from the first strong character: 0 LTR, 1 RTL, 2 mixed, 3 neutral (no strong char).
int32_t cicu_base_direction(const uint16_t *text, int32_t len);

/* ---- Arabic shaping ---- */
/// Shapes Arabic letters to presentation forms (logical order in and out).
int32_t cicu_shape_arabic(const uint16_t *src, int32_t len, uint16_t *dest, int32_t cap, int32_t *status);

/* ---- break iteration ---- */
typedef struct cicu_breaker cicu_breaker;
/// kind: 0 character, 1 word, 2 line, 3 sentence. The text must stay alive while used.
cicu_breaker *cicu_break_open(int32_t kind, const char *locale, const uint16_t *text, int32_t len,
                              int32_t *status);
void cicu_break_close(cicu_breaker *breaker);
/// Next boundary, or -1 at the end.
int32_t cicu_break_next(cicu_breaker *breaker);
/// Rule status of the boundary last returned (UWordBreak for word breaks).
int32_t cicu_break_rule_status(cicu_breaker *breaker);
/// Counts word tokens (rule status >= UBRK_WORD_NONE_LIMIT) in one pass.
int32_t cicu_count_words(const char *locale, const uint16_t *text, int32_t len, int32_t *status);
/// Sentences by ICU sentence break that hold something other than white space.
int32_t cicu_count_sentences(const char *locale, const uint16_t *text, int32_t len, int32_t *status);

/* ---- collation ---- */
typedef struct cicu_collator cicu_collator;
cicu_collator *cicu_collator_open(const char *locale, int32_t *status);
void cicu_collator_close(cicu_collator *collator);
/// -1, 0 or 1.
int32_t cicu_collator_compare(cicu_collator *collator, const uint16_t *a, int32_t alen, const uint16_t *b,
                              int32_t blen);

/* ---- list formatting ---- */
/// Joins count strings with the locale's list pattern ("a, b and c").
int32_t cicu_list_format(const char *locale, const uint16_t *const *items, const int32_t *lengths,
                         int32_t count, uint16_t *dest, int32_t cap, int32_t *status);

/* ---- spoof checking ---- */
typedef struct cicu_spoof cicu_spoof;
cicu_spoof *cicu_spoof_open(int32_t *status);
void cicu_spoof_close(cicu_spoof *spoof);
/// uspoof_check2 result bits (0 = nothing suspicious).
int32_t cicu_spoof_check(cicu_spoof *spoof, const uint16_t *text, int32_t len, int32_t *status);
/// Confusable skeleton of text (UTS #39).
int32_t cicu_spoof_skeleton(cicu_spoof *spoof, const uint16_t *text, int32_t len, uint16_t *dest,
                            int32_t cap, int32_t *status);

/* ---- one-pass text facts (the hot path of registration) ---- */
#define CICU_SCRIPT_SLOTS 256
/// Facts gathered in one pass over a text.
typedef struct cicu_text_stats {
    /// Code points other than white space, nonspacing/enclosing marks and format controls.
    int32_t characters;
    /// Letters per ICU script code (index = UScriptCode, < CICU_SCRIPT_SLOTS).
    int32_t scriptLetters[CICU_SCRIPT_SLOTS];
    /// Code points with the Bidi_Control property.
    int32_t bidiControls;
    /// UTF-16 offset of the first C0 control other than TAB, LF, FF (or DEL), else -1.
    int32_t firstControl;
    /// Unassigned, private-use or noncharacter code points.
    int32_t unassigned;
} cicu_text_stats;
/// Fills stats for text in one pass.
void cicu_text_stats_compute(const uint16_t *text, int32_t len, cicu_text_stats *stats);
/// Direction of every non-empty line (LF-separated): 0 LTR, 1 RTL, 3 no strong character.
/// Writes at most cap values; returns the number of non-empty lines.
int32_t cicu_line_directions(const uint16_t *text, int32_t len, uint8_t *out, int32_t cap);
/// UTF-8 to UTF-16; fails on invalid UTF-8. Returns the length needed.
int32_t cicu_utf8_to_utf16(const uint8_t *src, int32_t len, uint16_t *dest, int32_t cap, int32_t *status);
/// UTF-16 to UTF-8; fails on unpaired surrogates. Returns the length needed.
int32_t cicu_utf16_to_utf8(const uint16_t *src, int32_t len, uint8_t *dest, int32_t cap, int32_t *status);

/// Decodes bytes in charset straight to UTF-8 (no UTF-16 copy of a large file), refusing any byte
/// sequence without a mapping; when roundTrip, also checks that the UTF-8 converts back to exactly
/// the same bytes; then converts CRLF and CR to LF in place and drops a leading U+FEFF. Returns the
/// UTF-8 length; *errorOffset gets the byte offset of a failure, or -2 when the round trip failed.
int32_t cicu_decode_to_utf8(const char *charset, const uint8_t *src, int32_t len, uint8_t *dest, int32_t cap,
                            bool roundTrip, int32_t *errorOffset, int32_t *status);

/* ---- streaming intake (cicu_stream.c) ---- */
/// True when a stream in charset can be cut after any byte 0x0A and each piece decoded on its own:
/// UTF-8, or a stateless charset of one byte per character that is ASCII-compatible.
bool cicu_charset_streams(const char *charset);
/// Decodes one piece of a stream to UTF-16, refusing any byte sequence without a mapping; when
/// roundTrip, also checks that the text converts back to exactly the same bytes; then converts CRLF
/// and CR to LF in place and, when first, drops a leading U+FEFF. Returns the UTF-16 length (cap must
/// be at least len + 1); *errorOffset gets the byte offset of a failure, or -2 when the round trip failed.
int32_t cicu_decode_piece(const char *charset, const uint8_t *src, int32_t len, uint16_t *dest, int32_t cap,
                          bool roundTrip, bool first, int32_t *errorOffset, int32_t *status);
/// True when text may be cut before cp without changing its NFC (unorm2_hasBoundaryBefore).
bool cicu_nfc_boundary_before(uint32_t cp);

/* ---- language identification (libexttextcat, not ICU: see cicu_textcat.c) ---- */
/// Opens the classifier with a fingerprint list (fpdb.conf) and the folder of its .lm files
/// (prefix ends with "/"). NULL when they cannot be read.
void *cicu_textcat_open(const char *conf, const char *prefix);
/// Classifies UTF-8 text: writes "[fr--utf8][it--utf8]" (best first), "SHORT" or "UNKNOWN" into out.
/// Returns the length written, or -1. Not thread-safe for one handle.
int32_t cicu_textcat_classify(void *handle, const char *utf8, int32_t len, char *out, int32_t cap);
/// Frees the classifier.
void cicu_textcat_close(void *handle);
/// libexttextcat's version string.
const char *cicu_textcat_version(void);

#ifdef __cplusplus
}
#endif
#endif
