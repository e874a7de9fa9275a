using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("MicroWake.Device")]
[assembly: AssemblyDescription("MicroWake keyword spotting on nanoFramework: microphone, engine, LEDs and outputs")]
[assembly: AssemblyProduct("MicroWake")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("1.0.0.0")]
