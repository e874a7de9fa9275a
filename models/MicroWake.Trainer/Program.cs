using System.Globalization;
using MicroWake.Native;

namespace MicroWake.Trainer;

/// <summary>Command line of the training tool (see models/README.md).</summary>
public static class Program
{
    const string Usage = """
        MicroWake.Trainer: train int8 keyword models for MicroWake from Speech Commands-style folders.

        Commands:
          train  --config FILE.conf --data DIR [--data DIR ...] --out DIR [--work DIR] [--stream-minutes M (300)]
                 [--epochs N] [--qat-epochs N] [--synthetic-per-word N] [--augment-variants N] [--train-seed N] [--threads N]
                 Trains, quantizes, exports DIR/<name>.tflite (+ C and C# byte arrays, plots, model card
                 figures in DIR/metrics.md and DIR/metrics.json) and evaluates it through the native engine.
          eval   --model FILE.tflite --config FILE.conf --data DIR [--all] [--stream-minutes M] [--threshold T]
                 [--frontend mfcc|tflm-micro --labels L1,L2,...]
                 [--average-ms MS] [--min-count N] [--errors]
                 Native clip evaluation (validation speakers of the config's split, or --all clips; --errors
                 lists every wrong decision with its scores; --threshold may repeat, giving a trade-off) and,
                 with --stream-minutes > 0, the streaming evaluation (detection settings from the model's
                 metadata unless overridden). A model without MicroWake metadata (TFLM's micro_speech) is
                 measured with --frontend and --labels, on the same speakers and the same recording.
          arrays --model FILE.tflite --name NAME --class CLASSNAME
                 Regenerates NAME_model.c/.h and CLASSNAME.cs beside the model.
          pick-clips --config FILE.conf --data DIR --out DIR [--per-word N] [--unknown N] [--silence N] [--noise-seconds S]
                 Copies a small speaker-disjoint set of validation clips (for tests) into DIR.

        Environment: use OMP_WAIT_POLICY=PASSIVE on shared machines; --threads N (default 2) sets torch threads.
        """;

    public static int Main(string[] args)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        try
        {
            var opts = Options.Parse(args.Skip(1).ToArray());
            int threads = opts.Int("threads", 2);
            switch (args[0])
            {
                case "train":
                    TorchSharp.torch.set_num_threads(threads);
                    return Pipeline.Train(opts);
                case "eval":
                    return Pipeline.Eval(opts);
                case "arrays":
                    ByteArrays.WriteAll(opts.Require("model"), opts.Require("name"), "MicroWake.Models", opts.Require("class"));
                    return 0;
                case "pick-clips":
                    return Pipeline.PickClips(opts);
                default:
                    throw new TrainerException($"unknown command '{args[0]}' (try --help)");
            }
        }
        catch (TrainerException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (MicroWake.Core.EngineException e)
        {
            Console.Error.WriteLine($"error: native engine: {e.Message}");
            return 1;
        }
    }
}

/// <summary>--key value options; --flag alone means "true"; a key may repeat (--data A --data B).</summary>
public sealed class Options
{
    readonly Dictionary<string, List<string>> _v = new();

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) { throw new TrainerException($"unexpected argument '{args[i]}'"); }
            string key = args[i].Substring(2);
            string value = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
            if (!o._v.TryGetValue(key, out var list)) { o._v[key] = list = new List<string>(); }
            list.Add(value);
        }
        return o;
    }

    public string Get(string key, string fallback) => _v.TryGetValue(key, out var l) ? l[^1] : fallback;
    public bool Has(string key) => _v.ContainsKey(key);
    public string Require(string key) => _v.TryGetValue(key, out var l) ? l[^1] : throw new TrainerException($"missing --{key}");
    public List<string> All(string key) => _v.TryGetValue(key, out var l) ? l : new List<string>();
    public int Int(string key, int fallback)
    {
        if (!Has(key)) { return fallback; }
        string v = Get(key, "");
        return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : throw NotANumber(key, v);
    }

    public double Double(string key, double fallback) => Has(key) ? Number(key, Get(key, "")) : fallback;

    /// <summary>A number given to --key (for options that may repeat).</summary>
    public static double Number(string key, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : throw NotANumber(key, value);

    static TrainerException NotANumber(string key, string value) => new($"--{key}: expected a number, got '{value}'");
}
