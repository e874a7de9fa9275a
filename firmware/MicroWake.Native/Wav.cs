using System.Buffers.Binary;

namespace MicroWake.Native;

/// <summary>A WAV file that cannot be used, with a message saying what it is and what was expected.</summary>
public sealed class WavFormatException : Exception
{
    public WavFormatException(string message) : base(message) { }
}

/// <summary>Audio read from a WAV file: mono 16-bit samples at <see cref="SampleRate"/>.</summary>
public sealed class WavAudio
{
    public required int SampleRate { get; init; }
    public required short[] Samples { get; init; }
    /// <summary>What the file held, e.g. "44100 Hz stereo 24-bit PCM".</summary>
    public required string SourceFormat { get; init; }
    /// <summary>Set when the audio was converted on reading (resampled, mixed down, requantized).</summary>
    public string? Conversion { get; init; }

    public double Seconds => SampleRate > 0 ? (double)Samples.Length / SampleRate : 0;

    /// <summary>Little-endian PCM16 bytes, the form the engine is fed.</summary>
    public byte[] ToPcmBytes()
    {
        var bytes = new byte[Samples.Length * 2];
        for (int i = 0; i < Samples.Length; i++)
            BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), Samples[i]);
        return bytes;
    }
}

/// <summary>
/// WAV reading and writing. MicroWake's audio is 16 kHz mono 16-bit PCM; <see cref="Read(string,bool)"/>
/// refuses anything else with a message that says what the file holds, or, when asked to convert,
/// mixes down to mono, converts 8/24/32-bit PCM and 32/64-bit float to 16-bit and resamples to
/// 16 kHz, and says so in <see cref="WavAudio.Conversion"/>. Every header field is checked
/// against the file: a truncated file or a header that lies is an error, never a crash.
/// </summary>
public static class Wav
{
    public const int SampleRate = 16000;
    private const ushort FormatPcm = 1;
    private const ushort FormatFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;

