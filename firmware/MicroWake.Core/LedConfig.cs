namespace MicroWake.Core
{
    public enum LedKind
    {
        /// <summary>One LED on one pin: lit for any non-black colour.</summary>
        Mono = 0,

        /// <summary>Three LEDs (red, green, blue pins), on/off or PWM-dimmed.</summary>
        Rgb = 1,

        /// <summary>One WS2812/SK6812 pixel on a data pin.</summary>
        Addressable = 2
    }

    /// <summary>The status LED of a board. Pins are GPIO numbers; -1 means unused.</summary>
    public class LedConfig
    {
        public LedConfig()
        {
            Pin = -1;
            RedPin = -1;
            GreenPin = -1;
            BluePin = -1;
        }

        public string Name { get; set; }

        public LedKind Kind { get; set; }

        /// <summary>Pin of a Mono LED or data pin of an Addressable one.</summary>
        public int Pin { get; set; }

        public int RedPin { get; set; }
        public int GreenPin { get; set; }
        public int BluePin { get; set; }

        /// <summary>Dim RGB channels with PWM instead of switching them on/off.</summary>
        public bool Pwm { get; set; }

        /// <summary>The LED lights when the pin is low.</summary>
        public bool ActiveLow { get; set; }
    }
}
