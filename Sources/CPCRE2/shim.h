#ifndef ROUTESIM_CPCRE2_SHIM_H
#define ROUTESIM_CPCRE2_SHIM_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* The unsuffixed PCRE2 names are macros Swift cannot import; these wrappers read better than
   the _8 names and always take explicit lengths. */
static inline pcre2_code *cpcre2_compile(const unsigned char *pattern, size_t length, uint32_t options,
                                         int *errorcode, size_t *erroroffset) {
    return pcre2_compile(pattern, length, options, errorcode, erroroffset, NULL);
}
static inline int cpcre2_jit_compile(pcre2_code *code) { return pcre2_jit_compile(code, PCRE2_JIT_COMPLETE); }
static inline void cpcre2_code_free(pcre2_code *code) { pcre2_code_free(code); }
static inline pcre2_match_data *cpcre2_match_data_create(pcre2_code *code) {
    return pcre2_match_data_create_from_pattern(code, NULL);
}
static inline pcre2_match_data *cpcre2_match_data_create_pairs(uint32_t pairs) {
    return pcre2_match_data_create(pairs, NULL);
}
static inline void cpcre2_match_data_free(pcre2_match_data *md) { pcre2_match_data_free(md); }
static inline int cpcre2_match(const pcre2_code *code, const unsigned char *subject, size_t length,
                               pcre2_match_data *md) {
    return pcre2_match(code, subject, length, 0, 0, md, NULL);
}
static inline int cpcre2_get_error_message(int code, unsigned char *buffer, size_t size) {
    return pcre2_get_error_message(code, buffer, size);
}
static inline uint32_t cpcre2_utf(void) { return PCRE2_UTF; }
static inline int cpcre2_no_match(void) { return PCRE2_ERROR_NOMATCH; }
#endif
