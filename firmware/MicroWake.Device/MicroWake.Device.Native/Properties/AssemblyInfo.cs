using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("MicroWake.Device.Native")]
[assembly: AssemblyDescription("InternalCall binding of MicroWake's native keyword engine (nanoCLR interop)")]
[assembly: AssemblyProduct("MicroWake")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("1.0.0.0")]

// The MetadataProcessor needs this to generate the interop stubs; the firmware's
// g_CLR_AssemblyNative_MicroWake_Device_Native carries the same version. Bump it with every
// change to NativeEngine's methods.
[assembly: AssemblyNativeVersion("1.0.0.0")]
