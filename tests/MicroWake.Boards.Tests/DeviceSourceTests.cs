using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Text.RegularExpressions;
using MicroWake.Boards;
using Xunit;

namespace MicroWake.Boards.Tests;

/// <summary>
/// The device app cannot be built here (its nfproj needs the nanoFramework project system and packages
/// that are not served), so this compiles every device source that needs only mscorlib, together with
/// the core and the binding, against nanoFramework's mscorlib, and checks the nfproj lists the sources.
/// </summary>
public class DeviceSourceTests
{
    private const string DeviceDir = "firmware/MicroWake.Device";

    /// <summary>Sources that use System.Device.Gpio (not restorable here); everything else compiles.</summary>
    private static readonly string[] NeedsGpioPackage = { "Program.cs", "Outputs/GpioOutput.cs" };

    private static IEnumerable<string> DeviceSources() =>
        Directory.GetFiles(Repo.File(DeviceDir), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/") && !f.Contains("/packages/"));

    [Fact]
    public void DeviceSourcesCompileAgainstNanoMscorlib()
    {
        string root = Repo.File(DeviceDir) + "/";
        var native = NanoCompiler.Compile("MicroWake.Device.Native", DeviceSources().Where(f => f.Contains("/MicroWake.Device.Native/")));
        Assert.True(native.Errors.Count == 0, string.Join("\n", native.Errors));

        var core = Directory.GetFiles(Repo.File("firmware/MicroWake.Core"), "*.cs");
        var device = DeviceSources()
            .Where(f => !f.Contains("/MicroWake.Device.Native/") && !f.EndsWith("AssemblyInfo.cs", StringComparison.Ordinal))
            .Where(f => !NeedsGpioPackage.Contains(f.Substring(root.Length)));
        // Without the ESP32 symbol the ESP32-only files compile to nothing: this is the STM32 build's view.
        var result = NanoCompiler.Compile("MicroWake.Device", core.Concat(device), new[] { native.Image });
        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors));

        // What compiles but cannot run on nanoFramework 1.x: generic definitions.
        int generics = NanoCompiler.Read(result.Image, r => r.GetTableRowCount(TableIndex.GenericParam));
        Assert.Equal(0, generics);
    }

    [Fact]
    public void NfprojListsEverySource()
    {
        string nfproj = File.ReadAllText(Repo.File(DeviceDir + "/MicroWake.Device.nfproj"));
        var listed = Regex.Matches(nfproj, @"<Compile Include=""([^""*]+\.cs)""").Select(m => m.Groups[1].Value.Replace('\\', '/')).ToHashSet();
        string root = Repo.File(DeviceDir) + "/";
        var onDisk = DeviceSources().Where(f => !f.Contains("/MicroWake.Device.Native/")).Select(f => f.Substring(root.Length)).ToHashSet();
        Assert.Equal(onDisk.OrderBy(x => x), listed.OrderBy(x => x));
        Assert.Contains(@"<Compile Include=""..\MicroWake.Core\*.cs""", nfproj);

        string nativeProj = File.ReadAllText(Repo.File(DeviceDir + "/MicroWake.Device.Native/MicroWake.Device.Native.nfproj"));
        Assert.Contains("<NF_GenerateSkeletonProjectName>microwake_native</NF_GenerateSkeletonProjectName>", nativeProj);
        Assert.Contains("<AssemblyName>MicroWake.Device.Native</AssemblyName>", nativeProj);
    }

    [Fact]
    public void PackagesAreThePinnedVersions()
    {
        string packages = File.ReadAllText(Repo.File(DeviceDir + "/packages.config"));
        string nfproj = File.ReadAllText(Repo.File(DeviceDir + "/MicroWake.Device.nfproj"));
        Assert.Contains(@"id=""nanoFramework.CoreLibrary"" version=""1.17.11""", packages);
        foreach (Match m in Regex.Matches(packages, @"id=""([^""]+)"" version=""([^""]+)"""))
        {
            // Every HintPath points into the restored package of the same version.
            string folder = m.Groups[1].Value + "." + m.Groups[2].Value;
            Assert.Contains(@"packages\" + folder + @"\lib\", nfproj);
        }
    }

    [Fact]
    public void SelectedBoardExists()
    {
        string selection = File.ReadAllText(Repo.File(DeviceDir + "/BoardSelection.cs"));
        string name = Regex.Match(selection, @"public const string Name = ""([^""]+)"";").Groups[1].Value;
        BoardFile board = BoardLoader.Load(Repo.Configs, name);
        Assert.Equal("nanoframework", board.Runtime);
    }
}
