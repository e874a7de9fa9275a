namespace MicroWake.Trainer.Tests;

/// <summary>Locations inside the repository, found from the test assembly's folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string ModelDir => Path.Combine(Root, "models", "yes_no");
    public static string Tflite => Path.Combine(ModelDir, "yes_no.tflite");
    public static string Config => Path.Combine(ModelDir, "yes_no.conf");
    public static string SpeechVal => Path.Combine(Root, "tests", "data", "speech-val");

    static string FindRoot()
    {
        string? built = typeof(RepoPaths).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
        if (built != null && Directory.Exists(Path.Combine(built, "models"))) { return built; }
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            if (Directory.Exists(Path.Combine(d.FullName, "native-interop")) && Directory.Exists(Path.Combine(d.FullName, "models")))
            {
                return d.FullName;
            }
        }
        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The committed model, its settings, and the committed validation clips labelled for it.</summary>
    public static (byte[] Model, MicroWake.Native.ModelSettings Settings, List<Clip> Clips) CommittedModelAndClips()
    {
        byte[] model = File.ReadAllBytes(Tflite);
        var settings = MicroWake.Native.ModelSettings.Read(model)!;
        return (model, settings, AllClips(SpeechVal, settings.Labels));
    }

    /// <summary>Every clip of a Speech Commands-layout folder, labelled for the given labels (others are unknown).</summary>
    public static List<Clip> AllClips(string root, string[] labels)
    {
        var clips = new List<Clip>();
        foreach (string dir in Directory.GetDirectories(root).OrderBy(d => d, StringComparer.Ordinal))
        {
            string word = Path.GetFileName(dir);
            if (word == SpeechDataset.NoiseFolder) { continue; }
            int label = word == SpeechDataset.SilenceFolder ? 0 : Math.Max(1, Array.IndexOf(labels, word));
            foreach (string f in Directory.GetFiles(dir, "*.wav").OrderBy(f => f, StringComparer.Ordinal))
            {
                clips.Add(new Clip(f, word, label, SpeechDataset.SpeakerOf(f), false));
            }
        }
        return clips;
    }
}
