/*
 * QEMU TCG plugin (plugin API version 1, QEMU 7.2 as in Debian 12) that counts
 * executed guest instructions exactly and logs the running count whenever the guest
 * executes one of the given marker addresses. Debian's QEMU ships no plugins but
 * exports the API, so the few entry points used are declared here and the plugin
 * builds with the host compiler alone:
 *   cc -O2 -fPIC -shared -fvisibility=hidden -o libmw_icount.so mw_icount.c
 * Use:
 *   qemu-system-arm ... -plugin libmw_icount.so,out=FILE,marker=0xADDR,marker=0xADDR...
 * Output lines: "mark 0x<pc> <total>" at each marker hit, "total <n>" at exit.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef uint64_t qemu_plugin_id_t;
typedef struct {
    const char *target_name;
    struct { int min, cur; } version;
    bool system_emulation;
    union { struct { int smp_vcpus, max_vcpus; } system; };
} qemu_info_t;
struct qemu_plugin_tb;
struct qemu_plugin_insn;
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_CB_R_REGS, QEMU_PLUGIN_CB_RW_REGS };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*tb_trans_cb)(qemu_plugin_id_t, struct qemu_plugin_tb *);
typedef void (*vcpu_udata_cb)(unsigned int vcpu_index, void *udata);
typedef void (*udata_cb)(qemu_plugin_id_t, void *udata);
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t, tb_trans_cb);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *);
struct qemu_plugin_insn *qemu_plugin_tb_get_insn(const struct qemu_plugin_tb *, size_t);
uint64_t qemu_plugin_insn_vaddr(const struct qemu_plugin_insn *);
void qemu_plugin_register_vcpu_insn_exec_inline(struct qemu_plugin_insn *, enum qemu_plugin_op, void *, uint64_t);
void qemu_plugin_register_vcpu_insn_exec_cb(struct qemu_plugin_insn *, vcpu_udata_cb, enum qemu_plugin_cb_flags,
                                            void *);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t, udata_cb, void *);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

#define MAX_MARKERS 64

/* One vCPU: plain counters suffice. */
static uint64_t count;
static uint64_t markers[MAX_MARKERS];
static int marker_count;
static FILE *out;

static void on_marker(unsigned int vcpu, void *udata)
{
    /* The inline add of this instruction was registered first, so it is counted. */
    fprintf(out, "mark 0x%" PRIx64 " %" PRIu64 "\n", (uint64_t)(uintptr_t)udata, count);
    (void)vcpu;
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    size_t n = qemu_plugin_tb_n_insns(tb);
    for (size_t i = 0; i < n; i++) {
        struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
        uint64_t pc = qemu_plugin_insn_vaddr(insn);
        qemu_plugin_register_vcpu_insn_exec_inline(insn, QEMU_PLUGIN_INLINE_ADD_U64, &count, 1);
        for (int m = 0; m < marker_count; m++)
            if (markers[m] == pc)
                qemu_plugin_register_vcpu_insn_exec_cb(insn, on_marker, QEMU_PLUGIN_CB_NO_REGS,
                                                       (void *)(uintptr_t)pc);
    }
    (void)id;
}

static void on_guest_exit(qemu_plugin_id_t id, void *udata)
{
    fprintf(out, "total %" PRIu64 "\n", count);
    fflush(out);
    (void)id;
    (void)udata;
}

__attribute__((visibility("default"))) int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
                                                               int argc, char **argv)
{
    out = stderr;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strncmp(a, "marker=", 7)) {
            if (marker_count == MAX_MARKERS) {
                fprintf(stderr, "mw_icount: more than %d markers\n", MAX_MARKERS);
                return -1;
            }
            markers[marker_count++] = strtoull(a + 7, NULL, 0);
        } else if (!strncmp(a, "out=", 4)) {
            out = fopen(a + 4, "w");
            if (!out) {
                perror(a + 4);
                return -1;
            }
        } else {
            fprintf(stderr, "mw_icount: unknown option %s\n", a);
            return -1;
        }
    }
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_atexit_cb(id, on_guest_exit, NULL);
    (void)info;
    return 0;
}
