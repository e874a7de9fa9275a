using System.Text.Json;

namespace MicroWake.Boards;

/// <summary>A board file that cannot be read: names the file, and the line when the JSON is broken.</summary>
public sealed class BoardFileException : Exception
{
    public BoardFileException(string message, Exception? inner = null) : base(message, inner) { }
}

/// <summary>A board name that has no file; the message lists the boards that exist.</summary>
public sealed class UnknownBoardException : Exception
{
    public UnknownBoardException(string name, IEnumerable<string> known)
        : base($"unknown board '{name}'; known boards: {string.Join(", ", known)}")
    {
        Name = name;
    }

    public string Name { get; }
}

/// <summary>Reads board-configs/*.json (one board per file, file name = board name).</summary>
public static class BoardLoader
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <summary>The board-configs folder: walks up from <paramref name="start"/> (default: the current directory, then the tool's own folder).</summary>
    public static string FindConfigDirectory(string? start = null)
    {
        foreach (string origin in start != null ? new[] { start } : new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? d = new DirectoryInfo(origin); d != null; d = d.Parent)
            {
                string candidate = Path.Combine(d.FullName, "board-configs");
                if (File.Exists(Path.Combine(candidate, "README.md")) && Directory.Exists(Path.Combine(candidate, "MicroWake.Boards")))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException("board-configs/ not found above " + (start ?? Directory.GetCurrentDirectory()));
    }

    /// <summary>The repository root (the folder holding board-configs/).</summary>
    public static string RepositoryRoot(string configDirectory) => Path.GetFullPath(Path.Combine(configDirectory, ".."));

    public static IReadOnlyList<string> Names(string directory) =>
        Directory.GetFiles(directory, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToList();

    public static IReadOnlyList<BoardFile> LoadAll(string directory) =>
        Names(directory).Select(n => LoadFile(Path.Combine(directory, n + ".json"))).ToList();

    public static BoardFile Load(string directory, string name)
    {
        string path = Path.Combine(directory, name + ".json");
        if (name.Length == 0 || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || name.Contains("..") || !File.Exists(path))
        {
            throw new UnknownBoardException(name, Names(directory));
        }

        return LoadFile(path);
    }

    public static BoardFile LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new BoardFileException($"{path}: cannot read: {e.Message}", e);
        }

        return Parse(text, path);
    }

    public static BoardFile Parse(string json, string path)
    {
        BoardFile? board;
        try
        {
            board = JsonSerializer.Deserialize<BoardFile>(json, Options);
        }
        catch (JsonException e)
        {
            string where = e.LineNumber.HasValue ? $" (line {e.LineNumber + 1})" : "";
            throw new BoardFileException($"{path}{where}: {e.Message}", e);
        }

        if (board == null)
        {
            throw new BoardFileException($"{path}: empty board file");
        }

        board.SourcePath = path;
        return board;
    }
}
