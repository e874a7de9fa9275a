using MicroWake.Native;

namespace MicroWake.Trainer;

/// <summary>
/// Feature extraction through the native front end (libmicrowake via MicroWake.Native): the
/// same C code the device runs, so training and deployment see identical features. Frames are
/// taken before int8 quantization (the model's input quantization is chosen from their range),
/// then quantized exactly as the front end does: q = round(v / scale) + zero_point, clamped.
/// </summary>
public sealed class FeatureExtractor : IDisposable
{
    readonly NativeFrontEnd _fe;
    readonly int _frames, _coeffs, _samples;

    public FeatureExtractor(ModelConfig c)
    {
        _fe = new NativeFrontEnd(FrontEnd(c, 1f, 0));
        _frames = c.Frames;
        _coeffs = c.Coeffs;
        _samples = c.ClipSamples;
        if (_fe.FrameSize != c.Coeffs)
        {
            throw new TrainerException($"front end gives {_fe.FrameSize} values per frame, config says coeffs={c.Coeffs}");
        }
    }

    /// <summary>The native front-end configuration of a model config with a given int8 output quantization.</summary>
    public static FrontEndConfig FrontEnd(ModelConfig c, float outScale, int outZeroPoint) => new()
    {
        Kind = FrontEndKind.Mfcc,
        SampleRate = c.SampleRate,
        WindowSamples = c.WindowSamples,
        HopSamples = c.HopSamples,
        FftSize = c.FftSize,
        WindowFunction = c.WindowFn == "hamming" ? 2 : 1,
        MelBands = c.MelBands,
        LowerHz = c.LowerHz,
        UpperHz = c.UpperHz,
        Coefficients = c.Coeffs,
        LogFloor = c.LogFloor,
        OutScale = outScale,
        OutZeroPoint = outZeroPoint,
        FramesPerWindow = c.Frames,
    };

    /// <summary>Float MFCC frames [frames * coeffs] of exactly one input window of audio.</summary>
    public float[] Raw(float[] audio)
    {
        if (audio.Length != _samples) { throw new ArgumentException($"need {_samples} samples"); }
        short[] pcm = Audio.ToShorts(audio);
        _fe.Reset();
        FeatureFrames f = _fe.Compute(pcm, withRaw: true);
        if (f.Count < _frames) { throw new TrainerException($"front end gave {f.Count} frames for {_samples} samples, need {_frames}"); }
        return f.Raw!.AsSpan((f.Count - _frames) * _coeffs, _frames * _coeffs).ToArray();
    }

    public static sbyte[] Quantize(float[] raw, float scale, int zeroPoint)
    {
        var q = new sbyte[raw.Length];
        for (int i = 0; i < raw.Length; i++)
        {
            q[i] = (sbyte)Math.Clamp((int)MathF.Round(raw[i] / scale) + zeroPoint, -128, 127);
        }
        return q;
    }

    public void Dispose() => _fe.Dispose();
}
