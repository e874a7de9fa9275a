using System.Runtime.InteropServices;

namespace MicroWake.Native;

// Blittable mirrors of the structs in native-interop/include/microwake.h. Field order and
// sizes must match the header exactly; NativeLayoutTests checks the sizes.

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MwDiag
{
    public const int MessageSize = 192;
    public int Status;
    public fixed byte Message[MessageSize];
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MwTensorInfo
{
    public const int MaxDims = 6;
    public const int NameSize = 64;
    public int Type;
    public int NDims;
    public fixed int Dims[MaxDims];
    public uint Bytes;
    public float Scale;
    public int ZeroPoint;
    public fixed byte Name[NameSize];
}

[StructLayout(LayoutKind.Sequential)]
internal struct MwFrontendConfig
{
    public int Kind;
    public int SampleRate;
    public int WindowSamples;
    public int HopSamples;
    public int FftSize;
    public int WindowFn;
    public int NumMelBands;
    public float LowerHz;
    public float UpperHz;
    public int NumCoeffs;
    public float LogFloor;
    public float OutScale;
    public int OutZeroPoint;
    public int FramesPerWindow;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MwModelSettings
{
    public const int MaxLabels = 16;
    public const int MaxLabelLen = 24;
    public MwFrontendConfig Frontend;
    public int LabelCount;
    public fixed byte Labels[MaxLabels * MaxLabelLen];
    public int InferEveryHops;
    public float Threshold;
    public int AverageWindowMs;
    public int MinCount;
    public int SuppressionMs;
}

[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MwEngineOptions
{
    public MwModelSettings* Settings;
    public int InferEveryHops;
    public int MaxOpsPerCall;
}

[StructLayout(LayoutKind.Sequential)]
internal struct MwEngineStats
{
    public ulong Samples;
    public ulong Frames;
    public ulong Inferences;
    public ulong DroppedFrames;
}

/// <summary>P/Invoke declarations for the whole public C API (microwake.h), one to one.</summary>
internal static unsafe partial class NativeMethods
{
    public const string Library = "microwake";

    public const int MW_OK = 0;
    public const int MW_ERR_NOT_FOUND = 15;

    [LibraryImport(Library)] public static partial byte* mw_status_message(int status);

    // Interpreter
    [LibraryImport(Library)] public static partial int mw_interpreter_arena_size(byte* model, nuint modelLen, nuint* arenaBytes, MwDiag* diag);
    [LibraryImport(Library)] public static partial int mw_interpreter_init(IntPtr* interp, byte* model, nuint modelLen, void* arena, nuint arenaLen, MwDiag* diag);
    [LibraryImport(Library)] public static partial int mw_interpreter_input_count(IntPtr interp, int* count);
    [LibraryImport(Library)] public static partial int mw_interpreter_output_count(IntPtr interp, int* count);
    [LibraryImport(Library)] public static partial int mw_interpreter_input_info(IntPtr interp, int index, MwTensorInfo* info);
    [LibraryImport(Library)] public static partial int mw_interpreter_output_info(IntPtr interp, int index, MwTensorInfo* info);
    [LibraryImport(Library)] public static partial int mw_interpreter_set_input(IntPtr interp, int index, void* data, nuint len);
    [LibraryImport(Library)] public static partial int mw_interpreter_get_output(IntPtr interp, int index, void* data, nuint len);
    [LibraryImport(Library)] public static partial int mw_interpreter_input_data(IntPtr interp, int index, void** data, nuint* len);
    [LibraryImport(Library)] public static partial int mw_interpreter_output_data(IntPtr interp, int index, void** data, nuint* len);
    [LibraryImport(Library)] public static partial int mw_interpreter_invoke(IntPtr interp);
    [LibraryImport(Library)] public static partial int mw_interpreter_invoke_step(IntPtr interp, int maxOps, int* done);
    [LibraryImport(Library)] public static partial int mw_interpreter_operator_count(IntPtr interp, int* count);
    [LibraryImport(Library)] public static partial int mw_interpreter_macs(IntPtr interp, ulong* macs);
    [LibraryImport(Library)] public static partial int mw_model_metadata(byte* model, nuint modelLen, byte* name, byte** data, nuint* len);

    // Front ends
    [LibraryImport(Library)] public static partial int mw_frontend_default_config(int kind, MwFrontendConfig* cfg);
    [LibraryImport(Library)] public static partial int mw_frontend_frame_size(MwFrontendConfig* cfg, int* values);
    [LibraryImport(Library)] public static partial int mw_frontend_arena_size(MwFrontendConfig* cfg, nuint* arenaBytes);
    [LibraryImport(Library)] public static partial int mw_frontend_init(IntPtr* fe, MwFrontendConfig* cfg, void* arena, nuint arenaLen);
    [LibraryImport(Library)] public static partial int mw_frontend_reset(IntPtr fe);
    [LibraryImport(Library)] public static partial int mw_frontend_process(IntPtr fe, byte* pcm, nuint pcmLen, nuint* consumed,
        sbyte* frame, nuint frameLen, float* raw, nuint rawLen, int* frameReady);

    // Model settings
    [LibraryImport(Library)] public static partial int mw_model_read_settings(byte* model, nuint modelLen, MwModelSettings* settings, MwDiag* diag);

    // Engine
    [LibraryImport(Library)] public static partial int mw_engine_arena_size(byte* model, nuint modelLen, MwEngineOptions* opt, nuint* arenaBytes, MwDiag* diag);
    [LibraryImport(Library)] public static partial int mw_engine_init(IntPtr* engine, byte* model, nuint modelLen, MwEngineOptions* opt,
        void* arena, nuint arenaLen, MwDiag* diag);
    [LibraryImport(Library)] public static partial int mw_engine_reset(IntPtr engine);
    [LibraryImport(Library)] public static partial int mw_engine_feed(IntPtr engine, byte* pcm, nuint pcmLen, nuint* consumed, int* scoresReady);
    [LibraryImport(Library)] public static partial int mw_engine_class_count(IntPtr engine, int* count);
    [LibraryImport(Library)] public static partial int mw_engine_scores(IntPtr engine, float* scores, nuint count);
    [LibraryImport(Library)] public static partial int mw_engine_label(IntPtr engine, int index, byte* buf, nuint bufLen);
    [LibraryImport(Library)] public static partial int mw_engine_settings(IntPtr engine, MwModelSettings* settings);
    [LibraryImport(Library)] public static partial int mw_engine_stats_get(IntPtr engine, MwEngineStats* stats);
}
