// cicu_textcat.c: the language identifier LibreOffice uses (libexttextcat), behind the same kind of
// narrow C face as ICU: only char and int32_t cross it. Why it exists: ICU identifies scripts, not
// languages, and a French text registered as Spanish is in the right script.
#include "cicu.h"

#include <libexttextcat/textcat.h>
#include <string.h>

void *cicu_textcat_open(const char *conf, const char *prefix) {
    return special_textcat_Init(conf, prefix);
}

int32_t cicu_textcat_classify(void *handle, const char *utf8, int32_t len, char *out, int32_t cap) {
    if (handle == NULL || utf8 == NULL || len < 0 || out == NULL || cap <= 0) return -1;
    const char *result = textcat_Classify(handle, utf8, (size_t)len);
    if (result == NULL) return -1;
    size_t n = strlen(result);
    if (n >= (size_t)cap) n = (size_t)cap - 1;
    memcpy(out, result, n);
    out[n] = 0;
    return (int32_t)n;
}

void cicu_textcat_close(void *handle) {
    if (handle != NULL) textcat_Done(handle);
}

const char *cicu_textcat_version(void) {
    return textcat_Version();
}
