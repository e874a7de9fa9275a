namespace MicroWake.Core
{
    /// <summary>A pin a keyword drives (appliance output, relay, indicator LED).</summary>
    public class KeywordActionConfig
    {
        public string Keyword { get; set; }

        /// <summary>GPIO number.</summary>
        public int Pin { get; set; }

        public PinAction Action { get; set; }

        /// <summary>Pulse length in milliseconds (Pulse only).</summary>
        public int DurationMs { get; set; }

        /// <summary>The driven device is active when the pin is low.</summary>
        public bool ActiveLow { get; set; }
    }
}
