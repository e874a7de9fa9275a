using System.Globalization;
using System.Text.Json;
using MicroWake.Core;
using MicroWake.Native;

namespace MicroWake.Host.Commands;

/// <summary>classify: one inference per clip, the label the device would act on.</summary>
public static class ClassifyCommand
{
    public static int Run(string[] argv, CliContext context)
    {
        var args = new Args("classify", argv, new[] { "--resample" },
            ModelOptions.ValueOptions.Append("--format").ToArray(), allowPositionals: true);
        bool json = args.Choice("--format", "text", "text", "json") == "json";
        if (args.Positionals.Count == 0)
            throw CliException.Usage("classify needs at least one clip or folder");
        LoadedModel model = ModelOptions.Load(args);
        List<string> clips = CollectClips(args.Positionals);

        ClipClassifier classifier;
        try
        {
            classifier = new ClipClassifier(model.Bytes, model.Settings);
        }
        catch (EngineException e)
        {
            throw new CliException($"{model.Path}: {e.Message}");
        }

        string[] labels = model.Settings.Labels;
        var results = new List<Dictionary<string, object>>();
        var skipped = new List<Dictionary<string, object>>();
        using (classifier)
        using (Progress progress = context.StartProgress("classifying", clips.Count, printsPerItem: !json))
        {
            for (int i = 0; i < clips.Count; i++)
            {
                progress.Report(i);
                string clip = clips[i];
                WavAudio audio;
                try
                {
                    audio = Wav.Read(clip, args.Flag("--resample"));
                }
                catch (WavFormatException e)
                {
                    context.Err.WriteLine($"skipped: {e.Message}");
                    skipped.Add(new() { ["path"] = clip, ["error"] = e.Message });
                    continue;
                }

                float[] scores = classifier.Scores(audio.Samples);
                int index = Decide(labels, scores, model);
                if (json)
                {
                    var all = new Dictionary<string, object>();
                    for (int c = 0; c < labels.Length; c++)
                        all[labels[c]] = Math.Round(scores[c], 5);
                    results.Add(new() { ["path"] = clip, ["label"] = labels[index], ["score"] = Math.Round(scores[index], 5), ["scores"] = all });
                }
                else
                {
                    context.Out.WriteLine($"{clip}\t{labels[index]}\t{scores[index].ToString("0.0000", CultureInfo.InvariantCulture)}");
                }
            }
        }

        if (json)
        {
            var thresholds = labels.Where(DetectionPolicy.IsKeywordLabel).ToDictionary(l => l, l => (object)Math.Round(model.ThresholdFor(l), 5));
            context.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["model"] = model.Path,
                ["labels"] = labels,
                ["thresholds"] = thresholds,
                ["clips"] = results,
                ["skipped"] = skipped,
            }, new JsonSerializerOptions { WriteIndented = true }));
        }
        if (skipped.Count > 0)
        {
            context.Err.WriteLine($"error: {skipped.Count} of {clips.Count} clip(s) skipped");
            return CliException.FailureExit;
        }
        return 0;
    }

    /// <summary>The best keyword if it clears its own threshold, else silence or unknown (ClipClassifier.Decide).</summary>
    private static int Decide(string[] labels, float[] scores, LoadedModel model)
    {
        int best = -1;
        for (int c = 0; c < labels.Length; c++)
        {
            if (DetectionPolicy.IsKeywordLabel(labels[c]) && (best < 0 || scores[c] > scores[best]))
                best = c;
        }
        float threshold = best >= 0 ? model.ThresholdFor(labels[best]) : 1f;
        return ClipClassifier.Decide(labels, scores, threshold);
    }

    /// <summary>Files as given; folders searched recursively for *.wav, in a stable order.</summary>
    private static List<string> CollectClips(IEnumerable<string> paths)
    {
        var clips = new List<string>();
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".wav", StringComparison.OrdinalIgnoreCase))
                    .OrderBy(f => f, StringComparer.Ordinal).ToList();
                if (found.Count == 0)
                    throw new CliException($"{path}: no .wav files in this folder");
                clips.AddRange(found);
            }
            else if (File.Exists(path))
            {
                clips.Add(path);
            }
            else
            {
                throw new CliException($"file not found: {path}");
            }
        }
        return clips;
    }
}
