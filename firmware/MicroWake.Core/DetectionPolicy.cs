using System;

namespace MicroWake.Core
{
    /// <summary>
    /// Turns a stream of class score sets into detections (the micro_speech recognizer's behaviour,
    /// with settings per keyword). For each keyword class c, at each inference time t:
    /// average(c) = mean score of c over the inferences at times ts with t - ts &lt; window(c);
    /// c qualifies when count(c) &gt;= minCount(c) and average(c) &gt;= threshold(c). While
    /// t &lt; suppressedUntil nothing is reported; otherwise the qualifying keyword with the highest
    /// average is reported and suppressedUntil = t + suppression(that keyword). Classes labelled
    /// silence/unknown (or starting with '_') are averaged but never reported.
    /// </summary>
    public class DetectionPolicy
    {
        /// <summary>Returned by <see cref="Process"/> when nothing was detected.</summary>
        public const int None = -1;

        private readonly string[] _labels;
        private readonly bool[] _isKeyword;
        private readonly DetectionSettings[] _settings;
        private readonly ScoreWindow _window;
        private readonly int _periodMs;
        private long _suppressedUntil;
        private long _lastTime;
        private bool _hasTime;
        private float _detectedScore;

        public DetectionPolicy(string[] labels, ModelDefaults defaults) : this(labels, defaults, null)
        {
        }

        /// <summary>Throws ArgumentException with the reason when labels, defaults or overrides are unusable.</summary>
        public DetectionPolicy(string[] labels, ModelDefaults defaults, DetectionOverride[] overrides)
        {
            if (labels == null || labels.Length == 0)
            {
                throw new ArgumentException("the model has no class labels");
            }

            if (defaults == null)
            {
                throw new ArgumentNullException("defaults");
            }

            int n = labels.Length;
            _labels = new string[n];
            _isKeyword = new bool[n];
            _settings = new DetectionSettings[n];
            _periodMs = defaults.InferencePeriodMs;

            DetectionSettings common = DetectionSettings.FromDefaults(defaults);
            if (overrides != null)
            {
                for (int i = 0; i < overrides.Length; i++)
                {
                    if (overrides[i] != null && overrides[i].Keyword == DetectionOverride.AllKeywords)
                    {
                        common = common.With(overrides[i]);
                    }
                }
            }

            int[] windows = new int[n];
            int capacity = 1;
            for (int c = 0; c < n; c++)
            {
                _labels[c] = labels[c];
                _isKeyword[c] = IsKeywordLabel(labels[c]);
                DetectionSettings s = common;
                if (overrides != null)
                {
                    for (int i = 0; i < overrides.Length; i++)
                    {
                        if (overrides[i] != null && overrides[i].Keyword == labels[c])
                        {
                            s = s.With(overrides[i]);
                        }
                    }
                }

                if (_isKeyword[c])
                {
                    s.Validate(labels[c], _periodMs);
                }

                _settings[c] = s;
                windows[c] = s.AverageWindowMs > 0 ? s.AverageWindowMs : 1;
                int fit = (windows[c] + _periodMs - 1) / _periodMs;
                if (fit > capacity)
                {
                    capacity = fit;
                }
            }

            CheckOverridesNameKeywords(overrides);
            // One spare slot absorbs timing jitter (an inference slightly early).
            _window = new ScoreWindow(n, capacity + 1, windows);
            Reset();
        }

        /// <summary>False for "silence", "unknown" (any case) and labels starting with '_'; true otherwise.</summary>
        public static bool IsKeywordLabel(string label)
        {
            if (label == null || label.Length == 0 || label[0] == '_')
            {
                return false;
            }

            string lower = label.ToLower();
            return lower != "silence" && lower != "unknown";
        }

        public int ClassCount
        {
            get { return _labels.Length; }
        }

        /// <summary>Milliseconds between inferences assumed when sizing the window (HopMs * InferEveryHops).</summary>
        public int InferencePeriodMs
        {
            get { return _periodMs; }
        }

