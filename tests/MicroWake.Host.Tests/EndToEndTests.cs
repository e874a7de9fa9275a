using System.Text.Json;
using MicroWake.Native;
using Xunit;

namespace MicroWake.Host.Tests;

/// <summary>WAV in, detections out: micro_speech with the TFLM front end, and the demo with the default model.</summary>
public class EndToEndTests
{
    /// <summary>silence, yes, silence, no, silence, silence: 6 s of the micro_speech test clips.</summary>
    internal static short[] YesNoStream()
    {
        var parts = new[] { "silence_1000ms", "yes_1000ms", "silence_1000ms", "no_1000ms", "silence_1000ms", "silence_1000ms" };
        return parts.SelectMany(p => Wav.Read(TestData.Clip(p)).Samples).ToArray();
    }

    [Fact]
    public void ClassifyMicroSpeechClips()
    {
        string[] clips = { "yes_1000ms", "no_1000ms", "silence_1000ms", "noise_1000ms" };
        CliResult r = TestData.RunCli(new[] { "classify", "--model", TestData.MicroSpeech }
            .Concat(clips.Select(TestData.Clip)).Concat(TestData.MicroSpeechArgs).ToArray());
        Assert.True(r.Exit == 0, r.ToString());
        string[] labels = r.OutLines.Select(l => l.Split('\t')[1]).ToArray();
        Assert.Equal(new[] { "yes", "no", "silence", "silence" }, labels);
        Assert.All(r.OutLines, l => Assert.Equal(3, l.Split('\t').Length));
    }

    [Fact]
    public void ClassifyJsonHasAllScores()
    {
        CliResult r = TestData.RunCli(new[] { "classify", "--model", TestData.MicroSpeech, "--format", "json", TestData.Clip("no_1000ms") }
            .Concat(TestData.MicroSpeechArgs).ToArray());
        Assert.True(r.Exit == 0, r.ToString());
        using var doc = JsonDocument.Parse(r.Out);
        JsonElement clip = doc.RootElement.GetProperty("clips")[0];
        Assert.Equal("no", clip.GetProperty("label").GetString());
        var scores = clip.GetProperty("scores");
        Assert.Equal(4, scores.EnumerateObject().Count());
        // TFLM's output for this clip is int8 [-128,-114,-128,114]: no = 242/256.
        Assert.Equal(242 / 256.0, scores.GetProperty("no").GetDouble(), 4);
        Assert.Equal(14 / 256.0, scores.GetProperty("unknown").GetDouble(), 4);
    }

    [Fact]
    public void ClassifyKeywordBelowThresholdFallsBackToSilenceOrUnknown()
    {
        // no scores 0.945 on this clip: with a threshold above that, the device would not act.
        CliResult r = TestData.RunCli(new[] { "classify", "--model", TestData.MicroSpeech, "--threshold", "0.95", TestData.Clip("no_1000ms") }
            .Concat(TestData.MicroSpeechArgs).ToArray());
        Assert.True(r.Exit == 0, r.ToString());
        Assert.Equal("unknown", r.OutLines[0].Split('\t')[1]);
    }

    private static List<JsonElement> Events(CliResult r) =>
        r.OutLines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    private static void AssertYesThenNo(List<JsonElement> events)
    {
        var detections = events.Where(e => e.GetProperty("event").GetString() == "detection").ToList();
        Assert.True(detections.Count == 2, string.Join("\n", events));
        Assert.Equal("yes", detections[0].GetProperty("label").GetString());
        Assert.InRange(detections[0].GetProperty("time_s").GetDouble(), 1.0, 3.0);
        Assert.Equal("no", detections[1].GetProperty("label").GetString());
        Assert.InRange(detections[1].GetProperty("time_s").GetDouble(), 3.0, 5.0);
        Assert.All(detections, d => Assert.InRange(d.GetProperty("score").GetDouble(), 200 / 255.0, 1.0));
        // The board follows: green for yes, red for no, and a pulse on the keyword's pin.
        Assert.Contains(events, e => e.GetProperty("event").GetString() == "led" && e.GetProperty("color").GetString() == "green");
        Assert.Contains(events, e => e.GetProperty("event").GetString() == "led" && e.GetProperty("color").GetString() == "red");
        Assert.Contains(events, e => e.GetProperty("event").GetString() == "pin" && e.GetProperty("name").GetString() == "GPIO26" && e.GetProperty("level").GetInt32() == 1);
        Assert.Contains(events, e => e.GetProperty("event").GetString() == "pin" && e.GetProperty("name").GetString() == "GPIO27" && e.GetProperty("level").GetInt32() == 1);
        JsonElement end = events.Last();
        Assert.Equal("end", end.GetProperty("event").GetString());
        Assert.Equal(6.0, end.GetProperty("time_s").GetDouble(), 2);
    }

