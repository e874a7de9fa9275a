using System;
using System.Collections.Generic;
using MicroWake.Core;
using Xunit;

namespace MicroWake.Core.Tests
{
    public class BoardConfigTests
    {
        private static BoardConfig Valid() => new BoardConfig
        {
            Name = "esp32-devkitc-inmp441",
            Chip = "esp32",
            KernelBackend = "reference",
            Microphone = new MicrophoneConfig { Bus = MicBus.I2s, ClockPin = 26, WordSelectPin = 25, DataPin = 33, Channel = MicChannel.Left },
            StatusLed = new LedConfig { Name = "rgb", Kind = LedKind.Rgb, RedPin = 16, GreenPin = 17, BluePin = 18, Pwm = true },
            KeywordColors = new[] { new KeywordColorConfig { Keyword = "yes", Green = 255, DurationMs = 1000 } },
            KeywordActions = new[]
            {
                new KeywordActionConfig { Keyword = "yes", Pin = 4, Action = PinAction.Set },
                new KeywordActionConfig { Keyword = "no", Pin = 4, Action = PinAction.Clear },
                new KeywordActionConfig { Keyword = "no", Pin = 5, Action = PinAction.Pulse, DurationMs = 300, ActiveLow = true },
            },
            Detection = new[] { new DetectionOverride("yes") { Threshold = 0.8f } },
        };

        [Fact]
        public void ValidConfigPasses()
        {
            Valid().Validate();
            var pdm = Valid();
            pdm.Microphone = new MicrophoneConfig { Bus = MicBus.Pdm, ClockPin = 33, DataPin = 23, BitsPerSample = 16 };
            pdm.StatusLed = new LedConfig { Kind = LedKind.Addressable, Pin = 27 };
            pdm.Validate();
            var native = Valid();
            native.Microphone = new MicrophoneConfig { NativeCapture = true, ClockPin = -1, DataPin = -1 };
            native.StatusLed = null;
            native.Validate();
        }

        [Theory]
        [InlineData("name", "no name")]
        [InlineData("mic", "no microphone")]
        [InlineData("ws", "microphone pins missing")]
        [InlineData("bits", "bits per sample must be 16, 24 or 32, not 20")]
        [InlineData("gain", "gain must be 0..48 dB, not 60")]
        [InlineData("read", "read time must be positive")]
        [InlineData("led", "status LED pins missing")]
        [InlineData("colour", "keyword colour 0 needs a keyword")]
        [InlineData("pulse", "pulse for 'no' needs a duration")]
        [InlineData("polarity", "pin 4 is both active-low and active-high")]
        [InlineData("override", "detection override 0 needs a keyword")]
        [InlineData("nulls", "must not be null")]
        public void StructuralErrorsAreNamed(string breakWhat, string message)
        {
            var b = Valid();
            switch (breakWhat)
            {
                case "name": b.Name = ""; break;
                case "mic": b.Microphone = null; break;
                case "ws": b.Microphone.WordSelectPin = -1; break;
                case "bits": b.Microphone.BitsPerSample = 20; break;
                case "gain": b.Microphone.GainDb = 60; break;
                case "read": b.Microphone.ReadMs = 0; break;
                case "led": b.StatusLed.BluePin = -1; break;
                case "colour": b.KeywordColors[0].DurationMs = 0; break;
                case "pulse": b.KeywordActions[2].DurationMs = 0; break;
                case "polarity": b.KeywordActions[1].ActiveLow = true; break;
                case "override": b.Detection[0].Keyword = null; break;
                case "nulls": b.KeywordActions = null; break;
            }

            var e = Assert.Throws<ArgumentException>(() => b.Validate());
            Assert.Contains(message, e.Message);
        }

        [Fact]
        public void BoardFeedbackOpensEachPinOnceAndWiresTheRules()
        {
            var timeline = new Timeline();
            var provider = new FakePinProvider(timeline);
            var board = Valid();
            board.Heartbeat = new BlinkPattern(1000, 10, 1, 2, 3);
            var fb = BoardFeedback.Create(board, new FakeLed(timeline), provider);
            timeline.Clock = () => fb.NowMs;

            Assert.Equal(new[] { "4 high-active", "5 low-active" }, provider.Opened);
            Assert.Same(board.Heartbeat, fb.Heartbeat);
            Assert.NotNull(fb.FaultPattern);

            fb.OnStateChanged(SpotterState.Starting, SpotterState.Listening, 0);
            fb.OnKeywordDetected("yes", 1f, 100);
            fb.OnKeywordDetected("no", 1f, 200);
            fb.Tick(600);
            Assert.Equal(
                "0 gpio4=0\n0 gpio5=0\n0 led=010203\n100 gpio4=1\n100 led=00ff00\n200 gpio4=0\n200 gpio5=1\n600 gpio5=0",
                timeline.ToString());
        }

        private sealed class FakePinProvider : IPinProvider
        {
            private readonly Timeline _timeline;

            public FakePinProvider(Timeline timeline) => _timeline = timeline;

            public List<string> Opened { get; } = new List<string>();

            public IDigitalOutput OpenOutput(int pin, bool activeLow)
            {
                Opened.Add(pin + (activeLow ? " low-active" : " high-active"));
                return new FakePin("gpio" + pin, _timeline);
            }
        }
    }
}
