/* mw_model_metadata: finds a named entry of Model.metadata and returns its buffer. */
#include <string.h>

#include "mw_tflite.h"

enum { METADATA_NAME = 0, METADATA_BUFFER = 1 };

mw_status mw_model_metadata(const uint8_t *model, size_t model_len, const char *name,
                            const uint8_t **data, size_t *len)
{
    mw_tfl_model m;
    uint32_t i;
    size_t name_len;
    mw_status s;
    if (!model || !name || !data || !len) {
        return MW_ERR_ARGUMENT;
    }
    *data = NULL;
    *len = 0;
    s = mw_tfl_open_root(&m, model, model_len, NULL);
    if (s != MW_OK) {
        return s;
    }
    name_len = strlen(name);
    for (i = 0; i < m.metadata.count; i++) {
        mw_fb_table entry;
        const char *entry_name;
        uint32_t entry_len, buffer, data_len;
        s = mw_fb_vec_table(&m.fb, &m.metadata, i, &entry);
        if (s == MW_OK) s = mw_fb_string(&m.fb, &entry, METADATA_NAME, &entry_name, &entry_len);
        if (s == MW_OK) s = mw_fb_u32(&m.fb, &entry, METADATA_BUFFER, 0, &buffer);
        if (s != MW_OK) {
            return s;
        }
        if (entry_name && entry_len == name_len && memcmp(entry_name, name, name_len) == 0) {
            s = mw_tfl_buffer(&m, buffer, data, &data_len);
            *len = data_len;
            return s;
        }
    }
    return MW_ERR_NOT_FOUND;
}
