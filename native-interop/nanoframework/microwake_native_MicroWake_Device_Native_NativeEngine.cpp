//
// nanoCLR handlers for MicroWake.Device.Native.NativeEngine (firmware/MicroWake.Device/MicroWake.Device.Native).
// Each handler takes its arguments off the managed stack, checks every array, offset
// and count, and calls the plain C glue (mw_nf_glue.h), which does the real work and is
// tested on the host. Engine failures come back as mw_status codes (the managed side
// throws EngineException with GetLastError()); broken arguments throw right here.
//
// Static methods: Arg0 is the first parameter.
//

#include "microwake_native.h"

#include <nanoHAL.h>
#include <string.h>

#include "mw_nf_builtin.h"
#include "mw_nf_capture.h"
#include "mw_nf_config.h"
#include "mw_nf_glue.h"

typedef Library_microwake_native_MicroWake_Device_Native_NativeEngine Handlers;

alignas(16) static uint8_t s_arena[MW_NF_ARENA_BYTES];
#if MW_NF_MODEL_RAM_BYTES > 0
alignas(16) static uint8_t s_model_ram[MW_NF_MODEL_RAM_BYTES];
#define MW_NF_MODEL_RAM s_model_ram
#else
#define MW_NF_MODEL_RAM NULL
#endif
static mw_nf_glue s_glue;
static bool s_glue_ready;

#if defined(PLATFORM_ESP32)
// A soft reboot restarts the managed app: start again from a closed engine. (Only the ESP32
// HAL implements HAL_AddSoftRebootHandler; elsewhere the app's next OpenBuiltIn/Open and
// CaptureStart replace whatever the previous run left.)
static void MicroWake_SoftReboot()
{
    (void)mw_nf_capture_stop();
    s_glue_ready = false;
}
#endif

static mw_nf_glue *Glue()
{
    if (!s_glue_ready)
    {
#if defined(PLATFORM_ESP32)
        HAL_AddSoftRebootHandler(MicroWake_SoftReboot); // ignores a handler it already has
#endif
        (void)mw_nf_glue_init(&s_glue, s_arena, sizeof(s_arena), MW_NF_MODEL_RAM, MW_NF_MODEL_RAM_BYTES);
        s_glue_ready = true;
    }
    return &s_glue;
}

// The array argument, non-null and of the expected element type.
static HRESULT ArrayArg(CLR_RT_HeapBlock &arg, CLR_UINT8 elementType, CLR_RT_HeapBlock_Array *&array)
{
    NANOCLR_HEADER();
    array = arg.DereferenceArray();
    FAULT_ON_NULL_ARG(array);
    if (array->m_typeOfElement != elementType)
    {
        NANOCLR_SET_AND_LEAVE(CLR_E_WRONG_TYPE);
    }
    NANOCLR_NOCLEANUP();
}

