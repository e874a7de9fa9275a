/*
 * Streaming engine: PCM -> front end -> ring of the model's input window -> network
 * every k hops -> dequantized class scores.
 *
 * Arena layout (each part 16-byte aligned): engine struct | frame ring | one frame |
 * scores | front end | interpreter.
 *
 * Schedule: the first inference runs when the ring is full (frames_per_window frames),
 * then every infer_every_hops frames; the ring is copied, oldest frame first, into the
 * input tensor when an inference starts. Work per mw_engine_feed call is bounded: the
 * front end for the bytes it consumes (one frame per hop of audio) plus at most one
 * inference, or at most max_ops_per_call operators of one when the caller set a budget.
 */
#include <string.h>

#include "mw_common.h"
#include "mw_settings.h"

#define MW_ENGINE_ALIGN 16u

struct mw_engine {
    mw_model_settings settings;  /* effective: override applied, quantization from the model */
    mw_interpreter *it;
    mw_frontend *fe;
    int8_t *ring;                /* frames x values, circular */
    int8_t *frame;               /* the frame being produced */
    float *scores;               /* class_count */
    int32_t values;              /* per frame */
    int32_t frames;              /* in the model's window */
    int32_t ring_next;           /* slot the next frame goes to (= oldest when full) */
    int32_t ring_filled;
    int32_t hops_since_start;    /* frames since the last inference started */
    int32_t max_ops;
    int32_t pending;             /* an inference is spread over calls and not finished */
    int32_t class_count;
    mw_type out_type;
    float out_scale;
    int32_t out_zero_point;
    uint64_t bytes;
    mw_engine_stats stats;
};

typedef struct engine_layout {
    size_t ring, frame, scores, frontend, interpreter, total;
    size_t frontend_bytes, interpreter_bytes;
} engine_layout;

static size_t align_up(size_t n)
{
    return MW_ALIGN_UP(n, MW_ENGINE_ALIGN);
}

/* Settings from the caller or the model, with the caller's override applied, checked. */
static mw_status resolve_settings(const uint8_t *model, size_t model_len, const mw_engine_options *opt,
                                  mw_model_settings *s, mw_diag *diag)
{
    int32_t values, i;
    mw_status st;
    if (opt && opt->settings) {
        *s = *opt->settings;
    } else {
        st = mw_model_read_settings(model, model_len, s, diag);
        if (st != MW_OK)
            return st;
    }
    if (opt && opt->infer_every_hops > 0)
        s->infer_every_hops = opt->infer_every_hops;
    if (opt && opt->max_ops_per_call < 0)
        return mw_diag_set(diag, MW_ERR_ARGUMENT, "max_ops_per_call must be >= 0");
    if (s->infer_every_hops < 1)
        return mw_diag_set(diag, MW_ERR_CONFIG, "infer_every_hops must be >= 1");
    if (s->label_count < 1 || s->label_count > MW_MAX_LABELS)
        return mw_diag_set(diag, MW_ERR_CONFIG, "label count %d outside 1..%d", s->label_count,
                           (int32_t)MW_MAX_LABELS);
    for (i = 0; i < s->label_count; i++) {
        if (!memchr(s->labels[i], 0, MW_MAX_LABEL_LEN) || s->labels[i][0] == '\0')
            return mw_diag_set(diag, MW_ERR_CONFIG, "label %d is empty or not NUL-terminated", i);
    }
    /* The feature quantization is the model's input tensor's (set in bind_model). */
    s->frontend.out_scale = 1.0f;
    s->frontend.out_zero_point = 0;
    if (s->frontend.frames_per_window < 1 || s->frontend.frames_per_window > 1000)
        return mw_diag_set(diag, MW_ERR_CONFIG, "frames %d outside 1..1000", s->frontend.frames_per_window);
    st = mw_frontend_frame_size(&s->frontend, &values);
    if (st != MW_OK)
        return mw_diag_set(diag, st, "front-end configuration invalid");
    return MW_OK;
}

