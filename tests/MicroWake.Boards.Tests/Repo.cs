using System.Reflection;
using MicroWake.Boards;

namespace MicroWake.Boards.Tests;

/// <summary>Paths of the checkout the tests run in.</summary>
internal static class Repo
{
    public static string Root { get; } = typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(a => a.Key == "RepositoryRoot").Value!;

    public static string Configs => Path.Combine(Root, "board-configs");

    public static string File(string relative) => Path.Combine(Root, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string NanoMscorlib => Path.Combine(AppContext.BaseDirectory, "nano", "mscorlib.dll");

    /// <summary>A committed board, freshly loaded (tests mutate their copy).</summary>
    public static BoardFile Board(string name) => BoardLoader.Load(Configs, name);
}
