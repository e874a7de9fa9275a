/* Engine state for the nanoFramework interop (see mw_nf_glue.h). */
#include "mw_nf_glue.h"

#include <string.h>

#include "mw_common.h"

mw_status mw_nf_glue_fail(mw_nf_glue *g, mw_status status, const char *detail)
{
    if (!g)
        return status;
    if (detail && detail[0])
        return mw_diag_set(&g->error, status, "%s: %s", mw_status_message(status), detail);
    return mw_diag_set(&g->error, status, "%s", mw_status_message(status));
}

/* "<status>: model needs N arena bytes, firmware reserves M (MW_NF_ARENA_BYTES)" */
static mw_status mw_nf_glue_fail_arena(mw_nf_glue *g, size_t need)
{
    return mw_diag_set(&g->error, MW_ERR_ARENA_TOO_SMALL, "%s: model needs %u arena bytes, firmware reserves %u (MW_NF_ARENA_BYTES)",
                       mw_status_message(MW_ERR_ARENA_TOO_SMALL), (uint32_t)need, (uint32_t)g->arena_len);
}

static mw_status mw_nf_glue_fail_diag(mw_nf_glue *g, mw_status status, const mw_diag *diag)
{
    return mw_nf_glue_fail(g, status, diag->status == status ? diag->message : "");
}

const char *mw_nf_glue_last_error(const mw_nf_glue *g)
{
    return g ? g->error.message : "";
}

mw_status mw_nf_glue_init(mw_nf_glue *g, void *arena, size_t arena_len, uint8_t *model_ram,
                          size_t model_ram_len)
{
    mw_nf_input_config cfg;
    if (!g || !arena || arena_len == 0)
        return MW_ERR_ARGUMENT;
    if (((uintptr_t)arena & 15u) != 0)
        return MW_ERR_ALIGNMENT;
    memset(g, 0, sizeof *g);
    g->arena = (uint8_t *)arena;
    g->arena_len = arena_len;
    g->model_ram = model_ram;
    g->model_ram_len = model_ram ? model_ram_len : 0;
    mw_nf_input_default_config(&cfg);
    return mw_nf_input_configure(&g->input, &cfg);
}

mw_status mw_nf_glue_open(mw_nf_glue *g, const uint8_t *model, size_t model_len, int copy,
                          const mw_model_settings *settings, int32_t max_ops_per_call)
{
    mw_engine_options opt;
    mw_diag diag;
    mw_status st;
    size_t need = 0;

    if (!g)
        return MW_ERR_ARGUMENT;
    if (!model || model_len == 0)
        return mw_nf_glue_fail(g, MW_ERR_ARGUMENT, "empty model");
    if (max_ops_per_call < 0)
        return mw_nf_glue_fail(g, MW_ERR_ARGUMENT, "max ops per call is negative");

    memset(&opt, 0, sizeof opt);
    memset(&diag, 0, sizeof diag);
    opt.settings = settings;
    opt.max_ops_per_call = max_ops_per_call;

    /* Validate first, so a bad model never replaces a working one. */
    st = mw_engine_arena_size(model, model_len, &opt, &need, &diag);
    if (st != MW_OK)
        return mw_nf_glue_fail_diag(g, st, &diag);
    if (need > g->arena_len)
        return mw_nf_glue_fail_arena(g, need);
    if (copy) {
        if (model_len > g->model_ram_len)
            return mw_diag_set(&g->error, MW_ERR_BUFFER_TOO_SMALL,
                               "%s: model is %u bytes, firmware model buffer holds %u (MW_NF_MODEL_RAM_BYTES)",
                               mw_status_message(MW_ERR_BUFFER_TOO_SMALL), (uint32_t)model_len,
                               (uint32_t)g->model_ram_len);
        /* The running engine may read model_ram: close it before overwriting. */
        g->engine = NULL;
        memcpy(g->model_ram, model, model_len);
        model = g->model_ram;
        /* The arena size depends on the model's address (unaligned int32 biases get an
         * aligned copy): size it again for the buffer init will use. */
        st = mw_engine_arena_size(model, model_len, &opt, &need, &diag);
        if (st != MW_OK)
            return mw_nf_glue_fail_diag(g, st, &diag);
        if (need > g->arena_len)
            return mw_nf_glue_fail_arena(g, need);
    }

    /* The engine may keep the settings pointer: give it the glue's own copy. */
    if (settings) {
        g->settings = *settings;
        opt.settings = &g->settings;
    }
    g->engine = NULL;
    g->class_count = 0;
    st = mw_engine_init(&g->engine, model, model_len, &opt, g->arena, g->arena_len, &diag);
    if (st == MW_OK)
        st = mw_engine_class_count(g->engine, &g->class_count);
    if (st == MW_OK)
        st = mw_engine_settings(g->engine, &g->settings);
    if (st != MW_OK) {
        g->engine = NULL;
        return mw_nf_glue_fail_diag(g, st, &diag);
    }
    mw_nf_input_reset(&g->input);
    memset(&g->error, 0, sizeof g->error);
    return MW_OK;
}

