/*
 * MicroWake native library: the one public C API.
 *
 * Used by the host P/Invoke binding (firmware/MicroWake.Interop), the nanoFramework
 * interop glue (native-interop/nanoframework) and the trainer. C99, C ABI.
 *
 * Rules that hold for every function here:
 *  - Every entry point returns an mw_status; MW_OK is 0.
 *  - No heap. Objects live in memory the caller provides ("arena"); a size query
 *    tells exactly how many bytes are needed. Arenas must be 16-byte aligned.
 *  - No global mutable state: several interpreters / front ends / engines may run
 *    side by side, each in its own arena.
 *  - Model bytes are not copied: the model buffer must outlive the objects built on it.
 *  - Nothing here crashes, hangs or reads out of bounds on any input; a bad model is
 *    refused at load with a status and (when a mw_diag is given) a message saying why.
 */
#ifndef MICROWAKE_H
#define MICROWAKE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32) && defined(MW_BUILD_SHARED)
#define MW_API __declspec(dllexport)
#elif defined(__GNUC__) && defined(MW_BUILD_SHARED)
#define MW_API __attribute__((visibility("default")))
#else
#define MW_API
#endif

#define MW_VERSION_MAJOR 0
#define MW_VERSION_MINOR 1

/* ------------------------------------------------------------------------- */
/* Status codes and diagnostics                                              */
/* ------------------------------------------------------------------------- */

typedef enum mw_status {
    MW_OK = 0,
    MW_ERR_ARGUMENT = 1,          /* NULL pointer, bad index, bad size argument */
    MW_ERR_ALIGNMENT = 2,         /* arena not 16-byte aligned */
    MW_ERR_ARENA_TOO_SMALL = 3,   /* arena smaller than the size query returned */
    MW_ERR_MODEL_TRUNCATED = 4,   /* an offset or length points past the end of the model */
    MW_ERR_MODEL_INVALID = 5,     /* not a TFLite flatbuffer, or inconsistent contents */
    MW_ERR_UNSUPPORTED_OP = 6,    /* operator (or operator version / option) not implemented */
    MW_ERR_UNSUPPORTED_TYPE = 7,  /* tensor type not supported for that operator */
    MW_ERR_SHAPE = 8,             /* shapes do not fit the operator, or too large */
    MW_ERR_QUANTIZATION = 9,      /* missing or invalid quantization parameters */
    MW_ERR_GRAPH = 10,            /* dangling / cyclic tensor references, bad subgraph */
    MW_ERR_METADATA = 11,         /* MicroWake metadata entry malformed */
    MW_ERR_CONFIG = 12,           /* front-end or engine configuration invalid */
    MW_ERR_STATE = 13,            /* call not valid in the object's current state */
    MW_ERR_BUFFER_TOO_SMALL = 14, /* caller's output buffer too small */
    MW_ERR_NOT_FOUND = 15,        /* e.g. metadata entry or label does not exist */
    MW_ERR_INTERNAL = 16          /* a check that should never fail did; please report */
} mw_status;

/* A short fixed text for a status ("arena too small", ...). Never NULL. */
MW_API const char *mw_status_message(mw_status status);

/* Optional detail for load-time errors. Pass NULL where no detail is wanted. */
#define MW_DIAG_MESSAGE_SIZE 192
typedef struct mw_diag {
    mw_status status;
    char message[MW_DIAG_MESSAGE_SIZE]; /* NUL-terminated, e.g. "operator 3: unsupported op LSTM" */
} mw_diag;

/* ------------------------------------------------------------------------- */
/* Tensors and the interpreter (int8 TFLite models)                          */
/* ------------------------------------------------------------------------- */

typedef enum mw_type {
    MW_TYPE_UNKNOWN = 0,
    MW_TYPE_FLOAT32 = 1,
    MW_TYPE_INT32 = 2,
    MW_TYPE_UINT8 = 3,
    MW_TYPE_INT8 = 4,
    MW_TYPE_INT16 = 5
} mw_type;

#define MW_MAX_DIMS 6

typedef struct mw_tensor_info {
    mw_type type;
    int32_t ndims;
    int32_t dims[MW_MAX_DIMS];
    uint32_t bytes;      /* size of the tensor data */
    float scale;         /* per-tensor scale (0 when not quantized) */
    int32_t zero_point;
    char name[64];       /* truncated tensor name, NUL-terminated */
} mw_tensor_info;

typedef struct mw_interpreter mw_interpreter; /* lives inside its arena */

/* Validates the whole model and returns the exact arena size mw_interpreter_init needs.
 * The size can depend on the model buffer's address modulo 4 (int32 biases at unaligned
 * addresses get an aligned copy in the arena): query with the buffer init will get. */
MW_API mw_status mw_interpreter_arena_size(const uint8_t *model, size_t model_len,
                                           size_t *arena_bytes, mw_diag *diag);

