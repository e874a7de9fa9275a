using MicroWake.Device.Native;

namespace MicroWake.Device
{
    /// <summary>
    /// Start-up microphone check: half a second of audio through the native input stage, then its
    /// raw levels. All zeros means no microphone (or the wrong slot or data pin); samples at full
    /// scale mean a wiring or format fault. With stereo slots, a silent slot whose neighbour carries
    /// sound is switched over (the ESP32 driver's left/right order varies) and reported.
    /// </summary>
    public static class MicSelfTest
    {
        /// <summary>Audio to measure.</summary>
        public const int DurationMs = 500;

        /// <summary>Returns null when the microphone is fine, otherwise the fault message.</summary>
        public static string Run(IMicrophone mic, NativeKeywordEngine engine, DeviceBoard board, byte[] raw, byte[] pcm, int[] levels)
        {
            int channel = mic.Channel;
            string result = Measure(mic, engine, board, channel, raw, pcm, levels);
            if (result != null && IsSilent(levels) && mic.Channels == 2)
            {
                int other = 1 - channel;
                if (Measure(mic, engine, board, other, raw, pcm, levels) == null)
                {
                    System.Console.WriteLine("MicroWake: " + board.MicPart + " answers on slot " + other.ToString()
                        + ", not " + channel.ToString() + ": using it (swap microphone.channel in the board config)");
                    return null;
                }

                Configure(mic, engine, board, channel);
            }

            return result;
        }

        private static void Configure(IMicrophone mic, NativeKeywordEngine engine, DeviceBoard board, int channel)
        {
            engine.ConfigureInput(mic.BitsPerSample, mic.Channels, channel, board.GainQ8, board.RemoveDc);
        }

        private static string Measure(IMicrophone mic, NativeKeywordEngine engine, DeviceBoard board, int channel, byte[] raw, byte[] pcm, int[] levels)
        {
            Configure(mic, engine, board, channel);
            int reads = DurationMs / 20 + 1;
            // The first read flushes what the DMA held from before; then measure.
            mic.Read(raw, raw.Length);
            engine.Condition(raw, 0, raw.Length, pcm);
            engine.TakeInputLevels(levels);
            for (int i = 0; i < reads; i++)
            {
                mic.Read(raw, raw.Length);
                engine.Condition(raw, 0, raw.Length, pcm);
            }

            engine.TakeInputLevels(levels);
            if (IsSilent(levels))
            {
                return "microphone " + board.MicPart + " returns only zeros: check power, the data pin (GPIO"
                    + board.Config.Microphone.DataPin.ToString() + ") and the L/R pin";
            }

            int samples = levels[NativeEngine.LevelSamples];
            if (levels[NativeEngine.LevelClipped] * 20 >= samples)
            {
                return "microphone " + board.MicPart + " saturates (" + levels[NativeEngine.LevelClipped].ToString() + " of "
                    + samples.ToString() + " samples at full scale): check the clock and word-select wiring and the bit depth";
            }

            return null;
        }

        private static bool IsSilent(int[] levels)
        {
            int samples = levels[NativeEngine.LevelSamples];
            return samples == 0 || levels[NativeEngine.LevelZeros] == samples || levels[NativeEngine.LevelPeak] == 0;
        }
    }
}
