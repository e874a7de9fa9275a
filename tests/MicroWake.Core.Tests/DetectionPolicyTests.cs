using System;
using System.Collections.Generic;
using MicroWake.Core;
using Xunit;

namespace MicroWake.Core.Tests
{
    public class DetectionPolicyTests
    {
        private const int Yes = 2;
        private const int No = 3;

        private static DetectionPolicy Policy(params DetectionOverride[] overrides) =>
            new DetectionPolicy(FakeEngine.YesNoLabels, Defaults.Small(), overrides);

        [Fact]
        public void AveragesEachClassOverTheWindowOnly()
        {
            var p = Policy(new DetectionOverride("*") { Threshold = 1f });
            float[] yes = { 0.2f, 0.4f, 0.6f, 0.8f, 1.0f, 0.0f };
            for (int i = 0; i < 5; i++)
            {
                p.Process(Defaults.Scores(0.1f * i, 0, yes[i], 0), i * 20);
            }

            Assert.Equal(5, p.GetCount(Yes));
            Assert.Equal(0.6f, p.GetAverage(Yes), 5);
            Assert.Equal(0.2f, p.GetAverage(0), 5);

            // t = 100: the inference at t = 0 is 100 ms old and leaves the 100 ms window.
            p.Process(Defaults.Scores(0, 0, yes[5], 0), 100);
            Assert.Equal(5, p.GetCount(Yes));
            Assert.Equal((0.4f + 0.6f + 0.8f + 1.0f + 0.0f) / 5, p.GetAverage(Yes), 5);

            // A gap longer than the window leaves only the newest inference.
            p.Process(Defaults.Scores(0, 0, 0.3f, 0), 1000);
            Assert.Equal(1, p.GetCount(Yes));
            Assert.Equal(0.3f, p.GetAverage(Yes), 5);
        }

        [Fact]
        public void ThresholdIsInclusive()
        {
            var at = Policy();
            var below = Policy();
            int firedAt = DetectionPolicy.None;
            int firedBelow = DetectionPolicy.None;
            for (int i = 0; i < 10; i++)
            {
                int a = at.Process(Defaults.Scores(0, 0, 0.75f, 0), i * 20);
                int b = below.Process(Defaults.Scores(0, 0, 0.7499f, 0), i * 20);
                firedAt = firedAt == DetectionPolicy.None ? a : firedAt;
                firedBelow = firedBelow == DetectionPolicy.None ? b : firedBelow;
            }

            Assert.Equal(Yes, firedAt);
            Assert.Equal(DetectionPolicy.None, firedBelow);
            Assert.Equal(0.75f, at.DetectedScore, 5);
        }

        [Fact]
        public void NeedsMinCountInferencesInTheWindow()
        {
            var p = Policy();
            Assert.Equal(DetectionPolicy.None, p.Process(Defaults.Scores(0, 0, 1, 0), 0));
            Assert.Equal(DetectionPolicy.None, p.Process(Defaults.Scores(0, 0, 1, 0), 20));
            Assert.Equal(Yes, p.Process(Defaults.Scores(0, 0, 1, 0), 40));
        }

        [Fact]
        public void MinCountCountsOnlyInferencesInsideTheWindow()
        {
            // Inferences 60 ms apart: only two fit in the 100 ms window, so min count 3 is never met.
            var p = Policy();
            for (int i = 0; i < 20; i++)
            {
                Assert.Equal(DetectionPolicy.None, p.Process(Defaults.Scores(0, 0, 1, 0), i * 60));
                Assert.True(p.GetCount(Yes) <= 2);
            }
        }

        [Fact]
        public void SuppressesEveryKeywordAfterADetection()
        {
            var p = Policy();
            var detections = new List<(int cls, long t)>();
            for (int i = 0; i <= 60; i++)
            {
                long t = i * 20;
                // "yes" is loud all the time; "no" becomes louder from 200 ms on.
                float no = t >= 200 ? 1f : 0f;
                int c = p.Process(Defaults.Scores(0, 0, 0.9f, no), t);
                if (c != DetectionPolicy.None)
                {
                    detections.Add((c, t));
                }
            }

            // yes at 40 (min count), suppressed until 540, then the louder "no" at 540, suppressed until 1040.
            Assert.Equal(new[] { (Yes, 40L), (No, 540L), (No, 1040L) }, detections.ToArray());
            Assert.True(p.IsSuppressed(1539));
            Assert.False(p.IsSuppressed(1540));
        }

