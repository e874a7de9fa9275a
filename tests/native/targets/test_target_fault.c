/* Must FAIL (WILL_FAIL): executing an invalid instruction ends the run through the
 * target's fault handler with a non-zero exit code instead of hanging QEMU. */
#include <stdio.h>

int main(void)
{
    printf("executing an undefined instruction\n");
#if defined(__arm__)
    __asm__ volatile(".inst.n 0xde00"); /* UDF #0 */
#elif defined(__riscv)
    __asm__ volatile(".word 0"); /* all-zero word: illegal instruction */
#endif
    printf("not reached\n");
    return 0;
}
