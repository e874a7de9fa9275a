/*
 * Arm Ethos-U: runs one Vela "ethos-u" custom operator on the NPU.
 *
 * Vela replaces the NPU-supported part of a model by a CUSTOM operator with
 * custom_code "ethos-u" and custom options a FlexBuffer holding the integer 1.
 * Its inputs are, in this order: the command stream (a constant uint8 buffer,
 * Vela's driver payload), the flash tensor (constant uint8: weights, biases),
 * the scratch and fast-scratch tensors (uint8, no data: arena memory the NPU
 * uses), then the input feature maps; its outputs are the output feature maps.
 *
 * The interpreter (built with MW_KERNEL_BACKEND=ethos-u, which defines
 * MW_WITH_ETHOSU) validates that operator at load, plans the scratch tensors in
 * the arena like activations (at the offsets of Vela's OfflineMemoryAllocation
 * metadata, with the feature maps inside the scratch region where the command
 * stream expects them), and per invoke calls mw_ethosu_invoke() with:
 *   - command_stream: the data of the operator's input 0;
 *   - tensors: the operator's inputs 1..n-1 in order, then its outputs in order:
 *     address and byte size of each tensor's data.
 * The NPU addresses them as base-pointer regions in exactly this order (region 0
 * flash, 1 scratch, 2 fast scratch, ...), so nothing may be reordered, skipped or
 * copied. Every address must be 16-byte aligned: the model buffer (constants) and
 * the arena (scratch tensors, activations) are placed accordingly.
 */
#ifndef MW_ETHOSU_H
#define MW_ETHOSU_H

#include "mw_kernels.h"

/* Tensors one operator may hand over (inputs 1.. plus outputs). */
#define MW_ETHOSU_MAX_TENSORS 16
/* Base-pointer regions the NPU has; Vela puts every region the command stream
 * uses among the first 8 tensors, so only those are passed (as TFLM does). */
#define MW_ETHOSU_MAX_REGIONS 8

/* The Vela custom operator's code, as stored in the model's operator_codes. */
#define MW_ETHOSU_CUSTOM_CODE "ethos-u"
/* Operator input slots Vela fills (the input feature maps follow). */
enum { MW_ETHOSU_IN_CMS = 0, MW_ETHOSU_IN_FLASH = 1, MW_ETHOSU_IN_SCRATCH = 2, MW_ETHOSU_IN_SCRATCH_FAST = 3,
       MW_ETHOSU_IN_FIRST_IFM = 4 };

typedef struct mw_ethosu_tensor {
    void *data;
    size_t bytes;
} mw_ethosu_tensor;

/* Checks the arguments and runs the command stream through mw_ethosu_driver_invoke.
 * MW_ERR_ARGUMENT for a NULL or misaligned buffer or too many tensors, otherwise
 * what the driver returns. */
mw_status mw_ethosu_invoke(const uint8_t *command_stream, size_t command_stream_len,
                           const mw_ethosu_tensor *tensors, int32_t count);

/*
 * The driver interface: runs one command stream on the NPU with `count` base
 * addresses (at most MW_ETHOSU_MAX_REGIONS, each 16-byte aligned, sizes in bytes).
 * MW_OK on success, MW_ERR_STATE when no NPU is available, MW_ERR_INTERNAL when the
 * NPU reports a failure. Resolved at link time:
 *   - with -DETHOSU_DRIVER_PATH=<ethos-u-core-driver>, mw_ethosu_driver_arm.c
 *     implements it with Arm's driver (ethosu_reserve_driver, ethosu_invoke_v3,
 *     ethosu_release_driver; the application calls ethosu_init() first);
 *   - otherwise mw_ethosu.c has a weak default that returns MW_ERR_STATE, and the
 *     application links its own definition (the host tests link a fake driver that
 *     checks the arguments and writes a deterministic result).
 */
mw_status mw_ethosu_driver_invoke(const uint8_t *command_stream, size_t command_stream_len,
                                  uint64_t *base_addr, const size_t *base_addr_size, int32_t count);

#endif /* MW_ETHOSU_H */