    [Fact]
    public void ListenDetectsYesThenNo()
    {
        string path = Path.Combine(TestData.TempDir(), "yes_no.wav");
        Wav.Write(path, YesNoStream());
        CliResult r = TestData.RunCli(new[] { "listen", "--model", TestData.MicroSpeech, "--format", "jsonl", path }.Concat(TestData.MicroSpeechArgs).ToArray());
        Assert.True(r.Exit == 0, r.ToString());
        AssertYesThenNo(Events(r));
    }

    [Fact]
    public void ListenOnStdinGivesTheSameTimelineAsTheFile()
    {
        short[] samples = YesNoStream();
        string path = Path.Combine(TestData.TempDir(), "yes_no.wav");
        Wav.Write(path, samples);
        var pcm = new byte[samples.Length * 2];
        Buffer.BlockCopy(samples, 0, pcm, 0, pcm.Length);
        string[] common = new[] { "listen", "--model", TestData.MicroSpeech }.Concat(TestData.MicroSpeechArgs).ToArray();
        CliResult fromFile = TestData.RunCli(common.Append(path).ToArray());
        CliResult fromStdin = TestData.RunCliWithStdin(pcm, common.Append("--stdin").ToArray());
        Assert.True(fromStdin.Exit == 0, fromStdin.ToString());
        Assert.Equal(fromFile.Out, fromStdin.Out);
        Assert.Contains("DETECTED yes", fromFile.Out);
        Assert.Contains("LED rgb -> green", fromFile.Out);
        Assert.Contains("GPIO26 pulse 500 ms", fromFile.Out);
    }

    [Fact]
    public void ListenShowsTheLedAndPinsOfABoardConfig()
    {
        string path = Path.Combine(TestData.TempDir(), "yes_no.wav");
        Wav.Write(path, YesNoStream());
        string board = Path.Combine(TestData.Repo, "board-configs", "esp32-devkitc-inmp441.json");
        CliResult r = TestData.RunCli(new[] { "listen", "--model", TestData.MicroSpeech, "--board", board, path }.Concat(TestData.MicroSpeechArgs).ToArray());
        Assert.True(r.Exit == 0, r.ToString());
        // That board: a mono status LED on GPIO2, yes pulses GPIO26 for 1 s, no pulses GPIO27.
        Assert.Contains("LED led-gpio2 -> green", r.Out);
        Assert.Contains("GPIO26 pulse 1000 ms", r.Out);
        Assert.Contains("GPIO27 pulse 1000 ms", r.Out);
    }

    [Fact]
    public void UnknownBoardIsOneLine()
    {
        CliResult r = TestData.RunCli(new[] { "listen", "--model", TestData.MicroSpeech, "--board", "no-such-board", TestData.Clip("yes_1000ms") }
            .Concat(TestData.MicroSpeechArgs).ToArray());
        Assert.Equal(1, r.Exit);
        Assert.Single(r.ErrLines);
        Assert.StartsWith("error: --board no-such-board: ", r.ErrLines[0]);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void ThresholdOverrideSilencesDetections()
    {
        string path = Path.Combine(TestData.TempDir(), "yes_no.wav");
        Wav.Write(path, YesNoStream());
        CliResult r = TestData.RunCli(new[] { "listen", "--model", TestData.MicroSpeech, "--format", "jsonl", "--threshold", "1", path }
            .Concat(TestData.MicroSpeechArgs).ToArray());
        Assert.True(r.Exit == 0, r.ToString());
        Assert.DoesNotContain(Events(r), e => e.GetProperty("event").GetString() == "detection");
    }

    [Fact]
    public void DemoRunsTheRecordingThroughAnyModel()
    {
        CliResult r = TestData.RunCli(new[] { "demo", "--format", "jsonl", "--model", TestData.MicroSpeech }.Concat(TestData.MicroSpeechArgs).ToArray());
        Assert.True(r.Exit == 0, r.ToString());
        List<JsonElement> events = Events(r);
        Assert.Equal(12.0, events.Single(e => e.GetProperty("event").GetString() == "end").GetProperty("time_s").GetDouble(), 2);
        JsonElement result = events.Single(e => e.GetProperty("event").GetString() == "demo_result");
        Assert.Equal(4, result.GetProperty("keywords_expected").GetInt32());
    }

    [Fact]
    public void DemoDetectsTheSpokenKeywordsOrSaysTheModelIsMissing()
    {
        string model = Path.Combine(TestData.Repo, RepoFiles.DefaultModel);
        if (!File.Exists(model))
        {
            CliResult missing = TestData.RunCli("demo", "--format", "jsonl");
            Assert.Equal(1, missing.Exit);
            Assert.Contains("default model models/yes_no/yes_no.tflite was not found", missing.Err);
            return;
        }
        CliResult r = TestData.RunCli("demo", "--format", "jsonl", "--model", model);
        Assert.True(r.Exit == 0, r.ToString());
        JsonElement result = Events(r).Single(e => e.GetProperty("event").GetString() == "demo_result");
        Assert.Equal(4, result.GetProperty("keywords_expected").GetInt32());
        Assert.True(result.GetProperty("keywords_found").GetInt32() == 4, r.Out);
        Assert.True(result.GetProperty("false_detections").GetInt32() == 0, r.Out);
    }
}
