/* The engine configured only by a model's "microwake" metadata: MicroWake's committed
 * default model (models/yes_no, MFCC front end). Checks what the engine owns: the
 * settings come from the model, one inference per 1 s clip after the 49-frame window,
 * valid probabilities, and chunking never changes a score. (The model's accuracy is
 * tested with the trainer.) */
#include <math.h>

#include "microwake.h"
#include "mw_test.h"
#include "../frontend/mw_test_wav.h"

#define MAX_CLASSES MW_MAX_LABELS

static uint8_t model[64 * 1024];
static uint8_t wav_buf[40 * 1024];
static uint8_t arena[64 * 1024] __attribute__((aligned(16)));

/* Feeds pcm in chunks of `chunk` bytes; returns the number of score sets, the last in `last`. */
static int feed(mw_engine *e, const uint8_t *pcm, size_t len, size_t chunk, float *last, int32_t classes)
{
    size_t off = 0;
    int n = 0;
    while (off < len) {
        size_t end = off + chunk < len ? off + chunk : len;
        while (off < end) {
            size_t used;
            int32_t ready;
            if (mw_engine_feed(e, pcm + off, end - off, &used, &ready) != MW_OK)
                return -1;
            off += used;
            if (ready) {
                if (mw_engine_scores(e, last, (size_t)classes) != MW_OK)
                    return -1;
                n++;
            }
        }
    }
    return n;
}

int main(void)
{
    static const char *clips[] = { "yes_1000ms", "no_1000ms", "silence_1000ms", "noise_1000ms" };
    mw_model_settings s;
    mw_engine *e;
    mw_diag d;
    size_t need;
    int32_t classes = 0;
    long n;
    unsigned k;
    n = mw_test_read_file(MW_MODELS_DIR "/yes_no/yes_no.tflite", model, sizeof model);
    MW_CHECK(n > 0);
    if (n <= 0)
        return mw_test_summary("test_engine_metadata");
    MW_CHECK_STATUS(mw_model_read_settings(model, (size_t)n, &s, &d), MW_OK);
    MW_CHECK(s.frontend.kind == MW_FRONTEND_MFCC && s.frontend.frames_per_window >= 1 && s.label_count >= 2);
    MW_CHECK_STATUS(mw_engine_arena_size(model, (size_t)n, NULL, &need, &d), MW_OK);
    printf("default model: %ld bytes, engine arena %u bytes, %d labels, infer every %d hops\n", n, (unsigned)need,
           s.label_count, s.infer_every_hops);
    MW_CHECK(need <= sizeof arena);
    MW_CHECK_STATUS(mw_engine_init(&e, model, (size_t)n, NULL, arena, sizeof arena, &d), MW_OK);
    if (!e)
        return mw_test_summary("test_engine_metadata");
    MW_CHECK_STATUS(mw_engine_class_count(e, &classes), MW_OK);
    MW_CHECK(classes == s.label_count);
    {
        mw_model_settings got;
        MW_CHECK_STATUS(mw_engine_settings(e, &got), MW_OK);
        MW_CHECK(got.frontend.out_scale > 0.0f && strcmp(got.labels[0], s.labels[0]) == 0);
    }
    for (k = 0; k < sizeof clips / sizeof clips[0]; k++) {
        char path[512];
        const uint8_t *pcm;
        size_t len;
        uint32_t rate;
        float whole[MAX_CLASSES], split[MAX_CLASSES], sum = 0.0f;
        int32_t c;
        int ok = 1, inferences;
        snprintf(path, sizeof path, "%s/tflm/microfrontend/wav/%s.wav", MW_TEST_DATA, clips[k]);
        if (mw_test_load_wav(path, wav_buf, sizeof wav_buf, &pcm, &len, &rate) != 0) {
            MW_CHECK(0);
            continue;
        }
        mw_engine_reset(e);
        inferences = feed(e, pcm, len, len, whole, classes);
        /* 49 frames of a 1 s clip: one inference when the window is full (k <= 49). */
        MW_CHECK(inferences == (s.infer_every_hops <= 49 ? 1 : 0));
        for (c = 0; c < classes; c++) {
            ok &= whole[c] >= 0.0f && whole[c] <= 1.0f;
            sum += whole[c];
        }
        MW_CHECK(ok && fabsf(sum - 1.0f) < 0.05f);
        mw_engine_reset(e);
        MW_CHECK(feed(e, pcm, len, 666, split, classes) == inferences);
        MW_CHECK(memcmp(whole, split, sizeof(float) * (size_t)classes) == 0);
        printf("%-16s %d inference(s), scores", clips[k], inferences);
        for (c = 0; c < classes; c++)
            printf(" %s=%.3f", s.labels[c], whole[c]);
        printf("\n");
    }
    return mw_test_summary("test_engine_metadata");
}
