/* Command line of a bare-metal benchmark run: QEMU passes it through semihosting
 * (-semihosting-config ...,arg=A,arg=B); the host build passes argv. */
#ifndef MW_BENCH_SEMIHOST_H
#define MW_BENCH_SEMIHOST_H

#include <stddef.h>

/* Copies the space-separated command line into buf (NUL-terminated).
 * Returns 0 on success, -1 when there is none or it does not fit. */
int mw_bench_cmdline(char *buf, size_t len);

#endif
