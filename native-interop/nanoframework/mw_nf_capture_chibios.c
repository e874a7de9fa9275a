/*
 * Native I2S microphone capture on STM32 with the ChibiOS HAL I2S driver (SPI/I2S
 * peripheral, master receive). Compiled only for ChibiOS targets (MW_NF_CAPTURE=chibios).
 *
 * Needs in the target's halconf.h/mcuconf.h: HAL_USE_I2S TRUE, STM32_I2S_USE_SPIn TRUE,
 * STM32_I2S_SPIn_MODE (STM32_I2S_MODE_MASTER | STM32_I2S_MODE_RX), STM32_SPI_USE_SPIn FALSE,
 * and the PLLI2S clock whose frequency MW_NF_I2S_CLOCK_HZ states. Driver, pins and clock come
 * from the board config through CMake cache variables into mw_nf_config.h (see MicroWake.cmake).
 */
#include "mw_nf_capture.h"
#include "mw_nf_config.h"
#include "mw_nf_ring.h"

#include <hal.h>

#ifndef MW_NF_I2S_DRIVER
#error "MW_NF_I2S_DRIVER (e.g. I2SD2) must be defined for ChibiOS capture"
#endif
#ifndef MW_NF_I2S_CLOCK_HZ
#error "MW_NF_I2S_CLOCK_HZ (the I2S kernel clock from mcuconf.h) must be defined"
#endif
#ifndef MW_NF_I2S_AF
#define MW_NF_I2S_AF 5
#endif
/* 10 ms of frames per DMA half at 16 kHz: each interrupt moves one hop's worth or less. */
#ifndef MW_NF_CAPTURE_FRAMES_PER_HALF
#define MW_NF_CAPTURE_FRAMES_PER_HALF 160
#endif
/* 8 KiB = 128 ms of 32-bit mono samples: covers a worst-case Feed plus a read. */
#ifndef MW_NF_CAPTURE_RING_BYTES
#define MW_NF_CAPTURE_RING_BYTES 8192
#endif

/* A stereo frame of 32-bit slots is four 16-bit DMA transfers. */
#define MW_NF_MAX_HALFWORDS_PER_FRAME 4

static uint16_t s_dma[2 * MW_NF_CAPTURE_FRAMES_PER_HALF * MW_NF_MAX_HALFWORDS_PER_FRAME]
    __attribute__((aligned(32)));
static uint8_t s_scratch[MW_NF_CAPTURE_FRAMES_PER_HALF * 4]; /* touched by the ISR only */
static uint8_t s_ring_storage[MW_NF_CAPTURE_RING_BYTES];
static mw_nf_ring s_ring;
static I2SConfig s_config;
static uint32_t s_halfwords_per_frame;
static uint32_t s_halfwords_per_slot;
static uint32_t s_channel;
static bool s_running;

static void mw_nf_capture_isr(I2SDriver *i2sp)
{
    uint32_t half_len = MW_NF_CAPTURE_FRAMES_PER_HALF * s_halfwords_per_frame;
    const uint16_t *half = s_dma + (i2sIsBufferComplete(i2sp) ? half_len : 0u);
    uint32_t n = 0;
    uint32_t f;

#if defined(cacheBufferInvalidate)
    /* Cortex-M7: the DMA wrote behind the data cache. */
    cacheBufferInvalidate(half, half_len * sizeof(uint16_t));
#endif
    for (f = 0; f < MW_NF_CAPTURE_FRAMES_PER_HALF; f++) {
        const uint16_t *slot = half + f * s_halfwords_per_frame + s_channel * s_halfwords_per_slot;
        if (s_halfwords_per_slot == 2) {
            /* The SPI data register delivers a 32-bit slot as high half-word, then low. */
            s_scratch[n++] = (uint8_t)(slot[1] & 0xFFu);
            s_scratch[n++] = (uint8_t)(slot[1] >> 8);
            s_scratch[n++] = (uint8_t)(slot[0] & 0xFFu);
            s_scratch[n++] = (uint8_t)(slot[0] >> 8);
        } else {
            s_scratch[n++] = (uint8_t)(slot[0] & 0xFFu);
            s_scratch[n++] = (uint8_t)(slot[0] >> 8);
        }
    }
    (void)mw_nf_ring_write(&s_ring, s_scratch, n);
}

