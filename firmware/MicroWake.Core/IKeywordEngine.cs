namespace MicroWake.Core
{
    /// <summary>
    /// The streaming keyword engine (native front end + int8 network). Implemented by the
    /// host's P/Invoke binding and by the device's InternalCall binding; both call the same
    /// C API (native-interop/include/microwake.h, mw_engine_*).
    /// </summary>
    public interface IKeywordEngine
    {
        /// <summary>Opens a model from a .tflite byte array. Throws EngineException with the native reason.</summary>
        void OpenModel(byte[] model);

        /// <summary>Number of classes the open model scores.</summary>
        int ClassCount { get; }

        /// <summary>Label of class <paramref name="index"/>.</summary>
        string GetLabel(int index);

        /// <summary>Detection defaults the model carries in its metadata.</summary>
        ModelDefaults GetDefaults();

        /// <summary>
        /// Feeds little-endian 16-bit PCM bytes pcm[offset .. offset+count). Does bounded work:
        /// returns after one inference completed or when the bytes are used up, with the number
        /// of bytes consumed. Callers loop until all bytes are consumed and read the scores
        /// whenever <see cref="ScoresReady"/> is true.
        /// </summary>
        int Feed(byte[] pcm, int offset, int count);

        /// <summary>True when the last Feed call completed an inference.</summary>
        bool ScoresReady { get; }

        /// <summary>Copies the latest scores (0..1, ClassCount values) into <paramref name="scores"/>.</summary>
        void GetScores(float[] scores);

        /// <summary>Milliseconds of audio consumed since open or reset (the time base of detections).</summary>
        long AudioMilliseconds { get; }

        /// <summary>Clears audio history and scores.</summary>
        void Reset();
    }
}
