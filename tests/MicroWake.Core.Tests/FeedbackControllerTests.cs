using System;
using MicroWake.Core;
using Xunit;

namespace MicroWake.Core.Tests
{
    public class FeedbackControllerTests
    {
        private readonly Timeline _timeline = new Timeline();
        private readonly FakeLed _led;
        private readonly FeedbackController _fb;

        public FeedbackControllerTests()
        {
            _led = new FakeLed(_timeline);
            _fb = new FeedbackController(_led);
            _timeline.Clock = () => _fb.NowMs;
            _fb.Heartbeat = new BlinkPattern(1000, 100, 0, 40, 0);
            _fb.PausedPattern = new BlinkPattern(2000, 50, 40, 20, 0);
            _fb.FaultPattern = new BlinkPattern(400, 200, 255, 0, 0);
        }

        private void TickEvery(long from, long to, int step)
        {
            for (long t = from; t <= to; t += step)
            {
                _fb.Tick(t);
            }
        }

        private void Expect(params string[] entries) => Assert.Equal(string.Join("\n", entries), _timeline.ToString());

        [Fact]
        public void OffWhileStarting()
        {
            TickEvery(0, 3000, 10);
            Expect("0 led=000000");
            Assert.Equal(1, _led.Writes);
        }

        [Fact]
        public void HeartbeatWhileListeningCountsFromListeningStart()
        {
            _fb.OnStateChanged(SpotterState.Starting, SpotterState.Listening, 250);
            TickEvery(250, 2300, 10);
            Expect("250 led=002800", "350 led=000000", "1250 led=002800", "1350 led=000000", "2250 led=002800");
        }

        [Fact]
        public void CooldownKeepsTheHeartbeatPhase()
        {
            _fb.OnStateChanged(SpotterState.Starting, SpotterState.Listening, 0);
            TickEvery(0, 500, 10);
            _fb.OnStateChanged(SpotterState.Listening, SpotterState.Cooldown, 500);
            TickEvery(500, 1100, 10);
            _fb.OnStateChanged(SpotterState.Cooldown, SpotterState.Listening, 1100);
            TickEvery(1100, 2000, 10);
            Expect("0 led=002800", "100 led=000000", "1000 led=002800", "1100 led=000000", "2000 led=002800");
        }

        [Fact]
        public void KeywordColourShowsForItsDurationThenTheHeartbeatReturns()
        {
            _fb.AddKeywordColor("yes", 0, 255, 0, 300);
            _fb.AddKeywordColor("no", 255, 0, 0, 500);
            _fb.OnStateChanged(SpotterState.Starting, SpotterState.Listening, 0);
            TickEvery(0, 900, 10);
            _fb.OnKeywordDetected("yes", 0.9f, 905);
            TickEvery(910, 1400, 10);
            _fb.OnKeywordDetected("no", 0.8f, 1400);
            _fb.OnKeywordDetected("other", 0.8f, 1500);
            TickEvery(1410, 2100, 10);
            Expect(
                "0 led=002800", "100 led=000000",
                "905 led=00ff00", "1210 led=000000", // the heartbeat's 1000-1100 flash is hidden by the colour
                "1400 led=ff0000", "1900 led=000000",
                "2000 led=002800", "2100 led=000000");
        }

        [Fact]
        public void PulseIsHighForItsDurationAndRetriggerExtendsIt()
        {
            var relay = new FakePin("relay", _timeline);
            _fb.AddKeywordAction("yes", relay, PinAction.Pulse, 200);
            _fb.Tick(0);
            _fb.OnKeywordDetected("yes", 1f, 100);
            TickEvery(100, 250, 10);
            _fb.OnKeywordDetected("yes", 1f, 250);
            TickEvery(250, 600, 10);
            Expect("0 relay=0", "0 led=000000", "100 relay=1", "450 relay=0");
            Assert.Equal(3, relay.Writes);
        }

        [Fact]
        public void SetClearAndToggleShareAPin()
        {
            var lamp = new FakePin("lamp", _timeline);
            _fb.AddKeywordAction("on", lamp, PinAction.Set, 0);
            _fb.AddKeywordAction("off", lamp, PinAction.Clear, 0);
            _fb.AddKeywordAction("switch", lamp, PinAction.Toggle, 0);
            _fb.OnKeywordDetected("on", 1f, 10);
            _fb.OnKeywordDetected("on", 1f, 20);
            _fb.OnKeywordDetected("switch", 1f, 30);
            _fb.OnKeywordDetected("switch", 1f, 40);
            _fb.OnKeywordDetected("off", 1f, 50);
            TickEvery(50, 5000, 100);
            Expect("10 lamp=1", "10 led=000000", "30 lamp=0", "40 lamp=1", "50 lamp=0");
        }

        [Fact]
        public void ToggleOfAnUnwrittenPinGoesHigh()
        {
            var lamp = new FakePin("lamp", _timeline);
            _fb.AddKeywordAction("switch", lamp, PinAction.Toggle, 0);
            _fb.OnKeywordDetected("switch", 1f, 10);
            Assert.True(lamp.Level);
        }

