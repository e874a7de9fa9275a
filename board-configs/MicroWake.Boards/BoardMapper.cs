using MicroWake.Core;

namespace MicroWake.Boards;

/// <summary>Turns a board file into the core's BoardConfig (the model the device and the host share).</summary>
public static class BoardMapper
{
    public static MicBus Bus(string bus) => bus switch
    {
        "i2s" => MicBus.I2s,
        "pdm" => MicBus.Pdm,
        _ => throw new ArgumentException($"microphone bus must be i2s or pdm, not '{bus}'"),
    };

    public static MicChannel Channel(string channel) => channel switch
    {
        "left" => MicChannel.Left,
        "right" => MicChannel.Right,
        _ => throw new ArgumentException($"microphone channel must be left or right, not '{channel}'"),
    };

    public static LedKind LedKind(string kind) => kind switch
    {
        "mono" => Core.LedKind.Mono,
        "rgb" => Core.LedKind.Rgb,
        "addressable" => Core.LedKind.Addressable,
        _ => throw new ArgumentException($"LED kind must be mono, rgb or addressable, not '{kind}'"),
    };

    public static PinAction Action(string action) => action switch
    {
        "pulse" => PinAction.Pulse,
        "set" => PinAction.Set,
        "clear" => PinAction.Clear,
        "toggle" => PinAction.Toggle,
        _ => throw new ArgumentException($"keyword action must be pulse, set, clear or toggle, not '{action}'"),
    };

    /// <summary>Native gain multiplier in Q8 (256 = 0 dB) for mw_nf_input.</summary>
    public static int GainQ8(double gainDb) => (int)Math.Round(256.0 * Math.Pow(10.0, gainDb / 20.0));

    /// <summary>Throws ArgumentException on a value the core cannot represent.</summary>
    public static BoardConfig ToCore(BoardFile b)
    {
        MicrophoneSettings m = b.Microphone;
        var config = new BoardConfig
        {
            Name = b.Name,
            Chip = b.Chip,
            KernelBackend = b.KernelBackend,
            Microphone = new MicrophoneConfig
            {
                Bus = Bus(m.Bus),
                Port = m.Port,
                ClockPin = m.ClockPin,
                WordSelectPin = m.WordSelectPin,
                DataPin = m.DataPin,
                MasterClockPin = m.MasterClockPin,
                Channel = Channel(m.Channel),
                BitsPerSample = m.BitsPerSample,
                SampleRate = m.SampleRate,
                NativeCapture = m.NativeCapture,
            },
            StatusLed = b.StatusLed == null ? null : new LedConfig
            {
                Name = b.StatusLed.Name,
                Kind = LedKind(b.StatusLed.Kind),
                Pin = b.StatusLed.Pin,
                RedPin = b.StatusLed.RedPin,
                GreenPin = b.StatusLed.GreenPin,
                BluePin = b.StatusLed.BluePin,
                Pwm = b.StatusLed.Pwm,
                ActiveLow = b.StatusLed.ActiveLow,
            },
            Heartbeat = Blink(b.Heartbeat),
            FaultPattern = Blink(b.FaultPattern),
            KeywordColors = b.KeywordColors.Select(c => new KeywordColorConfig
            {
                Keyword = c.Keyword, Red = c.Red, Green = c.Green, Blue = c.Blue, DurationMs = c.DurationMs,
            }).ToArray(),
            KeywordActions = b.KeywordActions.Select(a => new KeywordActionConfig
            {
                Keyword = a.Keyword, Pin = a.Pin, Action = Action(a.Action), DurationMs = a.DurationMs, ActiveLow = a.ActiveLow,
            }).ToArray(),
            Detection = b.Detection.Select(d => new DetectionOverride(d.Keyword)
            {
                Threshold = d.Threshold, AverageWindowMs = d.AverageWindowMs, MinCount = d.MinCount, SuppressionMs = d.SuppressionMs,
            }).ToArray(),
        };
        return config;
    }

    private static BlinkPattern? Blink(BlinkSettings? s) =>
        s == null ? null : new BlinkPattern(s.PeriodMs, s.OnMs, s.Red, s.Green, s.Blue);
}
