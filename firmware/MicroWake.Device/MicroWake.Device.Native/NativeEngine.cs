using System.Runtime.CompilerServices;

namespace MicroWake.Device.Native
{
    /// <summary>
    /// The InternalCall entry points of MicroWake's native engine, implemented in the firmware by
    /// native-interop/nanoframework (handlers named Library_microwake_native_MicroWake_Device_Native_NativeEngine::*,
    /// which call the plain C glue mw_nf_glue.h and the C API microwake.h).
    ///
    /// This class must stay the only type in its assembly and hold nothing but static externs (and
    /// constants): the firmware's method table follows the declaration order and its checksum covers
    /// every method here. Changing anything means a new stub build, a new firmware image and a bumped
    /// AssemblyNativeVersion (tests/MicroWake.Boards.Tests/NativeBindingTests checks the C++ side).
    ///
    /// Status codes are mw_status values (0 = MW_OK); GetLastError() gives the text of the last one.
    /// Null arrays and out-of-range offsets or counts throw from the native side.
    /// </summary>
    public static class NativeEngine
    {
        /// <summary>GetDefaults value order (mw_nf_glue.h MW_NF_DEFAULT_*).</summary>
        public const int DefaultThreshold = 0;
        public const int DefaultAverageWindowMs = 1;
        public const int DefaultMinCount = 2;
        public const int DefaultSuppressionMs = 3;
        public const int DefaultInferEveryHops = 4;
        public const int DefaultHopMs = 5;
        public const int DefaultSampleRate = 6;
        public const int DefaultCount = 7;

        /// <summary>GetStats value order (MW_NF_STAT_*).</summary>
        public const int StatSamples = 0;
        public const int StatFrames = 1;
        public const int StatInferences = 2;
        public const int StatDroppedFrames = 3;
        public const int StatAudioMs = 4;
        /// <summary>Bytes the native capture ring dropped because the loop fell behind (STM32).</summary>
        public const int StatCaptureOverruns = 5;
        public const int StatCount = 6;

        /// <summary>TakeInputLevels value order (MW_NF_LEVEL_*).</summary>
        public const int LevelSamples = 0;
        public const int LevelZeros = 1;
        public const int LevelClipped = 2;
        public const int LevelPeak = 3;
        public const int LevelCount = 4;

        /// <summary>mw_status MW_ERR_STATE: no model open, or no native capture in this firmware.</summary>
        public const int StatusState = 13;

        /// <summary>Opens the model compiled into the firmware (flash). maxOpsPerCall &gt; 0 spreads an inference over several Feed calls.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int OpenBuiltIn(int maxOpsPerCall);

        /// <summary>Opens a .tflite with MicroWake metadata from a byte array (copied into the firmware's model buffer). A refused model leaves the open one running.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int Open(byte[] model, int maxOpsPerCall);

        /// <summary>Raw microphone format for Condition: slot width 16|32, slots per frame 1|2, the slot to keep, gain (Q8, 256 = 0 dB), DC removal.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int ConfigureInput(int bitsPerSample, int channels, int channel, int gainQ8, bool removeDc);

        /// <summary>Raw microphone bytes raw[offset..offset+count) to int16 LE PCM at pcm[0..]; progress[0] = raw bytes used, progress[1] = PCM bytes written.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int Condition(byte[] raw, int offset, int count, byte[] pcm, int[] progress);

        /// <summary>Feeds int16 LE PCM; progress[0] = bytes consumed, progress[1] = 1 when an inference completed (at most one per call).</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int Feed(byte[] pcm, int offset, int count, int[] progress);

        /// <summary>Number of classes, or -status.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int GetClassCount();

        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int GetScores(float[] scores);

        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern string GetLabel(int index);

        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int GetDefaults(float[] values);

        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int GetStats(long[] values);

        /// <summary>Raw input levels since the last call: samples, zeros, clipped, peak (16-bit units).</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int TakeInputLevels(int[] values);

        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int Reset();

        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern string GetLastError();

        /// <summary>Starts native I2S capture (STM32/ChibiOS firmware): rate, slot width 16|32, channel 0 (left) or 1 (right).</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int CaptureStart(int sampleRate, int bitsPerSample, int channel);

        /// <summary>Copies captured bytes (one slot per sample); returns the count, or -status. Never blocks.</summary>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int CaptureRead(byte[] buffer, int offset, int count);

        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int CaptureStop();
    }
}
