using Xunit;

namespace MicroWake.Trainer.Tests;

/// <summary>Split, configuration, quantization parameters and flatbuffer layout.</summary>
public class PipelinePartsTests
{
    [Theory]
    [InlineData("thegtagamer--PICO-tinyML-benchmark__03401e93_nohash_0.wav", "03401e93")]
    [InlineData("JackBL248--blspeech-commands__left_60402b64_nohash_3.wav", "60402b64")]
    [InlineData("3cfc6b3a_nohash_1.wav", "3cfc6b3a")]
    [InlineData("tensorflow--tflite-micro__no_1000ms.wav", "tensorflow--tflite-micro__no_1000ms")]
    public void SpeakerIsTheHashBeforeNohash(string file, string speaker) =>
        Assert.Equal(speaker, SpeechDataset.SpeakerOf(file));

    [Fact]
    public void SplitKeepsEverySpeakerOnOneSideAndFollowsTheSeed()
    {
        var speakers = Enumerable.Range(0, 2000).Select(i => (i * 2654435761u).ToString("x8")).ToList();
        int val = speakers.Count(s => SpeechDataset.IsValidation(s, 1, 20));
        Assert.InRange(val, 300, 500); // ~20 %
        Assert.All(speakers, s => Assert.Equal(SpeechDataset.IsValidation(s, 1, 20), SpeechDataset.IsValidation(s, 1, 20)));
        int differ = speakers.Count(s => SpeechDataset.IsValidation(s, 1, 20) != SpeechDataset.IsValidation(s, 2, 20));
        Assert.True(differ > 200, "another seed gives another split");
        // Seed 0 is the plain Speech Commands convention (SHA-1 of the name without _nohash_).
        Assert.Equal(SpeechDataset.SplitPercent("3cfc6b3a", 0), SpeechDataset.SplitPercent("3cfc6b3a", 0));
    }

    [Fact]
    public void ConfigRejectsUnknownKeysAndBadValues()
    {
        var e = Assert.Throws<TrainerException>(() => ModelConfig.Parse(new[] { "words=yes", "epoch=3" }, "x.conf"));
        Assert.Contains("x.conf:2: unknown key 'epoch'", e.Message);
        e = Assert.Throws<TrainerException>(() => ModelConfig.Parse(new[] { "words=yes", "channels=many" }, "x.conf"));
        Assert.Contains("bad value 'many'", e.Message);
        e = Assert.Throws<TrainerException>(() => ModelConfig.Parse(new[] { "epochs=3" }, "x.conf"));
        Assert.Contains("'words'", e.Message);
        ModelConfig ok = ModelConfig.Parse(new[] { "# c", "words=on, off", "channels=16" }, "x.conf");
        Assert.Equal(new[] { "silence", "unknown", "on", "off" }, ok.Labels);
        Assert.Equal(16000, ok.ClipSamples);
    }

    [Fact]
    public void CheckpointCostIsTakenAtTheShippedThreshold()
    {
        // Four "yes" clips and four other words, scored [silence, unknown, yes, no].
        float[] kw = { 0.905f, 0.805f, 0.705f, 0.605f }, other = { 0.655f, 0.505f, 0.2f, 0.1f };
        var scores = kw.Concat(other).Select(y => new[] { 0f, 1f - y, y, 0f }).ToArray();
        var truth = new[] { 2, 2, 2, 2, 1, 1, 1, 1 };
        var m = new ClipMetrics(new[] { "silence", "unknown", "yes", "no" }, truth, scores, truth.Select(t => t == 2 ? "yes" : "go").ToArray());
        // One miss allowed: threshold 0.70 misses 0.605 and accepts no other word.
        Assert.Equal(0.70f, m.ChooseThreshold(0.25, 0.03), 3);
        Assert.Equal(0.25, m.OperatingCost(0.25, 0.03), 6);
        // No miss allowed: threshold 0.60 also accepts the 0.655 other word.
        Assert.Equal(0.60f, m.ChooseThreshold(0.0, 0.03), 3);
        Assert.Equal(0.25, m.OperatingCost(0.0, 0.03), 6);
        // No threshold keeps misses within budget: penalised above any feasible model.
        var weak = new ClipMetrics(m.Labels, truth, truth.Select(t => new[] { 0f, 0.8f, 0.2f, 0f }).ToArray(), m.Words);
        Assert.True(weak.OperatingCost(0.25, 0.03) > 1);
    }

    [Fact]
    public void UnknownShiftIsAConfigKey()
    {
        Assert.Equal(200, ModelConfig.Parse(new[] { "words=yes" }, "x.conf").UnknownShiftMs);
        Assert.Equal(400, ModelConfig.Parse(new[] { "words=yes", "unknown_shift_ms=400" }, "x.conf").UnknownShiftMs);
    }

    [Fact]
    public void NumericOptionsRefuseTextWithAClearError()
    {
        Options o = Options.Parse(new[] { "--epochs", "ten", "--threshold", "0.5", "--threshold", "high", "--stream-minutes", "NaN" });
        Assert.Equal("--epochs: expected a number, got 'ten'", Assert.Throws<TrainerException>(() => o.Int("epochs", 1)).Message);
        Assert.Contains("'NaN'", Assert.Throws<TrainerException>(() => o.Double("stream-minutes", 0)).Message);
        Assert.Equal(0.5, Options.Number("threshold", o.All("threshold")[0]));
        Assert.Contains("'high'", Assert.Throws<TrainerException>(() => Options.Number("threshold", o.All("threshold")[1])).Message);
        Assert.Equal(7, o.Int("batch", 7));
    }

