namespace MicroWake.Core
{
    /// <summary>A colour LED (RGB on GPIO/PWM, or a single WS2812 pixel). Mono LEDs light for any non-black colour.</summary>
    public interface IColorLed
    {
        string Name { get; }

        void SetColor(byte red, byte green, byte blue);
    }
}