mw_status mw_nf_glue_configure_input(mw_nf_glue *g, const mw_nf_input_config *cfg)
{
    mw_status st;
    if (!g || !cfg)
        return MW_ERR_ARGUMENT;
    st = mw_nf_input_configure(&g->input, cfg);
    if (st != MW_OK)
        return mw_nf_glue_fail(g, st, "input format: bits 16|32, channels 1|2, channel < channels, gain 1..65536");
    return MW_OK;
}

mw_status mw_nf_glue_condition(mw_nf_glue *g, const uint8_t *raw, size_t raw_len, size_t *raw_used,
                               uint8_t *pcm, size_t pcm_cap, size_t *pcm_len)
{
    /* Convert through a small stack buffer so `pcm` needs no particular alignment. */
    int16_t chunk[64];
    size_t used_total = 0;
    size_t out_total = 0;

    if (raw_used)
        *raw_used = 0;
    if (pcm_len)
        *pcm_len = 0;
    if (!g)
        return MW_ERR_ARGUMENT;
    if (!raw_used || !pcm_len || (!raw && raw_len > 0) || (!pcm && pcm_cap > 0))
        return mw_nf_glue_fail(g, MW_ERR_ARGUMENT, "condition arguments");

    while (used_total < raw_len && pcm_cap - out_total >= 2) {
        size_t room = (pcm_cap - out_total) / 2;
        size_t used = 0;
        size_t produced = 0;
        size_t i;
        mw_status st = mw_nf_input_convert(&g->input, raw + used_total, raw_len - used_total, &used, chunk,
                                           room < 64 ? room : 64, &produced);
        if (st != MW_OK)
            return mw_nf_glue_fail(g, st, "input conversion");
        for (i = 0; i < produced; i++) {
            uint16_t u = (uint16_t)chunk[i];
            pcm[out_total++] = (uint8_t)(u & 0xFFu);
            pcm[out_total++] = (uint8_t)(u >> 8);
        }
        used_total += used;
        if (used == 0)
            break;
    }
    *raw_used = used_total;
    *pcm_len = out_total;
    return MW_OK;
}

static mw_status mw_nf_glue_need_engine(const mw_nf_glue *g)
{
    if (!g)
        return MW_ERR_ARGUMENT;
    return g->engine ? MW_OK : MW_ERR_STATE;
}

mw_status mw_nf_glue_feed(mw_nf_glue *g, const uint8_t *pcm, size_t pcm_len, size_t *consumed,
                          int32_t *ready)
{
    mw_status st;
    if (consumed)
        *consumed = 0;
    if (ready)
        *ready = 0;
    if (!g)
        return MW_ERR_ARGUMENT;
    if (!consumed || !ready || (!pcm && pcm_len > 0))
        return mw_nf_glue_fail(g, MW_ERR_ARGUMENT, "feed arguments");
    if (!g->engine)
        return mw_nf_glue_fail(g, MW_ERR_STATE, "no model open");
    st = mw_engine_feed(g->engine, pcm, pcm_len, consumed, ready);
    return st == MW_OK ? MW_OK : mw_nf_glue_fail(g, st, "engine feed");
}

mw_status mw_nf_glue_class_count(const mw_nf_glue *g, int32_t *count)
{
    mw_status st = mw_nf_glue_need_engine(g);
    if (st != MW_OK || !count)
        return st != MW_OK ? st : MW_ERR_ARGUMENT;
    *count = g->class_count;
    return MW_OK;
}

mw_status mw_nf_glue_scores(const mw_nf_glue *g, float *scores, size_t count)
{
    mw_status st = mw_nf_glue_need_engine(g);
    if (st != MW_OK)
        return st;
    if (!scores || count < (size_t)g->class_count)
        return MW_ERR_BUFFER_TOO_SMALL;
    return mw_engine_scores(g->engine, scores, (size_t)g->class_count);
}