        [Fact]
        public void AveragesContinueDuringSuppression()
        {
            var p = Policy();
            for (int i = 0; i < 3; i++)
            {
                p.Process(Defaults.Scores(0, 0, 1, 0), i * 20);
            }

            Assert.True(p.IsSuppressed(60));
            p.Process(Defaults.Scores(0, 0, 0, 0), 60);
            Assert.Equal(4, p.GetCount(Yes));
            Assert.Equal(0.75f, p.GetAverage(Yes), 5);
        }

        [Fact]
        public void SeveralKeywordsTheHighestAverageWins()
        {
            var p = Policy();
            int c = DetectionPolicy.None;
            for (int i = 0; i < 3; i++)
            {
                c = p.Process(Defaults.Scores(0, 0, 0.8f, 0.9f), i * 20);
            }

            Assert.Equal(No, c);
            Assert.Equal(0.9f, p.DetectedScore, 5);
        }

        [Fact]
        public void SilenceAndUnknownAreNeverReported()
        {
            var p = Policy();
            for (int i = 0; i < 50; i++)
            {
                Assert.Equal(DetectionPolicy.None, p.Process(Defaults.Scores(1, 1, 0, 0), i * 20));
            }

            Assert.False(p.IsKeyword(0));
            Assert.False(p.IsKeyword(1));
            Assert.True(p.IsKeyword(Yes));
            Assert.False(DetectionPolicy.IsKeywordLabel("_silence_"));
            Assert.False(DetectionPolicy.IsKeywordLabel("Unknown"));
            Assert.True(DetectionPolicy.IsKeywordLabel("on"));
        }

        [Fact]
        public void PerKeywordThresholdOverride()
        {
            var p = Policy(new DetectionOverride("yes") { Threshold = 0.95f });
            Assert.Equal(0.95f, p.GetSettings(Yes).Threshold);
            Assert.Equal(0.75f, p.GetSettings(No).Threshold);
            var hits = new List<int>();
            for (int i = 0; i < 10; i++)
            {
                int c = p.Process(Defaults.Scores(0, 0, 0.9f, 0.8f), i * 20);
                if (c != DetectionPolicy.None)
                {
                    hits.Add(c);
                }
            }

            // "yes" is louder but below its own threshold; "no" clears the default one.
            Assert.Equal(new[] { No }, hits.ToArray());
        }

        [Fact]
        public void PerKeywordWindowMinCountAndSuppressionOverrides()
        {
            var p = Policy(
                new DetectionOverride("yes") { AverageWindowMs = 40, MinCount = 2, SuppressionMs = 100 },
                new DetectionOverride("no") { MinCount = 5 });
            var hits = new List<(int cls, long t)>();
            for (int i = 0; i <= 12; i++)
            {
                long t = i * 20;
                int c = p.Process(Defaults.Scores(0, 0, 1, 0), t);
                if (c != DetectionPolicy.None)
                {
                    hits.Add((c, t));
                }
            }

            // window 40 ms holds 2 inferences; suppression 100 ms re-arms every 100 ms.
            Assert.Equal(2, p.GetCount(Yes));
            Assert.Equal(5, p.GetCount(No));
            Assert.Equal(new[] { (Yes, 20L), (Yes, 120L), (Yes, 220L) }, hits.ToArray());
        }

        [Fact]
        public void NoNeedsItsOwnMinCount()
        {
            var p = Policy(new DetectionOverride("no") { MinCount = 5 });
            for (int i = 0; i < 4; i++)
            {
                Assert.Equal(DetectionPolicy.None, p.Process(Defaults.Scores(0, 0, 0, 1), i * 20));
            }

            Assert.Equal(No, p.Process(Defaults.Scores(0, 0, 0, 1), 80));
        }

