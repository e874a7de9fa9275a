namespace MicroWake.Boards;

/// <summary>A pin the chip or module reserves, with the rule name and why.</summary>
public sealed record ReservedPin(string Rule, string Why);

/// <summary>
/// What a chip allows on its pins. ESP32: 6-11 are the SPI flash, 34-39 input-only, 0/2/5/12/15 strapping,
/// 1/3 the console UART. ESP32-S3: 26-32 flash/PSRAM (33-37 too on octal modules), 19/20 USB,
/// 0/3/45/46 strapping, 43/44 console. STM32F769: PA9/PA10 console, PA13/PA14 SWD.
/// </summary>
public sealed class ChipRules
{
    private readonly Func<int, bool> _exists;
    private readonly Func<int, string> _name;

    private ChipRules(string chip, bool managedI2s, Func<int, bool> exists, Func<int, string> name, string[] kernelBackends)
    {
        Chip = chip;
        ManagedI2s = managedI2s;
        _exists = exists;
        _name = name;
        KernelBackends = kernelBackends;
    }

    public string Chip { get; }

    /// <summary>nanoFramework has System.Device.I2s here (ESP32 family); otherwise capture is native.</summary>
    public bool ManagedI2s { get; }

    public IReadOnlyList<string> KernelBackends { get; }
    public Dictionary<int, ReservedPin> Reserved { get; } = new();
    public HashSet<int> InputOnly { get; } = new();
    public HashSet<int> Strapping { get; } = new();

    public bool Exists(int pin) => _exists(pin);

    public string PinName(int pin) => _name(pin);

    public static IReadOnlyList<string> KnownChips { get; } = new[] { "esp32", "esp32-pico-d4", "esp32s3", "stm32f769", "corstone300" };

    /// <summary>Rules for a chip, or null when the chip is unknown.</summary>
    public static ChipRules? For(string chip, bool octalFlashOrPsram)
    {
        switch (chip)
        {
            case "esp32":
            case "esp32-pico-d4":
                return Esp32(chip);
            case "esp32s3":
                return Esp32S3(octalFlashOrPsram);
            case "stm32f769":
                return Stm32F769();
            case "corstone300":
                return new ChipRules(chip, false, p => p >= 0 && p <= 7, p => "LED" + p, new[] { "reference", "mve", "cmsis-nn", "ethos-u" });
            default:
                return null;
        }
    }

    private static string Gpio(int pin) => "GPIO" + pin;

    private static ChipRules Esp32(string chip)
    {
        var r = new ChipRules(chip, true, p => (p >= 0 && p <= 19) || (p >= 21 && p <= 23) || (p >= 25 && p <= 27) || (p >= 32 && p <= 39),
            Gpio, new[] { "reference", "esp-nn" });
        for (int p = 6; p <= 11; p++)
        {
            r.Reserved[p] = new ReservedPin("flash-pin", "connected to the module's SPI flash");
        }

        if (chip == "esp32-pico-d4")
        {
            r.Reserved[16] = new ReservedPin("flash-pin", "connected to the ESP32-PICO-D4's embedded flash");
            r.Reserved[17] = new ReservedPin("flash-pin", "connected to the ESP32-PICO-D4's embedded flash");
        }

        r.Reserved[1] = new ReservedPin("console-pin", "UART0 TX: nanoFramework's wire protocol (deploy, debug) runs on it");
        r.Reserved[3] = new ReservedPin("console-pin", "UART0 RX: nanoFramework's wire protocol (deploy, debug) runs on it");
        for (int p = 34; p <= 39; p++)
        {
            r.InputOnly.Add(p);
        }

        r.Strapping.UnionWith(new[] { 0, 2, 5, 12, 15 });
        return r;
    }

    private static ChipRules Esp32S3(bool octal)
    {
        var r = new ChipRules("esp32s3", true, p => (p >= 0 && p <= 21) || (p >= 26 && p <= 48), Gpio, new[] { "reference", "esp-nn" });
        for (int p = 26; p <= 32; p++)
        {
            r.Reserved[p] = new ReservedPin("flash-pin", "connected to the module's SPI flash / PSRAM");
        }

        if (octal)
        {
            for (int p = 33; p <= 37; p++)
            {
                r.Reserved[p] = new ReservedPin("psram-pin", "used by the octal flash/PSRAM of this module");
            }
        }

        r.Reserved[19] = new ReservedPin("usb-pin", "USB D-: the USB-Serial-JTAG nanoFramework's wire protocol uses");
        r.Reserved[20] = new ReservedPin("usb-pin", "USB D+: the USB-Serial-JTAG nanoFramework's wire protocol uses");
        r.Reserved[43] = new ReservedPin("console-pin", "UART0 TX (console)");
        r.Reserved[44] = new ReservedPin("console-pin", "UART0 RX (console)");
        r.Strapping.UnionWith(new[] { 0, 3, 45, 46 });
        return r;
    }

    private static ChipRules Stm32F769()
    {
        // nanoFramework numbers STM32 pins port * 16 + pin: PA0 = 0 ... PK15 = 175.
        var r = new ChipRules("stm32f769", false, p => p >= 0 && p < 11 * 16,
            p => "P" + (char)('A' + p / 16) + (p % 16), new[] { "reference", "arm-dsp", "cmsis-nn" });
        r.Reserved[9] = new ReservedPin("console-pin", "USART1 TX to the ST-LINK virtual COM port: nanoFramework's wire protocol");
        r.Reserved[10] = new ReservedPin("console-pin", "USART1 RX to the ST-LINK virtual COM port: nanoFramework's wire protocol");
        r.Reserved[13] = new ReservedPin("debug-pin", "SWDIO of the ST-LINK");
        r.Reserved[14] = new ReservedPin("debug-pin", "SWCLK of the ST-LINK");
        return r;
    }
}
