using Xunit;

namespace MicroWake.Trainer.Tests;

/// <summary>The streaming evaluation: several thresholds decided on one recording.</summary>
public class StreamingEvaluationTests
{
    [Fact]
    public void EveryThresholdOfOneRunMatchesItsOwnRun()
    {
        var (model, settings, clips) = RepoPaths.CommittedModelAndClips();
        var noise = new NoiseBank(Directory.GetFiles(Path.Combine(RepoPaths.SpeechVal, SpeechDataset.NoiseFolder), "*.wav"));
        float[] thresholds = { 0.3f, 0.6f, 0.95f };
        StreamingResult[] shared = Evaluator.Streaming(model, settings, clips, noise, 2, 11, thresholds);
        Assert.Equal(thresholds.Length, shared.Length);
        for (int k = 0; k < thresholds.Length; k++)
        {
            StreamingResult alone = Evaluator.Streaming(model, settings, clips, noise, 2, 11, new[] { thresholds[k] })[0];
            Assert.Equal((alone.Keywords, alone.Hits, alone.Misses, alone.Confusions, alone.FalseAccepts),
                (shared[k].Keywords, shared[k].Hits, shared[k].Misses, shared[k].Confusions, shared[k].FalseAccepts));
            Assert.Equal(alone.Keywords, alone.Hits + alone.Misses);
        }
        // The recording holds keywords, the low threshold finds some, and the strict one accepts no more.
        Assert.True(shared[0].Keywords >= 5, $"{shared[0].Keywords} keywords in 2 minutes");
        Assert.True(shared[0].Hits > 0);
        Assert.True(shared[2].Hits + shared[2].FalseAccepts <= shared[0].Hits + shared[0].FalseAccepts);
    }
}
