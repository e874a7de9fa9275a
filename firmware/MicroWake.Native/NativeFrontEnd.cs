using System.Runtime.InteropServices;

namespace MicroWake.Native;

/// <summary>Feature frames computed from a stretch of audio: Count frames of FrameSize values each.</summary>
public sealed class FeatureFrames
{
    public required int Count { get; init; }
    public required int FrameSize { get; init; }
    /// <summary>int8 model-input values, frame after frame.</summary>
    public required sbyte[] Values { get; init; }
    /// <summary>Values before int8 quantization (MFCC coefficients, or the TFLM front end's uint16
    /// values); null unless asked for.</summary>
    public float[]? Raw { get; init; }
}

/// <summary>
/// The native streaming front end (mw_frontend_*): 16 kHz PCM16 in, one int8 feature frame per
/// hop out. The very code the device runs; the trainer computes its training features with it.
/// </summary>
public sealed unsafe class NativeFrontEnd : IDisposable
{
    private readonly NativeBlock _arena;
    private IntPtr _handle;

    public NativeFrontEnd(FrontEndConfig config)
    {
        Config = config.Clone();
        MwFrontendConfig cfg = Config.ToNative();
        nuint bytes;
        NativeStatus.Check(NativeMethods.mw_frontend_arena_size(&cfg, &bytes), $"front end '{FrontEndConfig.Name(config.Kind)}'");
        int frameSize;
        NativeStatus.Check(NativeMethods.mw_frontend_frame_size(&cfg, &frameSize), "front-end frame size");
        FrameSize = frameSize;
        _arena = new NativeBlock(bytes);
        IntPtr handle;
        int status = NativeMethods.mw_frontend_init(&handle, &cfg, _arena.Pointer, _arena.Size);
        if (status != NativeMethods.MW_OK)
        {
            _arena.Dispose();
            NativeStatus.Check(status, $"front end '{FrontEndConfig.Name(config.Kind)}'");
        }
        _handle = handle;
    }

    public FrontEndConfig Config { get; }
    public int FrameSize { get; }
    public long ArenaBytes => (long)_arena.Size;

    public void Reset() => NativeStatus.Check(NativeMethods.mw_frontend_reset(Handle), "front-end reset");

    /// <summary>
    /// Consumes PCM bytes until one frame is complete or the input is used up (mw_frontend_process).
    /// Returns the bytes consumed; when <paramref name="frameReady"/> is true, <paramref name="frame"/>
    /// (and <paramref name="raw"/> unless empty) hold the new frame.
    /// </summary>
    public int Process(ReadOnlySpan<byte> pcm, Span<sbyte> frame, Span<float> raw, out bool frameReady)
    {
        nuint consumed;
        int ready;
        fixed (byte* p = pcm)
        fixed (sbyte* f = frame)
        fixed (float* r = raw)
        {
            NativeStatus.Check(NativeMethods.mw_frontend_process(Handle, p, (nuint)pcm.Length, &consumed,
                f, (nuint)frame.Length, raw.IsEmpty ? null : r, (nuint)raw.Length, &ready), "front end");
        }
        frameReady = ready != 0;
        return (int)consumed;
    }

    /// <summary>Streams all of <paramref name="pcm"/> through the front end (continuing from its
    /// current state) and returns every frame produced.</summary>
    public FeatureFrames Compute(ReadOnlySpan<byte> pcm, bool withRaw = false)
    {
        var values = new List<sbyte>();
        var raws = withRaw ? new List<float>() : null;
        var frame = new sbyte[FrameSize];
        var raw = withRaw ? new float[FrameSize] : Array.Empty<float>();
        int count = 0;
        while (!pcm.IsEmpty)
        {
            int used = Process(pcm, frame, raw, out bool ready);
            if (ready)
            {
                values.AddRange(frame);
                raws?.AddRange(raw);
                count++;
            }
            pcm = pcm.Slice(used);
            if (used == 0 && !ready)
                throw new MicroWake.Core.EngineException(16, "front end consumed no input and produced no frame");
        }
        return new FeatureFrames { Count = count, FrameSize = FrameSize, Values = values.ToArray(), Raw = raws?.ToArray() };
    }

    /// <summary>Same for samples in memory (the host is little-endian, like the PCM the C API expects).</summary>
    public FeatureFrames Compute(ReadOnlySpan<short> samples, bool withRaw = false) =>
        Compute(MemoryMarshal.AsBytes(samples), withRaw);

    private IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(NativeFrontEnd));

    public void Dispose()
    {
        _handle = IntPtr.Zero;
        _arena.Dispose();
    }
}
