using System.Collections;
using MicroWake.Core;
using nanoFramework.TestFramework;

namespace MicroWake.DeviceTests
{
    /// <summary>
    /// Scripted engine for nanoCLR: one inference per 640 bytes (20 ms at 16 kHz). Inference i scores
    /// LoudScore for LoudClass while LoudFrom &lt;= i &lt; LoudTo, and 1.0 for silence otherwise.
    /// </summary>
    public class FakeEngine : IKeywordEngine
    {
        public const int BytesPerInference = 640;

        private readonly string[] _labels = new string[] { "silence", "unknown", "yes", "no" };
        private readonly float[] _scores = new float[4];
        private long _bytes;
        private bool _ready;

        public int LoudClass = 2;
        public float LoudScore = 1f;
        public int LoudFrom;
        public int LoudTo = int.MaxValue;
        public int Inferences;
        public int FeedCalls;
        public int ResetCount;
        public bool FailOpen;
        public int FailAfterInferences = -1;
        public bool Stall;

        public int ClassCount
        {
            get { return _labels.Length; }
        }

        public bool ScoresReady
        {
            get { return _ready; }
        }

        public long AudioMilliseconds
        {
            get { return _bytes / 32; }
        }

        public void OpenModel(byte[] model)
        {
            if (FailOpen)
            {
                throw new EngineException(5, "not a TFLite model");
            }

            Reset();
        }

        public string GetLabel(int index)
        {
            return _labels[index];
        }

        public ModelDefaults GetDefaults()
        {
            return DeviceDefaults.Small();
        }

        public int Feed(byte[] pcm, int offset, int count)
        {
            FeedCalls++;
            _ready = false;
            if (FailAfterInferences >= 0 && Inferences >= FailAfterInferences)
            {
                throw new EngineException(16, "engine failed");
            }

            if (Stall)
            {
                return 0;
            }

            int toBoundary = BytesPerInference - (int)(_bytes % BytesPerInference);
            int used = count < toBoundary ? count : toBoundary;
            _bytes += used;
            if (used > 0 && _bytes % BytesPerInference == 0)
            {
                bool loud = Inferences >= LoudFrom && Inferences < LoudTo;
                for (int c = 0; c < _scores.Length; c++)
                {
                    _scores[c] = 0f;
                }

                _scores[loud ? LoudClass : 0] = loud ? LoudScore : 1f;
                Inferences++;
                _ready = true;
            }

            return used;
        }

        public void GetScores(float[] scores)
        {
            for (int c = 0; c < _scores.Length; c++)
            {
                scores[c] = _scores[c];
            }
        }

        public void Reset()
        {
            ResetCount++;
            _bytes = 0;
            Inferences = 0;
            _ready = false;
        }
    }

    /// <summary>Collects spotter events as "time label" / "time from->to" strings.</summary>
    public class EventLog
    {
        public readonly ArrayList Entries = new ArrayList();

        public void Attach(KeywordSpotter spotter)
        {
            spotter.KeywordDetected += OnKeyword;
            spotter.StateChanged += OnState;
        }

        public void OnKeyword(string label, float score, long timeMs)
        {
            Entries.Add(timeMs.ToString() + " " + label);
        }

        public void OnState(SpotterState previous, SpotterState current, long timeMs)
        {
            Entries.Add(timeMs.ToString() + " " + SpotterStateNames.Of(previous) + "->" + SpotterStateNames.Of(current));
        }

        public string Joined()
        {
            string all = "";
            for (int i = 0; i < Entries.Count; i++)
            {
                all = i == 0 ? (string)Entries[i] : all + "|" + (string)Entries[i];
            }

            return all;
        }
    }

    public static class DeviceDefaults
    {
        /// <summary>threshold 0.75, window 100 ms (5 inferences of 20 ms), min count 3, suppression 500 ms.</summary>
        public static ModelDefaults Small()
        {
            ModelDefaults d = new ModelDefaults();
            d.Threshold = 0.75f;
            d.AverageWindowMs = 100;
            d.MinCount = 3;
            d.SuppressionMs = 500;
            d.InferEveryHops = 1;
            d.HopMs = 20;
            d.SampleRate = 16000;
            return d;
        }

        public static string[] Labels()
        {
            return new string[] { "silence", "unknown", "yes", "no" };
        }

        public static float[] Scores(float silence, float unknown, float yes, float no)
        {
            return new float[] { silence, unknown, yes, no };
        }

        /// <summary>Float equality within 1e-5 (TestFramework has no tolerance overload; no System.Math here).</summary>
        public static void AssertNear(float expected, float actual)
        {
            float d = expected - actual;
            Assert.IsTrue(d < 1e-5f && d > -1e-5f, "expected " + expected.ToString() + ", got " + actual.ToString());
        }
    }
}
