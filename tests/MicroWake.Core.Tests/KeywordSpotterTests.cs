using System;
using System.Collections.Generic;
using MicroWake.Core;
using Xunit;

namespace MicroWake.Core.Tests
{
    public class KeywordSpotterTests
    {
        private static readonly byte[] Model = { 1, 2, 3 };

        private readonly FakeEngine _engine = new FakeEngine(FakeEngine.YesNoLabels, Defaults.Small());
        private readonly KeywordSpotter _spotter;
        private readonly List<string> _events = new List<string>();

        public KeywordSpotterTests()
        {
            _spotter = new KeywordSpotter(_engine);
            _spotter.KeywordDetected += (label, score, t) => _events.Add($"{t} {label} {score:0.00}");
            _spotter.StateChanged += (from, to, t) => _events.Add($"{t} {SpotterStateNames.Of(from)}->{SpotterStateNames.Of(to)}");
        }

        /// <summary>Scores per 20 ms inference: "yes" is 0.9 during inferences [from, to), silence otherwise.</summary>
        private static Func<int, float[]> YesDuring(int from, int to) =>
            i => i >= from && i < to ? Defaults.Scores(0.1f, 0, 0.9f, 0) : Defaults.Scores(1, 0, 0, 0);

        private void Feed(int milliseconds, int chunk = 640)
        {
            var pcm = new byte[milliseconds * 32];
            for (int off = 0; off < pcm.Length; off += chunk)
            {
                _spotter.Process(pcm, off, Math.Min(chunk, pcm.Length - off));
            }
        }

        [Fact]
        public void StartsInStartingAndIgnoresAudioUntilStarted()
        {
            Assert.Equal(SpotterState.Starting, _spotter.State);
            Feed(100);
            Assert.Equal(0, _engine.FeedCalls);
            Assert.Equal(100, _spotter.TimeMs);
            Assert.Null(_spotter.Policy);
            _spotter.Start(Model, null);
            Assert.Equal(new[] { "100 starting->listening" }, _events);
        }

        [Fact]
        public void StartOpensTheModelAndListens()
        {
            Assert.True(_spotter.Start(Model, null));
            Assert.Same(Model, _engine.OpenedModel);
            Assert.Equal(SpotterState.Listening, _spotter.State);
            Assert.Equal(new[] { "0 starting->listening" }, _events);
            Assert.Equal(4, _spotter.Policy.ClassCount);
        }

        [Fact]
        public void StartWithAnAlreadyOpenEngineAppliesOverrides()
        {
            Assert.True(_spotter.Start(new[] { new DetectionOverride("no") { Threshold = 0.5f } }));
            Assert.Equal(0, _engine.OpenCount);
            Assert.Equal(0.5f, _spotter.Policy.GetSettings(3).Threshold);
        }

        [Fact]
        public void DetectionGoesToCooldownAndBackToListening()
        {
            _engine.Script = YesDuring(10, 20);
            _spotter.Start(Model, null);
            Feed(2000);

            // Inference i ends at (i+1)*20 ms; yes from inference 10 (220 ms): 3rd loud one at 260 ms,
            // whose 5-inference window averages (0.9*3 + 0*2)/5 = 0.54 < 0.75; 5th at 300 ms: 0.9.
            Assert.Equal(new[]
            {
                "0 starting->listening",
                "300 listening->cooldown",
                "300 yes 0.90",
                "800 cooldown->listening",
            }, _events);
            Assert.Equal(SpotterState.Listening, _spotter.State);
            Assert.Equal(2000, _spotter.TimeMs);
            Assert.Equal(2000 * 32, _engine.BytesFed);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(7)]
        [InlineData(333)]
        [InlineData(640)]
        [InlineData(641)]
        [InlineData(64000)]
        public void ChunkingDoesNotChangeEvents(int chunk)
        {
            _engine.Script = i => Defaults.Scores(0, 0, (i / 30) % 2 == 1 ? 0.95f : 0.1f, (i / 45) % 3 == 2 ? 0.9f : 0f);
            _spotter.Start(Model, null);
            Feed(2000, chunk);
            var reference = new KeywordSpotterTests();
            reference._engine.Script = _engine.Script;
            reference._spotter.Start(Model, null);
            reference.Feed(2000, 640);
            Assert.Equal(reference._events, _events);
            Assert.Contains(_events, e => e.EndsWith("yes 0.95"));
            Assert.Equal(2000 * 32, _engine.BytesFed);
        }