    public static WavAudio Read(string path, bool convert = false)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new WavFormatException($"{path}: file not found");
        }
        catch (DirectoryNotFoundException)
        {
            throw new WavFormatException($"{path}: file not found");
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            throw new WavFormatException($"{path}: cannot read ({e.Message})");
        }
        return Parse(bytes, path, convert);
    }

    public static WavAudio Parse(byte[] file, string name, bool convert = false)
    {
        Format fmt = ReadHeader(file, name, out int dataOffset, out int dataLength);
        string described = fmt.Describe();
        bool native = fmt.Encoding == FormatPcm && fmt.Bits == 16 && fmt.Channels == 1 && fmt.Rate == SampleRate;
        if (!native && !convert)
            throw new WavFormatException($"{name}: {described}; MicroWake needs {SampleRate} Hz mono 16-bit PCM (convert it, e.g. sox in.wav -r 16000 -c 1 -b 16 out.wav, or pass --resample)");

        int frames = dataLength / fmt.BlockAlign;
        if (native)
        {
            var samples = new short[frames];
            for (int i = 0; i < frames; i++)
                samples[i] = BinaryPrimitives.ReadInt16LittleEndian(file.AsSpan(dataOffset + 2 * i));
            return new WavAudio { SampleRate = SampleRate, Samples = samples, SourceFormat = described };
        }

        float[] mono = DecodeToMono(file.AsSpan(dataOffset, frames * fmt.BlockAlign), fmt, frames);
        float[] resampled = fmt.Rate == SampleRate ? mono : Resample(mono, fmt.Rate, SampleRate);
        var converted = new short[resampled.Length];
        for (int i = 0; i < resampled.Length; i++)
            converted[i] = (short)Math.Clamp(MathF.Round(resampled[i] * 32768f), short.MinValue, short.MaxValue);
        return new WavAudio
        {
            SampleRate = SampleRate,
            Samples = converted,
            SourceFormat = described,
            Conversion = $"converted {described} to {SampleRate} Hz mono 16-bit PCM",
        };
    }

    /// <summary>Writes 16 kHz (or <paramref name="rate"/>) mono 16-bit PCM.</summary>
    public static void Write(string path, ReadOnlySpan<short> samples, int rate = SampleRate)
    {
        int dataBytes = samples.Length * 2;
        var file = new byte[44 + dataBytes];
        var s = file.AsSpan();
        "RIFF"u8.CopyTo(s);
        BinaryPrimitives.WriteInt32LittleEndian(s.Slice(4), 36 + dataBytes);
        "WAVE"u8.CopyTo(s.Slice(8));
        "fmt "u8.CopyTo(s.Slice(12));
        BinaryPrimitives.WriteInt32LittleEndian(s.Slice(16), 16);
        BinaryPrimitives.WriteUInt16LittleEndian(s.Slice(20), FormatPcm);
        BinaryPrimitives.WriteUInt16LittleEndian(s.Slice(22), 1);
        BinaryPrimitives.WriteInt32LittleEndian(s.Slice(24), rate);
        BinaryPrimitives.WriteInt32LittleEndian(s.Slice(28), rate * 2);
        BinaryPrimitives.WriteUInt16LittleEndian(s.Slice(32), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(s.Slice(34), 16);
        "data"u8.CopyTo(s.Slice(36));
        BinaryPrimitives.WriteInt32LittleEndian(s.Slice(40), dataBytes);
        for (int i = 0; i < samples.Length; i++)
            BinaryPrimitives.WriteInt16LittleEndian(s.Slice(44 + 2 * i), samples[i]);
        File.WriteAllBytes(path, file);
    }

    private readonly record struct Format(ushort Encoding, ushort Channels, int Rate, ushort BlockAlign, ushort Bits)
    {
        public string Describe()
        {
            string channels = Channels switch { 1 => "mono", 2 => "stereo", _ => $"{Channels}-channel" };
            string kind = Encoding switch
            {
                FormatPcm => "PCM",
                FormatFloat => "float",
                _ => $"format 0x{Encoding:X4} (not PCM)",
            };
            return $"{Rate} Hz {channels} {Bits}-bit {kind}";
        }
    }

    private static Format ReadHeader(byte[] file, string name, out int dataOffset, out int dataLength)
    {
        if (file.Length < 12 || !file.AsSpan(0, 4).SequenceEqual("RIFF"u8) || !file.AsSpan(8, 4).SequenceEqual("WAVE"u8))
            throw new WavFormatException($"{name}: not a WAV file (no RIFF/WAVE header)");
        long riffEnd = 8L + BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(4));
        if (riffEnd > file.Length)
            throw new WavFormatException($"{name}: truncated WAV file (header says {riffEnd} bytes, file has {file.Length})");

        Format? fmt = null;
        dataOffset = -1;
        dataLength = 0;
        long pos = 12;
        while (pos + 8 <= riffEnd)
        {
            ReadOnlySpan<byte> id = file.AsSpan((int)pos, 4);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan((int)pos + 4));
            long body = pos + 8;
            if (body + size > riffEnd)
                throw new WavFormatException($"{name}: truncated WAV file ('{ChunkName(id)}' chunk says {size} bytes, only {riffEnd - body} follow)");
            if (id.SequenceEqual("fmt "u8))
            {
                if (fmt != null)
                    throw new WavFormatException($"{name}: invalid WAV file (two 'fmt ' chunks)");
                fmt = ParseFmt(file.AsSpan((int)body, (int)size), name);
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (fmt == null)
                    throw new WavFormatException($"{name}: invalid WAV file (no 'fmt ' chunk before the data)");
                if (dataOffset >= 0)
                    throw new WavFormatException($"{name}: invalid WAV file (two 'data' chunks)");
                if (size % fmt.Value.BlockAlign != 0)
                    throw new WavFormatException($"{name}: invalid WAV file (data size {size} is not a whole number of {fmt.Value.BlockAlign}-byte frames)");
                dataOffset = (int)body;
                dataLength = (int)size;
            }
            // RIFF chunks are padded to an even size.
            pos = body + size + (size & 1);
        }
        if (fmt == null)
            throw new WavFormatException($"{name}: invalid WAV file (no 'fmt ' chunk)");
        if (dataOffset < 0)
            throw new WavFormatException($"{name}: invalid WAV file (no 'data' chunk)");
        return fmt.Value;
    }

    private static Format ParseFmt(ReadOnlySpan<byte> c, string name)
    {
        if (c.Length < 16)
            throw new WavFormatException($"{name}: invalid WAV file ('fmt ' chunk is {c.Length} bytes, at least 16 needed)");
        ushort encoding = BinaryPrimitives.ReadUInt16LittleEndian(c);
        ushort channels = BinaryPrimitives.ReadUInt16LittleEndian(c.Slice(2));
        uint rate = BinaryPrimitives.ReadUInt32LittleEndian(c.Slice(4));
        uint byteRate = BinaryPrimitives.ReadUInt32LittleEndian(c.Slice(8));
        ushort blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(c.Slice(12));
        ushort bits = BinaryPrimitives.ReadUInt16LittleEndian(c.Slice(14));
        if (encoding == FormatExtensible)
        {
            // WAVE_FORMAT_EXTENSIBLE: the real format tag opens the sub-format GUID at offset 24.
            if (c.Length < 40)
                throw new WavFormatException($"{name}: invalid WAV file (extensible 'fmt ' chunk is {c.Length} bytes, 40 needed)");
            encoding = BinaryPrimitives.ReadUInt16LittleEndian(c.Slice(24));
        }
        if (channels == 0 || rate == 0 || rate > 1_000_000 || bits == 0 || bits % 8 != 0)
            throw new WavFormatException($"{name}: invalid WAV header ({channels} channels, {rate} Hz, {bits} bits per sample)");
        if (blockAlign != channels * (bits / 8) || byteRate != rate * blockAlign)
            throw new WavFormatException($"{name}: invalid WAV header (block align {blockAlign} and byte rate {byteRate} do not match {channels} channels of {bits} bits at {rate} Hz)");
        return new Format(encoding, channels, (int)rate, blockAlign, bits);
    }

    private static string ChunkName(ReadOnlySpan<byte> id)
    {
        var chars = new char[4];
        for (int i = 0; i < 4; i++)
            chars[i] = id[i] >= 32 && id[i] < 127 ? (char)id[i] : '?';
        return new string(chars);
    }

    private static float[] DecodeToMono(ReadOnlySpan<byte> data, Format fmt, int frames)
    {
        int width = fmt.Bits / 8;
        bool isFloat = fmt.Encoding == FormatFloat;
        if (!(fmt.Encoding == FormatPcm && width <= 4) && !(isFloat && (width == 4 || width == 8)))
            throw new WavFormatException($"{fmt.Describe()} cannot be converted (only 8/16/24/32-bit PCM and 32/64-bit float)");
        var mono = new float[frames];
        for (int f = 0; f < frames; f++)
        {
            double sum = 0;
            for (int ch = 0; ch < fmt.Channels; ch++)
            {
                ReadOnlySpan<byte> s = data.Slice(f * fmt.BlockAlign + ch * width, width);
                sum += (isFloat, width) switch
                {
                    (true, 4) => BinaryPrimitives.ReadSingleLittleEndian(s),
                    (true, _) => BinaryPrimitives.ReadDoubleLittleEndian(s),
                    (false, 1) => (s[0] - 128) / 128.0,
                    (false, 2) => BinaryPrimitives.ReadInt16LittleEndian(s) / 32768.0,
                    (false, 3) => ((s[0] << 8 | s[1] << 16 | s[2] << 24) >> 8) / 8388608.0,
                    _ => BinaryPrimitives.ReadInt32LittleEndian(s) / 2147483648.0,
                };
            }
            mono[f] = (float)(sum / fmt.Channels);
        }
        return mono;
    }

    /// <summary>
    /// Band-limited resampling: each output sample is a Hann-windowed sinc interpolation of the
    /// input, with the cut-off at the lower of the two Nyquist frequencies (no aliasing when
    /// downsampling).
    /// </summary>
    public static float[] Resample(float[] input, int fromRate, int toRate)
    {
        const int halfTaps = 16;
        double ratio = (double)toRate / fromRate;
        double cutoff = Math.Min(1.0, ratio);
        long outLength = (long)Math.Floor(input.LongLength * ratio);
        var output = new float[outLength];
        double reach = halfTaps / cutoff;
        for (long n = 0; n < outLength; n++)
        {
            double t = n / ratio;
            long first = (long)Math.Ceiling(t - reach), last = (long)Math.Floor(t + reach);
            double acc = 0;
            for (long k = Math.Max(first, 0); k <= Math.Min(last, input.LongLength - 1); k++)
            {
                double x = (k - t) * cutoff;
                double sinc = x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
                double window = 0.5 + 0.5 * Math.Cos(Math.PI * (k - t) / reach);
                acc += input[k] * sinc * window * cutoff;
            }
            output[n] = (float)acc;
        }
        return output;
    }
}