static mw_status plan(const uint8_t *model, size_t model_len, const mw_model_settings *s, engine_layout *l,
                      mw_diag *diag)
{
    int32_t values;
    mw_status st = mw_frontend_frame_size(&s->frontend, &values);
    if (st != MW_OK)
        return st;
    st = mw_frontend_arena_size(&s->frontend, &l->frontend_bytes);
    if (st != MW_OK)
        return mw_diag_set(diag, st, "front-end configuration invalid");
    st = mw_interpreter_arena_size(model, model_len, &l->interpreter_bytes, diag);
    if (st != MW_OK)
        return st;
    l->ring = align_up(sizeof(struct mw_engine));
    l->frame = align_up(l->ring + (size_t)values * (size_t)s->frontend.frames_per_window);
    l->scores = align_up(l->frame + (size_t)values);
    l->frontend = align_up(l->scores + (size_t)s->label_count * sizeof(float));
    l->interpreter = align_up(l->frontend + l->frontend_bytes);
    l->total = l->interpreter + l->interpreter_bytes;
    return MW_OK;
}

mw_status mw_engine_arena_size(const uint8_t *model, size_t model_len, const mw_engine_options *opt,
                               size_t *arena_bytes, mw_diag *diag)
{
    mw_model_settings s;
    engine_layout l;
    mw_status st;
    if (!model || !arena_bytes)
        return MW_ERR_ARGUMENT;
    st = resolve_settings(model, model_len, opt, &s, diag);
    if (st != MW_OK)
        return st;
    st = plan(model, model_len, &s, &l, diag);
    if (st != MW_OK)
        return st;
    *arena_bytes = l.total;
    return MW_OK;
}

static int64_t element_count(const mw_tensor_info *t)
{
    int64_t n = 1;
    int32_t i;
    for (i = 0; i < t->ndims; i++)
        n *= t->dims[i] > 0 ? t->dims[i] : 0;
    return n;
}

/* Checks the model's input and output against the settings and takes the feature
 * quantization from the input tensor. */
static mw_status bind_model(mw_engine *e, mw_diag *diag)
{
    mw_tensor_info in, out;
    int32_t n_in, n_out;
    mw_status st = mw_interpreter_input_count(e->it, &n_in);
    if (st == MW_OK)
        st = mw_interpreter_output_count(e->it, &n_out);
    if (st != MW_OK)
        return mw_diag_set(diag, st, "cannot query the model's inputs and outputs");
    if (n_in != 1 || n_out != 1)
        return mw_diag_set(diag, MW_ERR_SHAPE, "engine needs one input and one output, model has %d and %d", n_in,
                           n_out);
    st = mw_interpreter_input_info(e->it, 0, &in);
    if (st == MW_OK)
        st = mw_interpreter_output_info(e->it, 0, &out);
    if (st != MW_OK)
        return mw_diag_set(diag, st, "cannot query the model's tensors");
    if (in.type != MW_TYPE_INT8)
        return mw_diag_set(diag, MW_ERR_UNSUPPORTED_TYPE, "model input must be int8");
    if (element_count(&in) != (int64_t)e->values * e->frames)
        return mw_diag_set(diag, MW_ERR_SHAPE, "model input has %u values, settings give %d frames x %d values",
                           (uint32_t)element_count(&in), e->frames, e->values);
    if (!(in.scale > 0.0f) || in.zero_point < -128 || in.zero_point > 127)
        return mw_diag_set(diag, MW_ERR_QUANTIZATION, "model input has no usable int8 quantization");
    if (out.type != MW_TYPE_INT8 && out.type != MW_TYPE_UINT8 && out.type != MW_TYPE_FLOAT32)
        return mw_diag_set(diag, MW_ERR_UNSUPPORTED_TYPE, "model output must be int8, uint8 or float32");
    if (element_count(&out) != e->settings.label_count)
        return mw_diag_set(diag, MW_ERR_SHAPE, "model output has %u classes, settings give %d labels",
                           (uint32_t)element_count(&out), e->settings.label_count);
    if (out.type != MW_TYPE_FLOAT32 && !(out.scale > 0.0f))
        return mw_diag_set(diag, MW_ERR_QUANTIZATION, "model output has no quantization");
    e->settings.frontend.out_scale = in.scale;
    e->settings.frontend.out_zero_point = in.zero_point;
    e->out_type = out.type;
    e->out_scale = out.scale;
    e->out_zero_point = out.zero_point;
    e->class_count = e->settings.label_count;
    return MW_OK;
}

