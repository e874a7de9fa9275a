namespace MicroWake.Core
{
    /// <summary>Opens output pins by GPIO number (GpioController on the device, a timeline printer on the host).</summary>
    public interface IPinProvider
    {
        /// <summary>An output for <paramref name="pin"/>; Write(true) means active (low level when <paramref name="activeLow"/>).</summary>
        IDigitalOutput OpenOutput(int pin, bool activeLow);
    }
}
