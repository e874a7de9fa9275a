using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace MicroWake.Core.Tests
{
    /// <summary>
    /// tests/MicroWake.DeviceTests cannot be built here (no nanoFramework project system). These tests take
    /// the sources its .nfproj lists, compile them with a stand-in for nanoFramework.TestFramework (same
    /// attribute and Assert signatures, written here) against nanoFramework's mscorlib and run the
    /// compatibility checker on the result; then compile the same sources for .NET and run every [TestMethod].
    /// </summary>
    public class DeviceTestProjectTests
    {
        private static readonly string Root = typeof(DeviceTestProjectTests).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value;
        private static readonly string ProjectDir = Path.Combine(Root, "tests", "MicroWake.DeviceTests");
        private static readonly string NanoMscorlib = Path.Combine(AppContext.BaseDirectory, "nano", "mscorlib.dll");

        private const string TestFrameworkStandIn = @"
using System;
namespace nanoFramework.TestFramework
{
    [AttributeUsage(AttributeTargets.Class)] public class TestClassAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Method)] public class TestMethodAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Method)] public class SetupAttribute : Attribute { }
    [AttributeUsage(AttributeTargets.Method)] public class CleanupAttribute : Attribute { }
    public class AssertFailedException : Exception { public AssertFailedException(string m) : base(m) { } }
    public static class Assert
    {
        static void Fail(string what, string message) { throw new AssertFailedException(what + "" "" + message); }
        public static void AreEqual(bool e, bool a, string message = """") { if (e != a) Fail(""bool"", message); }
        public static void AreEqual(int e, int a, string message = """") { if (e != a) Fail(""expected "" + e.ToString() + "" got "" + a.ToString(), message); }
        public static void AreEqual(long e, long a, string message = """") { if (e != a) Fail(""expected "" + e.ToString() + "" got "" + a.ToString(), message); }
        public static void AreEqual(float e, float a, string message = """") { if (e != a) Fail(""float"", message); }
        public static void AreEqual(double e, double a, string message = """") { if (e != a) Fail(""double"", message); }
        public static void AreEqual(string e, string a, string message = """") { if (e != a) Fail(""expected '"" + e + ""' got '"" + a + ""'"", message); }
        public static void AreEqual(object e, object a, string message = """") { if (!Equals(e, a)) Fail(""object"", message); }
        public static void IsTrue(bool c, string message = """") { if (!c) Fail(""IsTrue"", message); }
        public static void IsFalse(bool c, string message = """") { if (c) Fail(""IsFalse"", message); }
        public static void IsNull(object o, string message = """") { if (o != null) Fail(""IsNull"", message); }
        public static void IsNotNull(object o, string message = """") { if (o == null) Fail(""IsNotNull"", message); }
        public static void ThrowsException(Type exception, Action action, string message = """")
        {
            try { action(); }
            catch (Exception e) { if (e.GetType() != exception) Fail(""threw "" + e.GetType().Name, message); return; }
            Fail(""no exception"", message);
        }
    }
}";

        [Fact]
        public void ProjectIsANanoFrameworkTestProjectOnTheSharedVersions()
        {
            XDocument project = XDocument.Load(Path.Combine(ProjectDir, "MicroWake.DeviceTests.nfproj"));
            XNamespace ns = project.Root.Name.Namespace;
            Assert.Equal("NFUnitTest", project.Descendants(ns + "AssemblyName").Single().Value);
            Assert.Equal("UnitTest", project.Descendants(ns + "TestProjectType").Single().Value);
            Assert.Contains(project.Descendants(ns + "ProjectCapability"), e => (string)e.Attribute("Include") == "TestContainer");

            XDocument packages = XDocument.Load(Path.Combine(ProjectDir, "packages.config"));
            var versions = packages.Descendants("package").ToDictionary(p => (string)p.Attribute("id"), p => (string)p.Attribute("version"));
            Assert.Equal("1.17.11", versions["nanoFramework.CoreLibrary"]);
            foreach (string hint in project.Descendants(ns + "HintPath").Select(h => h.Value))
            {
                string package = hint.Split('\\')[1];
                Assert.Contains(package, versions.Select(v => v.Key + "." + v.Value));
            }

            Assert.True(File.Exists(Path.Combine(ProjectDir, "nano.runsettings")));
        }

        [Fact]
        public void CompilesAgainstNanoFrameworkAndPassesTheCompatibilityCheck()
        {
            var nano = MetadataReference.CreateFromFile(NanoMscorlib);
            byte[] framework = Compile("nanoFramework.TestFramework", new[] { Parse(TestFrameworkStandIn) }, nano);
            byte[] tests = Compile("NFUnitTest", ProjectSources().Select(Parse), nano, MetadataReference.CreateFromImage(framework));
            var issues = NanoCompatibilityChecker.Check(tests, "mscorlib", "nanoFramework.TestFramework");
            Assert.True(issues.Count == 0, string.Join("\n", issues));
        }

        [Fact]
        public void EveryDeviceTestPassesWhenRunOnDotNet()
        {
            var sources = ProjectSources().Select(Parse).Append(Parse(TestFrameworkStandIn));
            byte[] image = Compile("NFUnitTest", sources, MetadataReference.CreateFromFile(typeof(object).Assembly.Location));
            Assembly assembly = Assembly.Load(image);
            var failures = new List<string>();
            int run = 0;
            foreach (Type type in assembly.GetTypes().Where(t => HasAttribute(t, "TestClassAttribute")))
            {
                object instance = Activator.CreateInstance(type);
                foreach (MethodInfo setup in type.GetMethods().Where(m => HasAttribute(m, "SetupAttribute")))
                {
                    setup.Invoke(instance, null);
                }

                foreach (MethodInfo test in type.GetMethods().Where(m => HasAttribute(m, "TestMethodAttribute")))
                {
                    run++;
                    try
                    {
                        test.Invoke(instance, null);
                    }
                    catch (TargetInvocationException e)
                    {
                        failures.Add(type.Name + "." + test.Name + ": " + e.InnerException.Message);
                    }
                }
            }

            Assert.True(failures.Count == 0, string.Join("\n", failures));
            Assert.True(run >= 15, "only " + run + " device tests found");
        }

        private static bool HasAttribute(MemberInfo member, string name) =>
            member.GetCustomAttributes(false).Any(a => a.GetType().Name == name);

        /// <summary>The Compile items of the .nfproj, wildcards expanded, relative to its folder.</summary>
        private static IEnumerable<string> ProjectSources()
        {
            XDocument project = XDocument.Load(Path.Combine(ProjectDir, "MicroWake.DeviceTests.nfproj"));
            XNamespace ns = project.Root.Name.Namespace;
            var files = new List<string>();
            foreach (string include in project.Descendants(ns + "Compile").Select(c => (string)c.Attribute("Include")))
            {
                string path = Path.GetFullPath(Path.Combine(ProjectDir, include.Replace('\\', Path.DirectorySeparatorChar)));
                if (Path.GetFileName(path).Contains('*'))
                {
                    var matches = Directory.GetFiles(Path.GetDirectoryName(path), Path.GetFileName(path));
                    Assert.NotEmpty(matches);
                    files.AddRange(matches);
                }
                else
                {
                    Assert.True(File.Exists(path), include + " is listed in the .nfproj but missing");
                    files.Add(path);
                }
            }

            var listed = new HashSet<string>(files.Select(Path.GetFileName));
            foreach (string own in Directory.GetFiles(ProjectDir, "*.cs"))
            {
                Assert.True(listed.Contains(Path.GetFileName(own)), Path.GetFileName(own) + " is not listed in the .nfproj");
            }

            return files;
        }

        private static SyntaxTree Parse(string pathOrSource) =>
            File.Exists(pathOrSource)
                ? CSharpSyntaxTree.ParseText(File.ReadAllText(pathOrSource), new CSharpParseOptions(LanguageVersion.CSharp9), pathOrSource)
                : CSharpSyntaxTree.ParseText(pathOrSource, new CSharpParseOptions(LanguageVersion.CSharp9));

        private static byte[] Compile(string name, IEnumerable<SyntaxTree> trees, params MetadataReference[] references)
        {
            var compilation = CSharpCompilation.Create(name, trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            using var stream = new MemoryStream();
            var result = compilation.Emit(stream);
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20);
            Assert.True(result.Success, name + " does not compile:\n" + string.Join("\n", errors));
            return stream.ToArray();
        }
    }
}
