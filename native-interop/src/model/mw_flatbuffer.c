/* Bounds-checked FlatBuffers reader: all arithmetic in 64 bits, every access checked. */
#include "mw_flatbuffer.h"

/* Largest buffer FlatBuffers can address with 32-bit offsets. */
#define MW_FB_MAX_LEN 0x7fffffffu

mw_status mw_fb_init(mw_fb *fb, const uint8_t *buf, size_t len)
{
    if (!buf) {
        return MW_ERR_ARGUMENT;
    }
    if (len > MW_FB_MAX_LEN) {
        return MW_ERR_MODEL_INVALID;
    }
    fb->buf = buf;
    fb->len = (uint32_t)len;
    return MW_OK;
}

static int in_bounds(const mw_fb *fb, uint64_t pos, uint64_t size)
{
    return pos <= fb->len && size <= (uint64_t)fb->len - pos;
}

static mw_status table_at(const mw_fb *fb, uint64_t pos, mw_fb_table *t)
{
    int64_t vt;
    if (!in_bounds(fb, pos, 4)) {
        return MW_ERR_MODEL_TRUNCATED;
    }
    /* The vtable sits at table start minus a signed 32-bit offset. */
    vt = (int64_t)pos - (int64_t)mw_load_i32(fb->buf + pos);
    if (vt < 0 || !in_bounds(fb, (uint64_t)vt, 4)) {
        return MW_ERR_MODEL_TRUNCATED;
    }
    t->pos = (uint32_t)pos;
    t->vt = (uint32_t)vt;
    t->vt_size = mw_load_u16(fb->buf + vt);
    t->tbl_size = mw_load_u16(fb->buf + vt + 2);
    if (t->vt_size < 4 || (t->vt_size & 1u) || t->tbl_size < 4) {
        return MW_ERR_MODEL_INVALID;
    }
    if (!in_bounds(fb, (uint64_t)vt, t->vt_size) || !in_bounds(fb, pos, t->tbl_size)) {
        return MW_ERR_MODEL_TRUNCATED;
    }
    return MW_OK;
}

/* Follows the uoffset stored at pos. */
static mw_status follow(const mw_fb *fb, uint32_t pos, uint64_t *target)
{
    if (!in_bounds(fb, pos, 4)) {
        return MW_ERR_MODEL_TRUNCATED;
    }
    *target = (uint64_t)pos + mw_load_u32(fb->buf + pos);
    return *target < fb->len ? MW_OK : MW_ERR_MODEL_TRUNCATED;
}

mw_status mw_fb_root(const mw_fb *fb, mw_fb_table *root)
{
    uint64_t target;
    mw_status s = follow(fb, 0, &target);
    return s != MW_OK ? s : table_at(fb, target, root);
}

mw_status mw_fb_field(const mw_fb *fb, const mw_fb_table *t, int id, uint32_t size, uint32_t *pos)
{
    uint32_t slot = 4u + 2u * (uint32_t)id;
    uint16_t off;
    *pos = 0;
    if (id < 0 || slot + 2u > t->vt_size) {
        return MW_OK;
    }
    off = mw_load_u16(fb->buf + t->vt + slot);
    if (off == 0) {
        return MW_OK;
    }
    if ((uint32_t)off + size > t->tbl_size) {
        return MW_ERR_MODEL_INVALID;
    }
    *pos = t->pos + off;
    return MW_OK;
}

#define MW_FB_SCALAR(name, type, size, load)                                              \
    mw_status name(const mw_fb *fb, const mw_fb_table *t, int id, type def, type *out)    \
    {                                                                                     \
        uint32_t pos;                                                                     \
        mw_status s = mw_fb_field(fb, t, id, size, &pos);                                 \
        *out = def;                                                                       \
        if (s == MW_OK && pos) {                                                          \
            *out = load;                                                                  \
        }                                                                                 \
        return s;                                                                         \
    }

MW_FB_SCALAR(mw_fb_u8, uint8_t, 1, fb->buf[pos])
MW_FB_SCALAR(mw_fb_i8, int8_t, 1, (int8_t)(fb->buf[pos] < 128 ? fb->buf[pos] : fb->buf[pos] - 256))
MW_FB_SCALAR(mw_fb_u32, uint32_t, 4, mw_load_u32(fb->buf + pos))
MW_FB_SCALAR(mw_fb_i32, int32_t, 4, mw_load_i32(fb->buf + pos))
MW_FB_SCALAR(mw_fb_u64, uint64_t, 8, mw_load_u64(fb->buf + pos))
MW_FB_SCALAR(mw_fb_f32, float, 4, mw_load_f32(fb->buf + pos))

static mw_status vector_at(const mw_fb *fb, uint64_t pos, uint32_t elem_size, mw_fb_vec *v)
{
    uint32_t count;
    if (!in_bounds(fb, pos, 4)) {
        return MW_ERR_MODEL_TRUNCATED;
    }
    count = mw_load_u32(fb->buf + pos);
    if (!in_bounds(fb, pos + 4, (uint64_t)count * elem_size)) {
        return MW_ERR_MODEL_TRUNCATED;
    }
    v->pos = (uint32_t)pos + 4u;
    v->count = count;
    return MW_OK;
}

mw_status mw_fb_vector(const mw_fb *fb, const mw_fb_table *t, int id, uint32_t elem_size, mw_fb_vec *v)
{
    uint32_t pos;
    uint64_t target;
    mw_status s = mw_fb_field(fb, t, id, 4, &pos);
    v->pos = 0;
    v->count = 0;
    if (s != MW_OK || !pos) {
        return s;
    }
    s = follow(fb, pos, &target);
    return s != MW_OK ? s : vector_at(fb, target, elem_size, v);
}

mw_status mw_fb_string(const mw_fb *fb, const mw_fb_table *t, int id, const char **str, uint32_t *len)
{
    mw_fb_vec v;
    mw_status s = mw_fb_vector(fb, t, id, 1, &v);
    *str = NULL;
    *len = 0;
    if (s != MW_OK || !v.pos) {
        return s;
    }
    if (!in_bounds(fb, (uint64_t)v.pos + v.count, 1)) {
        return MW_ERR_MODEL_TRUNCATED;
    }
    if (fb->buf[v.pos + v.count] != 0) {
        return MW_ERR_MODEL_INVALID;
    }
    *str = (const char *)(fb->buf + v.pos);
    *len = v.count;
    return MW_OK;
}

mw_status mw_fb_table_field(const mw_fb *fb, const mw_fb_table *t, int id, mw_fb_table *sub, int *present)
{
    uint32_t pos;
    uint64_t target;
    mw_status s = mw_fb_field(fb, t, id, 4, &pos);
    *present = 0;
    if (s != MW_OK || !pos) {
        return s;
    }
    s = follow(fb, pos, &target);
    if (s == MW_OK) {
        s = table_at(fb, target, sub);
    }
    *present = s == MW_OK;
    return s;
}

mw_status mw_fb_vec_table(const mw_fb *fb, const mw_fb_vec *v, uint32_t i, mw_fb_table *t)
{
    uint64_t target;
    mw_status s;
    if (i >= v->count) {
        return MW_ERR_INTERNAL;
    }
    s = follow(fb, v->pos + 4u * i, &target);
    return s != MW_OK ? s : table_at(fb, target, t);
}
