using MicroWake.Core;

namespace MicroWake.Device
{
    /// <summary>
    /// A board as the device app needs it: the core's BoardConfig plus the audio settings that only
    /// the device uses. Instances come from the generated Boards.g.cs (board-configs/*.json).
    /// </summary>
    public class DeviceBoard
    {
        public DeviceBoard(BoardConfig config)
        {
            Config = config;
        }

        public BoardConfig Config { get; private set; }

        /// <summary>Microphone part, for messages ("INMP441").</summary>
        public string MicPart { get; set; }

        /// <summary>Read both I2S slots (RightLeft) and keep the mic's slot natively, instead of OnlyLeft/OnlyRight.</summary>
        public bool StereoSlots { get; set; }

        /// <summary>Native gain in Q8 (256 = 0 dB), applied at 24-bit precision before the engine.</summary>
        public int GainQ8 { get; set; }

        public bool RemoveDc { get; set; }

        /// <summary>I2S DMA buffer (ESP32 I2sConnectionSettings.BufferSize) or native capture ring, bytes.</summary>
        public int DmaBufferBytes { get; set; }

        /// <summary>Raw bytes per microphone read (readMs of audio in the read format).</summary>
        public int ReadBytes { get; set; }

        /// <summary>0: a Feed call may run a whole inference; &gt;0: at most this many operators per call.</summary>
        public int MaxOpsPerFeed { get; set; }

        /// <summary>Worst-case Feed time from the board's timing budget (ms).</summary>
        public int FeedWorstMs { get; set; }

        /// <summary>Audio buffered below the app (ms); must exceed a read plus FeedWorstMs.</summary>
        public int BufferMs { get; set; }
    }
}
