using MicroWake.Core;
using nanoFramework.TestFramework;

namespace MicroWake.DeviceTests
{
    [TestClass]
    public class FeedbackControllerTests
    {
        private class RecordingPin : IDigitalOutput
        {
            public string Log = "";

            public string Name
            {
                get { return "pin"; }
            }

            public void Write(bool high)
            {
                Log = Log + (high ? "1" : "0");
            }
        }

        private class RecordingLed : IColorLed
        {
            public int Writes;
            public int Color = -1;

            public string Name
            {
                get { return "led"; }
            }

            public void SetColor(byte red, byte green, byte blue)
            {
                Writes++;
                Color = (red << 16) | (green << 8) | blue;
            }
        }

        [TestMethod]
        public void HeartbeatKeywordColourAndPulse()
        {
            RecordingLed led = new RecordingLed();
            RecordingPin pin = new RecordingPin();
            FeedbackController fb = new FeedbackController(led);
            fb.Heartbeat = new BlinkPattern(1000, 100, 0, 40, 0);
            fb.AddKeywordColor("yes", 0, 0, 255, 300);
            fb.AddKeywordAction("yes", pin, PinAction.Pulse, 200);

            fb.OnStateChanged(SpotterState.Starting, SpotterState.Listening, 0);
            Assert.AreEqual(0x002800, led.Color);
            fb.Tick(100);
            Assert.AreEqual(0, led.Color);
            fb.OnKeywordDetected("yes", 0.9f, 400);
            Assert.AreEqual(0x0000ff, led.Color);
            Assert.AreEqual("01", pin.Log);
            fb.Tick(599);
            Assert.AreEqual("01", pin.Log);
            fb.Tick(600);
            Assert.AreEqual("010", pin.Log);
            fb.Tick(700);
            Assert.AreEqual(0, led.Color);
            fb.Tick(1000);
            Assert.AreEqual(0x002800, led.Color);
        }

        [TestMethod]
        public void FaultPatternBlinks()
        {
            RecordingLed led = new RecordingLed();
            FeedbackController fb = new FeedbackController(led);
            fb.FaultPattern = new BlinkPattern(400, 200, 255, 0, 0);
            fb.OnStateChanged(SpotterState.Listening, SpotterState.Fault, 1000);
            Assert.AreEqual(0xff0000, led.Color);
            fb.Tick(1200);
            Assert.AreEqual(0, led.Color);
            fb.Tick(1400);
            Assert.AreEqual(0xff0000, led.Color);
        }
    }
}
