using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using MicroWake.Core;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace MicroWake.Core.Tests
{
    /// <summary>
    /// The nanoFramework compatibility check: the core as compiled against nanoFramework's mscorlib
    /// (firmware/MicroWake.Core.NanoCheck, copied to nano/ by the build) must contain nothing that
    /// nanoFramework 1.x cannot run; probe assemblies compiled here prove the checker catches each case.
    /// </summary>
    public class NanoCompatibilityTests
    {
        private static readonly string NanoDir = Path.Combine(AppContext.BaseDirectory, "nano");
        private static readonly string CoreOnNano = Path.Combine(NanoDir, "MicroWake.Core.NanoCheck.dll");
        private static readonly string NanoMscorlib = Path.Combine(NanoDir, "mscorlib.dll");

        [Fact]
        public void CoreCompiledForNanoFrameworkHasNoIncompatibilities()
        {
            var issues = NanoCompatibilityChecker.Check(CoreOnNano, "mscorlib");
            Assert.True(issues.Count == 0, string.Join("\n", issues));
        }

        [Fact]
        public void CoreForNanoFrameworkReferencesOnlyTheNanoMscorlib()
        {
            using var pe = new PEReader(File.OpenRead(CoreOnNano));
            var md = pe.GetMetadataReader();
            var refs = md.AssemblyReferences.Select(h => md.GetAssemblyReference(h)).ToList();
            Assert.Single(refs);
            Assert.Equal("mscorlib", md.GetString(refs[0].Name));
            Assert.Equal(new Version(1, 17, 11, 0), refs[0].Version);
        }

        [Fact]
        public void NanoBuildHasTheSamePublicTypesAsTheHostBuild()
        {
            using var pe = new PEReader(File.OpenRead(CoreOnNano));
            var md = pe.GetMetadataReader();
            var nanoTypes = md.TypeDefinitions
                .Select(h => md.GetTypeDefinition(h))
                .Where(t => (t.Attributes & TypeAttributes.VisibilityMask) == TypeAttributes.Public)
                .Select(t => md.GetString(t.Namespace) + "." + md.GetString(t.Name))
                .OrderBy(n => n, StringComparer.Ordinal)
                .ToArray();
            var hostTypes = typeof(KeywordSpotter).Assembly.GetExportedTypes()
                .Select(t => t.FullName)
                .OrderBy(n => n, StringComparer.Ordinal)
                .ToArray();
            Assert.Equal(hostTypes, nanoTypes);
            Assert.Contains("MicroWake.Core.DetectionPolicy", nanoTypes);
            Assert.Contains("MicroWake.Core.FeedbackController", nanoTypes);
        }

        public static IEnumerable<object[]> BadProbes() => new[]
        {
            Probe(NanoIssueKind.GenericTypeDefinition, "public class Box<T> { public T Value; }"),
            Probe(NanoIssueKind.GenericMethodDefinition, "public static class P { public static int Count<T>(T[] a) { return a.Length; } }"),
            Probe(NanoIssueKind.GenericInstantiation, "public class P { public System.Action<int> Callback; }"),
            Probe(NanoIssueKind.GenericInstantiation, "public class P { public void M() { System.Action<int> a = null; if (a != null) a(1); } }"),
            Probe(NanoIssueKind.GenericInstantiation, "public class P { public object M() { return typeof(System.Action<string>); } }"),
            Probe(NanoIssueKind.GenericInstantiation, "public static class P { static T Id<T>(T x) { return x; } public static int M() { return Id(3); } }"),
            Probe(NanoIssueKind.MultidimensionalArray, "public class P { public float[,] Grid = new float[2, 3]; }"),
            Probe(NanoIssueKind.MultidimensionalArray, "public class P { public float Sum() { var g = new int[2, 2, 2]; return g[1, 1, 1]; } }"),
            Probe(NanoIssueKind.DefaultInterfaceMethod, "public interface IOut { void Write(bool v); void On() { Write(true); } }"),
            Probe(NanoIssueKind.DefaultInterfaceMethod, "public interface IOut { static int Count() { return 1; } }"),
            // nanoFramework's mscorlib has no Nullable<T> and no async builders, so these probes are built
            // against the .NET runtime's corlib: the checker must still see them in signatures and types.
            Probe(NanoIssueKind.NullableValueType, "public class P { public int? Maybe; }", ProbeTarget.DotNet),
            Probe(NanoIssueKind.NullableValueType, "public class P { public float F() { float? x = null; return x ?? 1f; } }", ProbeTarget.DotNet),
            Probe(NanoIssueKind.AsyncStateMachine, "public class P { public async void Run() { await System.Threading.Tasks.Task.Yield(); } }", ProbeTarget.DotNet),
            Probe(NanoIssueKind.SystemMath, "public static class P { public static double Root(double x) { return System.Math.Sqrt(x); } }", ProbeTarget.NanoWithSystemMath),
        };

        public enum ProbeTarget
        {
            Nano,
            NanoWithSystemMath,
            DotNet,
        }

        private static object[] Probe(NanoIssueKind kind, string source, ProbeTarget target = ProbeTarget.Nano) =>
            new object[] { kind, source, target };

        [Theory]
        [MemberData(nameof(BadProbes))]
        public void CheckerCatchesWhatNanoFrameworkCannotRun(NanoIssueKind kind, string source, ProbeTarget target)
        {
            byte[] probe = target == ProbeTarget.DotNet
                ? Compile(source, "Probe", MetadataReference.CreateFromFile(typeof(object).Assembly.Location))
                : CompileAgainstNano(source, target == ProbeTarget.NanoWithSystemMath);
            var issues = NanoCompatibilityChecker.Check(probe, "mscorlib", "System.Private.CoreLib");
            Assert.True(issues.Any(i => i.Kind == kind), "expected " + kind + ", found:\n" + string.Join("\n", issues));
        }

        [Fact]
        public void CheckerAcceptsWhatNanoFrameworkRuns()
        {
            const string source = @"
namespace Ok
{
    public delegate void Handler(string label, float score, long t);
    public enum Mode { A, B }
    public interface IOut { string Name { get; } void Write(bool v); }
    public struct Pair { public int A; public int B; public static Pair operator +(Pair x, Pair y) { Pair p; p.A = x.A + y.A; p.B = x.B + y.B; return p; } }
    public class P : IOut
    {
        private readonly float[][] _jagged = new float[3][];
        private readonly System.Collections.ArrayList _list = new System.Collections.ArrayList();
        private readonly object _sync = new object();
        public event Handler Fired;
        public string Name { get { return ""p""; } }
        public void Write(bool v) { lock (_sync) { _list.Add(v); } }
        public int Switch(Mode m) { switch (m) { case Mode.A: return 1; default: return 2; } }
        public string Format(int x, float y) { return x.ToString() + "" "" + y.ToString(); }
        public void Raise() { Handler h = Fired; if (h != null) h(""x"", 1f, 2); }
        public float Abs(float x) { return x < 0 ? -x : x; }
        public float First() { _jagged[0] = new float[2]; return _jagged[0][1]; }
    }
}";
            byte[] probe = CompileAgainstNano(source, false);
            var issues = NanoCompatibilityChecker.Check(probe, "mscorlib");
            Assert.True(issues.Count == 0, string.Join("\n", issues));
        }

        [Fact]
        public void CheckerFlagsAssembliesOutsideTheAllowedList()
        {
            byte[] probe = CompileAgainstNano("public class P { }", false);
            Assert.Empty(NanoCompatibilityChecker.Check(probe, "mscorlib"));
            var issues = NanoCompatibilityChecker.Check(probe, "System.Device.Gpio");
            Assert.Contains(issues, i => i.Kind == NanoIssueKind.ForeignAssemblyReference && i.Message.Contains("mscorlib"));
        }

        [Fact]
        public void CheckerFindsSystemMathReferencedFromTheDesktopFramework()
        {
            // The host build (netstandard) would resolve Math in netstandard: the type reference alone is caught.
            byte[] probe = Compile("public static class P { public static double R(double x) { return System.Math.Sqrt(x); } }",
                "Probe", MetadataReference.CreateFromFile(typeof(object).Assembly.Location), MetadataReference.CreateFromFile(typeof(Math).Assembly.Location));
            var issues = NanoCompatibilityChecker.Check(probe, "System.Private.CoreLib", "System.Runtime");
            Assert.Contains(issues, i => i.Kind == NanoIssueKind.SystemMath && i.Message == "uses System.Math");
        }

        private static byte[] CompileAgainstNano(string source, bool withSystemMath)
        {
            var refs = new List<MetadataReference> { MetadataReference.CreateFromFile(NanoMscorlib) };
            if (withSystemMath)
            {
                // A stand-in for nanoFramework.System.Math: an assembly named System.Math with class System.Math.
                byte[] math = Compile("namespace System { public static class Math { public static double Sqrt(double x) { return x; } } }",
                    "System.Math", refs.ToArray());
                refs.Add(MetadataReference.CreateFromImage(math));
            }

            return Compile(source, "Probe", refs.ToArray());
        }

        private static byte[] Compile(string source, string assemblyName, params MetadataReference[] references)
        {
            var compilation = CSharpCompilation.Create(
                assemblyName,
                new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp9)) },
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            using var stream = new MemoryStream();
            var result = compilation.Emit(stream);
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(result.Success, "probe does not compile:\n" + string.Join("\n", errors));
            return stream.ToArray();
        }
    }
}
