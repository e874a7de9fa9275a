/* Host tests of the nanoFramework glue's input stage: slot formats, channel choice,
 * gain, DC removal, levels, chunking and refusal of bad configurations. */
#include "mw_nf_input.h"
#include "mw_test.h"

#define N 4000

static void put16(uint8_t *p, int32_t v)
{
    p[0] = (uint8_t)(v & 0xFF);
    p[1] = (uint8_t)((v >> 8) & 0xFF);
}

static void put32(uint8_t *p, int64_t v)
{
    uint32_t u = (uint32_t)(v & 0xFFFFFFFF);
    p[0] = (uint8_t)u;
    p[1] = (uint8_t)(u >> 8);
    p[2] = (uint8_t)(u >> 16);
    p[3] = (uint8_t)(u >> 24);
}

/* Deterministic test signal in 24-bit units: a ramp of varied values incl. extremes. */
static int32_t sample24(int i)
{
    uint32_t x = (uint32_t)i * 2654435761u;
    return (int32_t)(x >> 8) - 0x800000;
}

static mw_nf_input make(int bits, int channels, int channel, int gain, int dc)
{
    mw_nf_input in;
    mw_nf_input_config cfg;
    cfg.bits_per_sample = bits;
    cfg.channels = channels;
    cfg.channel = channel;
    cfg.gain_q8 = gain;
    cfg.remove_dc = dc;
    memset(&in, 0, sizeof in);
    MW_CHECK_STATUS(mw_nf_input_configure(&in, &cfg), MW_OK);
    return in;
}

static size_t convert_all(mw_nf_input *in, const uint8_t *raw, size_t len, size_t chunk, int16_t *out, size_t cap)
{
    size_t pos = 0, total = 0;
    while (pos < len) {
        size_t n = len - pos < chunk ? len - pos : chunk;
        size_t used = 0, produced = 0;
        /* Feed each chunk completely, a little output room at a time. */
        while (used < n) {
            size_t u = 0;
            size_t room = cap - total < 37 ? cap - total : 37;
            MW_CHECK_STATUS(mw_nf_input_convert(in, raw + pos + used, n - used, &u, out + total, room, &produced), MW_OK);
            used += u;
            total += produced;
            if (u == 0 && produced == 0)
                break;
        }
        pos += n;
    }
    return total;
}

static void test_pass_through_16(void)
{
    static uint8_t raw[N * 2];
    static int16_t out[N];
    mw_nf_input in = make(16, 1, 0, MW_NF_GAIN_UNITY, 0);
    int i, same = 1;
    for (i = 0; i < N; i++)
        put16(raw + 2 * i, (sample24(i) >> 8));
    MW_CHECK(convert_all(&in, raw, sizeof raw, sizeof raw, out, N) == N);
    for (i = 0; i < N; i++)
        same &= out[i] == (int16_t)(sample24(i) >> 8);
    MW_CHECK(same);
}

/* A 32-bit slot keeps 24 data bits at the top; unity gain gives the top 16 bits rounded. */
static void test_slot32_stereo_channel(void)
{
    static uint8_t raw[N * 8];
    static int16_t left[N], right[N];
    mw_nf_input l = make(32, 2, 0, MW_NF_GAIN_UNITY, 0);
    mw_nf_input r = make(32, 2, 1, MW_NF_GAIN_UNITY, 0);
    int i, ok_l = 1, ok_r = 1;
    for (i = 0; i < N; i++) {
        put32(raw + 8 * i, (int64_t)sample24(i) * 256);      /* left: signal */
        put32(raw + 8 * i + 4, (int64_t)(-i) * 256 * 256);    /* right: -i in 16-bit units */
    }
    MW_CHECK(convert_all(&l, raw, sizeof raw, sizeof raw, left, N) == N);
    MW_CHECK(convert_all(&r, raw, sizeof raw, sizeof raw, right, N) == N);
    for (i = 0; i < N; i++) {
        int32_t expect = (sample24(i) + 128) >> 8;
        if (expect > 32767)
            expect = 32767;
        ok_l &= left[i] == expect;
        ok_r &= right[i] == (int16_t)(-i);
    }
    MW_CHECK(ok_l);
    MW_CHECK(ok_r);
}

/* Gain 16x (Q8 4096) multiplies and saturates at int16. */
static void test_gain_saturates(void)
{
    uint8_t raw[4 * 4];
    int16_t out[4];
    size_t used = 0, produced = 0;
    mw_nf_input in = make(32, 1, 0, 16 * 256, 0);
    put32(raw, (int64_t)100 * 65536);    /* 100 in 16-bit units */
    put32(raw + 4, (int64_t)-100 * 65536);
    put32(raw + 8, (int64_t)4000 * 65536);
    put32(raw + 12, (int64_t)-4000 * 65536);
    MW_CHECK_STATUS(mw_nf_input_convert(&in, raw, sizeof raw, &used, out, 4, &produced), MW_OK);
    MW_CHECK(used == sizeof raw && produced == 4);
    MW_CHECK(out[0] == 1600 && out[1] == -1600);
    MW_CHECK(out[2] == 32767 && out[3] == -32768);
}

