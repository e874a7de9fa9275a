using System.Globalization;

namespace MicroWake.Trainer;

/// <summary>
/// A model's training configuration: the key=value file committed beside each model
/// (for example models/yes_no/yes_no.conf). Unknown keys are an error so a typo never
/// silently falls back to a default.
/// </summary>
public sealed class ModelConfig
{
    public string Name = "model";
    public string[] Words = Array.Empty<string>();
    /// <summary>"*" = every other word folder; otherwise a list.</summary>
    public string[] UnknownWords = new[] { "*" };
    public string[] ConfusableWords = Array.Empty<string>();
    public float ConfusableWeight = 1f;
    public float UnknownRatio = 1.5f;
    public float SilenceRatio = 0.5f;
    public int ValidationPercent = 20;
    public int Seed = 1;
    /// <summary>
    /// Seed of weight initialisation and epoch sampling only (split and features stay): retrain with
    /// another to see the run-to-run spread. 0 uses <see cref="Seed"/>.
    /// </summary>
    public int TrainSeed;
    public int TrainingSeed => TrainSeed != 0 ? TrainSeed : Seed;
    public int SyntheticPerWord;
    public string[] SyntheticUnknownWords = Array.Empty<string>();
    public int AugmentVariants = 3;
    public int UnknownShiftMs = 200;
    /// <summary>Of each clip's variants, this many keep the recording as it is (shift, speed and gain only).</summary>
    public int CleanVariants;
    public float NoiseProbability = 0.8f;
    public float MinSnrDb = 5f, MaxSnrDb = 30f;
    public float ReverbProbability = 0.3f;
    public float MicProbability = 0.6f;

    public string FrontEnd = "mfcc";
    public int SampleRate = 16000;
    public int WindowSamples = 640;
    public int HopSamples = 320;
    public int FftSize = 1024;
    public string WindowFn = "hann";
    public int MelBands = 40;
    public float LowerHz = 20f;
    public float UpperHz = 4000f;
    public int Coeffs = 10;
    public float LogFloor = 1e-6f;
    public int Frames = 49;

    public int Channels = 48;
    public int Blocks = 4;
    /// <summary>Width of a teacher network trained first and distilled into the model (0: none).</summary>
    public int TeacherChannels;
    public int Epochs = 30;
    public int Batch = 64;
    public float LearningRate = 3e-3f;
    public float WeightDecay = 1e-4f;
    public int QatEpochs = 3;

    public int InferEveryHops = 2;
    public int AverageWindowMs = 500;
    public int MinCount = 2;
    public int SuppressionMs = 1500;
    /// <summary>Fixed threshold; 0 = choose on validation.</summary>
    public float Threshold;
    public float MaxMissPercent = 5f;
    public float MaxFalseAcceptPercent = 3f;

    /// <summary>Output labels: silence, unknown, then the words.</summary>
    public string[] Labels
    {
        get
        {
            var l = new List<string> { "silence", "unknown" };
            l.AddRange(Words);
            return l.ToArray();
        }
    }

    /// <summary>Samples in one model input window (frames hops plus one window).</summary>
    public int ClipSamples => (Frames - 1) * HopSamples + WindowSamples;

    public static ModelConfig Load(string path)
    {
        if (!File.Exists(path)) { throw new TrainerException($"config file not found: {path}"); }
        return Parse(File.ReadAllLines(path), path);
    }

    public static ModelConfig Parse(IEnumerable<string> lines, string source)
    {
        var c = new ModelConfig();
        int n = 0;
        foreach (string raw in lines)
        {
            n++;
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') { continue; }
            int eq = line.IndexOf('=');
            if (eq <= 0) { throw new TrainerException($"{source}:{n}: expected key=value, got '{line}'"); }
            string key = line.Substring(0, eq).Trim();
            string v = line.Substring(eq + 1).Trim();
            try
            {
                c.Set(key, v);
            }
            catch (FormatException)
            {
                throw new TrainerException($"{source}:{n}: bad value '{v}' for {key}");
            }
            catch (TrainerException e)
            {
                throw new TrainerException($"{source}:{n}: {e.Message}");
            }
        }
        c.Validate(source);
        return c;
    }

    static string[] List(string v) =>
        v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    static int I(string v) => int.Parse(v, CultureInfo.InvariantCulture);
    static float F(string v) => float.Parse(v, CultureInfo.InvariantCulture);

