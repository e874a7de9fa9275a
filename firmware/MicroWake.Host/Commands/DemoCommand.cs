using System.Text.Json;
using MicroWake.Native;

namespace MicroWake.Host.Commands;

/// <summary>demo: the bundled recording through the default model, with the board's timeline.</summary>
public static class DemoCommand
{
    public const string Recording = "demo/demo.wav";
    public const string Expected = "demo/expected.json";

    /// <summary>A word in the demo recording (from demo/expected.json).</summary>
    public sealed record ExpectedWord(string Label, double StartS, double EndS);

    /// <summary>A detection counts for a word when it comes while the word is spoken or up to this long after it.</summary>
    public const double LatencyAllowedS = 1.5;

    public static int Run(string[] argv, CliContext context)
    {
        var args = new Args("demo", argv, new[] { "--heartbeat" },
            ModelOptions.ValueOptions.Append("--format").Append("--board").ToArray(), allowPositionals: false);
        bool jsonl = args.Choice("--format", "text", "text", "jsonl") == "jsonl";
        string recording = FindDemoFile(Recording);
        ExpectedWord[] expected = ReadExpected(FindDemoFile(Expected));

        string? modelPath = args.Value("--model");
        if (modelPath == null)
        {
            modelPath = RepoFiles.Find(RepoFiles.DefaultModel) ?? throw new CliException(
                $"the default model {RepoFiles.DefaultModel} was not found: train it (see models/README.md) or pass --model M.tflite");
        }
        WavAudio audio = Wav.Read(recording);
        MicroWake.Core.BoardConfig? board = ModelOptions.LoadBoard(args);
        LoadedModel model = ModelOptions.Load(args, modelPath);

        var timeline = new Timeline(context.Out, jsonl);
        if (!jsonl)
        {
            context.Out.WriteLine($"MicroWake demo: {Path.GetFileName(recording)}, {audio.Seconds:0.0} s of spoken words over background noise");
            context.Out.WriteLine($"model {RepoFiles.Display(model.Path)}: {string.Join(", ", model.Settings.Labels)}; " +
                                  $"{FrontEndConfig.Name(model.Settings.FrontEnd.Kind)} features; threshold {model.ThresholdFor("*"):0.00}");
            context.Out.WriteLine("words spoken: " + string.Join(", ", expected.Select(w => $"{w.Label} at {w.StartS:0.0} s")));
            context.Out.WriteLine();
        }
        using var session = new ListenSession(model, timeline, args.Flag("--heartbeat"), board);
        session.FeedAll(audio.ToPcmBytes());
        ListenCommand.WriteSummary(context, timeline, session);

        string[] keywords = model.Settings.Labels.Where(MicroWake.Core.DetectionPolicy.IsKeywordLabel).ToArray();
        var (found, falseAlarms) = Match(expected, keywords, session.Detections);
        if (jsonl)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["event"] = "demo_result",
                ["keywords_expected"] = found.Count,
                ["keywords_found"] = found.Count(f => f.Detection != null),
                ["false_detections"] = falseAlarms.Count,
            }));
            return 0;
        }
        context.Out.WriteLine();
        foreach (var (word, detection) in found)
        {
            string result = detection is Detection d ? $"detected at {Timeline.Seconds(d.TimeMs)} s (score {d.Score:0.00})" : "MISSED";
            context.Out.WriteLine($"  {word.Label,-4} spoken at {word.StartS:0.0} s: {result}");
        }
        foreach (Detection d in falseAlarms)
            context.Out.WriteLine($"  false detection: {d.Label} at {Timeline.Seconds(d.TimeMs)} s");
        context.Out.WriteLine($"{found.Count(f => f.Detection != null)} of {found.Count} keywords detected, {falseAlarms.Count} false detection(s)");
        return 0;
    }

    /// <summary>Pairs each spoken keyword of the model with the first detection of it in its time span;
    /// every other detection is a false one.</summary>
    public static (List<(ExpectedWord Word, Detection? Detection)> Found, List<Detection> FalseAlarms) Match(
        IEnumerable<ExpectedWord> expected, string[] keywords, IReadOnlyList<Detection> detections)
    {
        var used = new bool[detections.Count];
        var found = new List<(ExpectedWord, Detection?)>();
        foreach (ExpectedWord word in expected.Where(w => keywords.Contains(w.Label)))
        {
            Detection? match = null;
            for (int i = 0; i < detections.Count; i++)
            {
                double t = detections[i].TimeMs / 1000.0;
                if (!used[i] && detections[i].Label == word.Label && t >= word.StartS && t <= word.EndS + LatencyAllowedS)
                {
                    used[i] = true;
                    match = detections[i];
                    break;
                }
            }
            found.Add((word, match));
        }
        var falseAlarms = detections.Where((d, i) => !used[i]).ToList();
        return (found, falseAlarms);
    }

    public static string FindDemoFile(string relative) =>
        RepoFiles.Find(relative) ?? RepoFiles.Find(Path.Combine("firmware/MicroWake.Host", relative))
        ?? throw new CliException($"{relative} is missing from the app folder (rebuild the host app)");

    public static ExpectedWord[] ReadExpected(string path)
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.GetProperty("words").EnumerateArray()
            .Select(w => new ExpectedWord(w.GetProperty("label").GetString()!, w.GetProperty("start_s").GetDouble(), w.GetProperty("end_s").GetDouble()))
            .ToArray();
    }
}
