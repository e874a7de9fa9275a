using System;
using MicroWake.Core;
using nanoFramework.TestFramework;

namespace MicroWake.DeviceTests
{
    [TestClass]
    public class DetectionPolicyTests
    {
        private const int Yes = 2;
        private const int No = 3;

        private static DetectionPolicy Policy()
        {
            return new DetectionPolicy(DeviceDefaults.Labels(), DeviceDefaults.Small(), null);
        }

        [TestMethod]
        public void AveragesOverTheWindowOnly()
        {
            DetectionOverride never = new DetectionOverride("*");
            never.Threshold = 1f;
            DetectionPolicy p = new DetectionPolicy(DeviceDefaults.Labels(), DeviceDefaults.Small(), new DetectionOverride[] { never });
            float[] yes = new float[] { 0.2f, 0.4f, 0.6f, 0.8f, 1.0f, 0.0f };
            for (int i = 0; i < 5; i++)
            {
                p.Process(DeviceDefaults.Scores(0, 0, yes[i], 0), i * 20);
            }

            Assert.AreEqual(5, p.GetCount(Yes));
            DeviceDefaults.AssertNear(0.6f, p.GetAverage(Yes));

            p.Process(DeviceDefaults.Scores(0, 0, yes[5], 0), 100);
            Assert.AreEqual(5, p.GetCount(Yes));
            DeviceDefaults.AssertNear(0.56f, p.GetAverage(Yes));

            p.Process(DeviceDefaults.Scores(0, 0, 0.3f, 0), 1000);
            Assert.AreEqual(1, p.GetCount(Yes));
            DeviceDefaults.AssertNear(0.3f, p.GetAverage(Yes));
        }

        [TestMethod]
        public void ThresholdIsInclusive()
        {
            DetectionPolicy at = Policy();
            DetectionPolicy below = Policy();
            int firedAt = DetectionPolicy.None;
            int firedBelow = DetectionPolicy.None;
            for (int i = 0; i < 10; i++)
            {
                int a = at.Process(DeviceDefaults.Scores(0, 0, 0.75f, 0), i * 20);
                int b = below.Process(DeviceDefaults.Scores(0, 0, 0.7499f, 0), i * 20);
                firedAt = firedAt == DetectionPolicy.None ? a : firedAt;
                firedBelow = firedBelow == DetectionPolicy.None ? b : firedBelow;
            }

            Assert.AreEqual(Yes, firedAt);
            Assert.AreEqual(DetectionPolicy.None, firedBelow);
        }

        [TestMethod]
        public void NeedsMinCountInferences()
        {
            DetectionPolicy p = Policy();
            Assert.AreEqual(DetectionPolicy.None, p.Process(DeviceDefaults.Scores(0, 0, 1, 0), 0));
            Assert.AreEqual(DetectionPolicy.None, p.Process(DeviceDefaults.Scores(0, 0, 1, 0), 20));
            Assert.AreEqual(Yes, p.Process(DeviceDefaults.Scores(0, 0, 1, 0), 40));
        }

        [TestMethod]
        public void SuppressesEveryKeywordAfterADetection()
        {
            DetectionPolicy p = Policy();
            string hits = "";
            for (int i = 0; i <= 60; i++)
            {
                long t = i * 20;
                int c = p.Process(DeviceDefaults.Scores(0, 0, 0.9f, t >= 200 ? 1f : 0f), t);
                if (c != DetectionPolicy.None)
                {
                    hits = hits + p.GetLabel(c) + "@" + t.ToString() + " ";
                }
            }

            Assert.AreEqual("yes@40 no@540 no@1040 ", hits);
        }

        [TestMethod]
        public void HighestAverageWins()
        {
            DetectionPolicy p = Policy();
            int c = DetectionPolicy.None;
            for (int i = 0; i < 3; i++)
            {
                c = p.Process(DeviceDefaults.Scores(0, 0, 0.8f, 0.9f), i * 20);
            }

            Assert.AreEqual(No, c);
            DeviceDefaults.AssertNear(0.9f, p.DetectedScore);
        }

        [TestMethod]
        public void SilenceAndUnknownAreNeverReported()
        {
            DetectionPolicy p = Policy();
            for (int i = 0; i < 20; i++)
            {
                Assert.AreEqual(DetectionPolicy.None, p.Process(DeviceDefaults.Scores(1, 1, 0, 0), i * 20));
            }

            Assert.IsFalse(DetectionPolicy.IsKeywordLabel("_unknown_"));
            Assert.IsTrue(DetectionPolicy.IsKeywordLabel("yes"));
        }

        [TestMethod]
        public void PerKeywordOverrides()
        {
            DetectionOverride yes = new DetectionOverride("yes");
            yes.Threshold = 0.95f;
            DetectionOverride all = new DetectionOverride("*");
            all.SuppressionMs = 50;
            DetectionPolicy p = new DetectionPolicy(DeviceDefaults.Labels(), DeviceDefaults.Small(), new DetectionOverride[] { yes, all });
            DeviceDefaults.AssertNear(0.95f, p.GetSettings(Yes).Threshold);
            DeviceDefaults.AssertNear(0.75f, p.GetSettings(No).Threshold);
            Assert.AreEqual(50, p.GetSettings(Yes).SuppressionMs);
            Assert.AreEqual(50, p.GetSettings(No).SuppressionMs);

            int hit = DetectionPolicy.None;
            for (int i = 0; i < 3; i++)
            {
                hit = p.Process(DeviceDefaults.Scores(0, 0, 0.9f, 0.8f), i * 20);
            }

            Assert.AreEqual(No, hit);
        }

        [TestMethod]
        public void UnworkableSettingsAreRefused()
        {
            Assert.ThrowsException(typeof(ArgumentException), new Action(UnreachableMinCount));
            Assert.ThrowsException(typeof(ArgumentException), new Action(OverrideForUnknownKeyword));
        }

        private static void UnreachableMinCount()
        {
            DetectionOverride o = new DetectionOverride("yes");
            o.MinCount = 6;
            new DetectionPolicy(DeviceDefaults.Labels(), DeviceDefaults.Small(), new DetectionOverride[] { o });
        }

        private static void OverrideForUnknownKeyword()
        {
            DetectionOverride o = new DetectionOverride("maybe");
            o.Threshold = 0.5f;
            new DetectionPolicy(DeviceDefaults.Labels(), DeviceDefaults.Small(), new DetectionOverride[] { o });
        }

        [TestMethod]
        public void ResetForgetsHistoryAndSuppression()
        {
            DetectionPolicy p = Policy();
            for (int i = 0; i < 3; i++)
            {
                p.Process(DeviceDefaults.Scores(0, 0, 1, 0), i * 20);
            }

            Assert.IsTrue(p.IsSuppressed(60));
            p.Reset();
            Assert.IsFalse(p.IsSuppressed(60));
            Assert.AreEqual(0, p.GetCount(Yes));
        }
    }
}
