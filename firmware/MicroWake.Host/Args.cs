using System.Globalization;

namespace MicroWake.Host;

/// <summary>A command-line mistake or an unusable input: one line on stderr and a non-zero exit.</summary>
public sealed class CliException : Exception
{
    public const int UsageExit = 2;
    public const int FailureExit = 1;

    public CliException(string message, int exitCode = FailureExit) : base(message)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }

    public static CliException Usage(string message) => new(message, UsageExit);
}

/// <summary>
/// Parsed options of one command. Options are declared up front: "--name" flags, "--name VALUE"
/// (or --name=VALUE) values, repeatable values; anything undeclared is refused, so a typo never
/// passes silently.
/// </summary>
public sealed class Args
{
    private readonly string _command;
    private readonly Dictionary<string, List<string>> _values = new();
    private readonly HashSet<string> _flags = new();

    public Args(string command, string[] argv, string[] flags, string[] valueOptions, bool allowPositionals)
    {
        _command = command;
        var known = new HashSet<string>(valueOptions);
        var knownFlags = new HashSet<string>(flags);
        for (int i = 0; i < argv.Length; i++)
        {
            string a = argv[i];
            if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
            {
                string name = a;
                string? inline = null;
                int eq = a.IndexOf('=');
                if (eq > 0)
                {
                    name = a.Substring(0, eq);
                    inline = a.Substring(eq + 1);
                }
                if (knownFlags.Contains(name) && inline == null)
                {
                    _flags.Add(name);
                }
                else if (known.Contains(name))
                {
                    string value = inline ?? (i + 1 < argv.Length ? argv[++i] : throw CliException.Usage($"option '{name}' needs a value"));
                    if (!_values.TryGetValue(name, out var list))
                        _values[name] = list = new List<string>();
                    list.Add(value);
                }
                else
                {
                    throw CliException.Usage($"unknown option '{name}' for '{command}' (see 'microwake help {command}')");
                }
            }
            else if (a.StartsWith('-') && a.Length > 1 && !IsNumber(a))
            {
                throw CliException.Usage($"unknown option '{a}' for '{command}' (see 'microwake help {command}')");
            }
            else if (allowPositionals)
            {
                Positionals.Add(a);
            }
            else
            {
                throw CliException.Usage($"unexpected argument '{a}' for '{command}' (see 'microwake help {command}')");
            }
        }
    }

    public List<string> Positionals { get; } = new();

    public bool Flag(string name) => _flags.Contains(name);

    public bool Has(string name) => _values.ContainsKey(name);

    /// <summary>The value of a single-valued option (given once at most), or null.</summary>
    public string? Value(string name)
    {
        if (!_values.TryGetValue(name, out var list))
            return null;
        if (list.Count > 1)
            throw CliException.Usage($"option '{name}' given {list.Count} times for '{_command}'");
        return list[0];
    }

    public string Required(string name) => Value(name) ?? throw CliException.Usage($"'{_command}' needs {name}");

    public IReadOnlyList<string> Values(string name) => _values.TryGetValue(name, out var list) ? list : Array.Empty<string>();

    public int? Int(string name, int min, int max)
    {
        string? v = Value(name);
        if (v == null)
            return null;
        return ParseInt(name, v, min, max);
    }

    public static int ParseInt(string name, string v, int min, int max)
    {
        if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < min || n > max)
            throw CliException.Usage($"{name} must be a whole number from {min} to {max}, not '{v}'");
        return n;
    }

    public static float ParseFloat(string name, string v, float min, float max)
    {
        if (!float.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out float f) || !(f >= min && f <= max))
            throw CliException.Usage($"{name} must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, not '{v}'");
        return f;
    }

    /// <summary>One of the allowed words, or the default.</summary>
    public string Choice(string name, string fallback, params string[] allowed)
    {
        string v = Value(name) ?? fallback;
        if (Array.IndexOf(allowed, v) < 0)
            throw CliException.Usage($"{name} must be {string.Join(" or ", allowed)}, not '{v}'");
        return v;
    }

    private static bool IsNumber(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
