/* Host tests of the capture ring: wrap-around, overrun accounting, bad capacities. */
#include "mw_nf_ring.h"
#include "mw_test.h"

static void test_wrap_and_order(void)
{
    uint8_t storage[16];
    uint8_t in[7], out[16];
    mw_nf_ring r;
    int round, i, ok = 1;
    uint8_t next_in = 0, next_out = 0;
    MW_CHECK_STATUS(mw_nf_ring_init(&r, storage, sizeof storage), MW_OK);
    for (round = 0; round < 100; round++) {
        uint32_t n, got;
        for (i = 0; i < 7; i++)
            in[i] = next_in++;
        n = mw_nf_ring_write(&r, in, 7);
        ok &= n == 7;
        got = mw_nf_ring_read(&r, out, (uint32_t)(round % 2 ? 7 : 5));
        for (i = 0; i < (int)got; i++)
            ok &= out[i] == next_out++;
        got = mw_nf_ring_read(&r, out, (uint32_t)(round % 2 ? 0 : 2));
        for (i = 0; i < (int)got; i++)
            ok &= out[i] == next_out++;
    }
    MW_CHECK(ok);
    MW_CHECK(r.overruns == 0);
}

static void test_overrun(void)
{
    uint8_t storage[8];
    uint8_t in[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    uint8_t out[12];
    mw_nf_ring r;
    MW_CHECK_STATUS(mw_nf_ring_init(&r, storage, sizeof storage), MW_OK);
    MW_CHECK(mw_nf_ring_write(&r, in, 12) == 8);
    MW_CHECK(r.overruns == 4);
    MW_CHECK(r.head - r.tail == 8);
    MW_CHECK(mw_nf_ring_write(&r, in, 1) == 0);
    MW_CHECK(r.overruns == 5);
    MW_CHECK(mw_nf_ring_read(&r, out, 12) == 8);
    MW_CHECK(out[0] == 1 && out[7] == 8);
    MW_CHECK(mw_nf_ring_read(&r, out, 12) == 0);
}

static void test_bad_init(void)
{
    uint8_t storage[12];
    mw_nf_ring r;
    MW_CHECK_STATUS(mw_nf_ring_init(&r, storage, 12), MW_ERR_ARGUMENT);
    MW_CHECK_STATUS(mw_nf_ring_init(&r, storage, 1), MW_ERR_ARGUMENT);
    MW_CHECK_STATUS(mw_nf_ring_init(&r, NULL, 8), MW_ERR_ARGUMENT);
    MW_CHECK_STATUS(mw_nf_ring_init(NULL, storage, 8), MW_ERR_ARGUMENT);
}

int main(void)
{
    test_wrap_and_order();
    test_overrun();
    test_bad_init();
    return mw_test_summary("test_nf_ring");
}
