/* Links the interop module's C sources as a firmware would and opens the compiled-in model
 * in the static arena and model buffer that mw_nf_config.h gives the firmware. */
#include <stdio.h>
#include <string.h>

#include "mw_nf_builtin.h"
#include "mw_nf_config.h"
#include "mw_nf_glue.h"

static uint8_t arena[MW_NF_ARENA_BYTES] __attribute__((aligned(16)));
static uint8_t model_ram[MW_NF_MODEL_RAM_BYTES + 1] __attribute__((aligned(16)));

int main(void)
{
    static int16_t pcm[24000]; /* 1.5 s: fills the model's window at least once */
    mw_engine_options opt;
    mw_nf_glue g;
    size_t len = 0, need = 0, pos = 0;
    const uint8_t *model = mw_nf_builtin_model(&len);
    int32_t count = 0, inferences = 0, i, have_yes = 0, have_no = 0;
    char label[MW_MAX_LABEL_LEN];
    int failures = 0;

    memset(&opt, 0, sizeof opt);
    if (!model || mw_engine_arena_size(model, len, &opt, &need, NULL) != MW_OK) {
        printf("FAIL: the compiled-in model does not load\n");
        return 1;
    }
    printf("compiled-in model: %lu bytes (model buffer %d); engine arena %lu bytes (static arena %d)\n",
           (unsigned long)len, MW_NF_MODEL_RAM_BYTES, (unsigned long)need, MW_NF_ARENA_BYTES);
    if (need > MW_NF_ARENA_BYTES) {
        printf("FAIL: MW_NF_ARENA_BYTES is too small for the compiled-in model\n");
        failures++;
    }
    if (len > MW_NF_MODEL_RAM_BYTES) {
        printf("FAIL: MW_NF_MODEL_RAM_BYTES cannot hold the compiled-in model\n");
        failures++;
    }

    if (mw_nf_glue_init(&g, arena, sizeof arena, model_ram, MW_NF_MODEL_RAM_BYTES) != MW_OK ||
        mw_nf_glue_open(&g, model, len, 1, NULL, 0) != MW_OK || mw_nf_glue_class_count(&g, &count) != MW_OK) {
        printf("FAIL: open: %s\n", mw_nf_glue_last_error(&g));
        return 1;
    }
    for (i = 0; i < count; i++) {
        if (mw_nf_glue_label(&g, i, label, sizeof label) == MW_OK) {
            have_yes |= strcmp(label, "yes") == 0;
            have_no |= strcmp(label, "no") == 0;
        }
    }
    if (!have_yes || !have_no) {
        printf("FAIL: the compiled-in model has no yes/no labels\n");
        failures++;
    }
    for (i = 0; i < 24000; i++)
        pcm[i] = (int16_t)((i * 37) % 2001 - 1000);
    while (pos < sizeof pcm) {
        size_t used = 0;
        int32_t ready = 0;
        if (mw_nf_glue_feed(&g, (const uint8_t *)pcm + pos, sizeof pcm - pos, &used, &ready) != MW_OK) {
            printf("FAIL: feed: %s\n", mw_nf_glue_last_error(&g));
            return 1;
        }
        pos += used;
        inferences += ready;
    }
    if (inferences < 1) {
        printf("FAIL: no inference in 1.5 s of audio\n");
        failures++;
    }
    printf("module_check: %d classes, %d inferences, %d failures\n", (int)count, (int)inferences, failures);
    return failures == 0 ? 0 : 1;
}
