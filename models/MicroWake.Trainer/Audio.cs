using MicroWake.Native;

namespace MicroWake.Trainer;

/// <summary>
/// Float views of 16 kHz mono PCM16 audio, on top of MicroWake.Native's WAV reader and writer
/// (the same checks the host app applies).
/// </summary>
public static class Audio
{
    public const int SampleRate = Wav.SampleRate;

    /// <summary>Reads a 16 kHz mono PCM16 WAV into floats in [-1, 1); anything else is a clear error.</summary>
    public static float[] Read(string path) => ToFloats(Load(path, convert: false));

    /// <summary>Reads any PCM/float WAV, converted (resampled, down-mixed) to 16 kHz mono.</summary>
    public static float[] ReadConverted(string path) => ToFloats(Load(path, convert: true));

    public static void Write(string path, float[] x) => Wav.Write(path, ToShorts(x));

    static short[] Load(string path, bool convert)
    {
        try
        {
            return Wav.Read(path, convert).Samples;
        }
        catch (WavFormatException e)
        {
            throw new TrainerException(e.Message);
        }
    }

    static float[] ToFloats(short[] s)
    {
        var x = new float[s.Length];
        for (int i = 0; i < s.Length; i++) { x[i] = s[i] / 32768f; }
        return x;
    }

    /// <summary>Floats to int16, rounded and clipped.</summary>
    public static short[] ToShorts(float[] x)
    {
        var s = new short[x.Length];
        for (int i = 0; i < x.Length; i++) { s[i] = (short)Math.Clamp((int)MathF.Round(x[i] * 32768f), short.MinValue, short.MaxValue); }
        return s;
    }

    /// <summary>Floats to little-endian PCM16 bytes (what the engine's Feed takes).</summary>
    public static byte[] ToPcm16(float[] x)
    {
        short[] s = ToShorts(x);
        var b = new byte[s.Length * 2];
        Buffer.BlockCopy(s, 0, b, 0, b.Length);
        return b;
    }
}
