namespace MicroWake.Core
{
    /// <summary>States of <see cref="KeywordSpotter"/>.</summary>
    public enum SpotterState
    {
        /// <summary>Created, no model running yet (Start not called or not yet successful).</summary>
        Starting = 0,

        /// <summary>Feeding audio and watching for keywords.</summary>
        Listening = 1,

        /// <summary>A keyword was just detected; audio is still fed but detections are suppressed.</summary>
        Cooldown = 2,

        /// <summary>Audio is dropped until Resume.</summary>
        Paused = 3,

        /// <summary>The engine failed; audio is dropped until Recover or Start.</summary>
        Fault = 4
    }

    /// <summary>Names for logs and timelines (enum ToString gives a number on nanoFramework).</summary>
    public static class SpotterStateNames
    {
        public static string Of(SpotterState state)
        {
            switch (state)
            {
                case SpotterState.Starting:
                    return "starting";
                case SpotterState.Listening:
                    return "listening";
                case SpotterState.Cooldown:
                    return "cooldown";
                case SpotterState.Paused:
                    return "paused";
                case SpotterState.Fault:
                    return "fault";
                default:
                    return "unknown";
            }
        }
    }
}