mw_status mw_engine_init(mw_engine **out, const uint8_t *model, size_t model_len, const mw_engine_options *opt,
                         void *arena, size_t arena_len, mw_diag *diag)
{
    mw_model_settings s;
    engine_layout l;
    uint8_t *base = (uint8_t *)arena;
    mw_engine *e;
    mw_status st;
    if (!out || !model || !arena)
        return MW_ERR_ARGUMENT;
    *out = NULL;
    if (((uintptr_t)arena & (MW_ENGINE_ALIGN - 1u)) != 0)
        return mw_diag_set(diag, MW_ERR_ALIGNMENT, "engine arena must be 16-byte aligned");
    st = resolve_settings(model, model_len, opt, &s, diag);
    if (st != MW_OK)
        return st;
    st = plan(model, model_len, &s, &l, diag);
    if (st != MW_OK)
        return st;
    if (arena_len < l.total)
        return mw_diag_set(diag, MW_ERR_ARENA_TOO_SMALL, "engine arena %u bytes, needs %u", (uint32_t)arena_len,
                           (uint32_t)l.total);
    e = (mw_engine *)base;
    memset(e, 0, sizeof(*e));
    e->settings = s;
    e->max_ops = opt ? opt->max_ops_per_call : 0;
    e->frames = s.frontend.frames_per_window;
    mw_frontend_frame_size(&s.frontend, &e->values);
    e->ring = (int8_t *)(base + l.ring);
    e->frame = (int8_t *)(base + l.frame);
    e->scores = (float *)(base + l.scores);
    st = mw_interpreter_init(&e->it, model, model_len, base + l.interpreter, l.interpreter_bytes, diag);
    if (st != MW_OK)
        return st;
    st = bind_model(e, diag);
    if (st != MW_OK)
        return st;
    st = mw_frontend_init(&e->fe, &e->settings.frontend, base + l.frontend, l.frontend_bytes);
    if (st != MW_OK)
        return mw_diag_set(diag, st, "front end: %s", mw_status_message(st));
    st = mw_engine_reset(e);
    if (st != MW_OK)
        return st;
    *out = e;
    return MW_OK;
}

mw_status mw_engine_reset(mw_engine *e)
{
    mw_status st;
    if (!e)
        return MW_ERR_ARGUMENT;
    /* The interpreter cannot abandon a spread inference: finish it (bounded by one
     * inference) and drop its result. */
    while (e->pending) {
        int32_t done = 0;
        st = mw_interpreter_invoke_step(e->it, INT32_MAX, &done);
        if (st != MW_OK)
            return st;
        e->pending = !done;
    }
    st = mw_frontend_reset(e->fe);
    if (st != MW_OK)
        return st;
    memset(e->ring, 0, (size_t)e->values * (size_t)e->frames);
    memset(e->scores, 0, (size_t)e->class_count * sizeof(float));
    memset(&e->stats, 0, sizeof e->stats);
    e->ring_next = 0;
    e->ring_filled = 0;
    e->hops_since_start = 0;
    e->bytes = 0;
    return MW_OK;
}

/* Copies the ring, oldest frame first, into the input tensor. */
static mw_status load_input(mw_engine *e)
{
    void *data;
    size_t len;
    const size_t frame_bytes = (size_t)e->values;
    const size_t older = (size_t)(e->frames - e->ring_next) * frame_bytes;
    mw_status st = mw_interpreter_input_data(e->it, 0, &data, &len);
    if (st != MW_OK)
        return st;
    if (len != frame_bytes * (size_t)e->frames)
        return MW_ERR_INTERNAL;
    memcpy(data, e->ring + (size_t)e->ring_next * frame_bytes, older);
    memcpy((uint8_t *)data + older, e->ring, (size_t)e->ring_next * frame_bytes);
    return MW_OK;
}

static mw_status publish_scores(mw_engine *e)
{
    const void *data;
    size_t len;
    int32_t i;
    mw_status st = mw_interpreter_output_data(e->it, 0, &data, &len);
    if (st != MW_OK)
        return st;
    if (e->out_type == MW_TYPE_FLOAT32) {
        if (len < (size_t)e->class_count * sizeof(float))
            return MW_ERR_INTERNAL;
        memcpy(e->scores, data, (size_t)e->class_count * sizeof(float));
    } else {
        if (len < (size_t)e->class_count)
            return MW_ERR_INTERNAL;
        for (i = 0; i < e->class_count; i++) {
            const int32_t q = e->out_type == MW_TYPE_INT8 ? (int32_t)((const int8_t *)data)[i]
                                                           : (int32_t)((const uint8_t *)data)[i];
            e->scores[i] = (float)(q - e->out_zero_point) * e->out_scale;
        }
    }
    e->stats.inferences++;
    return MW_OK;
}

