using MicroWake.Core;

namespace MicroWake.Native;

/// <summary>
/// The host's binding of the streaming engine (mw_engine_*): PCM in, class scores out.
/// Implements the same IKeywordEngine the device's InternalCall binding does.
/// </summary>
public sealed unsafe class NativeEngine : IKeywordEngine, IDisposable
{
    private NativeBlock? _model;
    private NativeBlock? _arena;
    private IntPtr _handle;
    private string[] _labels = Array.Empty<string>();
    private ModelSettings? _settings;

    /// <summary>Opens a model that carries MicroWake metadata.</summary>
    public void OpenModel(byte[] model) => OpenModel(model, null, 0, 0);

    /// <summary>
    /// Opens a model. <paramref name="settings"/> null: from the model's metadata; otherwise used
    /// instead of it (for models without metadata). <paramref name="inferEveryHops"/> &gt; 0 overrides
    /// the settings; <paramref name="maxOpsPerCall"/> &gt; 0 spreads an inference over several Feed calls.
    /// </summary>
    public void OpenModel(byte[] model, ModelSettings? settings, int inferEveryHops, int maxOpsPerCall)
    {
        Close();
        var modelBlock = new NativeBlock(model);
        NativeBlock? arena = null;
        try
        {
            MwModelSettings native = settings?.ToNative() ?? default;
            var opt = new MwEngineOptions
            {
                Settings = settings == null ? null : &native,
                InferEveryHops = inferEveryHops,
                MaxOpsPerCall = maxOpsPerCall,
            };
            MwDiag diag = default;
            nuint bytes;
            NativeStatus.Check(NativeMethods.mw_engine_arena_size((byte*)modelBlock.Pointer, modelBlock.Size, &opt, &bytes, &diag), "", &diag);
            arena = new NativeBlock(bytes);
            IntPtr handle;
            NativeStatus.Check(NativeMethods.mw_engine_init(&handle, (byte*)modelBlock.Pointer, modelBlock.Size, &opt,
                arena.Pointer, arena.Size, &diag), "", &diag);
            _model = modelBlock;
            _arena = arena;
            _handle = handle;
        }
        catch
        {
            arena?.Dispose();
            modelBlock.Dispose();
            throw;
        }

        MwModelSettings s;
        NativeStatus.Check(NativeMethods.mw_engine_settings(_handle, &s), "engine settings");
        _settings = ModelSettings.From(s);
        int count;
        NativeStatus.Check(NativeMethods.mw_engine_class_count(_handle, &count), "class count");
        _labels = new string[count];
        byte* buf = stackalloc byte[MwModelSettings.MaxLabelLen + 1];
        for (int i = 0; i < count; i++)
        {
            NativeStatus.Check(NativeMethods.mw_engine_label(_handle, i, buf, (nuint)(MwModelSettings.MaxLabelLen + 1)), $"label {i}");
            _labels[i] = NativeStatus.FixedString(buf, MwModelSettings.MaxLabelLen + 1);
        }
        ScoresReady = false;
    }

    public int ClassCount => _labels.Length;

    public string GetLabel(int index) => _labels[index];

    public string[] Labels => (string[])_labels.Clone();

    /// <summary>The settings the engine runs with (from metadata or the caller).</summary>
    public ModelSettings Settings => _settings ?? throw new InvalidOperationException("no model is open");

    public ModelDefaults GetDefaults() => Settings.ToDefaults();

    /// <summary>Bytes of the engine's arena (front end, feature window, interpreter).</summary>
    public long ArenaBytes => _arena == null ? 0 : (long)_arena.Size;

    public bool ScoresReady { get; private set; }

    public int Feed(byte[] pcm, int offset, int count)
    {
        if (offset < 0 || count < 0 || offset > pcm.Length - count)
            throw new ArgumentOutOfRangeException(nameof(count), "offset and count must lie inside the buffer");
        return Feed(new ReadOnlySpan<byte>(pcm, offset, count));
    }

    /// <summary>Span version of <see cref="Feed(byte[], int, int)"/>.</summary>
    public int Feed(ReadOnlySpan<byte> pcm)
    {
        if (pcm.IsEmpty)
        {
            ScoresReady = false;
            return 0;
        }
        nuint consumed;
        int ready;
        fixed (byte* p = pcm)
            NativeStatus.Check(NativeMethods.mw_engine_feed(Handle, p, (nuint)pcm.Length, &consumed, &ready), "engine");
        ScoresReady = ready != 0;
        return (int)consumed;
    }

    public void GetScores(float[] scores)
    {
        if (scores.Length < ClassCount)
            throw new ArgumentException($"need room for {ClassCount} scores", nameof(scores));
        fixed (float* p = scores)
            NativeStatus.Check(NativeMethods.mw_engine_scores(Handle, p, (nuint)ClassCount), "scores");
    }

    public EngineStats Stats
    {
        get
        {
            MwEngineStats s;
            NativeStatus.Check(NativeMethods.mw_engine_stats_get(Handle, &s), "engine stats");
            return new EngineStats((long)s.Samples, (long)s.Frames, (long)s.Inferences, (long)s.DroppedFrames);
        }
    }

    public long AudioMilliseconds
    {
        get
        {
            int rate = Settings.FrontEnd.SampleRate;
            return rate <= 0 ? 0 : Stats.Samples * 1000 / rate;
        }
    }

    public void Reset()
    {
        NativeStatus.Check(NativeMethods.mw_engine_reset(Handle), "engine reset");
        ScoresReady = false;
    }

    private IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new InvalidOperationException("no model is open");

    private void Close()
    {
        _handle = IntPtr.Zero;
        _arena?.Dispose();
        _model?.Dispose();
        _arena = null;
        _model = null;
        _settings = null;
        _labels = Array.Empty<string>();
    }

    public void Dispose() => Close();
}

/// <summary>Engine counters (mw_engine_stats).</summary>
public readonly record struct EngineStats(long Samples, long Frames, long Inferences, long DroppedFrames);
