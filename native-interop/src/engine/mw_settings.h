/* The "microwake" metadata entry parser (internal; public entry: mw_model_read_settings). */
#ifndef MW_SETTINGS_H
#define MW_SETTINGS_H

#include <stddef.h>
#include <stdint.h>

#include "microwake.h"

/* Defaults of the optional detection keys (docs/model-metadata.md). */
#define MW_DEFAULT_INFER_EVERY_HOPS 1
#define MW_DEFAULT_THRESHOLD 0.8f
#define MW_DEFAULT_AVERAGE_WINDOW_MS 600
#define MW_DEFAULT_MIN_COUNT 3
#define MW_DEFAULT_SUPPRESSION_MS 1500

/* Parses the entry's text (data, len bytes). On error returns MW_ERR_METADATA with the
 * line and key in diag, and leaves *out untouched. */
mw_status mw_settings_parse(const uint8_t *data, size_t len, mw_model_settings *out, mw_diag *diag);

#endif
