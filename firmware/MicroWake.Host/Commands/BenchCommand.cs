using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using MicroWake.Core;
using MicroWake.Native;

namespace MicroWake.Host.Commands;

/// <summary>bench: host timings written as Markdown and JSON (a report, never a timed test).</summary>
public static class BenchCommand
{
    private static readonly string[] BundledModels =
    {
        RepoFiles.DefaultModel,
        "tests/data/tflm/models/micro_speech_quantized.tflite",
        "tests/data/tflm/models/kws_ref_model.tflite",
        "tests/data/tflm/models/str_ww_ref_model.tflite",
    };

    public static int Run(string[] argv, CliContext context)
    {
        var args = new Args("bench", argv, Array.Empty<string>(), new[] { "--model", "--output", "--min-seconds" }, allowPositionals: false);
        string output = args.Value("--output") ?? "out/bench/host";
        if (output.EndsWith(".md", StringComparison.OrdinalIgnoreCase) || output.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            output = Path.ChangeExtension(output, null);
        double minSeconds = args.Has("--min-seconds") ? Args.ParseFloat("--min-seconds", args.Value("--min-seconds")!, 0.01f, 60f) : 1.0;

        List<string> models = args.Values("--model").ToList();
        if (models.Count == 0)
            models = BundledModels.Select(RepoFiles.Find).Where(p => p != null).Select(p => p!).ToList();
        if (models.Count == 0)
            throw new CliException("no models to benchmark: pass --model M.tflite");

        var modelRows = new List<Dictionary<string, object>>();
        using (Progress progress = context.StartProgress("benchmarking", models.Count + 2, printsPerItem: false))
        {
            for (int i = 0; i < models.Count; i++)
            {
                progress.Report(i);
                modelRows.Add(BenchModel(models[i], minSeconds));
            }
            var frontRows = new List<Dictionary<string, object>>();
            foreach (FrontEndKind kind in new[] { FrontEndKind.Mfcc, FrontEndKind.TflmMicro })
            {
                progress.Report(models.Count + frontRows.Count);
                frontRows.Add(BenchFrontEnd(kind, minSeconds));
            }

            var report = new Dictionary<string, object>
            {
                ["date_utc"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["machine"] = MachineName(),
                ["runtime"] = RuntimeInformation.FrameworkDescription,
                ["models"] = modelRows,
                ["frontends"] = frontRows,
            };
            string? dir = Path.GetDirectoryName(Path.GetFullPath(output));
            if (dir != null)
                Directory.CreateDirectory(dir);
            File.WriteAllText(output + ".json", JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }) + "\n");
            string markdown = Markdown(report, modelRows, frontRows);
            File.WriteAllText(output + ".md", markdown);
            context.Out.Write(markdown);
            context.Out.WriteLine($"\nwrote {output}.md and {output}.json");
        }
        return 0;
    }

    private static Dictionary<string, object> BenchModel(string path, double minSeconds)
    {
        NativeInterpreter interp = ModelOptions.LoadInterpreter(path, out byte[] model);
        using (interp)
        {
            var random = new Random(1234);
            for (int i = 0; i < interp.InputCount; i++)
            {
                var input = new byte[interp.GetInputInfo(i).Bytes];
                random.NextBytes(input);
                interp.SetInput(i, input);
            }
            double us = MedianMicroseconds(interp.Invoke, minSeconds);
            var row = new Dictionary<string, object>
            {
                ["model"] = Path.GetFileName(path),
                ["model_bytes"] = model.Length,
                ["operators"] = interp.OperatorCount,
                ["macs"] = interp.Macs,
                ["arena_bytes"] = interp.ArenaBytes,
                ["us_per_inference"] = Math.Round(us, 1),
            };
            ModelSettings? settings = ModelSettings.Read(model);
            if (settings != null)
                row["engine_realtime_factor"] = Math.Round(EngineRealtimeFactor(model), 1);
            return row;
        }
    }

    /// <summary>Seconds of audio the whole engine (front end + network + schedule) handles per second of host time.</summary>
    private static double EngineRealtimeFactor(byte[] model)
    {
        using var engine = new NativeEngine();
        engine.OpenModel(model);
        byte[] pcm = TestSignal(10 * 16000);
        var clock = Stopwatch.StartNew();
        for (int offset = 0; offset < pcm.Length;)
            offset += engine.Feed(pcm.AsSpan(offset));
        return 10.0 / clock.Elapsed.TotalSeconds;
    }