/* DC removal: a constant offset plus a tone comes out zero-mean once the tracker settles. */
static void test_dc_removal(void)
{
    static uint8_t raw[16000 * 2];
    static int16_t out[16000];
    mw_nf_input in = make(16, 1, 0, MW_NF_GAIN_UNITY, 1);
    int64_t sum = 0;
    int i, peak = 0;
    for (i = 0; i < 16000; i++) {
        int32_t tone = (i % 40) < 20 ? 1000 : -1000; /* 400 Hz square wave */
        put16(raw + 2 * i, 3000 + tone);
    }
    MW_CHECK(convert_all(&in, raw, sizeof raw, 640, out, 16000) == 16000);
    for (i = 8000; i < 16000; i++) {
        sum += out[i];
        if (out[i] > peak)
            peak = out[i];
    }
    MW_CHECK(sum / 8000 > -20 && sum / 8000 < 20);  /* offset of 3000 removed */
    MW_CHECK(peak > 900 && peak < 1100);            /* the tone survives */
}

/* Any chunking (1, 3, 7, 333 bytes, all at once) gives the same samples. */
static void test_chunking(void)
{
    static uint8_t raw[N * 8];
    static int16_t ref[N], got[N];
    size_t chunks[] = {1, 3, 7, 333, sizeof raw};
    size_t k;
    int i;
    mw_nf_input in = make(32, 2, 1, 3 * 256 + 17, 1);
    for (i = 0; i < N * 2; i++)
        put32(raw + 4 * i, (int64_t)sample24(i) * 256);
    MW_CHECK(convert_all(&in, raw, sizeof raw, sizeof raw, ref, N) == N);
    for (k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
        int same = 1;
        in = make(32, 2, 1, 3 * 256 + 17, 1);
        MW_CHECK(convert_all(&in, raw, sizeof raw, chunks[k], got, N) == N);
        for (i = 0; i < N; i++)
            same &= got[i] == ref[i];
        MW_CHECK(same);
    }
}

/* Levels: zeros, full-scale samples and the peak of the raw signal, cleared on take. */
static void test_levels(void)
{
    uint8_t raw[6 * 2];
    int16_t out[6];
    size_t used, produced;
    mw_nf_input_levels lv;
    mw_nf_input in = make(16, 1, 0, MW_NF_GAIN_UNITY, 0);
    put16(raw, 0);
    put16(raw + 2, 0);
    put16(raw + 4, 32767);
    put16(raw + 6, -32768);
    put16(raw + 8, 1234);
    put16(raw + 10, -20);
    MW_CHECK_STATUS(mw_nf_input_convert(&in, raw, sizeof raw, &used, out, 6, &produced), MW_OK);
    mw_nf_input_take_levels(&in, &lv);
    MW_CHECK(lv.samples == 6 && lv.zeros == 2 && lv.clipped == 2 && lv.peak == 32768);
    mw_nf_input_take_levels(&in, &lv);
    MW_CHECK(lv.samples == 0 && lv.peak == 0);
}

static void test_bad_config(void)
{
    mw_nf_input in = make(32, 2, 1, 512, 1);
    mw_nf_input_config bad;
    mw_nf_input_default_config(&bad);
    bad.bits_per_sample = 24;
    MW_CHECK_STATUS(mw_nf_input_configure(&in, &bad), MW_ERR_CONFIG);
    mw_nf_input_default_config(&bad);
    bad.channel = 1; /* mono has no channel 1 */
    MW_CHECK_STATUS(mw_nf_input_configure(&in, &bad), MW_ERR_CONFIG);
    mw_nf_input_default_config(&bad);
    bad.gain_q8 = 0;
    MW_CHECK_STATUS(mw_nf_input_configure(&in, &bad), MW_ERR_CONFIG);
    bad.gain_q8 = MW_NF_GAIN_MAX + 1;
    MW_CHECK_STATUS(mw_nf_input_configure(&in, &bad), MW_ERR_CONFIG);
    mw_nf_input_default_config(&bad);
    bad.channels = 3;
    MW_CHECK_STATUS(mw_nf_input_configure(&in, &bad), MW_ERR_CONFIG);
    MW_CHECK_STATUS(mw_nf_input_configure(NULL, &bad), MW_ERR_ARGUMENT);
    /* the refused configurations left the old one in place */
    MW_CHECK(in.cfg.bits_per_sample == 32 && in.cfg.channels == 2 && in.cfg.channel == 1 && in.cfg.gain_q8 == 512);
    {
        size_t used = 5, produced = 5;
        int16_t out[1];
        MW_CHECK_STATUS(mw_nf_input_convert(&in, NULL, 4, &used, out, 1, &produced), MW_ERR_ARGUMENT);
        MW_CHECK(used == 0 && produced == 0);
        MW_CHECK_STATUS(mw_nf_input_convert(&in, NULL, 0, &used, out, 1, &produced), MW_OK);
        MW_CHECK(used == 0 && produced == 0);
    }
}

int main(void)
{
    test_pass_through_16();
    test_slot32_stereo_channel();
    test_gain_saturates();
    test_dc_removal();
    test_chunking();
    test_levels();
    test_bad_config();
    return mw_test_summary("test_nf_input");
}
