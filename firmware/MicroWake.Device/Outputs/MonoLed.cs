using MicroWake.Core;

namespace MicroWake.Device
{
    /// <summary>A single-colour LED as an IColorLed: lit for any colour but black.</summary>
    public sealed class MonoLed : IColorLed
    {
        private readonly IDigitalOutput _output;

        public MonoLed(string name, IDigitalOutput output)
        {
            Name = name;
            _output = output;
        }

        public string Name { get; private set; }

        public void SetColor(byte red, byte green, byte blue)
        {
            _output.Write(red != 0 || green != 0 || blue != 0);
        }
    }
}
