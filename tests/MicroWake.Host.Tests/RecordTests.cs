using MicroWake.Host.Recording;
using MicroWake.Native;
using Xunit;

namespace MicroWake.Host.Tests;

/// <summary>The record command and the splitter that cuts a recording into one-second word clips.</summary>
public class RecordTests
{
    private const int Rate = UtteranceSplitter.Rate;

    /// <summary>Continuous noise at about -55 dBFS with tone bursts ("words") of the given starts and lengths (s).</summary>
    private static short[] Recording(double seconds, params (double Start, double Length, double Amplitude)[] words)
    {
        var rng = new Random(5);
        var x = new double[(int)(seconds * Rate)];
        for (int i = 0; i < x.Length; i++)
            x[i] = (rng.NextDouble() - 0.5) * 2 * 100;
        foreach (var (start, length, amplitude) in words)
        {
            int a = (int)(start * Rate), n = (int)(length * Rate);
            for (int i = 0; i < n; i++)
            {
                double env = Math.Sin(Math.PI * i / n); // rises and falls like a syllable
                x[a + i] += amplitude * env * (Math.Sin(2 * Math.PI * 220 * i / Rate) + 0.5 * Math.Sin(2 * Math.PI * 660 * i / Rate));
            }
        }
        return x.Select(v => (short)Math.Clamp(Math.Round(v), short.MinValue, short.MaxValue)).ToArray();
    }

    private static List<SplitResult> Split(short[] audio, int chunk)
    {
        var splitter = new UtteranceSplitter();
        var results = new List<SplitResult>();
        for (int i = 0; i < audio.Length; i += chunk)
            splitter.Feed(audio.AsSpan(i, Math.Min(chunk, audio.Length - i)), results);
        splitter.Flush(results);
        return results;
    }

    [Fact]
    public void EachWordBecomesOneSecondHoldingTheWholeWord()
    {
        double[] starts = { 1.0, 2.6, 4.1, 5.9, 7.4 };
        short[] audio = Recording(9.0, starts.Select(s => (s, 0.45, 6000.0)).ToArray());
        var results = Split(audio, 4096);
        Assert.Equal(starts.Length, results.Count);
        for (int k = 0; k < starts.Length; k++)
        {
            SplitResult r = results[k];
            Assert.Null(r.Rejection);
            Assert.Equal(Rate, r.Clip!.Length);
            Assert.InRange(r.WordStartSample / (double)Rate, starts[k] - 0.08, starts[k] + 0.1);
            Assert.InRange(r.WordSeconds, 0.25, 0.5);
            // The burst's loudest point (its middle) sits near the middle of the clip.
            int loudest = Enumerable.Range(0, Rate / 320).MaxBy(f => r.Clip.Skip(f * 320).Take(320).Sum(v => (double)v * v));
            Assert.InRange(loudest * 320, Rate / 2 - 2400, Rate / 2 + 2400);
        }
    }

    [Fact]
    public void ChunkingNeverChangesTheClips()
    {
        short[] audio = Recording(6.0, (1.0, 0.4, 5000), (2.7, 0.6, 9000), (4.4, 0.3, 3000));
        var whole = Split(audio, audio.Length);
        Assert.Equal(3, whole.Count(r => r.Clip != null));
        foreach (int chunk in new[] { 1, 7, 320, 333 })
        {
            var part = Split(audio, chunk);
            Assert.Equal(whole.Count, part.Count);
            for (int k = 0; k < whole.Count; k++)
            {
                Assert.Equal(whole[k].WordStartSample, part[k].WordStartSample);
                Assert.Equal(whole[k].Clip, part[k].Clip);
            }
        }
    }

