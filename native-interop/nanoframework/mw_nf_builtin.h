/* The model compiled into the firmware (flash). Defined by the mw_nf_builtin_model.c
 * that MicroWake.cmake generates from MW_NF_MODEL_SOURCE / MW_NF_MODEL_SYMBOL. */
#ifndef MW_NF_BUILTIN_H
#define MW_NF_BUILTIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Returns the model bytes and sets *len; NULL and 0 when the firmware has none. */
const uint8_t *mw_nf_builtin_model(size_t *len);

#ifdef __cplusplus
}
#endif

#endif
