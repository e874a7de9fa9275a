/* WAV reading for the native tests: walks the RIFF chunks (no fixed 44-byte
 * assumption) and accepts only PCM16 mono; returns the little-endian sample bytes. */
#ifndef MW_TEST_WAV_H
#define MW_TEST_WAV_H

#include <stdint.h>
#include <string.h>

#include "mw_test.h"

static uint32_t mw_test_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* Loads `path` into file_buf (cap bytes); on success *pcm points at the data chunk
 * inside file_buf, *pcm_len is its byte count, *rate the sample rate. Returns 0 or -1. */
static int mw_test_load_wav(const char *path, uint8_t *file_buf, long cap, const uint8_t **pcm,
                            size_t *pcm_len, uint32_t *rate)
{
    long n = mw_test_read_file(path, file_buf, cap);
    long off = 12;
    int have_fmt = 0;
    if (n < 12 || memcmp(file_buf, "RIFF", 4) != 0 || memcmp(file_buf + 8, "WAVE", 4) != 0) {
        printf("%s: not a RIFF/WAVE file\n", path);
        return -1;
    }
    while (off + 8 <= n) {
        const uint8_t *c = file_buf + off;
        const uint32_t size = mw_test_le32(c + 4);
        if ((uint64_t)size > (uint64_t)(n - off - 8)) {
            printf("%s: chunk '%.4s' runs past the end of the file\n", path, (const char *)c);
            return -1;
        }
        if (memcmp(c, "fmt ", 4) == 0) {
            if (size < 16 || (c[8] | c[9] << 8) != 1 || (c[10] | c[11] << 8) != 1 || (c[22] | c[23] << 8) != 16) {
                printf("%s: not PCM16 mono\n", path);
                return -1;
            }
            *rate = mw_test_le32(c + 12);
            have_fmt = 1;
        } else if (memcmp(c, "data", 4) == 0) {
            if (!have_fmt) {
                printf("%s: data chunk before fmt chunk\n", path);
                return -1;
            }
            *pcm = c + 8;
            *pcm_len = size;
            return 0;
        }
        off += 8 + (long)size + (long)(size & 1u);
    }
    printf("%s: no data chunk\n", path);
    return -1;
}

#endif
