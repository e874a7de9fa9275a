using MicroWake.Core;
using MicroWake.Native;

namespace MicroWake.Host;

/// <summary>A model file with the settings it runs with and the detection overrides from the command line.</summary>
public sealed class LoadedModel
{
    public required string Path { get; init; }
    public required byte[] Bytes { get; init; }
    public required ModelSettings Settings { get; init; }
    /// <summary>Settings came from the model's own metadata (not from --frontend/--labels).</summary>
    public required bool FromMetadata { get; init; }
    public required DetectionOverride[] Overrides { get; init; }
    public required int InferEveryHops { get; init; }
    public required int MaxOpsPerCall { get; init; }

    public string Name => System.IO.Path.GetFileName(Path);

    /// <summary>The detection threshold for a label: an override, or the model's default.</summary>
    public float ThresholdFor(string label)
    {
        float threshold = Settings.Threshold;
        foreach (DetectionOverride o in Overrides)
        {
            if (o.Threshold >= 0 && (o.Keyword == DetectionOverride.AllKeywords || o.Keyword == label))
                threshold = o.Threshold;
        }
        return threshold;
    }

    public NativeEngine OpenEngine()
    {
        var engine = new NativeEngine();
        try
        {
            if (FromMetadata && InferEveryHops == 0 && MaxOpsPerCall == 0)
                engine.OpenModel(Bytes);
            else
                engine.OpenModel(Bytes, FromMetadata ? null : Settings, InferEveryHops, MaxOpsPerCall);
            return engine;
        }
        catch (EngineException e)
        {
            engine.Dispose();
            throw new CliException($"{Path}: {e.Message}");
        }
    }
}

/// <summary>The model options shared by demo, listen, classify and features.</summary>
public static class ModelOptions
{
    public static readonly string[] ValueOptions =
    {
        "--model", "--frontend", "--labels", "--threshold", "--average-window-ms", "--min-count",
        "--suppression-ms", "--infer-every-hops", "--max-ops-per-call",
    };

    public const string Help =
        "  --model M.tflite          int8 model (MicroWake models carry their settings inside)\n" +
        "  --frontend mfcc|tflm-micro  front end, for models without MicroWake metadata\n" +
        "  --labels a,b,c            class labels, for models without MicroWake metadata\n" +
        "  --threshold [KW=]X        detection threshold 0..1 (all keywords, or keyword KW); repeatable\n" +
        "  --average-window-ms [KW=]N, --min-count [KW=]N, --suppression-ms [KW=]N   likewise\n" +
        "  --infer-every-hops K      run the network every K hops\n" +
        "  --max-ops-per-call N      spread one inference over several feed calls\n";

    /// <summary>Reads a .tflite and builds its interpreter; a refused model becomes one CLI error line.</summary>
    public static NativeInterpreter LoadInterpreter(string path, out byte[] model)
    {
        model = ReadModelFile(path);
        try
        {
            return NativeInterpreter.Load(model);
        }
        catch (EngineException e)
        {
            throw new CliException($"{path}: {e.Message}");
        }
    }

