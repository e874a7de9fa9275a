namespace MicroWake.Core
{
    /// <summary>What a keyword does to an output pin (levels are logical: the output handles active-low wiring).</summary>
    public enum PinAction
    {
        /// <summary>High for the action's duration, then low; a new detection restarts the duration.</summary>
        Pulse = 0,

        /// <summary>High until another action changes it.</summary>
        Set = 1,

        /// <summary>Low until another action changes it.</summary>
        Clear = 2,

        /// <summary>Inverts the pin (an unwritten pin counts as low).</summary>
        Toggle = 3
    }
}
