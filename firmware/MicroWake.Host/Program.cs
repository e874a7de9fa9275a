namespace MicroWake.Host;

public static class Program
{
    public static int Main(string[] args)
    {
        var context = new CliContext(Console.Out, Console.Error, Console.OpenStandardInput, interactive: !Console.IsErrorRedirected, outputIsTerminal: !Console.IsOutputRedirected);
        return Cli.Run(args, context);
    }
}
