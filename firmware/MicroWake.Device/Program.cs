using System;
using System.Device.Gpio;
using System.Threading;
using MicroWake.Core;

namespace MicroWake.Device
{
    /// <summary>
    /// MicroWake on a board: microphone -> native conditioning -> engine (InternalCall) -> detection
    /// policy and state machine (core) -> LEDs and output pins. One thread; every buffer is allocated
    /// before the loop. A native call blocks all managed threads, so each loop does one short read
    /// (board readMs) and Feed calls whose worst case fits the board's DMA buffering (Boards.g.cs).
    /// </summary>
    public static class Program
    {
        private const int RecoverAfterMs = 5000;

        /// <summary>Loops between checks of the native capture's dropped-audio counter (about 2 s).</summary>
        private const int OverrunCheckLoops = 100;

        public static void Main()
        {
            DeviceBoard board = Boards.Get(BoardSelection.Name);
            if (board == null)
            {
                Console.WriteLine("MicroWake: unknown board '" + BoardSelection.Name + "' (see board-configs/)");
                Thread.Sleep(Timeout.Infinite);
            }

            GpioController gpio = new GpioController();
            FeedbackController feedback = BoardFeedback.Create(board.Config, OpenStatusLed(board.Config.StatusLed, gpio), new GpioPinProvider(gpio));
            NativeKeywordEngine engine = new NativeKeywordEngine(board.MaxOpsPerFeed);

            IMicrophone mic;
            try
            {
                mic = OpenMicrophone(board);
            }
            catch (Exception e)
            {
                ShowFault(feedback, "cannot open the microphone: " + e.Message);
                return;
            }

            byte[] raw = new byte[board.ReadBytes];
            int frameBytes = mic.BitsPerSample / 8 * mic.Channels;
            byte[] pcm = new byte[(raw.Length / frameBytes + 1) * 2];
            int[] levels = new int[Native.NativeEngine.LevelCount];

            string micFault = MicSelfTest.Run(mic, engine, board, raw, pcm, levels);
            if (micFault != null)
            {
                ShowFault(feedback, micFault);
                return;
            }

            KeywordSpotter spotter = new KeywordSpotter(engine);
            spotter.StateChanged += feedback.OnStateChanged;
            spotter.KeywordDetected += feedback.OnKeywordDetected;
            spotter.KeywordDetected += OnKeywordDetected;
            try
            {
                engine.OpenBuiltIn();
            }
            catch (EngineException e)
            {
                ShowFault(feedback, "cannot open the built-in model: " + e.Message);
                return;
            }

            if (!spotter.Start(board.Config.Detection))
            {
                Console.WriteLine("MicroWake: " + spotter.FaultMessage);
            }

            Console.WriteLine("MicroWake: listening on " + board.Config.Name + " (" + engine.ClassCount.ToString() + " classes, worst Feed ~"
                + board.FeedWorstMs.ToString() + " ms of " + board.BufferMs.ToString() + " ms buffered)");
            long faultSince = -1;
            long overruns = 0;
            int loops = 0;
            while (true)
            {
                mic.Read(raw, raw.Length);
                int pcmBytes = engine.Condition(raw, 0, raw.Length, pcm);
                spotter.Process(pcm, 0, pcmBytes);
                long now = spotter.TimeMs;
                feedback.Tick(now);

                if (++loops == OverrunCheckLoops)
                {
                    loops = 0;
                    long dropped = engine.CaptureOverruns;
                    if (dropped > overruns)
                    {
                        overruns = dropped;
                        Console.WriteLine("MicroWake: capture dropped " + dropped.ToString() + " bytes: the loop is slower than the board's budget");
                    }
                }

                if (spotter.State == SpotterState.Fault)
                {
                    if (faultSince < 0)
                    {
                        faultSince = now;
                        Console.WriteLine("MicroWake: fault " + spotter.FaultStatus.ToString() + ": " + spotter.FaultMessage);
                    }
                    else if (now - faultSince >= RecoverAfterMs && spotter.Recover())
                    {
                        faultSince = -1;
                    }
                }
            }
        }

        private static void OnKeywordDetected(string label, float score, long timeMs)
        {
            Console.WriteLine("MicroWake: " + label + " (" + ((int)(score * 100)).ToString() + " %) at " + timeMs.ToString() + " ms");
        }

        private static IMicrophone OpenMicrophone(DeviceBoard board)
        {
            if (board.Config.Microphone.NativeCapture)
            {
                return new NativeCaptureMicrophone(board);
            }

#if ESP32
            return new I2sMicrophone(board);
#else
            throw new NotSupportedException("this build has no managed I2S (build with MicroWakeChip=esp32)");
#endif
        }

        private static IColorLed OpenStatusLed(LedConfig led, GpioController gpio)
        {
            if (led == null)
            {
                return null;
            }

            switch (led.Kind)
            {
                case LedKind.Rgb:
#if ESP32
                    if (led.Pwm)
                    {
                        return new PwmRgbLed(led);
                    }
#endif
                    return new RgbLed(led.Name, new GpioOutput(gpio, led.RedPin, led.ActiveLow),
                        new GpioOutput(gpio, led.GreenPin, led.ActiveLow), new GpioOutput(gpio, led.BluePin, led.ActiveLow));
                case LedKind.Addressable:
#if ESP32
                    return new Ws2812Led(led.Name, led.Pin);
#else
                    throw new NotSupportedException("addressable LEDs need the ESP32 RMT");
#endif
                default:
                    return new MonoLed(led.Name, new GpioOutput(gpio, led.Pin, led.ActiveLow));
            }
        }

        /// <summary>Prints the fault and shows the board's fault pattern for good (wall clock: no audio runs).</summary>
        private static void ShowFault(FeedbackController feedback, string message)
        {
            Console.WriteLine("MicroWake: FAULT: " + message);
            long start = DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond;
            feedback.OnStateChanged(SpotterState.Starting, SpotterState.Fault, 0);
            while (true)
            {
                feedback.Tick(DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond - start);
                Thread.Sleep(50);
            }
        }
    }
}
