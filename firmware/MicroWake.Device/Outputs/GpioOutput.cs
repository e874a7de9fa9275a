using System.Device.Gpio;
using MicroWake.Core;

namespace MicroWake.Device
{
    /// <summary>An output pin (keyword action, relay, indicator): logical high = active, inverted for active-low wiring.</summary>
    public sealed class GpioOutput : IDigitalOutput
    {
        private readonly GpioPin _pin;
        private readonly bool _activeLow;

        public GpioOutput(GpioController gpio, int pin, bool activeLow)
        {
            _activeLow = activeLow;
            _pin = gpio.OpenPin(pin, PinMode.Output);
            _pin.Write(activeLow ? PinValue.High : PinValue.Low);
            Name = "GPIO" + pin.ToString();
        }

        public string Name { get; private set; }

        public void Write(bool high)
        {
            _pin.Write(high != _activeLow ? PinValue.High : PinValue.Low);
        }
    }

    /// <summary>Opens keyword-action pins on the board's GpioController.</summary>
    public sealed class GpioPinProvider : IPinProvider
    {
        private readonly GpioController _gpio;

        public GpioPinProvider(GpioController gpio)
        {
            _gpio = gpio;
        }

        public IDigitalOutput OpenOutput(int pin, bool activeLow)
        {
            return new GpioOutput(_gpio, pin, activeLow);
        }
    }
}
