/* The port works: printf, a data file read through stdio (semihosting on the
 * targets), float math and 64-bit integer arithmetic give the expected values. */
#include <math.h>
#include <stdint.h>

#include "mw_test.h"

int main(void)
{
    static unsigned char buf[4096];
    /* SHA256SUMS of the micro frontend clips: a small text file with known content. */
    long n = mw_test_read_file(MW_TEST_DATA "/tflm/microfrontend/wav/SHA256SUMS", buf, (long)sizeof buf);
    MW_CHECK(n > 64);
    MW_CHECK(n > 0 && memchr(buf, '\n', (size_t)n) != NULL);
    MW_CHECK(n > 0 && strstr((const char *)buf, "yes_1000ms.wav") != NULL);

    /* A missing file is reported, not a crash. */
    MW_CHECK(fopen(MW_TEST_DATA "/no/such/file.bin", "rb") == NULL);

    volatile float x = 2.25f;
    MW_CHECK(fabsf(sqrtf(x) - 1.5f) < 1e-6f);
    MW_CHECK(fabsf(logf(x) - 0.8109302f) < 1e-5f);
    volatile double d = 10.0;
    MW_CHECK(fabs(log10(d) - 1.0) < 1e-12);

    volatile int64_t a = INT64_C(0x123456789);
    MW_CHECK(a * 3 == INT64_C(0x369d0369b));
    MW_CHECK((a >> 4) == INT64_C(0x12345678));

    printf("float via printf: %.3f\n", (double)x);
    return mw_test_summary("target_runtime");
}
