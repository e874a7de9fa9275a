using MicroWake.Core;
using nanoFramework.TestFramework;

namespace MicroWake.DeviceTests
{
    [TestClass]
    public class KeywordSpotterTests
    {
        private static readonly byte[] Model = new byte[] { 1, 2, 3 };

        private static void Feed(KeywordSpotter spotter, int milliseconds)
        {
            byte[] block = new byte[FakeEngine.BytesPerInference];
            for (int t = 0; t < milliseconds; t += 20)
            {
                spotter.Process(block, 0, block.Length);
            }
        }

        [TestMethod]
        public void StartListens()
        {
            FakeEngine engine = new FakeEngine();
            KeywordSpotter spotter = new KeywordSpotter(engine);
            Assert.AreEqual((int)SpotterState.Starting, (int)spotter.State);
            Feed(spotter, 100);
            Assert.AreEqual(0, engine.FeedCalls);
            Assert.IsTrue(spotter.Start(Model, null));
            Assert.AreEqual((int)SpotterState.Listening, (int)spotter.State);
        }

        [TestMethod]
        public void DetectionGoesToCooldownAndBack()
        {
            FakeEngine engine = new FakeEngine();
            engine.LoudFrom = 10;
            engine.LoudTo = 20;
            engine.LoudScore = 0.9f;
            KeywordSpotter spotter = new KeywordSpotter(engine);
            EventLog log = new EventLog();
            log.Attach(spotter);
            spotter.Start(Model, null);
            Feed(spotter, 2000);
            Assert.AreEqual("0 starting->listening|300 listening->cooldown|300 yes|800 cooldown->listening", log.Joined());
            Assert.AreEqual(2000L, spotter.TimeMs);
        }

        [TestMethod]
        public void PauseDropsAudioAndResumeResets()
        {
            FakeEngine engine = new FakeEngine();
            KeywordSpotter spotter = new KeywordSpotter(engine);
            EventLog log = new EventLog();
            log.Attach(spotter);
            spotter.Start(Model, null);
            Feed(spotter, 60);
            Assert.IsTrue(spotter.Pause());
            int calls = engine.FeedCalls;
            Feed(spotter, 100);
            Assert.AreEqual(calls, engine.FeedCalls);
            Assert.AreEqual((int)SpotterState.Paused, (int)spotter.State);
            Assert.IsFalse(spotter.Pause());
            int resets = engine.ResetCount;
            Assert.IsTrue(spotter.Resume());
            Assert.AreEqual(resets + 1, engine.ResetCount);
            Feed(spotter, 60);
            Assert.AreEqual(
                "0 starting->listening|60 listening->cooldown|60 yes|60 cooldown->paused|160 paused->listening|220 listening->cooldown|220 yes",
                log.Joined());
        }

        [TestMethod]
        public void OpenFailureIsAFault()
        {
            FakeEngine engine = new FakeEngine();
            engine.FailOpen = true;
            KeywordSpotter spotter = new KeywordSpotter(engine);
            Assert.IsFalse(spotter.Start(Model, null));
            Assert.AreEqual((int)SpotterState.Fault, (int)spotter.State);
            Assert.AreEqual(5, spotter.FaultStatus);
            Assert.AreEqual("not a TFLite model", spotter.FaultMessage);
        }

        [TestMethod]
        public void EngineErrorIsAFaultAndRecoverable()
        {
            FakeEngine engine = new FakeEngine();
            engine.FailAfterInferences = 3;
            KeywordSpotter spotter = new KeywordSpotter(engine);
            spotter.Start(Model, null);
            Feed(spotter, 200);
            Assert.AreEqual((int)SpotterState.Fault, (int)spotter.State);
            Assert.AreEqual(16, spotter.FaultStatus);
            Assert.AreEqual(200L, spotter.TimeMs);
            engine.FailAfterInferences = -1;
            Assert.IsTrue(spotter.Recover());
            Assert.AreEqual((int)SpotterState.Listening, (int)spotter.State);
        }

        [TestMethod]
        public void StalledEngineIsAFault()
        {
            FakeEngine engine = new FakeEngine();
            KeywordSpotter spotter = new KeywordSpotter(engine);
            spotter.Start(Model, null);
            engine.Stall = true;
            Feed(spotter, 20);
            Assert.AreEqual((int)SpotterState.Fault, (int)spotter.State);
            Assert.AreEqual(KeywordSpotter.StatusEngineContract, spotter.FaultStatus);
        }
    }
}