// [offset, offset + count) must lie inside the array; written so nothing can overflow.
static HRESULT CheckRange(const CLR_RT_HeapBlock_Array *array, CLR_INT32 offset, CLR_INT32 count)
{
    NANOCLR_HEADER();
    if (offset < 0 || count < 0 || (CLR_UINT32)offset > array->m_numOfElements ||
        (CLR_UINT32)count > array->m_numOfElements - (CLR_UINT32)offset)
    {
        NANOCLR_SET_AND_LEAVE(CLR_E_INDEX_OUT_OF_RANGE);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Handlers::OpenBuiltIn___STATIC__I4__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    {
        CLR_INT32 maxOps = stack.Arg0().NumericByRef().s4;
        size_t len = 0;
        const uint8_t *model = mw_nf_builtin_model(&len);
        mw_status st = model ? mw_nf_glue_open(Glue(), model, len, 0, NULL, maxOps)
                             : mw_nf_glue_fail(Glue(), MW_ERR_NOT_FOUND, "no model compiled into this firmware");
        stack.SetResult_I4((CLR_INT32)st);
    }
    NANOCLR_NOCLEANUP_NOLABEL();
}

HRESULT Handlers::Open___STATIC__I4__SZARRAY_U1__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    {
        CLR_RT_HeapBlock_Array *model;
        NANOCLR_CHECK_HRESULT(ArrayArg(stack.Arg0(), DATATYPE_U1, model));
        CLR_INT32 maxOps = stack.Arg1().NumericByRef().s4;
        // No managed code runs during this call, so the array cannot move while the glue
        // validates it; the glue copies it before keeping it.
        mw_status st = mw_nf_glue_open(Glue(), model->GetFirstElement(), model->m_numOfElements, 1, NULL, maxOps);
        stack.SetResult_I4((CLR_INT32)st);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Handlers::ConfigureInput___STATIC__I4__I4__I4__I4__I4__BOOLEAN(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    {
        mw_nf_input_config cfg;
        cfg.bits_per_sample = stack.Arg0().NumericByRef().s4;
        cfg.channels = stack.Arg1().NumericByRef().s4;
        cfg.channel = stack.Arg2().NumericByRef().s4;
        cfg.gain_q8 = stack.Arg3().NumericByRef().s4;
        cfg.remove_dc = stack.Arg4().NumericByRef().u1 != 0 ? 1 : 0;
        stack.SetResult_I4((CLR_INT32)mw_nf_glue_configure_input(Glue(), &cfg));
    }
    NANOCLR_NOCLEANUP_NOLABEL();
}

HRESULT Handlers::Condition___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    {
        CLR_RT_HeapBlock_Array *raw;
        CLR_RT_HeapBlock_Array *pcm;
        CLR_RT_HeapBlock_Array *progress;
        NANOCLR_CHECK_HRESULT(ArrayArg(stack.Arg0(), DATATYPE_U1, raw));
        CLR_INT32 offset = stack.Arg1().NumericByRef().s4;
        CLR_INT32 count = stack.Arg2().NumericByRef().s4;
        NANOCLR_CHECK_HRESULT(CheckRange(raw, offset, count));
        NANOCLR_CHECK_HRESULT(ArrayArg(stack.Arg3(), DATATYPE_U1, pcm));
        NANOCLR_CHECK_HRESULT(ArrayArg(stack.Arg4(), DATATYPE_I4, progress));
        NANOCLR_CHECK_HRESULT(CheckRange(progress, 0, 2));

        size_t used = 0;
        size_t written = 0;
        mw_status st = mw_nf_glue_condition(Glue(), raw->GetElement((CLR_UINT32)offset), (size_t)count, &used,
                                            pcm->GetFirstElement(), pcm->m_numOfElements, &written);
        CLR_INT32 *out = (CLR_INT32 *)progress->GetFirstElement();
        out[0] = (CLR_INT32)used;
        out[1] = (CLR_INT32)written;
        stack.SetResult_I4((CLR_INT32)st);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Handlers::Feed___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    {
        CLR_RT_HeapBlock_Array *data;
        CLR_RT_HeapBlock_Array *progress;
        NANOCLR_CHECK_HRESULT(ArrayArg(stack.Arg0(), DATATYPE_U1, data));
        CLR_INT32 offset = stack.Arg1().NumericByRef().s4;
        CLR_INT32 count = stack.Arg2().NumericByRef().s4;
        NANOCLR_CHECK_HRESULT(CheckRange(data, offset, count));
        NANOCLR_CHECK_HRESULT(ArrayArg(stack.Arg3(), DATATYPE_I4, progress));
        NANOCLR_CHECK_HRESULT(CheckRange(progress, 0, 2));

        size_t consumed = 0;
        int32_t ready = 0;
        mw_status st = mw_nf_glue_feed(Glue(), data->GetElement((CLR_UINT32)offset), (size_t)count, &consumed, &ready);
        CLR_INT32 *out = (CLR_INT32 *)progress->GetFirstElement();
        out[0] = (CLR_INT32)consumed;
        out[1] = ready;
        stack.SetResult_I4((CLR_INT32)st);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Handlers::GetClassCount___STATIC__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    {
        int32_t count = 0;
        mw_status st = mw_nf_glue_class_count(Glue(), &count);
        stack.SetResult_I4(st == MW_OK ? count : -(CLR_INT32)st);
    }
    NANOCLR_NOCLEANUP_NOLABEL();
}

HRESULT Handlers::GetScores___STATIC__I4__SZARRAY_R4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    {
        CLR_RT_HeapBlock_Array *scores;
        NANOCLR_CHECK_HRESULT(ArrayArg(stack.Arg0(), DATATYPE_R4, scores));
        mw_status st = mw_nf_glue_scores(Glue(), (float *)scores->GetFirstElement(), scores->m_numOfElements);
        stack.SetResult_I4((CLR_INT32)st);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Handlers::GetLabel___STATIC__STRING__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    {
        char label[MW_MAX_LABEL_LEN];
        int32_t count = 0;
        CLR_INT32 index = stack.Arg0().NumericByRef().s4;
        if (mw_nf_glue_class_count(Glue(), &count) != MW_OK)
        {
            NANOCLR_SET_AND_LEAVE(CLR_E_INVALID_OPERATION);
        }
        if (index < 0 || index >= count)
        {
            NANOCLR_SET_AND_LEAVE(CLR_E_INDEX_OUT_OF_RANGE);
        }
        if (mw_nf_glue_label(Glue(), index, label, sizeof(label)) != MW_OK)
        {
            NANOCLR_SET_AND_LEAVE(CLR_E_INVALID_OPERATION);
        }
        NANOCLR_SET_AND_LEAVE(stack.SetResult_String(label));
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Handlers::GetDefaults___STATIC__I4__SZARRAY_R4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    {
        CLR_RT_HeapBlock_Array *values;
        NANOCLR_CHECK_HRESULT(ArrayArg(stack.Arg0(), DATATYPE_R4, values));
        mw_status st = mw_nf_glue_defaults(Glue(), (float *)values->GetFirstElement(), values->m_numOfElements);
        stack.SetResult_I4((CLR_INT32)st);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Handlers::GetStats___STATIC__I4__SZARRAY_I8(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    {
        CLR_RT_HeapBlock_Array *values;
        NANOCLR_CHECK_HRESULT(ArrayArg(stack.Arg0(), DATATYPE_I8, values));
        // Array elements start 4-byte aligned only: fill a local copy, then copy bytes.
        int64_t stats[MW_NF_STAT_COUNT];
        mw_status st = values->m_numOfElements < MW_NF_STAT_COUNT ? MW_ERR_BUFFER_TOO_SMALL
                                                                 : mw_nf_glue_stats(Glue(), stats, MW_NF_STAT_COUNT);
        if (st == MW_OK)
        {
            stats[MW_NF_STAT_CAPTURE_OVERRUNS] = mw_nf_capture_overruns();
            memcpy(values->GetFirstElement(), stats, sizeof(stats));
        }
        stack.SetResult_I4((CLR_INT32)st);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Handlers::TakeInputLevels___STATIC__I4__SZARRAY_I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    {
        CLR_RT_HeapBlock_Array *values;
        NANOCLR_CHECK_HRESULT(ArrayArg(stack.Arg0(), DATATYPE_I4, values));
        mw_status st = mw_nf_glue_take_levels(Glue(), (int32_t *)values->GetFirstElement(), values->m_numOfElements);
        stack.SetResult_I4((CLR_INT32)st);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Handlers::Reset___STATIC__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    stack.SetResult_I4((CLR_INT32)mw_nf_glue_reset(Glue()));
    NANOCLR_NOCLEANUP_NOLABEL();
}

HRESULT Handlers::GetLastError___STATIC__STRING(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    NANOCLR_SET_AND_LEAVE(stack.SetResult_String(mw_nf_glue_last_error(Glue())));
    NANOCLR_NOCLEANUP();
}

HRESULT Handlers::CaptureStart___STATIC__I4__I4__I4__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    {
        CLR_INT32 sampleRate = stack.Arg0().NumericByRef().s4;
        CLR_INT32 bits = stack.Arg1().NumericByRef().s4;
        CLR_INT32 channel = stack.Arg2().NumericByRef().s4;
        mw_status st = mw_nf_capture_start(sampleRate, bits, channel);
        if (st == MW_ERR_STATE)
        {
            (void)mw_nf_glue_fail(Glue(), st, "this firmware has no native capture (MW_NF_CAPTURE=none)");
        }
        else if (st != MW_OK)
        {
            (void)mw_nf_glue_fail(Glue(), st, "capture: rate 8000..48000 Hz, bits 16|32, channel 0|1, I2S divider in range");
        }
        stack.SetResult_I4((CLR_INT32)st);
    }
    NANOCLR_NOCLEANUP_NOLABEL();
}

HRESULT Handlers::CaptureRead___STATIC__I4__SZARRAY_U1__I4__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    {
        CLR_RT_HeapBlock_Array *buffer;
        NANOCLR_CHECK_HRESULT(ArrayArg(stack.Arg0(), DATATYPE_U1, buffer));
        CLR_INT32 offset = stack.Arg1().NumericByRef().s4;
        CLR_INT32 count = stack.Arg2().NumericByRef().s4;
        NANOCLR_CHECK_HRESULT(CheckRange(buffer, offset, count));
        size_t read = 0;
        mw_status st = mw_nf_capture_read(buffer->GetElement((CLR_UINT32)offset), (size_t)count, &read);
        stack.SetResult_I4(st == MW_OK ? (CLR_INT32)read : -(CLR_INT32)st);
    }
    NANOCLR_NOCLEANUP();
}

HRESULT Handlers::CaptureStop___STATIC__I4(CLR_RT_StackFrame &stack)
{
    NANOCLR_HEADER();
    stack.SetResult_I4((CLR_INT32)mw_nf_capture_stop());
    NANOCLR_NOCLEANUP_NOLABEL();
}