    private static Dictionary<string, object> BenchFrontEnd(FrontEndKind kind, double minSeconds)
    {
        FrontEndConfig config = FrontEndConfig.Default(kind);
        using var fe = new NativeFrontEnd(config);
        byte[] pcm = TestSignal(10 * config.SampleRate);
        int frames = fe.Compute(pcm).Count;
        double usPerRun = MedianMicroseconds(() =>
        {
            fe.Reset();
            fe.Compute(pcm);
        }, minSeconds);
        double hopMs = 1000.0 * config.HopSamples / config.SampleRate;
        double usPerHop = usPerRun / Math.Max(frames, 1);
        return new Dictionary<string, object>
        {
            ["frontend"] = FrontEndConfig.Name(kind),
            ["frame_values"] = fe.FrameSize,
            ["arena_bytes"] = fe.ArenaBytes,
            ["us_per_hop"] = Math.Round(usPerHop, 2),
            ["percent_of_hop"] = Math.Round(100 * usPerHop / (hopMs * 1000), 3),
        };
    }

    /// <summary>Median of repeated timings, after a warm-up, over at least minSeconds (and 5 runs).</summary>
    private static double MedianMicroseconds(Action action, double minSeconds)
    {
        for (int i = 0; i < 3; i++)
            action();
        var samples = new List<double>();
        var total = Stopwatch.StartNew();
        while (samples.Count < 5 || (total.Elapsed.TotalSeconds < minSeconds && samples.Count < 100000))
        {
            long start = Stopwatch.GetTimestamp();
            action();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds * 1000);
        }
        samples.Sort();
        return samples[samples.Count / 2];
    }

    /// <summary>Deterministic speech-like test audio: a gliding tone with noise, as PCM16 bytes.</summary>
    private static byte[] TestSignal(int samples)
    {
        var random = new Random(42);
        var pcm = new byte[samples * 2];
        double phase = 0;
        for (int i = 0; i < samples; i++)
        {
            phase += 2 * Math.PI * (300 + 200 * Math.Sin(i / 4000.0)) / 16000;
            double v = 6000 * Math.Sin(phase) + 800 * (random.NextDouble() - 0.5);
            short s = (short)Math.Clamp(v, short.MinValue, short.MaxValue);
            pcm[2 * i] = (byte)s;
            pcm[2 * i + 1] = (byte)(s >> 8);
        }
        return pcm;
    }

    private static string MachineName()
    {
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line != null)
                return line.Substring(line.IndexOf(':') + 1).Trim() + $", {Environment.ProcessorCount} cores";
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return $"{RuntimeInformation.OSArchitecture}, {Environment.ProcessorCount} cores";
    }

    private static string Markdown(Dictionary<string, object> report, List<Dictionary<string, object>> models, List<Dictionary<string, object>> fronts)
    {
        var md = new StringBuilder();
        md.AppendLine("# MicroWake host benchmark");
        md.AppendLine();
        md.AppendLine($"{report["date_utc"]}, {report["machine"]}, {report["runtime"]}, portable C kernels (Release).");
        md.AppendLine("Median of repeated runs; random int8 inputs for the models, 10 s of a test signal for the front ends.");
        md.AppendLine();
        md.AppendLine("| model | bytes | operators | MACs | arena bytes | us / inference | engine x real time |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var m in models)
        {
            string rt = m.TryGetValue("engine_realtime_factor", out object? f) ? Convert.ToString(f, CultureInfo.InvariantCulture)! : "-";
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {m["model"]} | {m["model_bytes"]} | {m["operators"]} | {m["macs"]} | {m["arena_bytes"]} | {m["us_per_inference"]} | {rt} |"));
        }
        md.AppendLine();
        md.AppendLine("| front end | values / frame | arena bytes | us / hop | % of the 20 ms hop |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var f in fronts)
        {
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {f["frontend"]} | {f["frame_values"]} | {f["arena_bytes"]} | {f["us_per_hop"]} | {f["percent_of_hop"]} |"));
        }
        return md.ToString();
    }
}