/* Runs (part of) the pending inference; *finished = 1 when its scores were published. */
static mw_status step(mw_engine *e, int32_t *finished)
{
    mw_status st;
    int32_t done = 1;
    *finished = 0;
    if (e->max_ops == 0)
        st = mw_interpreter_invoke(e->it);
    else
        st = mw_interpreter_invoke_step(e->it, e->max_ops, &done);
    if (st != MW_OK) {
        e->pending = 0;
        return st;
    }
    e->pending = !done;
    if (done) {
        st = publish_scores(e);
        *finished = st == MW_OK;
    }
    return st;
}

mw_status mw_engine_feed(mw_engine *e, const uint8_t *pcm, size_t pcm_len, size_t *consumed, int32_t *scores_ready)
{
    size_t off = 0;
    int32_t finished = 0;
    mw_status st = MW_OK;
    if (consumed)
        *consumed = 0;
    if (scores_ready)
        *scores_ready = 0;
    if (!e || !consumed || !scores_ready || (!pcm && pcm_len > 0))
        return MW_ERR_ARGUMENT;
    if (e->pending) {
        st = step(e, &finished);
        if (st != MW_OK || finished) {
            *scores_ready = finished;
            return st;
        }
    }
    while (off < pcm_len) {
        size_t used;
        int32_t ready;
        st = mw_frontend_process(e->fe, pcm + off, pcm_len - off, &used, e->frame, (size_t)e->values, NULL, 0,
                                 &ready);
        if (st != MW_OK)
            break;
        off += used;
        e->bytes += used;
        if (!ready)
            continue;
        memcpy(e->ring + (size_t)e->ring_next * (size_t)e->values, e->frame, (size_t)e->values);
        e->ring_next = e->ring_next + 1 == e->frames ? 0 : e->ring_next + 1;
        if (e->ring_filled < e->frames)
            e->ring_filled++;
        e->stats.frames++;
        if (e->hops_since_start < INT32_MAX)
            e->hops_since_start++;
        if (e->pending) {
            e->stats.dropped_frames++;
            continue;
        }
        if (e->ring_filled < e->frames || e->hops_since_start < e->settings.infer_every_hops)
            continue;
        st = load_input(e);
        if (st != MW_OK)
            break;
        e->hops_since_start = 0;
        st = step(e, &finished);
        if (st != MW_OK || finished)
            break;
    }
    e->stats.samples = e->bytes / 2u;
    *consumed = off;
    *scores_ready = finished;
    return st;
}

mw_status mw_engine_class_count(const mw_engine *e, int32_t *count)
{
    if (!e || !count)
        return MW_ERR_ARGUMENT;
    *count = e->class_count;
    return MW_OK;
}

mw_status mw_engine_scores(const mw_engine *e, float *scores, size_t count)
{
    if (!e || !scores)
        return MW_ERR_ARGUMENT;
    if (count < (size_t)e->class_count)
        return MW_ERR_BUFFER_TOO_SMALL;
    memcpy(scores, e->scores, (size_t)e->class_count * sizeof(float));
    return MW_OK;
}

mw_status mw_engine_label(const mw_engine *e, int32_t index, char *buf, size_t buf_len)
{
    size_t n;
    if (!e || !buf || index < 0 || index >= e->class_count)
        return MW_ERR_ARGUMENT;
    n = strlen(e->settings.labels[index]);
    if (buf_len < n + 1)
        return MW_ERR_BUFFER_TOO_SMALL;
    memcpy(buf, e->settings.labels[index], n + 1);
    return MW_OK;
}

mw_status mw_engine_settings(const mw_engine *e, mw_model_settings *settings)
{
    if (!e || !settings)
        return MW_ERR_ARGUMENT;
    *settings = e->settings;
    return MW_OK;
}

mw_status mw_engine_stats_get(const mw_engine *e, mw_engine_stats *stats)
{
    if (!e || !stats)
        return MW_ERR_ARGUMENT;
    *stats = e->stats;
    return MW_OK;
}