/* Builds an interpreter in `arena` (16-byte aligned, at least the queried size). */
MW_API mw_status mw_interpreter_init(mw_interpreter **out, const uint8_t *model, size_t model_len,
                                     void *arena, size_t arena_len, mw_diag *diag);

MW_API mw_status mw_interpreter_input_count(const mw_interpreter *it, int32_t *count);
MW_API mw_status mw_interpreter_output_count(const mw_interpreter *it, int32_t *count);
MW_API mw_status mw_interpreter_input_info(const mw_interpreter *it, int32_t index, mw_tensor_info *info);
MW_API mw_status mw_interpreter_output_info(const mw_interpreter *it, int32_t index, mw_tensor_info *info);

/* Copies `len` bytes (must equal the tensor's byte size) into input `index`.
 * As in TFLM, an inference may reuse the inputs' memory for later layers: set every
 * input before each invoke. Outputs never share memory with inputs. */
MW_API mw_status mw_interpreter_set_input(mw_interpreter *it, int32_t index, const void *data, size_t len);
/* Copies output `index` into `data`; `len` must be at least the tensor's byte size. */
MW_API mw_status mw_interpreter_get_output(const mw_interpreter *it, int32_t index, void *data, size_t len);
/* Direct pointers for zero-copy use by the engine (valid until the next invoke). */
MW_API mw_status mw_interpreter_input_data(mw_interpreter *it, int32_t index, void **data, size_t *len);
MW_API mw_status mw_interpreter_output_data(const mw_interpreter *it, int32_t index, const void **data, size_t *len);

/* Runs the whole graph. */
MW_API mw_status mw_interpreter_invoke(mw_interpreter *it);

/* Runs at most `max_ops` operators of the current inference (starting one if none is
 * pending); *done becomes 1 when the last operator ran. Lets a caller spread one
 * inference over several calls with a bounded cost each. */
MW_API mw_status mw_interpreter_invoke_step(mw_interpreter *it, int32_t max_ops, int32_t *done);

MW_API mw_status mw_interpreter_operator_count(const mw_interpreter *it, int32_t *count);
/* Multiply-accumulates of one full inference (for reports). */
MW_API mw_status mw_interpreter_macs(const mw_interpreter *it, uint64_t *macs);

/* Finds a TFLite metadata entry by name ("microwake" for MicroWake's settings) and
 * returns a pointer into the model bytes. MW_ERR_NOT_FOUND when absent. */
MW_API mw_status mw_model_metadata(const uint8_t *model, size_t model_len, const char *name,
                                   const uint8_t **data, size_t *len);

/* ------------------------------------------------------------------------- */
/* Audio front ends (streaming, one feature frame per hop)                   */
/* ------------------------------------------------------------------------- */

typedef enum mw_frontend_kind {
    MW_FRONTEND_MFCC = 1,       /* MicroWake's float MFCC */
    MW_FRONTEND_TFLM_MICRO = 2  /* TFLM micro frontend (micro_speech's features) */
} mw_frontend_kind;

typedef enum mw_window_fn {
    MW_WINDOW_HANN = 1,
    MW_WINDOW_HAMMING = 2
} mw_window_fn;

/* Flat configuration for both front ends (plain struct: easy to marshal).
 * Fields that do not apply to a kind are ignored. Fill with mw_frontend_default_config. */
typedef struct mw_frontend_config {
    int32_t kind;              /* mw_frontend_kind */
    int32_t sample_rate;       /* Hz; 16000 */
    int32_t window_samples;    /* MFCC default 640 (40 ms); TFLM micro 480 (30 ms) */
    int32_t hop_samples;       /* 320 (20 ms) */
    int32_t fft_size;          /* power of two >= window_samples; MFCC 1024, TFLM 512 */
    int32_t window_fn;         /* mw_window_fn (MFCC) */
    int32_t num_mel_bands;     /* MFCC 40; TFLM channels 40 */
    float lower_hz;            /* MFCC 20; TFLM 125 */
    float upper_hz;            /* MFCC 4000; TFLM 7500 */
    int32_t num_coeffs;        /* MFCC cepstral coefficients: 10 (TFLM: = channels) */
    float log_floor;           /* MFCC: log(max(mel_energy, log_floor)); 1e-6 */
    float out_scale;           /* int8 quantization of each output value: q = round(v/scale)+zp */
    int32_t out_zero_point;
    int32_t frames_per_window; /* frames the model's input holds (49) */
} mw_frontend_config;

MW_API mw_status mw_frontend_default_config(int32_t kind, mw_frontend_config *cfg);
/* Output values per frame (num_coeffs for MFCC, channels for TFLM micro). */
MW_API mw_status mw_frontend_frame_size(const mw_frontend_config *cfg, int32_t *values);

