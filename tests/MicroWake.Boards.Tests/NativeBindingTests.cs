using System.Globalization;
using System.Reflection.Metadata;
using System.Text;
using System.Text.RegularExpressions;
using Xunit;

namespace MicroWake.Boards.Tests;

/// <summary>
/// The InternalCall binding (firmware/MicroWake.Device/MicroWake.Device.Native) against the C++ glue
/// (native-interop/nanoframework): the binding is compiled against nanoFramework's mscorlib, and the
/// MetadataProcessor's naming, table order and checksum are derived from the compiled metadata.
/// </summary>
public class NativeBindingTests
{
    private const string Assembly = "MicroWake.Device.Native";
    private const string SafeProject = "microwake_native";
    private const string GlueDir = "native-interop/nanoframework";

    private static readonly Lazy<(byte[] Image, List<MdpNaming.NativeMethod> Methods)> Binding = new(() =>
    {
        string dir = Repo.File("firmware/MicroWake.Device/MicroWake.Device.Native");
        var files = Directory.GetFiles(dir, "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/") && !f.Contains("/bin/"));
        NanoCompiler.Result result = NanoCompiler.Compile(Assembly, files);
        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors));
        return (result.Image, NanoCompiler.Read(result.Image, MdpNaming.Methods));
    });

    private static string Glue(string file) => File.ReadAllText(Repo.File(GlueDir + "/" + file));

    private static List<string> LookupTable()
    {
        string cpp = Glue("microwake_native.cpp");
        Match table = Regex.Match(cpp, @"method_lookup\[\]\s*=\s*\{(?<body>.*?)\};", RegexOptions.Singleline);
        Assert.True(table.Success, "microwake_native.cpp has no method_lookup table");
        return Regex.Matches(table.Groups["body"].Value, @"(Library_\w+::\w+|NULL)\s*,").Select(m => m.Groups[1].Value).ToList();
    }

    [Fact]
    public void Crc32IsTheMdpVariant()
    {
        // The MetadataProcessor's own test vector (Crc32Tests): CRC-32/MPEG-2 of "123456789".
        Assert.Equal(0x0376E6E7u, MdpNaming.Crc32(Encoding.ASCII.GetBytes("123456789"), 0xFFFFFFFF));
    }

    [Fact]
    public void BindingIsOneClassOfStaticExterns()
    {
        var methods = Binding.Value.Methods;
        Assert.Single(methods.Select(m => m.TypeName).Distinct());
        Assert.Equal("MicroWake_Device_Native_NativeEngine", methods[0].TypeName);
        Assert.All(methods, m => Assert.True(m.IsNative, m.MethodName + " is not an InternalCall extern"));
        Assert.All(methods, m => Assert.Contains("___STATIC__", m.MethodName));
    }

    [Fact]
    public void MethodTableMatchesTheBindingInMdpOrder()
    {
        var expected = Binding.Value.Methods
            .Select(m => m.IsNative ? $"Library_{SafeProject}_{m.TypeName}::{m.MethodName}" : "NULL").ToList();
        Assert.Equal(expected, LookupTable());
    }

    [Fact]
    public void AssemblyRecordHasTheNameChecksumAndNativeVersion()
    {
        string cpp = Glue("microwake_native.cpp");
        Match record = Regex.Match(cpp,
            @"g_CLR_AssemblyNative_(?<sym>\w+)\s*=\s*\{\s*""(?<name>[^""]+)"",\s*(?<crc>0x[0-9A-Fa-f]{8}),\s*method_lookup,\s*\{\s*(?<v>\d+),\s*(?<v>\d+),\s*(?<v>\d+),\s*(?<v>\d+)\s*\}");
        Assert.True(record.Success, "no CLR_RT_NativeAssemblyData record in microwake_native.cpp");
        Assert.Equal(Assembly.Replace('.', '_'), record.Groups["sym"].Value);
        Assert.Equal(Assembly, record.Groups["name"].Value);

        uint expected = MdpNaming.Checksum(Assembly, Binding.Value.Methods);
        uint committed = uint.Parse(record.Groups["crc"].Value.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        Assert.True(expected == committed, $"native checksum is 0x{committed:X8} but the binding gives 0x{expected:X8}");

        string version = string.Join(".", record.Groups["v"].Captures.Select(c => c.Value));
        string nativeVersion = NanoCompiler.Read(Binding.Value.Image, r =>
        {
            foreach (CustomAttributeHandle h in r.GetAssemblyDefinition().GetCustomAttributes())
            {
                CustomAttribute a = r.GetCustomAttribute(h);
                var ctor = r.GetMemberReference((MemberReferenceHandle)a.Constructor);
                var type = r.GetTypeReference((TypeReferenceHandle)ctor.Parent);
                if (r.GetString(type.Name) == "AssemblyNativeVersionAttribute")
                {
                    BlobReader blob = r.GetBlobReader(a.Value);
                    blob.ReadUInt16(); // prolog
                    return blob.ReadSerializedString()!;
                }
            }

            return "";
        });
        Assert.Equal(nativeVersion, version);
    }

    [Fact]
    public void HeaderDeclaresEveryHandler()
    {
        string h = Glue("microwake_native.h");
        var declared = Regex.Matches(h, @"NANOCLR_NATIVE_DECLARE\((\w+)\);").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(Binding.Value.Methods.Select(m => m.MethodName).ToList(), declared);
        Assert.Contains($"struct Library_{SafeProject}_MicroWake_Device_Native_NativeEngine", h);
        Assert.Contains($"g_CLR_AssemblyNative_{Assembly.Replace('.', '_')};", h);
    }

    private static Dictionary<string, string> HandlerBodies()
    {
        string cpp = Glue("microwake_native_MicroWake_Device_Native_NativeEngine.cpp");
        Assert.Contains($"typedef Library_{SafeProject}_MicroWake_Device_Native_NativeEngine Handlers;", cpp);
        var heads = Regex.Matches(cpp, @"HRESULT Handlers::(\w+)\(CLR_RT_StackFrame &stack\)").ToList();
        var bodies = new Dictionary<string, string>();
        for (int i = 0; i < heads.Count; i++)
        {
            int end = i + 1 < heads.Count ? heads[i + 1].Index : cpp.Length;
            string name = heads[i].Groups[1].Value;
            Assert.False(bodies.ContainsKey(name), name + " is defined twice");
            bodies[name] = cpp.Substring(heads[i].Index, end - heads[i].Index);
        }

        return bodies;
    }

    [Fact]
    public void EveryHandlerIsDefinedOnceAndTakesExactlyItsArguments()
    {
        Dictionary<string, string> bodies = HandlerBodies();
        Assert.Equal(Binding.Value.Methods.Select(m => m.MethodName).OrderBy(n => n), bodies.Keys.OrderBy(n => n));
        foreach (MdpNaming.NativeMethod m in Binding.Value.Methods)
        {
            string body = bodies[m.MethodName];
            var used = Regex.Matches(body, @"stack\.Arg(\d)\(\)").Select(x => int.Parse(x.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().OrderBy(x => x);
            Assert.True(Enumerable.Range(0, m.ParameterCount).SequenceEqual(used), $"{m.MethodName} reads arguments {string.Join(",", used)}");

            for (int i = 0; i < m.ParameterCount; i++)
            {
                string type = m.ParameterTypes[i];
                if (type.StartsWith("SZARRAY_", StringComparison.Ordinal))
                {
                    // Arrays are null-checked and type-checked before use.
                    string element = type.Substring("SZARRAY_".Length);
                    Assert.Contains($"ArrayArg(stack.Arg{i}(), DATATYPE_{element},", body);
                }
                else if (type == "I4")
                {
                    Assert.Contains($"stack.Arg{i}().NumericByRef().s4", body);
                }
                else if (type == "BOOLEAN")
                {
                    Assert.Contains($"stack.Arg{i}().NumericByRef().u1", body);
                }
                else
                {
                    Assert.Fail($"{m.MethodName}: no check for parameter type {type}");
                }
            }

            Assert.Contains(m.ReturnType == "STRING" ? "stack.SetResult_String(" : "stack.SetResult_I4(", body);
        }
    }

    [Fact]
    public void EveryOffsetAndCountIsRangeChecked()
    {
        foreach ((string name, string body) in HandlerBodies())
        {
            MdpNaming.NativeMethod m = Binding.Value.Methods.Single(x => x.MethodName == name);
            // (byte[] data, int offset, int count ...) : the pair must be checked against the array.
            for (int i = 0; i + 2 < m.ParameterCount; i++)
            {
                if (m.ParameterTypes[i].StartsWith("SZARRAY_", StringComparison.Ordinal) && m.ParameterTypes[i + 1] == "I4" && m.ParameterTypes[i + 2] == "I4")
                {
                    Assert.Matches(@"CheckRange\(\w+, offset, count\)", body);
                }
            }

            // Arrays written at fixed indices are checked for that length.
            if (body.Contains("out[1]", StringComparison.Ordinal))
            {
                Assert.Contains("CheckRange(progress, 0, 2)", body);
            }
        }
    }

    [Fact]
    public void IndexConstantsMatchTheGlueHeader()
    {
        string h = Glue("mw_nf_glue.h");
        var c = Regex.Matches(h, @"#define MW_NF_(DEFAULT|STAT|LEVEL)_(\w+) (\d+)")
            .ToDictionary(m => m.Groups[1].Value + "_" + m.Groups[2].Value, m => int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
        string cs = File.ReadAllText(Repo.File("firmware/MicroWake.Device/MicroWake.Device.Native/NativeEngine.cs"));
        var managed = Regex.Matches(cs, @"public const int (Default|Stat|Level)([A-Z]\w+) = (\d+);")
            .ToDictionary(m => m.Groups[1].Value.ToUpperInvariant() + "_" + Regex.Replace(m.Groups[2].Value, "(?<=[a-z])(?=[A-Z])", "_").ToUpperInvariant(),
                m => int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
        Assert.Equal(c.OrderBy(p => p.Key), managed.OrderBy(p => p.Key));

        string api = File.ReadAllText(Repo.File("native-interop/include/microwake.h"));
        int state = int.Parse(Regex.Match(api, @"MW_ERR_STATE = (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Contains($"public const int StatusState = {state};", cs);
    }

    [Fact]
    public void CMakeModuleCompilesEveryGlueSource()
    {
        string module = Glue("MicroWake.cmake");
        foreach (string file in new[] { "microwake_native.cpp", "microwake_native_MicroWake_Device_Native_NativeEngine.cpp", "mw_nf_glue.c", "mw_nf_input.c", "mw_nf_ring.c", "mw_nf_capture_chibios.c", "mw_nf_capture_none.c" })
        {
            Assert.True(File.Exists(Repo.File(GlueDir + "/" + file)), file);
            Assert.Contains(file, module);
        }

        Assert.Contains("set(MicroWake.Device.Native_SOURCES", module);
        Assert.Contains("set(MicroWake.Device.Native_INCLUDE_DIRS", module);
        Assert.True(File.Exists(Repo.File(GlueDir + "/INTEROP-MicroWake.Device.NativeConfig.cmake")));
    }
}
