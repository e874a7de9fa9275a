/*
 * Bare-metal start-up for the Cortex-M QEMU test and benchmark targets
 * (mps2-an386 Cortex-M4F, mps2-an500 Cortex-M7, mps3-an547 Cortex-M55).
 *
 * Newlib's rdimon crt0 cannot be used on M-profile QEMU (it takes the stack from
 * SYS_HEAPINFO, outside RAM, and leaves the FPU off), so this file owns reset:
 * enable FPU/MVE, copy .data, zero .bss, open the semihosting handles, run main()
 * and hand its return value to exit(). Faults print their stacked PC and leave
 * QEMU with exit code 127, so a crashing test fails CTest instead of hanging.
 */
#include <stdint.h>
#include <stdlib.h>

extern int main(int argc, char **argv);
extern void initialise_monitor_handles(void);

/* Linker-script symbols (cortex-m.ld). */
extern uint32_t __data_load__, __data_start__, __data_end__;
extern uint32_t __bss_start__, __bss_end__;
extern uint32_t __stack_top__;

#define SEMIHOST_SYS_WRITE0 0x04u
#define SEMIHOST_SYS_EXIT_EXTENDED 0x20u
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u
#define MW_FAULT_EXIT_CODE 127u

static uint32_t semihost_call(uint32_t op, const void *arg)
{
    register uint32_t r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

/* Plain SYS_EXIT only reports 0 or 1 on AArch32; the extended call carries the code. */
static void __attribute__((noreturn)) semihost_exit(uint32_t code)
{
    const uint32_t block[2] = {ADP_STOPPED_APPLICATION_EXIT, code};
    for (;;)
        semihost_call(SEMIHOST_SYS_EXIT_EXTENDED, block);
}

static void semihost_puts(const char *s)
{
    semihost_call(SEMIHOST_SYS_WRITE0, s);
}

/* Called from the naked fault entry with the stacked exception frame. */
void __attribute__((noreturn, used)) mw_fault_report(const uint32_t *frame, uint32_t ipsr)
{
    static const char hex[] = "0123456789abcdef";
    char msg[] = "fault: exception 00, pc=0x00000000\n";
    uint32_t pc = frame[6];
    msg[17] = hex[(ipsr >> 4) & 0xfu];
    msg[18] = hex[ipsr & 0xfu];
    for (int i = 0; i < 8; i++)
        msg[26 + i] = hex[(pc >> (28 - 4 * i)) & 0xfu];
    semihost_puts(msg);
    semihost_exit(MW_FAULT_EXIT_CODE);
}

/* Picks the stack the fault was taken on (MSP or PSP) and reports it. */
void __attribute__((naked, noreturn)) mw_fault_handler(void)
{
    __asm__ volatile(
        "tst lr, #4\n"
        "ite eq\n"
        "mrseq r0, msp\n"
        "mrsne r0, psp\n"
        "mrs r1, ipsr\n"
        "b mw_fault_report\n");
}

void __attribute__((noreturn)) mw_reset_handler(void)
{
    /* CPACR: full access to CP10/CP11 (FPU, and MVE on Cortex-M55). */
    volatile uint32_t *cpacr = (volatile uint32_t *)0xE000ED88u;
    *cpacr |= 0xFu << 20;
    __asm__ volatile("dsb\n isb" ::: "memory");

    const uint32_t *src = &__data_load__;
    for (uint32_t *dst = &__data_start__; dst < &__data_end__;)
        *dst++ = *src++;
    for (uint32_t *dst = &__bss_start__; dst < &__bss_end__;)
        *dst++ = 0;

    initialise_monitor_handles();
    exit(main(0, 0));
}

typedef void (*mw_vector)(void);

/* Reset plus the system exceptions; no peripheral interrupts are enabled. */
__attribute__((section(".vectors"), used)) const mw_vector mw_vector_table[16] = {
    (mw_vector)(uintptr_t)&__stack_top__,
    mw_reset_handler,
    mw_fault_handler, /* NMI */
    mw_fault_handler, /* HardFault */
    mw_fault_handler, /* MemManage */
    mw_fault_handler, /* BusFault */
    mw_fault_handler, /* UsageFault */
    mw_fault_handler, /* SecureFault (v8-M) */
    0, 0, 0,
    mw_fault_handler, /* SVCall */
    mw_fault_handler, /* DebugMonitor */
    0,
    mw_fault_handler, /* PendSV */
    mw_fault_handler, /* SysTick */
};
