using System.Globalization;
using System.Text.Json;
using MicroWake.Core;

namespace MicroWake.Host;

/// <summary>
/// The board as the host shows it: a timeline of what the LEDs and pins would do, as text
/// ("  1.24 s  LED rgb -> green") or as JSON lines. Times come from the feedback controller's
/// clock (milliseconds of audio).
/// </summary>
public sealed class Timeline
{
    private readonly TextWriter _out;
    private readonly bool _jsonl;

    public Timeline(TextWriter output, bool jsonl)
    {
        _out = output;
        _jsonl = jsonl;
    }

    public Func<long> Clock { get; set; } = () => 0;

    public bool Jsonl => _jsonl;

    public static string Seconds(long ms) => (ms / 1000.0).ToString("0.00", CultureInfo.InvariantCulture);

    public void Line(long timeMs, string text, Dictionary<string, object> json)
    {
        if (_jsonl)
        {
            var record = new Dictionary<string, object> { ["time_s"] = Math.Round(timeMs / 1000.0, 3) };
            foreach (var kv in json)
                record[kv.Key] = kv.Value;
            _out.WriteLine(JsonSerializer.Serialize(record));
        }
        else
        {
            _out.WriteLine($"{Seconds(timeMs),6} s  {text}");
        }
        _out.Flush();
    }
}

/// <summary>An RGB LED that prints its colour changes.</summary>
public sealed class ConsoleColorLed : IColorLed
{
    private readonly Timeline _timeline;

    public ConsoleColorLed(string name, Timeline timeline)
    {
        Name = name;
        _timeline = timeline;
    }

    public string Name { get; }

    private bool _written;

    public void SetColor(byte red, byte green, byte blue)
    {
        string color = ColorName(red, green, blue);
        // The controller switches the LED off once at start: not worth a line.
        bool initialOff = !_written && color == "off";
        _written = true;
        if (initialOff)
            return;
        _timeline.Line(_timeline.Clock(), $"LED {Name} -> {color}", new()
        {
            ["event"] = "led", ["name"] = Name, ["color"] = color, ["rgb"] = $"#{red:x2}{green:x2}{blue:x2}",
        });
    }

    public static string ColorName(byte r, byte g, byte b)
    {
        if (r == 0 && g == 0 && b == 0)
            return "off";
        // Dim colours (heartbeat, paused) keep their hue name.
        int max = Math.Max(r, Math.Max(g, b));
        string hue = (r * 2 > max, g * 2 > max, b * 2 > max) switch
        {
            (true, false, false) => g * 4 > max ? "orange" : "red",
            (false, true, false) => "green",
            (false, false, true) => "blue",
            (true, true, false) => "yellow",
            (false, true, true) => "cyan",
            (true, false, true) => "magenta",
            _ => "white",
        };
        return max < 128 ? "dim " + hue : hue;
    }
}

/// <summary>A GPIO output that prints its level changes.</summary>
public sealed class ConsoleDigitalOutput : IDigitalOutput
{
    private readonly Timeline _timeline;

    public ConsoleDigitalOutput(string name, Timeline timeline)
    {
        Name = name;
        _timeline = timeline;
    }

    public string Name { get; }

    /// <summary>Told to the reader when the pin goes high ("pulse 500 ms").</summary>
    public string? Action { get; set; }

    private bool? _level;

    public void Write(bool high)
    {
        // The controller writes every pin low once at start: not worth a line.
        bool initial = _level == null && !high;
        _level = high;
        if (initial)
            return;
        string text = high && Action != null ? $"{Name} {Action}" : $"{Name} {(high ? "high" : "low")}";
        _timeline.Line(_timeline.Clock(), text, new() { ["event"] = "pin", ["name"] = Name, ["level"] = high ? 1 : 0 });
    }
}

/// <summary>Opens console outputs for a board config's pins ("GPIO26 pulse 1000 ms" when the board pulses it).</summary>
public sealed class ConsolePins : IPinProvider
{
    private readonly Timeline _timeline;
    private readonly BoardConfig _board;

    public ConsolePins(Timeline timeline, BoardConfig board)
    {
        _timeline = timeline;
        _board = board;
    }

    public IDigitalOutput OpenOutput(int pin, bool activeLow)
    {
        string? action = null;
        foreach (KeywordActionConfig a in _board.KeywordActions)
        {
            if (a.Pin == pin && a.Action == PinAction.Pulse)
                action = $"pulse {a.DurationMs} ms";
        }
        return new ConsoleDigitalOutput($"GPIO{pin}", _timeline) { Action = action };
    }
}
