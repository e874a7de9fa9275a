namespace MicroWake.Host;

/// <summary>Finds the files the app ships with or expects in the repository (demo, default model, test models).</summary>
public static class RepoFiles
{
    public const string DefaultModel = "models/yes_no/yes_no.tflite";

    /// <summary>The first existing file at <paramref name="relative"/> under the app folder, the current
    /// folder, or any folder above either (so it works from bin/ and from anywhere in a clone).</summary>
    public static string? Find(string relative)
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (DirectoryInfo? dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate))
                    return candidate;
            }
        }
        return null;
    }

    /// <summary>Shows a path relative to the current folder when it lies below it.</summary>
    public static string Display(string path)
    {
        string relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
