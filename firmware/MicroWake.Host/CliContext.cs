namespace MicroWake.Host;

/// <summary>Where a command writes and reads. Tests run commands in-process with their own writers.</summary>
public sealed class CliContext
{
    public CliContext(TextWriter output, TextWriter error, Func<Stream> openStdin, bool interactive, bool outputIsTerminal = false)
    {
        Out = output;
        Err = error;
        OpenStdin = openStdin;
        Interactive = interactive;
        OutputIsTerminal = outputIsTerminal;
    }

    public TextWriter Out { get; }
    public TextWriter Err { get; }
    public Func<Stream> OpenStdin { get; }

    /// <summary>stderr is a terminal: show progress on long runs.</summary>
    public bool Interactive { get; }

    /// <summary>stdout is a terminal too: lines printed per item are progress enough, and a
    /// progress bar would be torn by them.</summary>
    public bool OutputIsTerminal { get; }

    /// <param name="printsPerItem">the command writes a line to stdout per item</param>
    public Progress StartProgress(string what, int total, bool printsPerItem) =>
        new(this, what, total, Interactive && !(printsPerItem && OutputIsTerminal));
}

/// <summary>A one-line progress counter on stderr, shown only on a terminal and only for long runs.</summary>
public sealed class Progress : IDisposable
{
    private readonly CliContext _context;
    private readonly string _what;
    private readonly int _total;
    private readonly bool _enabled;
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private long _lastDrawMs = -1000;
    private bool _drawn;

    internal Progress(CliContext context, string what, int total, bool enabled)
    {
        _context = context;
        _what = what;
        _total = total;
        _enabled = enabled;
    }

    public void Report(int done)
    {
        if (!_enabled || _clock.ElapsedMilliseconds < 500 || _clock.ElapsedMilliseconds - _lastDrawMs < 100)
            return;
        _lastDrawMs = _clock.ElapsedMilliseconds;
        int width = 30;
        int filled = _total > 0 ? (int)((long)done * width / _total) : 0;
        _context.Err.Write($"\r{_what} [{new string('#', filled)}{new string('.', width - filled)}] {done}/{_total}");
        _drawn = true;
    }

    public void Dispose()
    {
        if (_drawn)
            _context.Err.Write("\r" + new string(' ', _what.Length + 50) + "\r");
    }
}
