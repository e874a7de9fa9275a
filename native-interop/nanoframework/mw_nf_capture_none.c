/* Capture stub for targets whose microphone is read through managed I2S (ESP32). */
#include "mw_nf_capture.h"

mw_status mw_nf_capture_start(int32_t sample_rate, int32_t bits_per_sample, int32_t channel)
{
    (void)sample_rate;
    (void)bits_per_sample;
    (void)channel;
    return MW_ERR_STATE;
}

mw_status mw_nf_capture_read(uint8_t *dst, size_t len, size_t *read)
{
    (void)dst;
    (void)len;
    if (read)
        *read = 0;
    return MW_ERR_STATE;
}

uint32_t mw_nf_capture_overruns(void)
{
    return 0;
}

mw_status mw_nf_capture_stop(void)
{
    return MW_ERR_STATE;
}
