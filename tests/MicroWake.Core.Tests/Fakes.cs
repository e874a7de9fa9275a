using System;
using System.Collections.Generic;
using MicroWake.Core;

namespace MicroWake.Core.Tests
{
    /// <summary>
    /// Scripted engine: one inference per <see cref="BytesPerInference"/> bytes of PCM (640 = 20 ms at 16 kHz);
    /// inference i reports Script(i). Feed stops at an inference boundary, like the native engine.
    /// </summary>
    internal sealed class FakeEngine : IKeywordEngine
    {
        public static readonly string[] YesNoLabels = { "silence", "unknown", "yes", "no" };

        private readonly float[] _scores;
        private long _bytesSinceReset;
        private int _inferences;

        public FakeEngine(string[] labels, ModelDefaults defaults)
        {
            Labels = labels;
            Defaults = defaults;
            _scores = new float[labels.Length];
            Script = i => new float[labels.Length];
        }

        public string[] Labels;
        public ModelDefaults Defaults;
        public int BytesPerInference = 640;
        public Func<int, float[]> Script;
        public EngineException OpenError;
        public EngineException ResetError;
        /// <summary>Feed throws this once this many inferences have completed (negative: never).</summary>
        public int FailAfterInferences = -1;
        public EngineException FeedError = new EngineException(16, "native engine failed");
        /// <summary>When set, Feed returns this instead of the real consumption (contract violations).</summary>
        public int? ForcedConsumption;

        public byte[] OpenedModel;
        public int OpenCount;
        public int ResetCount;
        public int FeedCalls;
        public long BytesFed;

        public int ClassCount => Labels.Length;
        public bool ScoresReady { get; private set; }
        public long AudioMilliseconds => _bytesSinceReset / 32;
        public int Inferences => _inferences;

        public void OpenModel(byte[] model)
        {
            if (OpenError != null)
            {
                throw OpenError;
            }

            OpenedModel = model;
            OpenCount++;
            Reset();
        }

        public string GetLabel(int index) => Labels[index];

        public ModelDefaults GetDefaults() => Defaults;

        public int Feed(byte[] pcm, int offset, int count)
        {
            FeedCalls++;
            ScoresReady = false;
            if (FailAfterInferences >= 0 && _inferences >= FailAfterInferences)
            {
                throw FeedError;
            }

            if (ForcedConsumption.HasValue)
            {
                return ForcedConsumption.Value;
            }

            long toBoundary = BytesPerInference - (_bytesSinceReset % BytesPerInference);
            int used = (int)Math.Min(count, toBoundary);
            _bytesSinceReset += used;
            BytesFed += used;
            if (used > 0 && _bytesSinceReset % BytesPerInference == 0)
            {
                float[] s = Script(_inferences);
                Array.Copy(s, _scores, _scores.Length);
                _inferences++;
                ScoresReady = true;
            }

            return used;
        }

        public void GetScores(float[] scores) => Array.Copy(_scores, scores, _scores.Length);

        public void Reset()
        {
            if (ResetError != null)
            {
                throw ResetError;
            }

            ResetCount++;
            _bytesSinceReset = 0;
            _inferences = 0;
            ScoresReady = false;
        }
    }

    /// <summary>Records every write with the time the feedback controller was applying.</summary>
    internal sealed class Timeline
    {
        public readonly List<string> Entries = new List<string>();
        public Func<long> Clock = () => 0;

        public void Add(string what) => Entries.Add(Clock() + " " + what);

        public override string ToString() => string.Join("\n", Entries);
    }

    internal sealed class FakePin : IDigitalOutput
    {
        private readonly Timeline _timeline;

        public FakePin(string name, Timeline timeline)
        {
            Name = name;
            _timeline = timeline;
        }

        public string Name { get; }
        public int Writes;
        public bool? Level;

        public void Write(bool high)
        {
            Writes++;
            Level = high;
            _timeline?.Add(Name + "=" + (high ? "1" : "0"));
        }
    }

    internal sealed class FakeLed : IColorLed
    {
        private readonly Timeline _timeline;

        public FakeLed(Timeline timeline)
        {
            _timeline = timeline;
        }

        public string Name => "led";
        public int Writes;
        public int Color = -1;

        public void SetColor(byte red, byte green, byte blue)
        {
            Writes++;
            Color = (red << 16) | (green << 8) | blue;
            _timeline?.Add("led=" + Color.ToString("x6"));
        }
    }

    internal static class Defaults
    {
        /// <summary>threshold 0.75, window 100 ms (5 inferences of 20 ms), min count 3, suppression 500 ms.</summary>
        public static ModelDefaults Small() => new ModelDefaults
        {
            Threshold = 0.75f,
            AverageWindowMs = 100,
            MinCount = 3,
            SuppressionMs = 500,
            InferEveryHops = 1,
            HopMs = 20,
            SampleRate = 16000,
        };

        public static float[] Scores(float silence, float unknown, float yes, float no) => new[] { silence, unknown, yes, no };
    }
}
