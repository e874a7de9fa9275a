using MicroWake.Host;

namespace MicroWake.Host.Tests;

/// <summary>Paths into the repository's tests/data, and running the CLI in-process.</summary>
internal static class TestData
{
    private static readonly Lazy<string> RootLazy = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "tests", "data", "tflm")))
                return dir.FullName;
        }
        string? built = typeof(TestData).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "MicroWakeRepo")?.Value;
        if (built != null && Directory.Exists(Path.Combine(built, "tests", "data", "tflm")))
            return built;
        throw new InvalidOperationException("tests/data/tflm not found above " + AppContext.BaseDirectory);
    });

    public static string Repo => RootLazy.Value;
    public static string Tflm => Path.Combine(Repo, "tests", "data", "tflm");
    public static string Model(string name) => Path.Combine(Tflm, "models", name + ".tflite");
    public static string MicroSpeech => Model("micro_speech_quantized");
    public static string Clip(string name) => Path.Combine(Tflm, "microfrontend", "wav", name + ".wav");
    public static readonly string[] MicroSpeechArgs = { "--frontend", "tflm-micro", "--labels", "silence,unknown,yes,no" };

    public static string TempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "microwake-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static CliResult RunCli(params string[] args) => RunCliWithStdin(null, args);

    public static CliResult RunCliWithStdin(byte[]? stdin, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var context = new CliContext(output, error, () => new MemoryStream(stdin ?? Array.Empty<byte>()), interactive: false);
        int exit = Cli.Run(args, context);
        return new CliResult(exit, output.ToString(), error.ToString());
    }
}

internal sealed record CliResult(int Exit, string Out, string Err)
{
    public string[] ErrLines => Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    public string[] OutLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public override string ToString() => $"exit {Exit}\nstdout:\n{Out}\nstderr:\n{Err}";
}