    void Set(string key, string v)
    {
        switch (key)
        {
            case "name": Name = v; break;
            case "words": Words = List(v); break;
            case "unknown_words": UnknownWords = List(v); break;
            case "confusable_words": ConfusableWords = List(v); break;
            case "confusable_weight": ConfusableWeight = F(v); break;
            case "unknown_ratio": UnknownRatio = F(v); break;
            case "silence_ratio": SilenceRatio = F(v); break;
            case "validation_percent": ValidationPercent = I(v); break;
            case "seed": Seed = I(v); break;
            case "train_seed": TrainSeed = I(v); break;
            case "synthetic_per_word": SyntheticPerWord = I(v); break;
            case "synthetic_unknown_words": SyntheticUnknownWords = List(v); break;
            case "augment_variants": AugmentVariants = I(v); break;
            case "unknown_shift_ms": UnknownShiftMs = I(v); break;
            case "clean_variants": CleanVariants = I(v); break;
            case "noise_probability": NoiseProbability = F(v); break;
            case "min_snr_db": MinSnrDb = F(v); break;
            case "max_snr_db": MaxSnrDb = F(v); break;
            case "reverb_probability": ReverbProbability = F(v); break;
            case "mic_probability": MicProbability = F(v); break;
            case "frontend": FrontEnd = v; break;
            case "sample_rate": SampleRate = I(v); break;
            case "window_samples": WindowSamples = I(v); break;
            case "hop_samples": HopSamples = I(v); break;
            case "fft_size": FftSize = I(v); break;
            case "window_fn": WindowFn = v; break;
            case "mel_bands": MelBands = I(v); break;
            case "lower_hz": LowerHz = F(v); break;
            case "upper_hz": UpperHz = F(v); break;
            case "coeffs": Coeffs = I(v); break;
            case "log_floor": LogFloor = F(v); break;
            case "frames": Frames = I(v); break;
            case "channels": Channels = I(v); break;
            case "blocks": Blocks = I(v); break;
            case "teacher_channels": TeacherChannels = I(v); break;
            case "epochs": Epochs = I(v); break;
            case "batch": Batch = I(v); break;
            case "learning_rate": LearningRate = F(v); break;
            case "weight_decay": WeightDecay = F(v); break;
            case "qat_epochs": QatEpochs = I(v); break;
            case "infer_every_hops": InferEveryHops = I(v); break;
            case "average_window_ms": AverageWindowMs = I(v); break;
            case "min_count": MinCount = I(v); break;
            case "suppression_ms": SuppressionMs = I(v); break;
            case "threshold": Threshold = F(v); break;
            case "max_miss_percent": MaxMissPercent = F(v); break;
            case "max_false_accept_percent": MaxFalseAcceptPercent = F(v); break;
            default: throw new TrainerException($"unknown key '{key}'");
        }
    }

    void Validate(string source)
    {
        if (Words.Length == 0) { throw new TrainerException($"{source}: 'words' lists no word"); }
        if (Words.Length + 2 > 16) { throw new TrainerException($"{source}: at most 14 words (16 labels)"); }
        foreach (string w in Words)
        {
            if (w == "silence" || w == "unknown" || w.Length >= 24 || w.Contains(','))
            {
                throw new TrainerException($"{source}: invalid word '{w}'");
            }
        }
        if (SampleRate != Audio.SampleRate) { throw new TrainerException($"{source}: sample_rate must be {Audio.SampleRate}"); }
        if (FrontEnd != "mfcc") { throw new TrainerException($"{source}: only frontend=mfcc can be trained"); }
        if (WindowFn != "hann" && WindowFn != "hamming") { throw new TrainerException($"{source}: window_fn must be hann or hamming"); }
        if (ValidationPercent < 1 || ValidationPercent > 50) { throw new TrainerException($"{source}: validation_percent must be 1..50"); }
        if (Channels < 4 || Blocks < 0 || Epochs < 1 || Batch < 1 || Frames < 10 || Coeffs < 4)
        {
            throw new TrainerException($"{source}: channels/blocks/epochs/batch/frames/coeffs out of range");
        }
    }
}

/// <summary>An error the user can fix (bad argument, missing file): printed as one line.</summary>
public sealed class TrainerException : Exception
{
    public TrainerException(string message) : base(message) { }
}
