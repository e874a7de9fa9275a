#if ESP32
using System.Device.Pwm;
using MicroWake.Core;
using nanoFramework.Hardware.Esp32;

namespace MicroWake.Device
{
    /// <summary>Three LEDs dimmed with PWM (ESP32: any output pin can carry a PWM channel).</summary>
    public sealed class PwmRgbLed : IColorLed
    {
        private const int FrequencyHz = 5000;
        private readonly PwmChannel _red;
        private readonly PwmChannel _green;
        private readonly PwmChannel _blue;
        private readonly bool _activeLow;

        public PwmRgbLed(LedConfig config)
        {
            Name = config.Name;
            _activeLow = config.ActiveLow;
            _red = Open(config.RedPin, DeviceFunction.PWM1);
            _green = Open(config.GreenPin, DeviceFunction.PWM2);
            _blue = Open(config.BluePin, DeviceFunction.PWM3);
        }

        public string Name { get; private set; }

        public void SetColor(byte red, byte green, byte blue)
        {
            _red.DutyCycle = Duty(red);
            _green.DutyCycle = Duty(green);
            _blue.DutyCycle = Duty(blue);
        }

        private double Duty(byte value)
        {
            double duty = value / 255.0;
            return _activeLow ? 1.0 - duty : duty;
        }

        private PwmChannel Open(int pin, DeviceFunction function)
        {
            Configuration.SetPinFunction(pin, function);
            PwmChannel channel = PwmChannel.CreateFromPin(pin, FrequencyHz, _activeLow ? 1.0 : 0.0);
            channel.Start();
            return channel;
        }
    }
}
#endif
