/* Ethos-U operator execution: argument checks, then the driver interface (see mw_ethosu.h). */
#include "mw_ethosu.h"

#define MW_ETHOSU_ALIGN 16u

static int aligned(const void *p)
{
    return ((uintptr_t)p % MW_ETHOSU_ALIGN) == 0;
}

mw_status mw_ethosu_invoke(const uint8_t *command_stream, size_t command_stream_len,
                           const mw_ethosu_tensor *tensors, int32_t count)
{
    uint64_t base[MW_ETHOSU_MAX_REGIONS];
    size_t size[MW_ETHOSU_MAX_REGIONS];
    int32_t i, regions;

    if (command_stream == NULL || command_stream_len == 0 || command_stream_len > INT32_MAX ||
        !aligned(command_stream) || tensors == NULL || count < 1 || count > MW_ETHOSU_MAX_TENSORS) {
        return MW_ERR_ARGUMENT;
    }
    for (i = 0; i < count; i++) {
        if (tensors[i].data == NULL || !aligned(tensors[i].data)) {
            return MW_ERR_ARGUMENT;
        }
    }
    regions = count < MW_ETHOSU_MAX_REGIONS ? count : MW_ETHOSU_MAX_REGIONS;
    for (i = 0; i < regions; i++) {
        base[i] = (uint64_t)(uintptr_t)tensors[i].data;
        size[i] = tensors[i].bytes;
    }
    return mw_ethosu_driver_invoke(command_stream, command_stream_len, base, size, regions);
}

#ifndef MW_ETHOSU_ARM_DRIVER
/* No driver configured: the application (or a test) links its own definition. */
__attribute__((weak)) mw_status mw_ethosu_driver_invoke(const uint8_t *command_stream, size_t command_stream_len,
                                                        uint64_t *base_addr, const size_t *base_addr_size,
                                                        int32_t count)
{
    (void)command_stream;
    (void)command_stream_len;
    (void)base_addr;
    (void)base_addr_size;
    (void)count;
    return MW_ERR_STATE;
}
#endif
