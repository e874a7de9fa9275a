namespace MicroWake.Trainer;

/// <summary>A one-line progress bar on a terminal (stderr); a line every 10 % when redirected.</summary>
public sealed class ProgressBar : IDisposable
{
    readonly string _label;
    readonly int _total;
    readonly bool _tty = !Console.IsErrorRedirected;
    readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    int _done, _lastDecile = -1;
    string _suffix = "";
    readonly object _lock = new();

    public ProgressBar(string label, int total)
    {
        _label = label;
        _total = Math.Max(total, 0);
        Draw();
    }

    public void Tick(string? suffix = null)
    {
        lock (_lock)
        {
            _done++;
            if (suffix != null) { _suffix = suffix; }
            Draw();
        }
    }

    void Draw()
    {
        if (_total == 0) { return; }
        double f = Math.Min(1.0, (double)_done / _total);
        if (_tty)
        {
            int w = 30, fill = (int)(f * w);
            Console.Error.Write($"\r{_label,-22} [{new string('#', fill)}{new string('.', w - fill)}] {_done}/{_total} {_clock.Elapsed:mm\\:ss} {_suffix}   ");
        }
        else
        {
            int decile = (int)(f * 10);
            if (decile != _lastDecile)
            {
                _lastDecile = decile;
                Console.Error.WriteLine($"{_label}: {_done}/{_total} ({f:P0}) {_clock.Elapsed:mm\\:ss} {_suffix}");
            }
        }
    }

    public void Dispose()
    {
        if (_tty && _total > 0) { Console.Error.WriteLine(); }
    }
}