mw_status mw_nf_capture_start(int32_t sample_rate, int32_t bits_per_sample, int32_t channel)
{
    uint32_t bits_per_frame;
    uint32_t div;

    if (sample_rate < 8000 || sample_rate > 48000 || (bits_per_sample != 16 && bits_per_sample != 32) ||
        channel < 0 || channel > 1)
        return MW_ERR_CONFIG;
    /* Fs = I2SCLK / (bits per frame * (2 * I2SDIV + ODD)), MCLK output off. */
    bits_per_frame = 2u * (uint32_t)bits_per_sample;
    div = (uint32_t)((MW_NF_I2S_CLOCK_HZ + (bits_per_frame * (uint32_t)sample_rate) / 2u) /
                     (bits_per_frame * (uint32_t)sample_rate));
    if (div / 2u < 2u || div / 2u > 255u)
        return MW_ERR_CONFIG;

    if (s_running)
        (void)mw_nf_capture_stop();

    s_halfwords_per_slot = (uint32_t)bits_per_sample / 16u;
    s_halfwords_per_frame = 2u * s_halfwords_per_slot;
    s_channel = (uint32_t)channel;
    if (mw_nf_ring_init(&s_ring, s_ring_storage, sizeof s_ring_storage) != MW_OK)
        return MW_ERR_INTERNAL;

    s_config.tx_buffer = NULL;
    s_config.rx_buffer = s_dma;
    /* Counted in slots: with 24/32-bit data the driver doubles it into 16-bit DMA transfers. */
    s_config.size = 2u * MW_NF_CAPTURE_FRAMES_PER_HALF * 2u;
    s_config.end_cb = mw_nf_capture_isr;
    /* Philips standard; 32-bit slots carry 32-bit data (the mic's 24 bits on top). */
    s_config.i2scfgr = (int16_t)(bits_per_sample == 32 ? (SPI_I2SCFGR_DATLEN_1 | SPI_I2SCFGR_CHLEN) : 0u);
    s_config.i2spr = (int16_t)((div / 2u) | ((div & 1u) << SPI_I2SPR_ODD_Pos));

    palSetLineMode(MW_NF_I2S_LINE_CK, PAL_MODE_ALTERNATE(MW_NF_I2S_AF));
    palSetLineMode(MW_NF_I2S_LINE_WS, PAL_MODE_ALTERNATE(MW_NF_I2S_AF));
    palSetLineMode(MW_NF_I2S_LINE_SD, PAL_MODE_ALTERNATE(MW_NF_I2S_AF));

    i2sStart(&MW_NF_I2S_DRIVER, &s_config);
    i2sStartExchange(&MW_NF_I2S_DRIVER);
    s_running = true;
    return MW_OK;
}

mw_status mw_nf_capture_read(uint8_t *dst, size_t len, size_t *read)
{
    uint32_t slot_bytes = 2u * s_halfwords_per_slot;
    uint32_t want;

    if (read)
        *read = 0;
    if (!read || (!dst && len > 0))
        return MW_ERR_ARGUMENT;
    if (!s_running)
        return MW_ERR_STATE;
    want = len > 0x7FFFFFFFu ? 0x7FFFFFFFu : (uint32_t)len;
    want -= want % slot_bytes;
    *read = mw_nf_ring_read(&s_ring, dst, want);
    return MW_OK;
}

uint32_t mw_nf_capture_overruns(void)
{
    return s_running ? s_ring.overruns : 0u;
}

mw_status mw_nf_capture_stop(void)
{
    if (!s_running)
        return MW_ERR_STATE;
    i2sStopExchange(&MW_NF_I2S_DRIVER);
    i2sStop(&MW_NF_I2S_DRIVER);
    s_running = false;
    return MW_OK;
}
