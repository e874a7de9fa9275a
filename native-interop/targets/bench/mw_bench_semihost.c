/* SYS_GET_CMDLINE (0x15) through the Arm (BKPT 0xAB) or RISC-V (slli/ebreak/srai)
 * semihosting trap. Only built for the QEMU targets. */
#include <stdint.h>

#include "mw_bench_semihost.h"

#define SEMIHOST_SYS_GET_CMDLINE 0x15u

static uintptr_t semihost_call(uintptr_t op, void *arg)
{
#if defined(__arm__)
    register uintptr_t r0 __asm__("r0") = op;
    register void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
#elif defined(__riscv)
    register uintptr_t a0 __asm__("a0") = op;
    register void *a1 __asm__("a1") = arg;
    /* The three uncompressed instructions must be exactly this sequence. */
    __asm__ volatile(".option push\n .option norvc\n .balign 16\n"
                     "slli x0, x0, 0x1f\n ebreak\n srai x0, x0, 7\n .option pop"
                     : "+r"(a0) : "r"(a1) : "memory");
    return a0;
#else
#error "semihosting: unsupported architecture"
#endif
}

int mw_bench_cmdline(char *buf, size_t len)
{
    uintptr_t block[2];
    if (len < 2)
        return -1;
    block[0] = (uintptr_t)buf;
    block[1] = (uintptr_t)(len - 1);
    if (semihost_call(SEMIHOST_SYS_GET_CMDLINE, block) != 0)
        return -1;
    buf[block[1] < len ? block[1] : len - 1] = '\0';
    return 0;
}