    [Fact]
    public void TrainingSeedAndAugmentationStrengthsAreConfigKeys()
    {
        ModelConfig d = ModelConfig.Parse(new[] { "words=yes", "seed=5" }, "x.conf");
        Assert.Equal(5, d.TrainingSeed);
        Assert.Equal(0, d.CleanVariants);
        ModelConfig c = ModelConfig.Parse(new[] { "words=yes", "seed=5", "train_seed=9", "clean_variants=2", "noise_probability=0.5",
            "min_snr_db=10", "max_snr_db=40", "reverb_probability=0.1", "mic_probability=0.2" }, "x.conf");
        Assert.Equal(9, c.TrainingSeed);
        Assert.Equal((2, 0.5f, 10f, 40f, 0.1f, 0.2f),
            (c.CleanVariants, c.NoiseProbability, c.MinSnrDb, c.MaxSnrDb, c.ReverbProbability, c.MicProbability));
    }

    [Fact]
    public void CleanVariantKeepsTheRecordingFreeOfNoise()
    {
        string noiseDir = Path.Combine(RepoPaths.SpeechVal, SpeechDataset.NoiseFolder);
        ModelConfig always = ModelConfig.Parse(new[] { "words=yes", "noise_probability=1", "reverb_probability=1", "mic_probability=1" }, "x.conf");
        var aug = new Augmenter(new NoiseBank(Directory.GetFiles(noiseDir, "*.wav")), always);
        // A tone burst in the middle of silence: any noise, reverb tail or filter ringing fills the silence.
        var x = new float[Audio.SampleRate];
        for (int i = 6000; i < 10000; i++) { x[i] = 0.3f * MathF.Sin(i * 0.2f); }
        static int Silent(float[] y) => y.Count(v => v == 0f);
        float[] clean = aug.Apply(x, x.Length, new Random(3), isSilence: false, clean: true);
        float[] noisy = aug.Apply(x, x.Length, new Random(3), isSilence: false, clean: false);
        Assert.True(Silent(clean) > 10000, $"clean variant: {Silent(clean)} silent samples");
        Assert.True(Silent(noisy) < 100, $"augmented variant: {Silent(noisy)} silent samples");
    }

    [Theory]
    [InlineData(-3f, 5f)]
    [InlineData(0f, 12f)]
    [InlineData(-40f, -2f)]
    public void AsymmetricParamsRepresentZeroExactly(float min, float max)
    {
        var (s, zp) = Quantizer.AsymmetricParams(min, max);
        Assert.InRange(zp, -128, 127);
        Assert.True(s > 0);
        // Both ends of the range stay representable within one step.
        Assert.InRange(Math.Round(Math.Min(min, 0) / s) + zp, -128.5, -127.5);
        Assert.InRange(Math.Round(Math.Max(max, 0) / s) + zp, 126, 127.5);
    }

    [Fact]
    public void FlatBufferOffsetsPointForwardAndVectorsAreAligned()
    {
        var root = new Fb.Table()
            .Add(0, Fb.U32(3))
            .Add(1, Fb.Bytes(new byte[] { 1, 2, 3 }, 16))
            .Add(2, new Fb.Str("hi"))
            .Add(4, Fb.Longs(new long[] { -5 }));
        byte[] b = Fb.Finish(root, "TFL3");
        Assert.Equal("TFL3", System.Text.Encoding.ASCII.GetString(b, 4, 4));
        int table = BitConverter.ToInt32(b, 0);
        int vtable = table - BitConverter.ToInt32(b, table);
        Assert.Equal(4 + 2 * 5, BitConverter.ToUInt16(b, vtable));
        Assert.Equal(0, BitConverter.ToUInt16(b, vtable + 4 + 2 * 3)); // slot 3 absent
        int FieldPos(int slot) => table + BitConverter.ToUInt16(b, vtable + 4 + 2 * slot);
        Assert.Equal(3u, BitConverter.ToUInt32(b, FieldPos(0)));
        int bytesVec = FieldPos(1) + BitConverter.ToInt32(b, FieldPos(1));
        Assert.Equal(3, BitConverter.ToInt32(b, bytesVec));
        Assert.Equal(0, (bytesVec + 4) % 16);
        Assert.Equal(new byte[] { 1, 2, 3 }, b[(bytesVec + 4)..(bytesVec + 7)]);
        int str = FieldPos(2) + BitConverter.ToInt32(b, FieldPos(2));
        Assert.Equal("hi", System.Text.Encoding.UTF8.GetString(b, str + 4, BitConverter.ToInt32(b, str)));
        int longs = FieldPos(4) + BitConverter.ToInt32(b, FieldPos(4));
        Assert.Equal(0, (longs + 4) % 8);
        Assert.Equal(-5L, BitConverter.ToInt64(b, longs + 4));
    }
}
