using System.Buffers.Binary;
using MicroWake.Native;
using Xunit;

namespace MicroWake.Host.Tests;

public class WavTests
{
    /// <summary>Builds a WAV file with any header values, lying or not.</summary>
    internal static byte[] BuildWav(int rate = 16000, int channels = 1, int bits = 16, int format = 1, byte[]? data = null,
        int? dataSizeField = null, int? riffSizeField = null, bool includeFmt = true, byte[]? extraChunk = null)
    {
        data ??= new byte[3200];
        var ms = new MemoryStream();
        var w = new BinaryWriter(ms);
        int blockAlign = channels * bits / 8;
        w.Write("RIFF"u8.ToArray());
        w.Write(0); // patched below
        w.Write("WAVE"u8.ToArray());
        if (includeFmt)
        {
            w.Write("fmt "u8.ToArray());
            w.Write(16);
            w.Write((ushort)format);
            w.Write((ushort)channels);
            w.Write(rate);
            w.Write(rate * blockAlign);
            w.Write((ushort)blockAlign);
            w.Write((ushort)bits);
        }
        if (extraChunk != null)
            w.Write(extraChunk);
        w.Write("data"u8.ToArray());
        w.Write(dataSizeField ?? data.Length);
        w.Write(data);
        byte[] bytes = ms.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), riffSizeField ?? bytes.Length - 8);
        return bytes;
    }

    private static byte[] Pcm16(params short[] samples)
    {
        var b = new byte[samples.Length * 2];
        for (int i = 0; i < samples.Length; i++)
            BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(2 * i), samples[i]);
        return b;
    }

    [Fact]
    public void ReadsPcm16Mono16kSampleForSample()
    {
        byte[] wav = BuildWav(data: Pcm16(0, 1, -1, short.MaxValue, short.MinValue, 1234));
        WavAudio audio = Wav.Parse(wav, "t.wav");
        Assert.Equal(new short[] { 0, 1, -1, short.MaxValue, short.MinValue, 1234 }, audio.Samples);
        Assert.Equal(16000, audio.SampleRate);
        Assert.Null(audio.Conversion);
    }

    [Fact]
    public void WriteThenReadRoundTrips()
    {
        string path = Path.Combine(TestData.TempDir(), "rt.wav");
        var samples = Enumerable.Range(0, 16000).Select(i => (short)(i * 7 % 65536 - 32768)).ToArray();
        Wav.Write(path, samples);
        Assert.Equal(samples, Wav.Read(path).Samples);
    }

    [Fact]
    public void ReadsTheMicroSpeechTestClip()
    {
        WavAudio audio = Wav.Read(TestData.Clip("yes_1000ms"));
        Assert.Equal(16000, audio.Samples.Length);
        Assert.Contains(audio.Samples, s => Math.Abs((int)s) > 1000);
    }

    [Theory]
    [InlineData(44100, 1, 16, 1, "44100 Hz mono 16-bit PCM")]
    [InlineData(8000, 1, 16, 1, "8000 Hz mono 16-bit PCM")]
    [InlineData(16000, 2, 16, 1, "16000 Hz stereo 16-bit PCM")]
    [InlineData(16000, 1, 8, 1, "16000 Hz mono 8-bit PCM")]
    [InlineData(16000, 1, 24, 1, "16000 Hz mono 24-bit PCM")]
    [InlineData(16000, 1, 32, 3, "16000 Hz mono 32-bit float")]
    public void RefusesOtherFormatsSayingWhatItGot(int rate, int channels, int bits, int format, string described)
    {
        byte[] wav = BuildWav(rate, channels, bits, format, data: new byte[channels * bits / 8 * 100]);
        var e = Assert.Throws<WavFormatException>(() => Wav.Parse(wav, "clip.wav"));
        Assert.Contains("clip.wav", e.Message);
        Assert.Contains(described, e.Message);
        Assert.Contains("16000 Hz mono 16-bit PCM", e.Message);
    }

    [Fact]
    public void NotAWavFile()
    {
        var e = Assert.Throws<WavFormatException>(() => Wav.Parse("hello, this is text, not audio"u8.ToArray(), "x.wav"));
        Assert.Contains("not a WAV file", e.Message);
    }

    [Fact]
    public void EveryTruncationIsAnErrorNotACrash()
    {
        byte[] wav = BuildWav(data: Pcm16(Enumerable.Range(0, 50).Select(i => (short)i).ToArray()));
        for (int length = 0; length < wav.Length; length++)
        {
            // RIFF size still claims the whole file: everything shorter is truncated.
            var e = Assert.Throws<WavFormatException>(() => Wav.Parse(wav.AsSpan(0, length).ToArray(), "cut.wav"));
            Assert.StartsWith("cut.wav: ", e.Message);
        }
    }

    [Fact]
    public void DataSizePastTheEndIsAnError()
    {
        byte[] wav = BuildWav(data: new byte[100], dataSizeField: 1_000_000);
        var e = Assert.Throws<WavFormatException>(() => Wav.Parse(wav, "lie.wav"));
        Assert.Contains("truncated", e.Message);
        Assert.Contains("1000000", e.Message);
    }

    [Fact]
    public void HugeSizeFieldsAreErrors()
    {
        byte[] wav = BuildWav(data: new byte[100], dataSizeField: -1, riffSizeField: -1);
        Assert.Throws<WavFormatException>(() => Wav.Parse(wav, "lie.wav"));
    }

    [Fact]
    public void MissingFmtIsAnError()
    {
        var e = Assert.Throws<WavFormatException>(() => Wav.Parse(BuildWav(includeFmt: false), "nofmt.wav"));
        Assert.Contains("no 'fmt ' chunk", e.Message);
    }

    [Fact]
    public void HalfASampleOfDataIsAnError()
    {
        byte[] wav = BuildWav(data: new byte[101]);
        var e = Assert.Throws<WavFormatException>(() => Wav.Parse(wav, "odd.wav"));
        Assert.Contains("data size 101", e.Message);
    }

    [Fact]
    public void OddSizedChunkWithPadByteIsSkipped()
    {
        // A 3-byte LIST chunk is followed by one pad byte, as RIFF requires.
        byte[] list = "LIST"u8.ToArray().Concat(BitConverter.GetBytes(3)).Concat(new byte[] { 1, 2, 3, 0 }).ToArray();
        WavAudio audio = Wav.Parse(BuildWav(data: Pcm16(5, 6, 7), extraChunk: list), "list.wav");
        Assert.Equal(new short[] { 5, 6, 7 }, audio.Samples);
    }

    [Fact]
    public void OddSizedChunkWithoutPadByteIsAnError()
    {
        byte[] list = "LIST"u8.ToArray().Concat(BitConverter.GetBytes(3)).Concat(new byte[] { 1, 2, 3 }).ToArray();
        Assert.Throws<WavFormatException>(() => Wav.Parse(BuildWav(data: Pcm16(5, 6, 7), extraChunk: list), "list.wav"));
    }

    [Fact]
    public void InconsistentBlockAlignIsAnError()
    {
        byte[] wav = BuildWav();
        BinaryPrimitives.WriteUInt16LittleEndian(wav.AsSpan(32), 4); // block align 4 for mono 16-bit
        var e = Assert.Throws<WavFormatException>(() => Wav.Parse(wav, "align.wav"));
        Assert.Contains("block align", e.Message);
    }

    [Fact]
    public void RandomBytesAfterAValidHeaderNeverCrash()
    {
        var random = new Random(7);
        byte[] good = BuildWav(data: new byte[64]);
        for (int trial = 0; trial < 2000; trial++)
        {
            byte[] bad = (byte[])good.Clone();
            int flips = 1 + random.Next(4);
            for (int f = 0; f < flips; f++)
                bad[random.Next(bad.Length)] = (byte)random.Next(256);
            try
            {
                Wav.Parse(bad, "fuzz.wav", convert: random.Next(2) == 0);
            }
            catch (WavFormatException)
            {
            }
        }
    }

    [Fact]
    public void ConvertsStereo44kToMono16kAndSaysSo()
    {
        // 1 s of a 1 kHz tone, left and right equal.
        const int rate = 44100;
        var data = new byte[rate * 4];
        for (int i = 0; i < rate; i++)
        {
            short s = (short)(10000 * Math.Sin(2 * Math.PI * 1000 * i / rate));
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(4 * i), s);
            BinaryPrimitives.WriteInt16LittleEndian(data.AsSpan(4 * i + 2), s);
        }
        WavAudio audio = Wav.Parse(BuildWav(rate, 2, 16, 1, data), "tone.wav", convert: true);
        Assert.Equal(16000, audio.SampleRate);
        Assert.Equal(16000, audio.Samples.Length);
        Assert.Contains("44100 Hz stereo 16-bit PCM", audio.Conversion);
        // Same tone: 1000 Hz has 2 zero crossings per ms; amplitude kept within 2 %.
        int crossings = 0;
        for (int i = 1000; i < 15000; i++)
            if ((audio.Samples[i - 1] < 0) != (audio.Samples[i] < 0))
                crossings++;
        Assert.InRange(crossings, 2 * 14000 / 16 - 4, 2 * 14000 / 16 + 4);
        Assert.InRange(audio.Samples.Skip(1000).Take(14000).Max(s => (int)s), 9800, 10200);
    }

    [Fact]
    public void DownsamplingDoesNotAlias()
    {
        // At 48 kHz: a 3 kHz tone must pass to 16 kHz; a 12 kHz tone (above the new 8 kHz Nyquist) must vanish.
        const int rate = 48000;
        foreach (var (freq, survives) in new[] { (3000, true), (12000, false) })
        {
            var samples = new float[rate];
            for (int i = 0; i < rate; i++)
                samples[i] = 0.5f * (float)Math.Sin(2 * Math.PI * freq * i / rate);
            float[] out16 = Wav.Resample(samples, rate, 16000);
            double rms = Math.Sqrt(out16.Skip(500).Take(15000).Average(v => (double)v * v));
            if (survives)
                Assert.InRange(rms, 0.34, 0.37);
            else
                Assert.True(rms < 0.02, $"12 kHz leaked through at rms {rms}");
        }
    }

    [Fact]
    public void ConvertsExtensible24Bit()
    {
        // WAVE_FORMAT_EXTENSIBLE, 24-bit mono at 16 kHz: fmt chunk of 40 bytes, sub-format PCM.
        var ms = new MemoryStream();
        var w = new BinaryWriter(ms);
        w.Write("RIFF"u8.ToArray()); w.Write(0); w.Write("WAVE"u8.ToArray());
        w.Write("fmt "u8.ToArray()); w.Write(40);
        w.Write((ushort)0xFFFE); w.Write((ushort)1); w.Write(16000); w.Write(16000 * 3); w.Write((ushort)3); w.Write((ushort)24);
        w.Write((ushort)22); w.Write((ushort)24); w.Write(4); w.Write((ushort)1); w.Write(new byte[14]);
        w.Write("data"u8.ToArray()); w.Write(6);
        w.Write(new byte[] { 0x00, 0x00, 0x40, 0x00, 0x00, 0xC0 }); // +0.5, -0.5
        byte[] wav = ms.ToArray();
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(4), wav.Length - 8);
        Assert.Throws<WavFormatException>(() => Wav.Parse(wav, "x.wav"));
        WavAudio audio = Wav.Parse(wav, "x.wav", convert: true);
        Assert.Equal(new short[] { 16384, -16384 }, audio.Samples);
    }
}