        [Fact]
        public void ScoresUpdatedOncePerInference()
        {
            var times = new List<long>();
            _spotter.ScoresUpdated += (s, t) => times.Add(t);
            _spotter.Start(Model, null);
            Feed(100, 100);
            Assert.Equal(new long[] { 20, 40, 60, 80, 100 }, times);
        }

        [Fact]
        public void PauseDropsAudioButKeepsTime()
        {
            _spotter.Start(Model, null);
            Feed(100);
            Assert.True(_spotter.Pause());
            int calls = _engine.FeedCalls;
            Feed(1000);
            Assert.Equal(calls, _engine.FeedCalls);
            Assert.Equal(SpotterState.Paused, _spotter.State);
            Assert.Equal(1100, _spotter.TimeMs);
            Assert.False(_spotter.Pause());
            Assert.Contains("100 listening->paused", _events);
        }

        [Fact]
        public void ResumeResetsEngineAndPolicy()
        {
            _engine.Script = _ => Defaults.Scores(0, 0, 1, 0);
            _spotter.Start(Model, null);
            Feed(60); // detection at 60 ms, suppressed until 560
            Assert.Equal(SpotterState.Cooldown, _spotter.State);
            Assert.True(_spotter.Pause());
            Feed(100);
            int resets = _engine.ResetCount;
            Assert.True(_spotter.Resume());
            Assert.Equal(resets + 1, _engine.ResetCount);
            Assert.Equal(SpotterState.Listening, _spotter.State);
            Assert.False(_spotter.Resume());
            Feed(60); // no suppression left; min count needs 3 fresh inferences
            Assert.Equal(new[]
            {
                "0 starting->listening",
                "60 listening->cooldown",
                "60 yes 1.00",
                "60 cooldown->paused",
                "160 paused->listening",
                "220 listening->cooldown",
                "220 yes 1.00",
            }, _events);
        }

        [Fact]
        public void PauseAndResumeAreRefusedOutsideTheirStates()
        {
            Assert.False(_spotter.Pause());
            Assert.False(_spotter.Resume());
            Assert.False(_spotter.Recover());
            Assert.Equal(SpotterState.Starting, _spotter.State);
        }

        [Fact]
        public void OpenFailureIsAFault()
        {
            _engine.OpenError = new EngineException(6, "unsupported operator LSTM");
            Assert.False(_spotter.Start(Model, null));
            Assert.Equal(SpotterState.Fault, _spotter.State);
            Assert.Equal(6, _spotter.FaultStatus);
            Assert.Equal("unsupported operator LSTM", _spotter.FaultMessage);
            Assert.False(_spotter.Recover()); // never started: needs Start
            Assert.False(_spotter.Start(null, null));
            Assert.Equal(KeywordSpotter.StatusConfig, _spotter.FaultStatus);
        }

        [Fact]
        public void BadOverridesAreAConfigFault()
        {
            Assert.False(_spotter.Start(Model, new[] { new DetectionOverride("maybe") { Threshold = 0.5f } }));
            Assert.Equal(SpotterState.Fault, _spotter.State);
            Assert.Equal(KeywordSpotter.StatusConfig, _spotter.FaultStatus);
            Assert.Contains("maybe", _spotter.FaultMessage);
            Assert.True(_spotter.Start(Model, null));
            Assert.Equal(SpotterState.Listening, _spotter.State);
            Assert.Equal(0, _spotter.FaultStatus);
            Assert.Equal("", _spotter.FaultMessage);
        }

        [Fact]
        public void EngineErrorWhileFeedingIsAFaultAndRecoverable()
        {
            _engine.FailAfterInferences = 3;
            _spotter.Start(Model, null);
            Feed(200);
            Assert.Equal(SpotterState.Fault, _spotter.State);
            Assert.Equal(16, _spotter.FaultStatus);
            Assert.Equal("native engine failed", _spotter.FaultMessage);
            // The failing 20 ms block is dropped (counted in time, not fed).
            Assert.Contains("80 listening->fault", _events);
            int calls = _engine.FeedCalls;
            Feed(100);
            Assert.Equal(calls, _engine.FeedCalls);
            Assert.Equal(300, _spotter.TimeMs);
            Assert.False(_spotter.Pause());

            _engine.ResetError = new EngineException(13, "engine state");
            Assert.False(_spotter.Recover());
            Assert.Equal(SpotterState.Fault, _spotter.State);
            Assert.Equal(13, _spotter.FaultStatus);

            _engine.ResetError = null;
            _engine.FailAfterInferences = -1;
            Assert.True(_spotter.Recover());
            Assert.Equal(SpotterState.Listening, _spotter.State);
            Feed(40);
            Assert.Equal(340, _spotter.TimeMs);
            Assert.Equal(2, _engine.Inferences);
        }

