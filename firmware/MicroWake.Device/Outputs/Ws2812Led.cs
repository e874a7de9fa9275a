#if ESP32
using MicroWake.Core;
using nanoFramework.Hardware.Esp32.Rmt;

namespace MicroWake.Device
{
    /// <summary>
    /// One WS2812/SK6812 pixel (Atom Echo, ESP32-S3-DevKitC) driven by the ESP32's RMT peripheral:
    /// 24 bits, green-red-blue, most significant bit first. Ticks are 25 ns (80 MHz APB / 2); the bit
    /// times sit inside both parts' tolerances (0: 0.35 us high, 0.85 us low; 1: 0.7 us high, 0.5 us low).
    /// </summary>
    public sealed class Ws2812Led : IColorLed
    {
        private const ushort ZeroHigh = 14;
        private const ushort ZeroLow = 34;
        private const ushort OneHigh = 28;
        private const ushort OneLow = 20;

        private readonly TransmitterChannel _channel;
        private readonly RmtCommand _zero = new RmtCommand(ZeroHigh, true, ZeroLow, false);
        private readonly RmtCommand _one = new RmtCommand(OneHigh, true, OneLow, false);

        public Ws2812Led(string name, int pin)
        {
            Name = name;
            TransmitChannelSettings settings = new TransmitChannelSettings(pin);
            settings.ClockDivider = 2;
            settings.EnableCarrierWave = false;   // on by default (infrared); a pixel needs plain pulses
            settings.EnableIdleLevelOutput = true;
            settings.IdleLevel = false;           // low between frames latches the colour
            _channel = new TransmitterChannel(settings);
        }

        public string Name { get; private set; }

        public void SetColor(byte red, byte green, byte blue)
        {
            _channel.ClearCommands();
            AddByte(green);
            AddByte(red);
            AddByte(blue);
            _channel.Send(true);
        }

        private void AddByte(byte value)
        {
            for (int bit = 7; bit >= 0; bit--)
            {
                _channel.AddCommand(((value >> bit) & 1) != 0 ? _one : _zero);
            }
        }
    }
}
#endif
