namespace MicroWake.Native;

public enum FrontEndKind
{
    Mfcc = 1,
    TflmMicro = 2,
}

/// <summary>Managed copy of mw_frontend_config (see microwake.h for the meaning of each field).</summary>
public sealed class FrontEndConfig
{
    public FrontEndKind Kind { get; set; }
    public int SampleRate { get; set; }
    public int WindowSamples { get; set; }
    public int HopSamples { get; set; }
    public int FftSize { get; set; }
    /// <summary>1 Hann, 2 Hamming (MFCC).</summary>
    public int WindowFunction { get; set; }
    public int MelBands { get; set; }
    public float LowerHz { get; set; }
    public float UpperHz { get; set; }
    public int Coefficients { get; set; }
    public float LogFloor { get; set; }
    public float OutScale { get; set; }
    public int OutZeroPoint { get; set; }
    public int FramesPerWindow { get; set; }

    /// <summary>The front end's own defaults (mw_frontend_default_config).</summary>
    public static unsafe FrontEndConfig Default(FrontEndKind kind)
    {
        MwFrontendConfig cfg;
        NativeStatus.Check(NativeMethods.mw_frontend_default_config((int)kind, &cfg), $"front end '{Name(kind)}'");
        return From(cfg);
    }

    /// <summary>"mfcc" or "tflm-micro", the names used in model metadata and on the command line.</summary>
    public static string Name(FrontEndKind kind) => kind == FrontEndKind.TflmMicro ? "tflm-micro" : "mfcc";

    public static bool TryParseName(string name, out FrontEndKind kind)
    {
        switch (name)
        {
            case "mfcc": kind = FrontEndKind.Mfcc; return true;
            case "tflm-micro": kind = FrontEndKind.TflmMicro; return true;
            default: kind = FrontEndKind.Mfcc; return false;
        }
    }

    /// <summary>Values per feature frame (mw_frontend_frame_size).</summary>
    public unsafe int FrameSize
    {
        get
        {
            MwFrontendConfig cfg = ToNative();
            int values;
            NativeStatus.Check(NativeMethods.mw_frontend_frame_size(&cfg, &values), "front-end configuration");
            return values;
        }
    }

    public FrontEndConfig Clone() => (FrontEndConfig)MemberwiseClone();

    internal static FrontEndConfig From(in MwFrontendConfig c) => new()
    {
        Kind = (FrontEndKind)c.Kind,
        SampleRate = c.SampleRate,
        WindowSamples = c.WindowSamples,
        HopSamples = c.HopSamples,
        FftSize = c.FftSize,
        WindowFunction = c.WindowFn,
        MelBands = c.NumMelBands,
        LowerHz = c.LowerHz,
        UpperHz = c.UpperHz,
        Coefficients = c.NumCoeffs,
        LogFloor = c.LogFloor,
        OutScale = c.OutScale,
        OutZeroPoint = c.OutZeroPoint,
        FramesPerWindow = c.FramesPerWindow,
    };

    internal MwFrontendConfig ToNative() => new()
    {
        Kind = (int)Kind,
        SampleRate = SampleRate,
        WindowSamples = WindowSamples,
        HopSamples = HopSamples,
        FftSize = FftSize,
        WindowFn = WindowFunction,
        NumMelBands = MelBands,
        LowerHz = LowerHz,
        UpperHz = UpperHz,
        NumCoeffs = Coefficients,
        LogFloor = LogFloor,
        OutScale = OutScale,
        OutZeroPoint = OutZeroPoint,
        FramesPerWindow = FramesPerWindow,
    };
}