    public static byte[] ReadModelFile(string path)
    {
        try
        {
            byte[] bytes = File.ReadAllBytes(path);
            if (bytes.Length == 0)
                throw new CliException($"{path}: empty file, not a model");
            return bytes;
        }
        catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException)
        {
            throw new CliException($"model file not found: {path}");
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            throw new CliException($"{path}: cannot read ({e.Message})");
        }
    }

    public static LoadedModel Load(Args args, string? defaultPath = null)
    {
        string path = args.Value("--model") ?? defaultPath ?? throw CliException.Usage("--model M.tflite is required");
        byte[] bytes = ReadModelFile(path);
        ModelSettings? settings;
        try
        {
            settings = ModelSettings.Read(bytes);
        }
        catch (EngineException e)
        {
            throw new CliException($"{path}: {e.Message}");
        }

        string? frontendName = args.Value("--frontend");
        FrontEndKind kind = FrontEndKind.Mfcc;
        if (frontendName != null && !FrontEndConfig.TryParseName(frontendName, out kind))
            throw CliException.Usage($"--frontend must be mfcc or tflm-micro, not '{frontendName}'");
        string[]? labels = args.Value("--labels")?.Split(',', StringSplitOptions.TrimEntries);
        if (labels != null && Array.Exists(labels, l => l.Length == 0))
            throw CliException.Usage("--labels needs comma-separated names, e.g. silence,unknown,yes,no");

        bool fromMetadata = settings != null;
        if (settings == null)
        {
            if (frontendName == null || labels == null)
                throw new CliException($"{path} has no MicroWake metadata: pass --frontend (mfcc|tflm-micro) and --labels, e.g. --frontend tflm-micro --labels silence,unknown,yes,no for micro_speech");
            try
            {
                settings = ModelSettings.ForModelWithoutMetadata(bytes, kind, labels);
            }
            catch (EngineException e)
            {
                throw new CliException($"{path}: {e.Message}");
            }
        }
        else
        {
            if (frontendName != null && kind != settings.FrontEnd.Kind)
                throw CliException.Usage($"{path} was made for the {FrontEndConfig.Name(settings.FrontEnd.Kind)} front end; --frontend {frontendName} does not apply");
            if (labels != null)
                throw CliException.Usage($"{path} names its labels ({string.Join(",", settings.Labels)}); --labels is for models without MicroWake metadata");
        }

        int inferEvery = args.Int("--infer-every-hops", 1, 1000) ?? 0;
        if (inferEvery > 0)
            settings.InferEveryHops = inferEvery;
        return new LoadedModel
        {
            Path = path,
            Bytes = bytes,
            Settings = settings,
            FromMetadata = fromMetadata,
            Overrides = ParseOverrides(args, settings.Labels),
            InferEveryHops = inferEvery,
            MaxOpsPerCall = args.Int("--max-ops-per-call", 1, 100000) ?? 0,
        };
    }

    /// <summary>The board config named by --board (board-configs/NAME.json, or a path to a .json file),
    /// validated; null without --board.</summary>
    public static BoardConfig? LoadBoard(Args args)
    {
        string? name = args.Value("--board");
        if (name == null)
            return null;
        try
        {
            MicroWake.Boards.BoardFile file = name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && File.Exists(name)
                ? MicroWake.Boards.BoardLoader.LoadFile(name)
                : MicroWake.Boards.BoardLoader.Load(MicroWake.Boards.BoardLoader.FindConfigDirectory(), name);
            BoardConfig board = MicroWake.Boards.BoardMapper.ToCore(file);
            board.Validate();
            return board;
        }
        catch (Exception e) when (e is DirectoryNotFoundException || e is MicroWake.Boards.UnknownBoardException
                                  || e is MicroWake.Boards.BoardFileException || e is ArgumentException)
        {
            throw new CliException($"--board {name}: {e.Message}");
        }
    }

    /// <summary>--threshold 0.9 applies to every keyword; --threshold yes=0.9 to one.</summary>
    private static DetectionOverride[] ParseOverrides(Args args, string[] labels)
    {
        var byKeyword = new Dictionary<string, DetectionOverride>();
        DetectionOverride For(string keyword)
        {
            if (keyword != DetectionOverride.AllKeywords && Array.IndexOf(labels, keyword) < 0)
                throw CliException.Usage($"no class '{keyword}' in this model (labels: {string.Join(",", labels)})");
            if (!byKeyword.TryGetValue(keyword, out var o))
                byKeyword[keyword] = o = new DetectionOverride(keyword);
            return o;
        }
        (string keyword, string value) Split(string v)
        {
            int eq = v.IndexOf('=');
            return eq < 0 ? (DetectionOverride.AllKeywords, v) : (v.Substring(0, eq), v.Substring(eq + 1));
        }
        foreach (string v in args.Values("--threshold"))
        {
            var (k, x) = Split(v);
            For(k).Threshold = Args.ParseFloat("--threshold", x, 0f, 1f);
        }
        foreach (var (option, set) in new (string, Action<DetectionOverride, int>)[]
                 {
                     ("--average-window-ms", (o, n) => o.AverageWindowMs = n),
                     ("--min-count", (o, n) => o.MinCount = n),
                     ("--suppression-ms", (o, n) => o.SuppressionMs = n),
                 })
        {
            foreach (string v in args.Values(option))
            {
                var (k, x) = Split(v);
                set(For(k), Args.ParseInt(option, x, 0, 600000));
            }
        }
        // "*" entries first: a named keyword's entry wins over them.
        return byKeyword.Values.OrderBy(o => o.Keyword == DetectionOverride.AllKeywords ? 0 : 1).ToArray();
    }
}
