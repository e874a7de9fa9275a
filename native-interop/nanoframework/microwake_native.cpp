//-----------------------------------------------------------------------------
//
//    Method lookup table and assembly record of MicroWake.Device.Native, in the form the
//    nanoFramework MetadataProcessor generates. One entry per method of every type in
//    the assembly, in MDP order; the assembly holds only NativeEngine, whose methods
//    are all static externs, so the order is the declaration order.
//
//    The checksum is the MDP's NativeMethodsCrc over that class (checked by
//    tests/MicroWake.Boards.Tests/NativeBindingTests). After any change to
//    NativeEngine.cs, build MicroWake.Device.Native.nfproj with stub generation on and compare
//    with the "+ Native declaration checksum: 0x... +" line it prints; the firmware
//    refuses the assembly when they differ (CLR_E_ASSM_WRONG_CHECKSUM).
//
//-----------------------------------------------------------------------------

#include "microwake_native.h"

// clang-format off

static const CLR_RT_MethodHandler method_lookup[] =
{
    Library_microwake_native_MicroWake_Device_Native_NativeEngine::OpenBuiltIn___STATIC__I4__I4,
    Library_microwake_native_MicroWake_Device_Native_NativeEngine::Open___STATIC__I4__SZARRAY_U1__I4,
    Library_microwake_native_MicroWake_Device_Native_NativeEngine::ConfigureInput___STATIC__I4__I4__I4__I4__I4__BOOLEAN,
    Library_microwake_native_MicroWake_Device_Native_NativeEngine::Condition___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__SZARRAY_I4,
    Library_microwake_native_MicroWake_Device_Native_NativeEngine::Feed___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_I4,
    Library_microwake_native_MicroWake_Device_Native_NativeEngine::GetClassCount___STATIC__I4,
    Library_microwake_native_MicroWake_Device_Native_NativeEngine::GetScores___STATIC__I4__SZARRAY_R4,
    Library_microwake_native_MicroWake_Device_Native_NativeEngine::GetLabel___STATIC__STRING__I4,
    Library_microwake_native_MicroWake_Device_Native_NativeEngine::GetDefaults___STATIC__I4__SZARRAY_R4,
    Library_microwake_native_MicroWake_Device_Native_NativeEngine::GetStats___STATIC__I4__SZARRAY_I8,
    Library_microwake_native_MicroWake_Device_Native_NativeEngine::TakeInputLevels___STATIC__I4__SZARRAY_I4,
    Library_microwake_native_MicroWake_Device_Native_NativeEngine::Reset___STATIC__I4,
    Library_microwake_native_MicroWake_Device_Native_NativeEngine::GetLastError___STATIC__STRING,
    Library_microwake_native_MicroWake_Device_Native_NativeEngine::CaptureStart___STATIC__I4__I4__I4__I4,
    Library_microwake_native_MicroWake_Device_Native_NativeEngine::CaptureRead___STATIC__I4__SZARRAY_U1__I4__I4,
    Library_microwake_native_MicroWake_Device_Native_NativeEngine::CaptureStop___STATIC__I4,
};

const CLR_RT_NativeAssemblyData g_CLR_AssemblyNative_MicroWake_Device_Native =
{
    "MicroWake.Device.Native",
    0x97D77AD7,
    method_lookup,
    { 1, 0, 0, 0 }
};

// clang-format on
