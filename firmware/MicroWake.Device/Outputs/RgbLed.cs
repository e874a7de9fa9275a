using MicroWake.Core;

namespace MicroWake.Device
{
    /// <summary>Three LEDs (red, green, blue pins) switched on or off: a channel is on when its value is at least half.</summary>
    public sealed class RgbLed : IColorLed
    {
        private readonly IDigitalOutput _red;
        private readonly IDigitalOutput _green;
        private readonly IDigitalOutput _blue;

        public RgbLed(string name, IDigitalOutput red, IDigitalOutput green, IDigitalOutput blue)
        {
            Name = name;
            _red = red;
            _green = green;
            _blue = blue;
        }

        public string Name { get; private set; }

        public void SetColor(byte red, byte green, byte blue)
        {
            _red.Write(red >= 128);
            _green.Write(green >= 128);
            _blue.Write(blue >= 128);
        }
    }
}
