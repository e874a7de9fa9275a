/*
 * The plain C half of MicroWake's nanoFramework interop: everything the nanoCLR
 * handlers do except taking arguments off the managed stack. One mw_nf_glue holds
 * one engine, its input conditioning and the last error text; the firmware keeps a
 * single instance in static memory (see microwake_native_MicroWake_Device_Native_NativeEngine.cpp),
 * host tests make as many as they like.
 *
 * The index constants below are shared with the managed binding
 * (firmware/MicroWake.Device/MicroWake.Device.Native/NativeEngine.cs): change both together.
 */
#ifndef MW_NF_GLUE_H
#define MW_NF_GLUE_H

#include <stddef.h>
#include <stdint.h>

#include "microwake.h"
#include "mw_nf_input.h"

#ifdef __cplusplus
extern "C" {
#endif

/* mw_nf_glue_defaults() value order. */
#define MW_NF_DEFAULT_THRESHOLD 0
#define MW_NF_DEFAULT_AVERAGE_WINDOW_MS 1
#define MW_NF_DEFAULT_MIN_COUNT 2
#define MW_NF_DEFAULT_SUPPRESSION_MS 3
#define MW_NF_DEFAULT_INFER_EVERY_HOPS 4
#define MW_NF_DEFAULT_HOP_MS 5
#define MW_NF_DEFAULT_SAMPLE_RATE 6
#define MW_NF_DEFAULT_COUNT 7

/* mw_nf_glue_stats() value order. */
#define MW_NF_STAT_SAMPLES 0
#define MW_NF_STAT_FRAMES 1
#define MW_NF_STAT_INFERENCES 2
#define MW_NF_STAT_DROPPED_FRAMES 3
#define MW_NF_STAT_AUDIO_MS 4
#define MW_NF_STAT_CAPTURE_OVERRUNS 5 /* bytes native capture dropped: set by the firmware handler, 0 here */
#define MW_NF_STAT_COUNT 6

/* mw_nf_glue_take_levels() value order. */
#define MW_NF_LEVEL_SAMPLES 0
#define MW_NF_LEVEL_ZEROS 1
#define MW_NF_LEVEL_CLIPPED 2
#define MW_NF_LEVEL_PEAK 3
#define MW_NF_LEVEL_COUNT 4

typedef struct mw_nf_glue {
    uint8_t *arena;            /* engine arena (16-byte aligned) */
    size_t arena_len;
    uint8_t *model_ram;        /* copy of a model loaded from a managed array (may be NULL; 16-byte aligned) */
    size_t model_ram_len;
    mw_engine *engine;         /* NULL while no model is open */
    mw_model_settings settings;
    int32_t class_count;
    mw_nf_input input;
    mw_diag error;             /* last failure: status and text */
} mw_nf_glue;

/* Binds the glue to its memory. model_ram may be NULL (loading from a managed array is
 * then refused). The input stage starts as int16 mono pass-through. */
mw_status mw_nf_glue_init(mw_nf_glue *g, void *arena, size_t arena_len, uint8_t *model_ram,
                          size_t model_ram_len);

/* Opens a model. copy = 0: `model` stays valid for the glue's life (flash array);
 * copy = 1: the bytes are copied into model_ram first (a managed array moves under GC).
 * settings = NULL takes them from the model's metadata. max_ops_per_call > 0 spreads an
 * inference over several feed calls. The model is validated before anything is
 * replaced: a bad model leaves the running one untouched. */
mw_status mw_nf_glue_open(mw_nf_glue *g, const uint8_t *model, size_t model_len, int copy,
                          const mw_model_settings *settings, int32_t max_ops_per_call);

/* Sets the raw microphone format, gain and DC removal (resets the DC tracker). */
mw_status mw_nf_glue_configure_input(mw_nf_glue *g, const mw_nf_input_config *cfg);

/* Turns raw microphone bytes into LE int16 PCM bytes (at most pcm_cap bytes, even).
 * *raw_used counts raw bytes taken (a partial frame is kept for the next call). Needs
 * no open model, so the start-up self-test can run before the engine opens. */
mw_status mw_nf_glue_condition(mw_nf_glue *g, const uint8_t *raw, size_t raw_len, size_t *raw_used,
                               uint8_t *pcm, size_t pcm_cap, size_t *pcm_len);

/* Feeds LE int16 PCM bytes to the engine (mw_engine_feed): bounded work, returns after
 * one completed inference (*ready = 1) or when the bytes are used up. */
mw_status mw_nf_glue_feed(mw_nf_glue *g, const uint8_t *pcm, size_t pcm_len, size_t *consumed,
                          int32_t *ready);

mw_status mw_nf_glue_class_count(const mw_nf_glue *g, int32_t *count);
mw_status mw_nf_glue_scores(const mw_nf_glue *g, float *scores, size_t count);
mw_status mw_nf_glue_label(const mw_nf_glue *g, int32_t index, char *buf, size_t buf_len);
/* values[MW_NF_DEFAULT_*]; count must be at least MW_NF_DEFAULT_COUNT. */
mw_status mw_nf_glue_defaults(const mw_nf_glue *g, float *values, size_t count);
/* values[MW_NF_STAT_*]; count must be at least MW_NF_STAT_COUNT. */
mw_status mw_nf_glue_stats(const mw_nf_glue *g, int64_t *values, size_t count);
/* values[MW_NF_LEVEL_*] since the last call; count must be at least MW_NF_LEVEL_COUNT. */
mw_status mw_nf_glue_take_levels(mw_nf_glue *g, int32_t *values, size_t count);
/* Clears audio history and scores (and the input stage's state); keeps model and settings. */
mw_status mw_nf_glue_reset(mw_nf_glue *g);

/* Text of the last failure ("" when none). Never NULL for a non-NULL g. */
const char *mw_nf_glue_last_error(const mw_nf_glue *g);
/* Records a failure text (used by the handlers for argument errors too). Returns status. */
mw_status mw_nf_glue_fail(mw_nf_glue *g, mw_status status, const char *detail);

#ifdef __cplusplus
}
#endif

#endif
