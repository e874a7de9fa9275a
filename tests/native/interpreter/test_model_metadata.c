/*
 * mw_model_metadata: the TFLM models have no "microwake" entry (MW_ERR_NOT_FOUND);
 * a model built here with metadata entries returns the right buffer for each name;
 * truncated copies of it fail cleanly.
 */
#include <stdint.h>

#include "mw_fbw.h"
#include "mw_interp_test_util.h"

static const char settings_text[] = "version=1\nfrontend=mfcc\n";

/* Model { version: 3, buffers: [{}, {data: "1.5.0"}, {data: settings}],
 *         metadata: [{name: "min_runtime_version", buffer: 1}, {name: "microwake", buffer: settings_buffer}] } */
static uint32_t metadata_entry(mw_fbw *w, uint32_t at, const char *name, uint32_t buffer)
{
    static const uint8_t sizes[2] = {4, 4};
    uint32_t f[2], t = fbw_table(w, 2, sizes, f);
    fbw_offset(w, at, t);
    fbw_offset(w, f[0], fbw_string(w, name));
    fbw_set(w, f[1], buffer, 4);
    return t;
}

static void buffer_entry(mw_fbw *w, uint32_t at, const char *data)
{
    static const uint8_t sizes[1] = {4};
    uint32_t f[1], t = fbw_table(w, data ? 1 : 0, sizes, f);
    fbw_offset(w, at, t);
    if (data) {
        fbw_offset(w, f[0], fbw_vector(w, (uint32_t)strlen(data), 1, data));
    }
}

static void build_model(mw_fbw *w, uint32_t settings_buffer)
{
    /* Model fields: version 0, buffers 4, metadata 6. */
    static const uint8_t sizes[7] = {4, 0, 0, 0, 4, 0, 4};
    uint32_t f[7], root, bufs, metas;
    fbw_begin(w);
    root = fbw_table(w, 7, sizes, f);
    fbw_offset(w, 0, root);
    fbw_set(w, f[0], 3, 4);
    bufs = fbw_vector(w, 3, 4, NULL);
    fbw_offset(w, f[4], bufs);
    metas = fbw_vector(w, 2, 4, NULL);
    fbw_offset(w, f[6], metas);
    buffer_entry(w, bufs + 4, NULL);
    buffer_entry(w, bufs + 8, "1.5.0");
    buffer_entry(w, bufs + 12, settings_text);
    metadata_entry(w, metas + 4, "min_runtime_version", 1);
    metadata_entry(w, metas + 8, "microwake", settings_buffer);
}

int main(void)
{
    static uint8_t model[MW_TEST_MODEL_MAX];
    static mw_fbw w;
    const uint8_t *data;
    size_t len, n;
    int m, accepted = 0;

    for (m = 0; m < 3; m++) {
        long size = mw_test_load_model(mw_test_models[m].name, model, sizeof model);
        MW_CHECK(size > 0);
        MW_CHECK_STATUS(mw_model_metadata(model, (size_t)size, "microwake", &data, &len), MW_ERR_NOT_FOUND);
        MW_CHECK(data == NULL && len == 0);
    }

    build_model(&w, 2);
    MW_CHECK_STATUS(mw_model_metadata(w.buf, w.len, "microwake", &data, &len), MW_OK);
    MW_CHECK(len == strlen(settings_text) && data && memcmp(data, settings_text, len) == 0);
    MW_CHECK_STATUS(mw_model_metadata(w.buf, w.len, "min_runtime_version", &data, &len), MW_OK);
    MW_CHECK(len == 5 && data && memcmp(data, "1.5.0", 5) == 0);
    MW_CHECK_STATUS(mw_model_metadata(w.buf, w.len, "microwak", &data, &len), MW_ERR_NOT_FOUND);
    MW_CHECK_STATUS(mw_model_metadata(w.buf, w.len, "microwakes", &data, &len), MW_ERR_NOT_FOUND);
    MW_CHECK_STATUS(mw_model_metadata(NULL, w.len, "microwake", &data, &len), MW_ERR_ARGUMENT);
    MW_CHECK_STATUS(mw_model_metadata(w.buf, w.len, NULL, &data, &len), MW_ERR_ARGUMENT);
    /* Metadata pointing at a buffer that does not exist. */
    {
        static mw_fbw bad;
        build_model(&bad, 99);
        MW_CHECK_STATUS(mw_model_metadata(bad.buf, bad.len, "microwake", &data, &len), MW_ERR_MODEL_INVALID);
        MW_CHECK_STATUS(mw_model_metadata(bad.buf, bad.len, "min_runtime_version", &data, &len), MW_OK);
    }
    /* Truncated copies (exact-size heap blocks) fail without reading past the end. */
    for (n = 0; n < w.len; n++) {
        uint8_t *copy = (uint8_t *)malloc(n ? n : 1);
        memcpy(copy, w.buf, n);
        if (mw_model_metadata(copy, n, "microwake", &data, &len) == MW_OK) {
            accepted++;
        }
        free(copy);
    }
    MW_CHECK(accepted == 0);
    /* The interpreter refuses this model: it has no subgraph. */
    MW_CHECK_STATUS(mw_interpreter_arena_size(w.buf, w.len, &n, NULL), MW_ERR_GRAPH);
    return mw_test_summary("test_model_metadata");
}
