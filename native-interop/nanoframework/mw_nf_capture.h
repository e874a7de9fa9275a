/*
 * Native microphone capture for targets without a managed I2S API (STM32/ChibiOS).
 * The driver's DMA interrupt puts the selected channel of each frame into a ring;
 * the CLR thread drains it with mw_nf_capture_read and feeds the engine as usual.
 * Built as mw_nf_capture_chibios.c on ChibiOS, mw_nf_capture_none.c elsewhere.
 */
#ifndef MW_NF_CAPTURE_H
#define MW_NF_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

#include "microwake.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Starts capture: sample_rate in Hz, bits_per_sample 16 or 32 (slot width on the bus),
 * channel 0 (left, mic L/R pin low) or 1 (right). Ring contents: that channel only,
 * little-endian slots of bits_per_sample bits (32-bit slots keep 24 data bits on top).
 * MW_ERR_STATE when this firmware has no native capture. */
mw_status mw_nf_capture_start(int32_t sample_rate, int32_t bits_per_sample, int32_t channel);

/* Copies up to len captured bytes (whole slots only). Never blocks. */
mw_status mw_nf_capture_read(uint8_t *dst, size_t len, size_t *read);

/* Bytes dropped because the CLR thread did not drain the ring in time. */
uint32_t mw_nf_capture_overruns(void);

mw_status mw_nf_capture_stop(void);

#ifdef __cplusplus
}
#endif

#endif
