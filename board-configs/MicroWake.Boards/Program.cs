using System.Globalization;
using MicroWake.Boards;

// dotnet run --project board-configs/MicroWake.Boards -- <command>
//   validate [name...]   check every board (or the named ones); non-zero exit on any issue
//   generate [--check]   write Boards.g.cs and the presets (--check: fail if they are out of date)
//   budget               print the per-board loop timing table (Markdown)
//   wiring [name...]     print the wiring tables (Markdown)
try
{
    string dir = BoardLoader.FindConfigDirectory();
    string root = BoardLoader.RepositoryRoot(dir);
    string command = args.Length > 0 ? args[0] : "validate";
    switch (command)
    {
        case "validate":
            return Validate(dir, args.Skip(1).ToList());
        case "generate":
            return Generate(dir, root, args.Skip(1).Contains("--check"));
        case "budget":
            Console.Write(BudgetTable.Markdown(BoardLoader.LoadAll(dir)));
            return 0;
        case "wiring":
            foreach (BoardFile b in BoardLoader.LoadAll(dir).Where(b => args.Length < 2 || args.Skip(1).Contains(b.Name)))
            {
                Console.WriteLine("### " + b.Name + "\n");
                Console.WriteLine(WiringTable.Markdown(b));
            }

            return 0;
        default:
            Console.Error.WriteLine($"unknown command '{command}'; use validate [name...], generate [--check], budget or wiring [name...]");
            return 2;
    }
}
catch (Exception e) when (e is UnknownBoardException or BoardFileException or DirectoryNotFoundException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

static int Validate(string dir, List<string> names)
{
    IReadOnlyList<BoardFile> boards = names.Count == 0 ? BoardLoader.LoadAll(dir) : names.Select(n => BoardLoader.Load(dir, n)).ToList();
    int bad = 0;
    foreach (BoardFile b in boards)
    {
        IReadOnlyList<BoardIssue> issues = BoardValidator.Validate(b);
        Console.WriteLine(issues.Count == 0 ? $"ok    {b.Name}" : $"FAIL  {b.Name}");
        foreach (BoardIssue i in issues)
        {
            Console.WriteLine("      " + i);
        }

        bad += issues.Count > 0 ? 1 : 0;
    }

    return bad == 0 ? 0 : 1;
}

static int Generate(string dir, string root, bool check)
{
    IReadOnlyList<BoardFile> boards = BoardLoader.LoadAll(dir);
    List<BoardIssue> issues = boards.SelectMany(BoardValidator.Validate).ToList();
    if (issues.Count > 0)
    {
        issues.ForEach(i => Console.Error.WriteLine(i));
        Console.Error.WriteLine("not generating from invalid boards");
        return 1;
    }

    int stale = 0;
    foreach ((string path, string text) in BoardsGenerator.GenerateAll(boards))
    {
        string full = Path.Combine(root, path);
        bool same = File.Exists(full) && File.ReadAllText(full) == text;
        if (check)
        {
            if (!same)
            {
                Console.Error.WriteLine($"{path} is out of date: run 'dotnet run --project board-configs/MicroWake.Boards -- generate'");
                stale++;
            }
        }
        else if (!same)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {path}"));
        }
    }

    return stale == 0 ? 0 : 1;
}