        [Fact]
        public void WildcardOverrideAppliesFirstThenKeywordOverrides()
        {
            var p = Policy(
                new DetectionOverride("no") { Threshold = 0.6f },
                new DetectionOverride("*") { Threshold = 0.9f, SuppressionMs = 50 });
            Assert.Equal(0.9f, p.GetSettings(Yes).Threshold);
            Assert.Equal(0.6f, p.GetSettings(No).Threshold);
            Assert.Equal(50, p.GetSettings(Yes).SuppressionMs);
            Assert.Equal(50, p.GetSettings(No).SuppressionMs);
            Assert.Equal(100, p.GetSettings(No).AverageWindowMs);
        }

        [Theory]
        [InlineData("maybe", "not a keyword of this model (yes, no)")]
        [InlineData("silence", "not a keyword")]
        public void OverrideForAnUnknownKeywordIsRefused(string keyword, string message)
        {
            var e = Assert.Throws<ArgumentException>(() => Policy(new DetectionOverride(keyword) { Threshold = 0.5f }));
            Assert.Contains(message, e.Message);
            Assert.Contains(keyword, e.Message);
        }

        [Theory]
        [InlineData(0f, -1, -1, -1, "threshold")]
        [InlineData(1.5f, -1, -1, -1, "threshold")]
        [InlineData(-1f, 0, -1, -1, "average window")]
        [InlineData(-1f, -1, 0, -1, "min count 0")]
        [InlineData(-1f, -1, 6, -1, "min count 6 can never be reached: a 100 ms window holds at most 5 inferences")]
        [InlineData(-1f, 60, 4, -1, "holds at most 3")]
        public void UnworkableSettingsAreRefusedWithTheReason(float threshold, int window, int minCount, int suppression, string message)
        {
            var o = new DetectionOverride("yes") { Threshold = threshold, AverageWindowMs = window, MinCount = minCount, SuppressionMs = suppression };
            var e = Assert.Throws<ArgumentException>(() => Policy(o));
            Assert.Contains("'yes'", e.Message);
            Assert.Contains(message, e.Message);
        }

        [Fact]
        public void BadModelDefaultsAreRefused()
        {
            var d = Defaults.Small();
            d.Threshold = 0;
            Assert.Throws<ArgumentException>(() => new DetectionPolicy(FakeEngine.YesNoLabels, d));
            Assert.Throws<ArgumentException>(() => new DetectionPolicy(new string[0], Defaults.Small()));
        }

        [Fact]
        public void TimeMustNotGoBackwards()
        {
            var p = Policy();
            p.Process(Defaults.Scores(0, 0, 0, 0), 100);
            p.Process(Defaults.Scores(0, 0, 0, 0), 100);
            var e = Assert.Throws<ArgumentException>(() => p.Process(Defaults.Scores(0, 0, 0, 0), 99));
            Assert.Contains("backwards", e.Message);
            Assert.Throws<ArgumentException>(() => p.Process(new float[2], 200));
        }

        [Fact]
        public void ResetForgetsHistoryAndSuppression()
        {
            var p = Policy();
            for (int i = 0; i < 3; i++)
            {
                p.Process(Defaults.Scores(0, 0, 1, 0), i * 20);
            }

            Assert.True(p.IsSuppressed(60));
            p.Reset();
            Assert.False(p.IsSuppressed(60));
            Assert.Equal(0, p.GetCount(Yes));
            Assert.Equal(DetectionPolicy.None, p.Process(Defaults.Scores(0, 0, 1, 0), 0));
            Assert.Equal(DetectionPolicy.None, p.Process(Defaults.Scores(0, 0, 1, 0), 20));
            Assert.Equal(Yes, p.Process(Defaults.Scores(0, 0, 1, 0), 40));
        }

        [Fact]
        public void InferencesFasterThanThePeriodKeepTheNewestOnes()
        {
            // Sized for 20 ms inferences (5 in the window + 1 spare); at 5 ms only the 6 newest are kept.
            var p = Policy(new DetectionOverride("*") { Threshold = 1f });
            for (int i = 0; i < 20; i++)
            {
                p.Process(Defaults.Scores(0, 0, i, 0), i * 5);
            }

            Assert.Equal(6, p.GetCount(Yes));
            Assert.Equal((14 + 15 + 16 + 17 + 18 + 19) / 6f, p.GetAverage(Yes), 4);
        }

