using System;
using MicroWake.Core;
using MicroWake.Device.Native;

namespace MicroWake.Device
{
    /// <summary>
    /// IKeywordEngine over the firmware's native engine (InternalCall binding NativeEngine). There is one
    /// native engine per firmware, so there is one instance of this class. All buffers are allocated here
    /// once; Feed and GetScores allocate nothing.
    /// </summary>
    public sealed class NativeKeywordEngine : IKeywordEngine
    {
        private readonly int _maxOpsPerFeed;
        private readonly int[] _progress = new int[2];
        private readonly float[] _defaults = new float[NativeEngine.DefaultCount];
        private readonly long[] _stats = new long[NativeEngine.StatCount];
        private int _classCount;
        private bool _scoresReady;

        /// <param name="maxOpsPerFeed">0: one Feed call may run a whole inference; &gt;0: spread it (board timing).</param>
        public NativeKeywordEngine(int maxOpsPerFeed)
        {
            _maxOpsPerFeed = maxOpsPerFeed;
        }

        /// <summary>Opens the model compiled into the firmware.</summary>
        public void OpenBuiltIn()
        {
            Check(NativeEngine.OpenBuiltIn(_maxOpsPerFeed));
            Opened();
        }

        public void OpenModel(byte[] model)
        {
            if (model == null)
            {
                throw new ArgumentNullException("model");
            }

            Check(NativeEngine.Open(model, _maxOpsPerFeed));
            Opened();
        }

        public int ClassCount
        {
            get { return _classCount; }
        }

        public string GetLabel(int index)
        {
            return NativeEngine.GetLabel(index);
        }

        public ModelDefaults GetDefaults()
        {
            Check(NativeEngine.GetDefaults(_defaults));
            ModelDefaults d = new ModelDefaults();
            d.Threshold = _defaults[NativeEngine.DefaultThreshold];
            d.AverageWindowMs = (int)_defaults[NativeEngine.DefaultAverageWindowMs];
            d.MinCount = (int)_defaults[NativeEngine.DefaultMinCount];
            d.SuppressionMs = (int)_defaults[NativeEngine.DefaultSuppressionMs];
            d.InferEveryHops = (int)_defaults[NativeEngine.DefaultInferEveryHops];
            d.HopMs = (int)_defaults[NativeEngine.DefaultHopMs];
            d.SampleRate = (int)_defaults[NativeEngine.DefaultSampleRate];
            return d;
        }

        public int Feed(byte[] pcm, int offset, int count)
        {
            Check(NativeEngine.Feed(pcm, offset, count, _progress));
            _scoresReady = _progress[1] != 0;
            return _progress[0];
        }

        public bool ScoresReady
        {
            get { return _scoresReady; }
        }

        public void GetScores(float[] scores)
        {
            Check(NativeEngine.GetScores(scores));
        }

        public long AudioMilliseconds
        {
            get
            {
                Check(NativeEngine.GetStats(_stats));
                return _stats[NativeEngine.StatAudioMs];
            }
        }

        /// <summary>Bytes the native capture dropped so far (the loop fell behind its budget); 0 with managed I2S.</summary>
        public long CaptureOverruns
        {
            get
            {
                Check(NativeEngine.GetStats(_stats));
                return _stats[NativeEngine.StatCaptureOverruns];
            }
        }

        public void Reset()
        {
            Check(NativeEngine.Reset());
            _scoresReady = false;
        }

        /// <summary>The raw microphone format Condition converts from (see NativeEngine.ConfigureInput).</summary>
        public void ConfigureInput(int bitsPerSample, int channels, int channel, int gainQ8, bool removeDc)
        {
            Check(NativeEngine.ConfigureInput(bitsPerSample, channels, channel, gainQ8, removeDc));
        }

        /// <summary>Raw microphone bytes to int16 PCM in <paramref name="pcm"/>; returns the PCM byte count.</summary>
        public int Condition(byte[] raw, int offset, int count, byte[] pcm)
        {
            Check(NativeEngine.Condition(raw, offset, count, pcm, _progress));
            if (_progress[0] != count)
            {
                throw new EngineException(14, "PCM buffer too small for " + count.ToString() + " raw bytes");
            }

            return _progress[1];
        }

        /// <summary>Raw input levels since the last call (NativeEngine.Level* order).</summary>
        public void TakeInputLevels(int[] levels)
        {
            Check(NativeEngine.TakeInputLevels(levels));
        }

        private void Opened()
        {
            int count = NativeEngine.GetClassCount();
            if (count < 0)
            {
                Check(-count);
            }

            _classCount = count;
            _scoresReady = false;
        }

        private static void Check(int status)
        {
            if (status != 0)
            {
                throw new EngineException(status, NativeEngine.GetLastError());
            }
        }
    }
}
