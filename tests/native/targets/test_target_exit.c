/* Must FAIL (WILL_FAIL): a failing check gives a non-zero exit code that reaches CTest
 * through the QEMU runner. */
#include "mw_test.h"

int main(void)
{
    volatile int one = 1;
    MW_CHECK(one == 2);
    return mw_test_summary("target_exit_nonzero");
}
