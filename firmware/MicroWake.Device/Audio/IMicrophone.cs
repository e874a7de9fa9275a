using System;

namespace MicroWake.Device
{
    /// <summary>
    /// A microphone that delivers raw frames. The raw format (slot width, slots per frame, our slot)
    /// is what NativeEngine.ConfigureInput needs to turn it into 16-bit PCM natively.
    /// </summary>
    public interface IMicrophone : IDisposable
    {
        /// <summary>Slot width in bits: 16 or 32.</summary>
        int BitsPerSample { get; }

        /// <summary>Slots per frame in the data Read returns: 1 or 2.</summary>
        int Channels { get; }

        /// <summary>The slot carrying the microphone (0 or 1).</summary>
        int Channel { get; }

        /// <summary>Fills buffer[0..count) with raw frames; blocks until they are there.</summary>
        void Read(byte[] buffer, int count);
    }
}