    [Fact]
    public void BadWordsAreReportedNotSaved()
    {
        // Clipped; longer than a second; two words too close (each has the other inside its second); a click.
        short[] audio = Recording(12.0, (1.0, 0.4, 40000), (3.0, 1.6, 6000), (6.5, 0.3, 6000), (7.12, 0.3, 6000), (10.0, 0.04, 8000));
        var results = Split(audio, 1000);
        Assert.All(results, r => Assert.Null(r.Clip));
        Assert.Equal(4, results.Count); // the 40 ms click is not a word at all
        Assert.Contains("clipped", results[0].Rejection);
        Assert.Contains("longer than a second", results[1].Rejection);
        Assert.Contains("another sound", results[2].Rejection);
        Assert.Contains("another sound", results[3].Rejection);
    }

    [Fact]
    public void RecordSplitsAWavIntoTheTrainersLayoutWithoutOverwriting()
    {
        string dir = TestData.TempDir();
        short[] audio = Recording(7.0, (1.0, 0.5, 7000), (2.8, 0.4, 7000), (4.6, 0.5, 30000 * 2), (5.8, 0.4, 7000));
        string wav = Path.Combine(dir, "take.wav");
        Wav.Write(wav, audio);
        string data = Path.Combine(dir, "mydata");

        CliResult first = TestData.RunCli("record", "--word", "lights", "--out", data, "--input", wav, "--speaker", "Anna B");
        Assert.True(first.Exit == 0, first.ToString());
        Assert.Contains("skipped the word at 4.", first.Out);
        Assert.Contains("saved 3 clip(s) of 'lights' for speaker 'annab'", first.Out);
        string[] files = Directory.GetFiles(Path.Combine(data, "lights")).Select(Path.GetFileName).OrderBy(f => f).ToArray()!;
        Assert.Equal(new[] { "annab_nohash_0.wav", "annab_nohash_1.wav", "annab_nohash_2.wav" }, files);
        WavAudio clip = Wav.Read(Path.Combine(data, "lights", files[1]));
        Assert.Equal((16000, 16000), (clip.SampleRate, clip.Samples.Length));

        // A second take of the same speaker continues the numbering; --count stops early.
        byte[] before = File.ReadAllBytes(Path.Combine(data, "lights", files[0]));
        CliResult second = TestData.RunCli("record", "--word", "lights", "--out", data, "--input", wav, "--speaker", "annab", "--count", "2");
        Assert.True(second.Exit == 0, second.ToString());
        Assert.Contains("saved 2 clip(s)", second.Out);
        Assert.Equal(5, Directory.GetFiles(Path.Combine(data, "lights")).Length);
        Assert.True(File.Exists(Path.Combine(data, "lights", "annab_nohash_4.wav")));
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(data, "lights", files[0])));
    }

    [Fact]
    public void RealSpeechClipsComeOutAsTheDefaultModelHearsThem()
    {
        // Twenty held-out "yes" clips said one after another over a steady background, as someone
        // recording their own words would; the cut clips must still be "yes" to the default model.
        var rng = new Random(2);
        var take = new List<short>(new short[Rate]);
        string[] sources = Directory.GetFiles(Path.Combine(TestData.Repo, "tests", "data", "speech-val", "yes"), "*.wav").OrderBy(f => f).ToArray();
        foreach (string f in sources)
        {
            short[] x = Wav.Read(f).Samples;
            double rms = Math.Sqrt(x.Average(v => (double)v * v)) + 1e-9;
            double g = 32768 * Math.Pow(10, -26 / 20.0) / rms;
            take.AddRange(x.Select(v => (short)Math.Clamp(v * g, -32767, 32767)));
            take.AddRange(new short[Rate * 4 / 5]);
        }
        short[] audio = take.Select(v => (short)Math.Clamp(v + (rng.NextDouble() - 0.5) * 200, -32767, 32767)).ToArray();
        string dir = TestData.TempDir();
        string wav = Path.Combine(dir, "take.wav");
        Wav.Write(wav, audio);

        CliResult rec = TestData.RunCli("record", "--word", "yes", "--out", Path.Combine(dir, "data"), "--input", wav, "--speaker", "t");
        Assert.True(rec.Exit == 0, rec.ToString());
        string model = Path.Combine(TestData.Repo, "models", "yes_no", "yes_no.tflite");
        static int Yes(CliResult r) => r.OutLines.Count(l => l.Split('\t') is { Length: 3 } f && f[1] == "yes");
        CliResult cut = TestData.RunCli("classify", "--model", model, Path.Combine(dir, "data", "yes"));
        CliResult original = TestData.RunCli(new[] { "classify", "--model", model }.Concat(sources).ToArray());
        int saved = Directory.GetFiles(Path.Combine(dir, "data", "yes")).Length;
        Assert.True(saved >= sources.Length - 2, rec.ToString());
        Assert.True(Yes(original) >= sources.Length - 3, original.Out); // the comparison means something
        Assert.True(Yes(cut) >= Yes(original) - 1, $"cut clips heard as yes: {Yes(cut)} of {saved}; originals: {Yes(original)} of {sources.Length}\n{cut.Out}");
    }

    [Fact]
    public void RecordReadsRawPcmFromStdin()
    {
        string dir = TestData.TempDir();
        short[] audio = Recording(4.0, (1.0, 0.5, 7000), (2.6, 0.4, 7000));
        byte[] pcm = new byte[audio.Length * 2];
        Buffer.BlockCopy(audio, 0, pcm, 0, pcm.Length);
        CliResult r = TestData.RunCliWithStdin(pcm, "record", "--word", "go", "--out", dir, "--stdin", "--speaker", "x");
        Assert.True(r.Exit == 0, r.ToString());
        Assert.Contains("saved 2 clip(s)", r.Out);
    }

    [Theory]
    [InlineData(2, "'record' needs --word", "record", "--out", "d")]
    [InlineData(2, "use letters, digits", "record", "--word", "../up", "--out", "d")]
    [InlineData(2, "give one source", "record", "--word", "up", "--out", "d", "--stdin", "--input", "x.wav")]
    [InlineData(2, "--count 0 (no limit) is for --input", "record", "--word", "up", "--out", "d", "--count", "0")]
    [InlineData(2, "--speaker '___'", "record", "--word", "up", "--out", "d", "--speaker", "___", "--stdin")]
    [InlineData(2, "--max-seconds must be", "record", "--word", "up", "--out", "d", "--max-seconds", "-1", "--stdin")]
    [InlineData(1, "missing.wav", "record", "--word", "up", "--out", "d", "--input", "missing.wav")]
    public void BadArgumentsGetOneClearLine(int exit, string message, params string[] args)
    {
        string dir = TestData.TempDir();
        string[] a = args.Select(x => x == "d" ? Path.Combine(dir, "d") : x == "missing.wav" ? Path.Combine(dir, "missing.wav") : x).ToArray();
        CliResult r = TestData.RunCli(a);
        Assert.True(r.Exit == exit, r.ToString());
        Assert.Single(r.ErrLines, l => l.StartsWith("error: "));
        Assert.Contains(message, r.Err);
    }

    [Fact]
    public void MicrophoneCaptureRunsThroughAlsa()
    {
        // ALSA's "null" device records silence: the capture path runs end to end without a sound card.
        string dir = TestData.TempDir();
        CliResult r = TestData.RunCli("record", "--word", "up", "--out", dir, "--device", "null", "--max-seconds", "1", "--count", "3");
        if (r.Exit == 1 && r.Err.Contains("libasound.so.2 not found"))
            return; // no ALSA on this machine: the message is the behaviour
        Assert.True(r.Exit == 0, r.ToString());
        Assert.Contains("say 'up' (1/3)", r.Out);
        Assert.Contains("saved 0 clip(s)", r.Out);
        Assert.Contains("1.0 s of audio", r.Out);
        Assert.Contains("no word was heard", r.Err);

        CliResult bad = TestData.RunCli("record", "--word", "up", "--out", dir, "--device", "no-such-device", "--count", "3");
        Assert.Equal(1, bad.Exit);
        Assert.Contains("cannot open ALSA capture device 'no-such-device'", bad.Err);
    }
}
