using System;

namespace MicroWake.Core
{
    /// <summary>A colour shown for OnMs at the start of every PeriodMs (OnMs = PeriodMs: steady).</summary>
    public class BlinkPattern
    {
        public BlinkPattern(int periodMs, int onMs, byte red, byte green, byte blue)
        {
            if (periodMs < 1 || onMs < 0 || onMs > periodMs)
            {
                throw new ArgumentException("blink pattern needs period >= 1 ms and 0 <= on <= period");
            }

            PeriodMs = periodMs;
            OnMs = onMs;
            Red = red;
            Green = green;
            Blue = blue;
        }

        public int PeriodMs { get; private set; }
        public int OnMs { get; private set; }
        public byte Red { get; private set; }
        public byte Green { get; private set; }
        public byte Blue { get; private set; }

        /// <summary>True when the pattern, started at <paramref name="sinceMs"/>, is lit at <paramref name="nowMs"/>.</summary>
        public bool IsOn(long sinceMs, long nowMs)
        {
            long elapsed = nowMs - sinceMs;
            return elapsed >= 0 && elapsed % PeriodMs < OnMs;
        }

        /// <summary>Short dim green flash every 2 s while listening.</summary>
        public static BlinkPattern DefaultHeartbeat()
        {
            return new BlinkPattern(2000, 50, 0, 40, 0);
        }

        /// <summary>Red, 250 ms on / 250 ms off.</summary>
        public static BlinkPattern DefaultFault()
        {
            return new BlinkPattern(500, 250, 255, 0, 0);
        }

        /// <summary>Short dim amber flash every 4 s while paused.</summary>
        public static BlinkPattern DefaultPaused()
        {
            return new BlinkPattern(4000, 50, 40, 20, 0);
        }
    }
}
