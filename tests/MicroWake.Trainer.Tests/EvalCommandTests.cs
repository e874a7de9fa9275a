using MicroWake.Native;
using Xunit;

namespace MicroWake.Trainer.Tests;

/// <summary>The eval command's listing of wrong decisions.</summary>
public class EvalCommandTests
{
    [Fact]
    public void ErrorsListsEveryWrongDecisionWithItsScores()
    {
        byte[] model = File.ReadAllBytes(RepoPaths.Tflite);
        ModelSettings s = ModelSettings.Read(model)!;
        var clips = RepoPaths.AllClips(RepoPaths.SpeechVal, s.Labels);
        ClipMetrics m = Evaluator.Clips(model, clips, s.Labels);
        int wrong = (int)Math.Round(m.MissRate(s.Threshold) * m.KeywordClips + m.FalseAcceptRate(s.Threshold) * m.OtherClips);
        Assert.True(wrong > 0, "the committed model errs on some of these clips, so the listing has lines to check");

        var stdout = new StringWriter();
        var saved = Console.Out;
        Console.SetOut(stdout);
        try
        {
            Assert.Equal(0, Pipeline.Eval(Options.Parse(new[] { "--model", RepoPaths.Tflite, "--config", RepoPaths.Config,
                "--data", RepoPaths.SpeechVal, "--errors" })));
        }
        finally
        {
            Console.SetOut(saved);
        }
        var lines = stdout.ToString().Split('\n').Where(l => l.Contains('\t')).ToList();
        Assert.Equal(wrong, lines.Count);
        Assert.All(lines, l =>
        {
            string[] f = l.Split('\t');
            Assert.True(File.Exists(f[0]), f[0]);
            Assert.Contains(" -> ", f[1]);
            Assert.Contains("yes=", f[2]);
        });
    }
}