        [Fact]
        public void SetDuringAPulseCancelsTheEnd()
        {
            var pin = new FakePin("out", _timeline);
            _fb.AddKeywordAction("yes", pin, PinAction.Pulse, 100);
            _fb.AddKeywordAction("hold", pin, PinAction.Set, 0);
            _fb.OnKeywordDetected("yes", 1f, 0);
            _fb.OnKeywordDetected("hold", 1f, 50);
            TickEvery(50, 1000, 10);
            Assert.True(pin.Level);
            Assert.Equal(1, pin.Writes);
        }

        [Fact]
        public void SeveralPinsPerKeyword()
        {
            var a = new FakePin("a", _timeline);
            var b = new FakePin("b", _timeline);
            _fb.AddKeywordAction("yes", a, PinAction.Pulse, 50);
            _fb.AddKeywordAction("yes", b, PinAction.Set, 0);
            _fb.OnKeywordDetected("yes", 1f, 0);
            TickEvery(0, 100, 10);
            Expect("0 a=1", "0 b=1", "0 led=000000", "50 a=0");
        }

        [Fact]
        public void FaultPatternOverridesEverything()
        {
            _fb.AddKeywordColor("yes", 0, 255, 0, 1000);
            _fb.OnStateChanged(SpotterState.Starting, SpotterState.Listening, 0);
            TickEvery(0, 140, 10);
            _fb.OnKeywordDetected("yes", 1f, 150);
            _fb.OnStateChanged(SpotterState.Listening, SpotterState.Fault, 300);
            TickEvery(300, 1200, 10);
            Expect(
                "0 led=002800", "100 led=000000", "150 led=00ff00",
                "300 led=ff0000", "500 led=000000", "700 led=ff0000", "900 led=000000", "1100 led=ff0000");
        }

        [Fact]
        public void PausedPatternAndNullPatternsMeanOff()
        {
            _fb.OnStateChanged(SpotterState.Listening, SpotterState.Paused, 0);
            TickEvery(0, 2100, 10);
            _fb.PausedPattern = null;
            _fb.Tick(4000);
            Expect("0 led=281400", "50 led=000000", "2000 led=281400", "2050 led=000000");
        }

        [Fact]
        public void WorksWithoutAnLed()
        {
            var fb = new FeedbackController(null);
            var pin = new FakePin("p", null);
            fb.AddKeywordAction("yes", pin, PinAction.Pulse, 10);
            fb.OnStateChanged(SpotterState.Starting, SpotterState.Listening, 0);
            fb.OnKeywordDetected("yes", 1f, 5);
            fb.Tick(15);
            Assert.False(pin.Level);
            Assert.Equal(3, pin.Writes);
        }

        [Fact]
        public void BadRulesAreRefused()
        {
            Assert.Throws<ArgumentException>(() => _fb.AddKeywordColor("yes", 1, 2, 3, 0));
            Assert.Throws<ArgumentException>(() => _fb.AddKeywordColor("", 1, 2, 3, 10));
            Assert.Throws<ArgumentException>(() => _fb.AddKeywordAction("yes", new FakePin("p", null), PinAction.Pulse, 0));
            Assert.Throws<ArgumentNullException>(() => _fb.AddKeywordAction("yes", null, PinAction.Set, 0));
            Assert.Throws<ArgumentException>(() => new BlinkPattern(100, 101, 0, 0, 0));
            Assert.Throws<ArgumentException>(() => new BlinkPattern(0, 0, 0, 0, 0));
        }

        [Fact]
        public void FollowsASpotterEndToEnd()
        {
            var engine = new FakeEngine(FakeEngine.YesNoLabels, Defaults.Small())
            {
                Script = i => i >= 20 && i < 30 ? Defaults.Scores(0, 0, 1, 0) : Defaults.Scores(1, 0, 0, 0),
            };
            var spotter = new KeywordSpotter(engine);
            var relay = new FakePin("relay", _timeline);
            _fb.AddKeywordColor("yes", 0, 0, 255, 250);
            _fb.AddKeywordAction("yes", relay, PinAction.Pulse, 100);
            spotter.KeywordDetected += _fb.OnKeywordDetected;
            spotter.StateChanged += _fb.OnStateChanged;
            spotter.Start(new byte[] { 1 }, null);
            var block = new byte[640];
            for (int i = 0; i < 60; i++)
            {
                spotter.Process(block, 0, block.Length);
                _fb.Tick(spotter.TimeMs);
            }

            // Listening at 0; loud from the inference ending at 420 ms; at 480 ms four of the five
            // inferences in the 100 ms window are loud: average 0.8 >= 0.75.
            Expect("0 relay=0", "0 led=002800", "100 led=000000", "480 relay=1", "480 led=0000ff", "580 relay=0", "740 led=000000", "1000 led=002800", "1100 led=000000");
        }
    }
}
