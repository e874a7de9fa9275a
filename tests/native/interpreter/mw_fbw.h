/*
 * A minimal FlatBuffers writer for building test models by hand (header-only, tests
 * only). Objects are written parents first; offset fields are patched once the child
 * exists, so every offset points forward as the format requires.
 */
#ifndef MW_FBW_H
#define MW_FBW_H

#include <stdint.h>
#include <string.h>

#define MW_FBW_MAX 4096

typedef struct mw_fbw {
    uint8_t buf[MW_FBW_MAX];
    uint32_t len;
} mw_fbw;

static void fbw_set(mw_fbw *w, uint32_t pos, uint64_t v, uint32_t size)
{
    uint32_t i;
    for (i = 0; i < size; i++) {
        w->buf[pos + i] = (uint8_t)(v >> (8 * i));
    }
}

static void fbw_put(mw_fbw *w, uint64_t v, uint32_t size)
{
    fbw_set(w, w->len, v, size);
    w->len += size;
}

static void fbw_align(mw_fbw *w, uint32_t a)
{
    while (w->len % a) {
        w->buf[w->len++] = 0;
    }
}

/* Starts a buffer: 4 bytes for the root offset (set with fbw_offset(w, 0, root)). */
static void fbw_begin(mw_fbw *w)
{
    memset(w, 0, sizeof *w);
    w->len = 4;
}

/* Table with n fields of sizes[i] bytes (0: absent); pos[i] receives each field's position. */
static uint32_t fbw_table(mw_fbw *w, int n, const uint8_t *sizes, uint32_t *pos)
{
    uint32_t vt, t, off = 4;
    int i;
    fbw_align(w, 4);
    if ((w->len + 4u + 2u * (uint32_t)n) % 4u) {
        fbw_put(w, 0, 2); /* keeps the table that follows the vtable 4-byte aligned */
    }
    vt = w->len;
    w->len += 4u + 2u * (uint32_t)n;
    t = w->len;
    for (i = 0; i < n; i++) {
        uint32_t s = sizes[i];
        if (!s) {
            fbw_set(w, vt + 4u + 2u * (uint32_t)i, 0, 2);
            pos[i] = 0;
            continue;
        }
        off = (off + (s < 4 ? s : 4) - 1) / (s < 4 ? s : 4) * (s < 4 ? s : 4);
        fbw_set(w, vt + 4u + 2u * (uint32_t)i, off, 2);
        pos[i] = t + off;
        off += s;
    }
    off = (off + 3u) & ~3u;
    fbw_set(w, vt, 4u + 2u * (uint32_t)n, 2);
    fbw_set(w, vt + 2, off, 2);
    memset(w->buf + t, 0, off);
    fbw_set(w, t, t - vt, 4); /* soffset: vtable = table - soffset */
    w->len = t + off;
    return t;
}

/* Stores at `at` the uoffset to `target` (which must come after it). */
static void fbw_offset(mw_fbw *w, uint32_t at, uint32_t target)
{
    fbw_set(w, at, target - at, 4);
}

/* Vector of count elements of `size` bytes from values (NULL: zeros, e.g. offsets to patch).
 * Returns the position of the length word; element i is at +4 + i * size. */
static uint32_t fbw_vector(mw_fbw *w, uint32_t count, uint32_t size, const void *values)
{
    uint32_t v;
    fbw_align(w, size > 4 ? 8 : 4);
    if (size > 4 && (w->len + 4) % 8) {
        fbw_put(w, 0, 4);
    }
    v = w->len;
    fbw_put(w, count, 4);
    if (values) {
        memcpy(w->buf + w->len, values, (size_t)count * size); /* little-endian host */
    } else {
        memset(w->buf + w->len, 0, (size_t)count * size);
    }
    w->len += count * size;
    return v;
}

/* Byte vector whose first element is 16-byte aligned in the buffer (as TFLite
 * converters and Vela write constant buffers). */
static uint32_t fbw_bytes16(mw_fbw *w, uint32_t count, const void *values)
{
    fbw_align(w, 4);
    while ((w->len + 4) % 16) {
        fbw_put(w, 0, 4);
    }
    return fbw_vector(w, count, 1, values);
}

static uint32_t fbw_string(mw_fbw *w, const char *s)
{
    uint32_t v = fbw_vector(w, (uint32_t)strlen(s), 1, s);
    w->buf[w->len++] = 0;
    return v;
}

#endif
