/*
 * Bounds-checked reader for FlatBuffers binary data (the encoding of .tflite files),
 * written from the public FlatBuffers format description. Every position handed out
 * by these functions has been checked against the buffer length, so callers may read
 * the bytes it names without further checks.
 *
 * Errors: MW_ERR_MODEL_TRUNCATED when an offset or length points past the end,
 * MW_ERR_MODEL_INVALID when a vtable or table header is inconsistent.
 */
#ifndef MW_FLATBUFFER_H
#define MW_FLATBUFFER_H

#include <stdint.h>

#include "mw_common.h"

typedef struct mw_fb {
    const uint8_t *buf;
    uint32_t len;
} mw_fb;

typedef struct mw_fb_table {
    uint32_t pos;      /* start of the table (its soffset to the vtable) */
    uint32_t vt;       /* start of its vtable */
    uint16_t vt_size;  /* vtable bytes */
    uint16_t tbl_size; /* table bytes */
} mw_fb_table;

typedef struct mw_fb_vec {
    uint32_t pos;   /* first element */
    uint32_t count; /* elements; every element lies inside the buffer */
} mw_fb_vec;

mw_status mw_fb_init(mw_fb *fb, const uint8_t *buf, size_t len);
mw_status mw_fb_root(const mw_fb *fb, mw_fb_table *root);

/* Position of field `id` holding `size` bytes, or 0 when the field is absent. */
mw_status mw_fb_field(const mw_fb *fb, const mw_fb_table *t, int id, uint32_t size, uint32_t *pos);

/* Scalar fields: `def` when absent. */
mw_status mw_fb_u8(const mw_fb *fb, const mw_fb_table *t, int id, uint8_t def, uint8_t *out);
mw_status mw_fb_i8(const mw_fb *fb, const mw_fb_table *t, int id, int8_t def, int8_t *out);
mw_status mw_fb_u32(const mw_fb *fb, const mw_fb_table *t, int id, uint32_t def, uint32_t *out);
mw_status mw_fb_i32(const mw_fb *fb, const mw_fb_table *t, int id, int32_t def, int32_t *out);
mw_status mw_fb_u64(const mw_fb *fb, const mw_fb_table *t, int id, uint64_t def, uint64_t *out);
mw_status mw_fb_f32(const mw_fb *fb, const mw_fb_table *t, int id, float def, float *out);

/* Vector field of elements of `elem_size` bytes; an absent field is an empty vector. */
mw_status mw_fb_vector(const mw_fb *fb, const mw_fb_table *t, int id, uint32_t elem_size, mw_fb_vec *v);
/* String field (checked NUL terminator); absent: *s = NULL, *len = 0. */
mw_status mw_fb_string(const mw_fb *fb, const mw_fb_table *t, int id, const char **s, uint32_t *len);
/* Sub-table field; *present = 0 when absent. */
mw_status mw_fb_table_field(const mw_fb *fb, const mw_fb_table *t, int id, mw_fb_table *sub, int *present);
/* Element i (< v->count) of a vector of tables. */
mw_status mw_fb_vec_table(const mw_fb *fb, const mw_fb_vec *v, uint32_t i, mw_fb_table *t);

/* Element readers for validated vectors (i < v->count). */
static inline int32_t mw_fb_vec_i32(const mw_fb *fb, const mw_fb_vec *v, uint32_t i)
{
    return mw_load_i32(fb->buf + v->pos + 4u * i);
}

static inline int64_t mw_fb_vec_i64(const mw_fb *fb, const mw_fb_vec *v, uint32_t i)
{
    return mw_load_i64(fb->buf + v->pos + 8u * i);
}

static inline float mw_fb_vec_f32(const mw_fb *fb, const mw_fb_vec *v, uint32_t i)
{
    return mw_load_f32(fb->buf + v->pos + 4u * i);
}

#endif /* MW_FLATBUFFER_H */
