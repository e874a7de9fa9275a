/* Ethos-U operator execution through the Ethos-U core driver (see mw_ethosu.h). */
#include <limits.h>

#include "ethosu_driver.h"
#include "mw_ethosu.h"

#define MW_ETHOSU_ALIGN 16u

static int aligned(const void *p)
{
    return ((uintptr_t)p % MW_ETHOSU_ALIGN) == 0;
}

mw_status mw_ethosu_invoke(const uint8_t *command_stream, size_t command_stream_len,
                           const mw_ethosu_tensor *tensors, int32_t count)
{
    uint64_t base[MW_ETHOSU_MAX_TENSORS];
    size_t size[MW_ETHOSU_MAX_TENSORS];
    struct ethosu_driver *drv;
    int32_t i;
    int rc;

    if (command_stream == NULL || command_stream_len == 0 || command_stream_len > INT_MAX ||
        !aligned(command_stream) || tensors == NULL || count < 1 || count > MW_ETHOSU_MAX_TENSORS) {
        return MW_ERR_ARGUMENT;
    }
    for (i = 0; i < count; i++) {
        if (tensors[i].data == NULL || !aligned(tensors[i].data)) {
            return MW_ERR_ARGUMENT;
        }
        base[i] = (uint64_t)(uintptr_t)tensors[i].data;
        size[i] = tensors[i].bytes;
    }
    drv = ethosu_reserve_driver();
    if (drv == NULL) {
        return MW_ERR_STATE;
    }
    rc = ethosu_invoke_v3(drv, command_stream, (int)command_stream_len, base, size, (int)count, NULL);
    ethosu_release_driver(drv);
    return rc == 0 ? MW_OK : MW_ERR_INTERNAL;
}
