using System;

namespace MicroWake.Core
{
    /// <summary>
    /// One board: chip, microphone, status LED, keyword feedback and detection overrides. Built from
    /// board-configs/ (generated code on the device, parsed data on the host). Arrays may be empty, not null.
    /// </summary>
    public class BoardConfig
    {
        public BoardConfig()
        {
            KeywordColors = new KeywordColorConfig[0];
            KeywordActions = new KeywordActionConfig[0];
            Detection = new DetectionOverride[0];
        }

        /// <summary>Board id, e.g. "esp32-devkitc-inmp441".</summary>
        public string Name { get; set; }

        /// <summary>Chip family, e.g. "esp32", "esp32s3", "stm32f769", "corstone300".</summary>
        public string Chip { get; set; }

        /// <summary>Kernel backend of the native build, e.g. "reference", "esp-nn", "cmsis-nn", "ethos-u".</summary>
        public string KernelBackend { get; set; }

        public MicrophoneConfig Microphone { get; set; }

        /// <summary>Status LED; null when the board has none.</summary>
        public LedConfig StatusLed { get; set; }

        /// <summary>Heartbeat override; null keeps BlinkPattern.DefaultHeartbeat.</summary>
        public BlinkPattern Heartbeat { get; set; }

        /// <summary>Fault pattern override; null keeps BlinkPattern.DefaultFault.</summary>
        public BlinkPattern FaultPattern { get; set; }

        public KeywordColorConfig[] KeywordColors { get; set; }

        public KeywordActionConfig[] KeywordActions { get; set; }

        public DetectionOverride[] Detection { get; set; }

        /// <summary>
        /// Throws ArgumentException naming the first structural error (missing parts, unset pins, bad durations).
        /// Chip pin rules (flash pins, input-only pins) are checked by the board-config tests, not here.
        /// </summary>
        public void Validate()
        {
            string where = "board '" + (Name == null ? "?" : Name) + "': ";
            if (Name == null || Name.Length == 0)
            {
                throw new ArgumentException(where + "no name");
            }

            if (Microphone == null)
            {
                throw new ArgumentException(where + "no microphone");
            }

            CheckMicrophone(where, Microphone);
            if (StatusLed != null)
            {
                CheckLed(where, StatusLed);
            }

            if (KeywordColors == null || KeywordActions == null || Detection == null)
            {
                throw new ArgumentException(where + "keyword colour, action and detection lists must not be null");
            }

            for (int i = 0; i < KeywordColors.Length; i++)
            {
                KeywordColorConfig c = KeywordColors[i];
                if (c == null || c.Keyword == null || c.Keyword.Length == 0 || c.DurationMs < 1)
                {
                    throw new ArgumentException(where + "keyword colour " + i.ToString() + " needs a keyword and a duration >= 1 ms");
                }
            }

            for (int i = 0; i < KeywordActions.Length; i++)
            {
                KeywordActionConfig a = KeywordActions[i];
                if (a == null || a.Keyword == null || a.Keyword.Length == 0 || a.Pin < 0)
                {
                    throw new ArgumentException(where + "keyword action " + i.ToString() + " needs a keyword and a pin");
                }

                if (a.Action == PinAction.Pulse && a.DurationMs < 1)
                {
                    throw new ArgumentException(where + "pulse for '" + a.Keyword + "' needs a duration >= 1 ms");
                }

                for (int j = 0; j < i; j++)
                {
                    if (KeywordActions[j].Pin == a.Pin && KeywordActions[j].ActiveLow != a.ActiveLow)
                    {
                        throw new ArgumentException(where + "pin " + a.Pin.ToString() + " is both active-low and active-high");
                    }
                }
            }

            for (int i = 0; i < Detection.Length; i++)
            {
                if (Detection[i] == null || Detection[i].Keyword == null || Detection[i].Keyword.Length == 0)
                {
                    throw new ArgumentException(where + "detection override " + i.ToString() + " needs a keyword (or \"*\")");
                }
            }
        }

        private static void CheckMicrophone(string where, MicrophoneConfig mic)
        {
            if (mic.SampleRate < 1 || mic.ReadMs < 1 || mic.DmaBufferBytes < 0)
            {
                throw new ArgumentException(where + "microphone sample rate and read time must be positive, the DMA buffer not negative");
            }

            if (mic.GainDb < 0 || mic.GainDb > 48)
            {
                throw new ArgumentException(where + "microphone gain must be 0..48 dB, not " + mic.GainDb.ToString());
            }

            if (mic.NativeCapture)
            {
                return;
            }

            if (mic.ClockPin < 0 || mic.DataPin < 0 || (mic.Bus == MicBus.I2s && mic.WordSelectPin < 0))
            {
                throw new ArgumentException(where + "microphone pins missing (I2S needs clock, word select and data; PDM clock and data)");
            }

            if (mic.BitsPerSample != 16 && mic.BitsPerSample != 24 && mic.BitsPerSample != 32)
            {
                throw new ArgumentException(where + "microphone bits per sample must be 16, 24 or 32, not " + mic.BitsPerSample.ToString());
            }
        }

        private static void CheckLed(string where, LedConfig led)
        {
            bool ok = led.Kind == LedKind.Rgb
                ? led.RedPin >= 0 && led.GreenPin >= 0 && led.BluePin >= 0
                : led.Pin >= 0;
            if (!ok)
            {
                throw new ArgumentException(where + "status LED pins missing (RGB needs red, green and blue; mono and addressable one pin)");
            }
        }
    }
}
