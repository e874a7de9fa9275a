namespace MicroWake.Core
{
    /// <summary>How the microphone is wired.</summary>
    public enum MicBus
    {
        /// <summary>I2S MEMS microphone (INMP441, SPH0645, ICS-43434): BCK, WS and data pins.</summary>
        I2s = 0,

        /// <summary>PDM microphone (SPM1423 on the M5Stack Atom Echo): clock and data pins.</summary>
        Pdm = 1
    }

    /// <summary>Which slot of the stereo frame carries the microphone (L/R select pin of the mic).</summary>
    public enum MicChannel
    {
        Left = 0,
        Right = 1
    }

    /// <summary>Which slots are read from the bus.</summary>
    public enum MicSlotMode
    {
        /// <summary>Both slots are read and the microphone's channel is picked out natively.</summary>
        Stereo = 0,

        /// <summary>Only the microphone's slot is read.</summary>
        Mono = 1
    }

    /// <summary>Microphone settings of a board. Pin numbers are GPIO numbers; -1 means not connected.</summary>
    public class MicrophoneConfig
    {
        public MicrophoneConfig()
        {
            WordSelectPin = -1;
            MasterClockPin = -1;
            BitsPerSample = 32;
            SampleRate = 16000;
            ReadMs = 20;
        }

        public MicBus Bus { get; set; }

        /// <summary>I2S bus id as nanoFramework numbers it (ESP32: 1 = I2S0, 2 = I2S1; PDM input needs I2S0).</summary>
        public int Port { get; set; }

        /// <summary>Bit clock (I2S BCK/SCK) or PDM clock pin.</summary>
        public int ClockPin { get; set; }

        /// <summary>Word select (I2S WS/LRCLK) pin; -1 for PDM.</summary>
        public int WordSelectPin { get; set; }

        /// <summary>Data-in pin (may be an input-only pin).</summary>
        public int DataPin { get; set; }

        /// <summary>Master clock pin; -1 when the microphone needs none.</summary>
        public int MasterClockPin { get; set; }

        public MicChannel Channel { get; set; }

        /// <summary>Bits per sample slot on the bus (16, 24 or 32); samples are reduced to 16 bits before the engine.</summary>
        public int BitsPerSample { get; set; }

        /// <summary>Capture rate in Hz; must equal the model's sample rate.</summary>
        public int SampleRate { get; set; }

        public MicSlotMode SlotMode { get; set; }

        /// <summary>Gain applied natively before the engine, 0..48 dB.</summary>
        public int GainDb { get; set; }

        /// <summary>Remove the DC offset natively before the engine.</summary>
        public bool RemoveDc { get; set; }

        /// <summary>Audio buffered below the app (I2S DMA or the native capture ring) in bytes; 0: driver default.</summary>
        public int DmaBufferBytes { get; set; }

        /// <summary>Milliseconds of audio per managed read.</summary>
        public int ReadMs { get; set; }

        /// <summary>True when capture runs in native code (boards without managed I2S); the pins are then informational.</summary>
        public bool NativeCapture { get; set; }
    }
}
