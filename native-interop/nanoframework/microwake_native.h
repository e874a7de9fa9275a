//-----------------------------------------------------------------------------
//
//    Native declarations of the MicroWake.Device.Native assembly, in the form the
//    nanoFramework MetadataProcessor generates (safe project name "microwake_native").
//    tests/MicroWake.Boards.Tests/NativeBindingTests checks every name here against the
//    managed binding (firmware/MicroWake.Device/MicroWake.Device.Native/NativeEngine.cs).
//
//-----------------------------------------------------------------------------

#ifndef MICROWAKE_NATIVE_H
#define MICROWAKE_NATIVE_H

#include <nanoCLR_Interop.h>
#include <nanoCLR_Runtime.h>
#include <nanoPackStruct.h>

struct Library_microwake_native_MicroWake_Device_Native_NativeEngine
{
    NANOCLR_NATIVE_DECLARE(OpenBuiltIn___STATIC__I4__I4);
    NANOCLR_NATIVE_DECLARE(Open___STATIC__I4__SZARRAY_U1__I4);
    NANOCLR_NATIVE_DECLARE(ConfigureInput___STATIC__I4__I4__I4__I4__I4__BOOLEAN);
    NANOCLR_NATIVE_DECLARE(Condition___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_U1__SZARRAY_I4);
    NANOCLR_NATIVE_DECLARE(Feed___STATIC__I4__SZARRAY_U1__I4__I4__SZARRAY_I4);
    NANOCLR_NATIVE_DECLARE(GetClassCount___STATIC__I4);
    NANOCLR_NATIVE_DECLARE(GetScores___STATIC__I4__SZARRAY_R4);
    NANOCLR_NATIVE_DECLARE(GetLabel___STATIC__STRING__I4);
    NANOCLR_NATIVE_DECLARE(GetDefaults___STATIC__I4__SZARRAY_R4);
    NANOCLR_NATIVE_DECLARE(GetStats___STATIC__I4__SZARRAY_I8);
    NANOCLR_NATIVE_DECLARE(TakeInputLevels___STATIC__I4__SZARRAY_I4);
    NANOCLR_NATIVE_DECLARE(Reset___STATIC__I4);
    NANOCLR_NATIVE_DECLARE(GetLastError___STATIC__STRING);
    NANOCLR_NATIVE_DECLARE(CaptureStart___STATIC__I4__I4__I4__I4);
    NANOCLR_NATIVE_DECLARE(CaptureRead___STATIC__I4__SZARRAY_U1__I4__I4);
    NANOCLR_NATIVE_DECLARE(CaptureStop___STATIC__I4);

    //--//
};

extern const CLR_RT_NativeAssemblyData g_CLR_AssemblyNative_MicroWake_Device_Native;

#endif // MICROWAKE_NATIVE_H