        [Fact]
        public void InferEveryHopsSizesTheWindow()
        {
            var d = Defaults.Small();
            d.InferEveryHops = 2; // 40 ms apart: 100 ms holds 3
            var p = new DetectionPolicy(FakeEngine.YesNoLabels, d);
            Assert.Equal(40, p.InferencePeriodMs);
            d.MinCount = 4;
            Assert.Throws<ArgumentException>(() => new DetectionPolicy(FakeEngine.YesNoLabels, d));
        }

        [Fact]
        public void MatchesAStraightforwardReferenceOnRandomStreams()
        {
            var rng = new Random(1234);
            for (int run = 0; run < 20; run++)
            {
                var d = Defaults.Small();
                d.AverageWindowMs = rng.Next(20, 1000);
                d.MinCount = rng.Next(1, d.AverageWindowMs / 20 + 1);
                d.Threshold = 0.3f + (float)rng.NextDouble() * 0.6f;
                d.SuppressionMs = rng.Next(0, 1500);
                var yesOverride = new DetectionOverride("yes") { AverageWindowMs = rng.Next(20, 600), MinCount = 1 };
                var p = new DetectionPolicy(FakeEngine.YesNoLabels, d, new[] { yesOverride });
                var reference = new ReferencePolicy(p);
                long t = 0;
                for (int i = 0; i < 3000; i++)
                {
                    t += rng.Next(20, 60);
                    float[] s = { (float)rng.NextDouble(), (float)rng.NextDouble(), Burst(rng, i), Burst(rng, i + 37) };
                    int expected = reference.Process(s, t);
                    Assert.Equal(expected, p.Process(s, t));
                    for (int c = 0; c < 4; c++)
                    {
                        Assert.Equal(reference.Count(c), p.GetCount(c));
                        Assert.Equal((double)reference.Average(c), p.GetAverage(c), 1e-5);
                    }
                }
            }
        }

        // Scores that rise into bursts now and then, so detections actually happen.
        private static float Burst(Random rng, int i) =>
            (i / 25) % 4 == 0 ? 0.7f + 0.3f * (float)rng.NextDouble() : 0.5f * (float)rng.NextDouble();

        /// <summary>The documented semantics, written the obvious way (full rescans, doubles).</summary>
        private sealed class ReferencePolicy
        {
            private readonly DetectionPolicy _settingsFrom;
            private readonly List<(long t, float[] s)> _history = new List<(long, float[])>();
            private long _suppressedUntil = long.MinValue;

            public ReferencePolicy(DetectionPolicy settingsFrom) => _settingsFrom = settingsFrom;

            public int Process(float[] scores, long t)
            {
                _history.Add((t, (float[])scores.Clone()));
                _now = t;
                _history.RemoveAll(h => t - h.t >= 1000); // no window in these runs is longer
                if (t < _suppressedUntil)
                {
                    return DetectionPolicy.None;
                }

                int best = DetectionPolicy.None;
                double bestAvg = 0;
                for (int c = 0; c < scores.Length; c++)
                {
                    var st = _settingsFrom.GetSettings(c);
                    if (!_settingsFrom.IsKeyword(c) || Count(c) < st.MinCount || Average(c) < st.Threshold - 1e-6)
                    {
                        continue;
                    }

                    if (best == DetectionPolicy.None || Average(c) > bestAvg)
                    {
                        best = c;
                        bestAvg = Average(c);
                    }
                }

                if (best != DetectionPolicy.None)
                {
                    _suppressedUntil = t + _settingsFrom.GetSettings(best).SuppressionMs;
                }

                return best;
            }

            private long _now;

            public int Count(int c) => _history.FindAll(h => _now - h.t < _settingsFrom.GetSettings(c).AverageWindowMs).Count;

            public float Average(int c)
            {
                var inWindow = _history.FindAll(h => _now - h.t < _settingsFrom.GetSettings(c).AverageWindowMs);
                double sum = 0;
                foreach (var h in inWindow)
                {
                    sum += h.s[c];
                }

                return inWindow.Count == 0 ? 0f : (float)(sum / inWindow.Count);
            }
        }
    }
}