        [Theory]
        [InlineData(-1)]
        [InlineData(100000)]
        public void EngineThatMisreportsConsumptionIsAFault(int consumed)
        {
            _spotter.Start(Model, null);
            _engine.ForcedConsumption = consumed;
            Feed(20);
            Assert.Equal(SpotterState.Fault, _spotter.State);
            Assert.Equal(KeywordSpotter.StatusEngineContract, _spotter.FaultStatus);
            Assert.Equal(1, _engine.FeedCalls);
        }

        [Fact]
        public void EngineThatStallsIsAFaultNotAHang()
        {
            _spotter.Start(Model, null);
            _engine.ForcedConsumption = 0;
            Feed(20);
            Assert.Equal(SpotterState.Fault, _spotter.State);
            Assert.Equal(KeywordSpotter.MaxStalledFeeds + 1, _engine.FeedCalls);
            Assert.Contains("no progress", _spotter.FaultMessage);
        }

        [Fact]
        public void HandlerCanPauseAndTheRestOfTheBlockIsDropped()
        {
            _engine.Script = _ => Defaults.Scores(0, 0, 1, 0);
            _spotter.KeywordDetected += (l, s, t) => _spotter.Pause();
            _spotter.Start(Model, null);
            Feed(200, 6400);
            Assert.Equal(SpotterState.Paused, _spotter.State);
            Assert.Equal(3, _engine.Inferences);
            Assert.Equal(200, _spotter.TimeMs);
        }

        [Fact]
        public void SampleRateFromTheModelSetsTheClock()
        {
            var d = Defaults.Small();
            d.SampleRate = 8000;
            var engine = new FakeEngine(FakeEngine.YesNoLabels, d) { BytesPerInference = 320 };
            var spotter = new KeywordSpotter(engine);
            spotter.Start(Model, null);
            spotter.Process(new byte[1600], 0, 1600);
            Assert.Equal(100, spotter.TimeMs);
        }

        [Fact]
        public void BadPcmRangeIsRefused()
        {
            _spotter.Start(Model, null);
            Assert.Throws<ArgumentException>(() => _spotter.Process(new byte[10], 5, 6));
            Assert.Throws<ArgumentException>(() => _spotter.Process(new byte[10], -1, 2));
            Assert.Throws<ArgumentException>(() => _spotter.Process(null, 0, 0));
            _spotter.Process(new byte[10], 10, 0);
            Assert.Equal(SpotterState.Listening, _spotter.State);
        }

        [Fact]
        public void AudioPathDoesNotAllocate()
        {
            var scores = new float[4];
            var engine = new FakeEngine(FakeEngine.YesNoLabels, Defaults.Small()) { Script = _ => scores };
            var spotter = new KeywordSpotter(engine);
            var feedback = new FeedbackController(new FakeLed(null));
            feedback.AddKeywordColor("yes", 0, 255, 0, 300);
            feedback.AddKeywordAction("yes", new FakePin("relay", null), PinAction.Pulse, 100);
            feedback.AddKeywordAction("yes", new FakePin("lamp", null), PinAction.Toggle, 0);
            int detections = 0;
            spotter.KeywordDetected += feedback.OnKeywordDetected;
            spotter.KeywordDetected += (l, s, t) => detections++;
            spotter.StateChanged += feedback.OnStateChanged;
            spotter.Start(Model, null);
            var pcm = new byte[1000];

            void Run(int blocks)
            {
                for (int i = 0; i < blocks; i++)
                {
                    scores[2] = (i / 50) % 2 == 1 ? 1f : 0f;
                    spotter.Process(pcm, 0, pcm.Length);
                    feedback.Tick(spotter.TimeMs);
                }
            }

            Run(200); // JIT and first writes
            int warm = detections;
            long before = GC.GetAllocatedBytesForCurrentThread();
            Run(2000);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(detections - warm >= 15, "detections: " + (detections - warm));
            Assert.Equal(0, allocated);
        }
    }
}
