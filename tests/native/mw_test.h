/* Minimal test harness shared by the native tests (host and QEMU). */
#ifndef MW_TEST_H
#define MW_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__)
#define MW_TEST_UNUSED __attribute__((unused))
#else
#define MW_TEST_UNUSED
#endif

static int mw_test_failures;
static int mw_test_checks;

#define MW_CHECK(cond)                                                              \
    do {                                                                            \
        mw_test_checks++;                                                           \
        if (!(cond)) {                                                              \
            mw_test_failures++;                                                     \
            printf("%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);         \
        }                                                                           \
    } while (0)

#define MW_CHECK_STATUS(expr, expected)                                             \
    do {                                                                            \
        int mw_s_ = (int)(expr);                                                    \
        mw_test_checks++;                                                           \
        if (mw_s_ != (int)(expected)) {                                             \
            mw_test_failures++;                                                     \
            printf("%s:%d: %s returned %d, expected %d\n", __FILE__, __LINE__,      \
                   #expr, mw_s_, (int)(expected));                                  \
        }                                                                           \
    } while (0)

/* Reads a whole file into buf (at most cap bytes); returns bytes read or -1. */
MW_TEST_UNUSED static long mw_test_read_file(const char *path, void *buf, long cap)
{
    FILE *f = fopen(path, "rb");
    long n;
    if (!f) {
        printf("cannot open %s\n", path);
        return -1;
    }
    n = (long)fread(buf, 1, (size_t)cap, f);
    fclose(f);
    return n;
}

/* Prints the summary line CTest logs show and returns the process exit code. */
MW_TEST_UNUSED static int mw_test_summary(const char *name)
{
    printf("%s: %d checks, %d failed\n", name, mw_test_checks, mw_test_failures);
    return mw_test_failures == 0 ? 0 : 1;
}

#endif