typedef struct mw_frontend mw_frontend; /* lives inside its arena */

MW_API mw_status mw_frontend_arena_size(const mw_frontend_config *cfg, size_t *arena_bytes);
MW_API mw_status mw_frontend_init(mw_frontend **out, const mw_frontend_config *cfg,
                                  void *arena, size_t arena_len);
MW_API mw_status mw_frontend_reset(mw_frontend *fe);

/* Consumes little-endian int16 PCM bytes (any count, odd counts included) until one
 * feature frame is complete or the input is used up. Returns after at most one frame:
 *   *consumed  = bytes taken from `pcm` (call again with the rest),
 *   *frame_ready = 1 when a frame was produced; then `frame` (frame_size int8 values)
 *                  is written, and `raw` (if not NULL) gets the frame before int8
 *                  quantization: float MFCC coefficients, or the TFLM front end's uint16
 *                  values stored as float.
 * Chunking never changes the frames. */
MW_API mw_status mw_frontend_process(mw_frontend *fe, const uint8_t *pcm, size_t pcm_len,
                                     size_t *consumed, int8_t *frame, size_t frame_len,
                                     float *raw, size_t raw_len, int32_t *frame_ready);

/* ------------------------------------------------------------------------- */
/* MicroWake model metadata (entry "microwake" inside the .tflite)           */
/* ------------------------------------------------------------------------- */

#define MW_MAX_LABELS 16
#define MW_MAX_LABEL_LEN 24

typedef struct mw_model_settings {
    mw_frontend_config frontend;
    int32_t label_count;
    char labels[MW_MAX_LABELS][MW_MAX_LABEL_LEN];
    int32_t infer_every_hops;     /* run the network every k hops */
    float threshold;              /* default detection threshold (0..1) */
    int32_t average_window_ms;    /* score averaging window */
    int32_t min_count;            /* min inferences in the window */
    int32_t suppression_ms;       /* refractory time after a detection */
} mw_model_settings;

/* Parses the "microwake" metadata entry of a model. MW_ERR_NOT_FOUND when the model
 * has none (e.g. TFLM's micro_speech); then the caller supplies settings. */
MW_API mw_status mw_model_read_settings(const uint8_t *model, size_t model_len,
                                        mw_model_settings *settings, mw_diag *diag);

/* ------------------------------------------------------------------------- */
/* Streaming engine: PCM in, class scores out                                */
/* ------------------------------------------------------------------------- */

typedef struct mw_engine_options {
    /* NULL: settings come from the model's metadata (error if it has none). */
    const mw_model_settings *settings;
    /* >0 overrides settings->infer_every_hops. */
    int32_t infer_every_hops;
    /* 0: a feed call runs a whole inference; >0: at most this many operators per
     * call (the inference continues in the next calls). */
    int32_t max_ops_per_call;
} mw_engine_options;

typedef struct mw_engine_stats {
    uint64_t samples;          /* PCM samples consumed */
    uint64_t frames;           /* feature frames produced */
    uint64_t inferences;       /* completed inferences */
    uint64_t dropped_frames;   /* frames produced while an inference was still pending */
} mw_engine_stats;

typedef struct mw_engine mw_engine; /* lives inside its arena */

MW_API mw_status mw_engine_arena_size(const uint8_t *model, size_t model_len,
                                      const mw_engine_options *opt, size_t *arena_bytes,
                                      mw_diag *diag);
MW_API mw_status mw_engine_init(mw_engine **out, const uint8_t *model, size_t model_len,
                                const mw_engine_options *opt, void *arena, size_t arena_len,
                                mw_diag *diag);
MW_API mw_status mw_engine_reset(mw_engine *e);

/* Feeds LE int16 PCM bytes. Does bounded work: returns as soon as one inference has
 * completed (*scores_ready = 1) or the input is used up; *consumed tells how many
 * bytes were taken. Callers loop until all bytes are consumed, reading the scores
 * whenever *scores_ready is 1. */
MW_API mw_status mw_engine_feed(mw_engine *e, const uint8_t *pcm, size_t pcm_len,
                                size_t *consumed, int32_t *scores_ready);

MW_API mw_status mw_engine_class_count(const mw_engine *e, int32_t *count);
/* Latest scores, dequantized to 0..1 (count floats). */
MW_API mw_status mw_engine_scores(const mw_engine *e, float *scores, size_t count);
/* Copies label `index` (NUL-terminated) into buf. */
MW_API mw_status mw_engine_label(const mw_engine *e, int32_t index, char *buf, size_t buf_len);
MW_API mw_status mw_engine_settings(const mw_engine *e, mw_model_settings *settings);
MW_API mw_status mw_engine_stats_get(const mw_engine *e, mw_engine_stats *stats);

#ifdef __cplusplus
}
#endif

#endif /* MICROWAKE_H */
