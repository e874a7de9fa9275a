/* The Ethos-U driver interface on Arm's ethos-u-core-driver (built only with ETHOSU_DRIVER_PATH). */
#include "ethosu_driver.h"
#include "mw_ethosu.h"

mw_status mw_ethosu_driver_invoke(const uint8_t *command_stream, size_t command_stream_len,
                                  uint64_t *base_addr, const size_t *base_addr_size, int32_t count)
{
    struct ethosu_driver *drv = ethosu_reserve_driver();
    int rc;
    if (drv == NULL) {
        return MW_ERR_STATE;
    }
    /* mw_ethosu_invoke has bounded the length to INT32_MAX. */
    rc = ethosu_invoke_v3(drv, command_stream, (int)command_stream_len, base_addr, base_addr_size, (int)count, NULL);
    ethosu_release_driver(drv);
    return rc == 0 ? MW_OK : MW_ERR_INTERNAL;
}