        /// <summary>Average score of the keyword reported by the last Process call that returned a class.</summary>
        public float DetectedScore
        {
            get { return _detectedScore; }
        }

        /// <summary>Audio time before which no detection is reported.</summary>
        public long SuppressedUntilMs
        {
            get { return _suppressedUntil; }
        }

        public string GetLabel(int classIndex)
        {
            return _labels[classIndex];
        }

        public bool IsKeyword(int classIndex)
        {
            return _isKeyword[classIndex];
        }

        public DetectionSettings GetSettings(int classIndex)
        {
            return _settings[classIndex];
        }

        /// <summary>Index of the class labelled <paramref name="label"/>, or -1.</summary>
        public int IndexOf(string label)
        {
            for (int c = 0; c < _labels.Length; c++)
            {
                if (_labels[c] == label)
                {
                    return c;
                }
            }

            return -1;
        }

        /// <summary>Current window average of a class (after the last Process call).</summary>
        public float GetAverage(int classIndex)
        {
            return _window.GetAverage(classIndex);
        }

        /// <summary>Inferences currently inside the window of a class.</summary>
        public int GetCount(int classIndex)
        {
            return _window.GetCount(classIndex);
        }

        public bool IsSuppressed(long timeMs)
        {
            return timeMs < _suppressedUntil;
        }

        /// <summary>
        /// Adds one inference's scores (ClassCount values, 0..1) taken at <paramref name="timeMs"/> (milliseconds
        /// of audio, never decreasing) and returns the detected class index or <see cref="None"/>. Does not allocate.
        /// </summary>
        public int Process(float[] scores, long timeMs)
        {
            if (scores == null || scores.Length < _labels.Length)
            {
                throw new ArgumentException("expected " + _labels.Length.ToString() + " scores");
            }

            if (_hasTime && timeMs < _lastTime)
            {
                throw new ArgumentException("score time went backwards: " + timeMs.ToString() + " ms after " + _lastTime.ToString() + " ms");
            }

            _hasTime = true;
            _lastTime = timeMs;
            _window.Add(scores, timeMs);
            if (timeMs < _suppressedUntil)
            {
                return None;
            }

            int best = None;
            float bestAverage = 0f;
            for (int c = 0; c < _labels.Length; c++)
            {
                if (!_isKeyword[c])
                {
                    continue;
                }

                DetectionSettings s = _settings[c];
                float average = _window.GetAverage(c);
                if (_window.GetCount(c) >= s.MinCount && average >= s.Threshold && (best == None || average > bestAverage))
                {
                    best = c;
                    bestAverage = average;
                }
            }

            if (best != None)
            {
                _suppressedUntil = timeMs + _settings[best].SuppressionMs;
                _detectedScore = bestAverage;
            }

            return best;
        }

        /// <summary>Forgets all scores and any suppression (after a pause or an engine reset).</summary>
        public void Reset()
        {
            _window.Clear();
            _suppressedUntil = long.MinValue;
            _hasTime = false;
            _lastTime = 0;
            _detectedScore = 0f;
        }

        private void CheckOverridesNameKeywords(DetectionOverride[] overrides)
        {
            if (overrides == null)
            {
                return;
            }

            for (int i = 0; i < overrides.Length; i++)
            {
                DetectionOverride o = overrides[i];
                if (o == null || o.Keyword == DetectionOverride.AllKeywords)
                {
                    continue;
                }

                int c = IndexOf(o.Keyword);
                if (c < 0 || !_isKeyword[c])
                {
                    throw new ArgumentException("detection override for '" + o.Keyword + "', which is not a keyword of this model (" + KeywordList() + ")");
                }
            }
        }

        private string KeywordList()
        {
            string list = "";
            for (int c = 0; c < _labels.Length; c++)
            {
                if (_isKeyword[c])
                {
                    list = list.Length == 0 ? _labels[c] : list + ", " + _labels[c];
                }
            }

            return list;
        }
    }
}
