namespace MicroWake.Core
{
    /// <summary>One output pin (LED, relay, appliance input). The device drives a GpioPin; the host prints.</summary>
    public interface IDigitalOutput
    {
        /// <summary>Name for timelines and logs, e.g. "GPIO2" or "led-yes".</summary>
        string Name { get; }

        void Write(bool high);
    }
}