mw_status mw_nf_glue_label(const mw_nf_glue *g, int32_t index, char *buf, size_t buf_len)
{
    mw_status st = mw_nf_glue_need_engine(g);
    if (st != MW_OK)
        return st;
    if (index < 0 || index >= g->class_count || !buf || buf_len == 0)
        return MW_ERR_ARGUMENT;
    return mw_engine_label(g->engine, index, buf, buf_len);
}

mw_status mw_nf_glue_defaults(const mw_nf_glue *g, float *values, size_t count)
{
    const mw_model_settings *s;
    mw_status st = mw_nf_glue_need_engine(g);
    if (st != MW_OK)
        return st;
    if (!values || count < MW_NF_DEFAULT_COUNT)
        return MW_ERR_BUFFER_TOO_SMALL;
    s = &g->settings;
    values[MW_NF_DEFAULT_THRESHOLD] = s->threshold;
    values[MW_NF_DEFAULT_AVERAGE_WINDOW_MS] = (float)s->average_window_ms;
    values[MW_NF_DEFAULT_MIN_COUNT] = (float)s->min_count;
    values[MW_NF_DEFAULT_SUPPRESSION_MS] = (float)s->suppression_ms;
    values[MW_NF_DEFAULT_INFER_EVERY_HOPS] = (float)s->infer_every_hops;
    values[MW_NF_DEFAULT_HOP_MS] = s->frontend.sample_rate > 0
        ? (float)((int64_t)s->frontend.hop_samples * 1000 / s->frontend.sample_rate)
        : 0.0f;
    values[MW_NF_DEFAULT_SAMPLE_RATE] = (float)s->frontend.sample_rate;
    return MW_OK;
}

mw_status mw_nf_glue_stats(const mw_nf_glue *g, int64_t *values, size_t count)
{
    mw_engine_stats stats;
    mw_status st = mw_nf_glue_need_engine(g);
    if (st != MW_OK)
        return st;
    if (!values || count < MW_NF_STAT_COUNT)
        return MW_ERR_BUFFER_TOO_SMALL;
    st = mw_engine_stats_get(g->engine, &stats);
    if (st != MW_OK)
        return st;
    values[MW_NF_STAT_SAMPLES] = (int64_t)stats.samples;
    values[MW_NF_STAT_FRAMES] = (int64_t)stats.frames;
    values[MW_NF_STAT_INFERENCES] = (int64_t)stats.inferences;
    values[MW_NF_STAT_DROPPED_FRAMES] = (int64_t)stats.dropped_frames;
    values[MW_NF_STAT_AUDIO_MS] = g->settings.frontend.sample_rate > 0
        ? (int64_t)(stats.samples * 1000u / (uint64_t)g->settings.frontend.sample_rate)
        : 0;
    values[MW_NF_STAT_CAPTURE_OVERRUNS] = 0;
    return MW_OK;
}

mw_status mw_nf_glue_take_levels(mw_nf_glue *g, int32_t *values, size_t count)
{
    mw_nf_input_levels lv;
    if (!g)
        return MW_ERR_ARGUMENT;
    if (!values || count < MW_NF_LEVEL_COUNT)
        return MW_ERR_BUFFER_TOO_SMALL;
    mw_nf_input_take_levels(&g->input, &lv);
    values[MW_NF_LEVEL_SAMPLES] = (int32_t)(lv.samples > 0x7FFFFFFFu ? 0x7FFFFFFFu : lv.samples);
    values[MW_NF_LEVEL_ZEROS] = (int32_t)(lv.zeros > 0x7FFFFFFFu ? 0x7FFFFFFFu : lv.zeros);
    values[MW_NF_LEVEL_CLIPPED] = (int32_t)(lv.clipped > 0x7FFFFFFFu ? 0x7FFFFFFFu : lv.clipped);
    values[MW_NF_LEVEL_PEAK] = lv.peak;
    return MW_OK;
}

mw_status mw_nf_glue_reset(mw_nf_glue *g)
{
    mw_status st = mw_nf_glue_need_engine(g);
    if (st != MW_OK)
        return st;
    mw_nf_input_reset(&g->input);
    return mw_engine_reset(g->engine);
}
