using MicroWake.Core;
using MicroWake.Host.Commands;
using MicroWake.Native;

namespace MicroWake.Host;

/// <summary>Command dispatch and the one rule for errors: one line on stderr, a non-zero exit, no stack trace.</summary>
public static class Cli
{
    public const string Usage =
        "MicroWake host app: keyword spotting on a PC with the same engine and logic as the board.\n" +
        "\n" +
        "usage: microwake <command> [options]   (from a clone: dotnet run --project firmware/MicroWake.Host -c Release -- <command>)\n" +
        "\n" +
        "commands:\n" +
        "  demo        run the bundled recording through the default model and print the board's timeline\n" +
        "  listen      streaming detection on a WAV file or raw 16 kHz PCM16 on stdin (--stdin)\n" +
        "  classify    one inference per clip (files or folders): path<TAB>label<TAB>score\n" +
        "  run-model   run a .tflite on raw input tensors, write raw outputs\n" +
        "  features    dump the front end's feature frames for a WAV file\n" +
        "  bench       host timings: us per inference, us per front-end hop, arena bytes (Markdown + JSON)\n" +
        "  record      one-second clips of a word for training, from the microphone, a WAV file or stdin\n" +
        "  help [cmd]  this text, or a command's options\n" +
        "\n" +
        "exit codes: 0 ok, 1 failed (bad input, model or audio), 2 bad command line\n";

    public static int Run(string[] argv, CliContext context)
    {
        try
        {
            if (argv.Length == 0)
            {
                context.Err.Write(Usage);
                return CliException.UsageExit;
            }
            string command = argv[0];
            string[] rest = argv[1..];
            if (command is "help" or "--help" or "-h")
            {
                context.Out.Write(rest.Length > 0 ? CommandHelp(rest[0]) : Usage);
                return 0;
            }
            if (Array.Exists(rest, a => a is "--help" or "-h"))
            {
                context.Out.Write(CommandHelp(command));
                return 0;
            }
            return command switch
            {
                "demo" => DemoCommand.Run(rest, context),
                "listen" => ListenCommand.Run(rest, context),
                "classify" => ClassifyCommand.Run(rest, context),
                "run-model" => RunModelCommand.Run(rest, context),
                "features" => FeaturesCommand.Run(rest, context),
                "bench" => BenchCommand.Run(rest, context),
                "record" => RecordCommand.Run(rest, context),
                _ => throw CliException.Usage($"unknown command '{command}' (commands: demo, listen, classify, run-model, features, bench, record, help)"),
            };
        }
        catch (Exception e)
        {
            (string message, int exit) = Describe(e);
            context.Err.WriteLine("error: " + message);
            if (Environment.GetEnvironmentVariable("MICROWAKE_DEBUG") == "1")
                context.Err.WriteLine(e);
            return exit;
        }
    }

    private static (string, int) Describe(Exception e) => e switch
    {
        CliException c => (c.Message, c.ExitCode),
        WavFormatException w => (w.Message, CliException.FailureExit),
        EngineException n => (n.Message, CliException.FailureExit),
        DllNotFoundException => ("the native library libmicrowake was not found next to the app: build with 'dotnet build' (needs cmake and a C compiler)", CliException.FailureExit),
        EntryPointNotFoundException x => ($"libmicrowake is incomplete or out of date ({x.Message}): rebuild with 'dotnet build'", CliException.FailureExit),
        IOException or UnauthorizedAccessException => (e.Message, CliException.FailureExit),
        _ => ($"internal error ({e.GetType().Name}: {e.Message}); set MICROWAKE_DEBUG=1 for details and please report it", CliException.FailureExit),
    };

    private const string BoardHelp =
        "  --board NAME|FILE.json    show the LED and pins of board-configs/NAME.json (default: a generic RGB LED,\n" +
        "                            a 500 ms pulse on GPIO26, 27, ... per keyword)\n" +
        "  --heartbeat               also show the listening heartbeat blink\n";

    public static string CommandHelp(string command) => command switch
    {
        "demo" => "usage: microwake demo [--model M.tflite] [--board NAME] [--format text|jsonl] [--heartbeat]\n" +
                  "Runs demo/demo.wav (12 s: yes, no and other words over noise) through the default model\n" +
                  $"({RepoFiles.DefaultModel}) and prints what the board would do.\n" + BoardHelp + ModelOptions.Help,
        "listen" => "usage: microwake listen --model M.tflite (FILE.wav | --stdin) [--board NAME] [--format text|jsonl] [--heartbeat] [--resample]\n" +
                    "Streaming detection. --stdin reads raw 16 kHz mono PCM16 (arecord -f S16_LE -r 16000 -c 1 -t raw | ...).\n" +
                    "--resample converts other WAV formats to 16 kHz mono 16-bit instead of refusing them.\n" + BoardHelp + ModelOptions.Help,
        "classify" => "usage: microwake classify --model M.tflite PATH... [--format text|json] [--resample]\n" +
                      "One inference over each clip's first second (padded with silence). Prints path<TAB>label<TAB>score;\n" +
                      "the label is a keyword only when its score reaches the threshold, otherwise silence or unknown.\n" +
                      "Clips that cannot be read are reported on stderr and skipped (exit 1 at the end).\n" + ModelOptions.Help,
        "run-model" => "usage: microwake run-model --model M.tflite [--input in.bin --output out.bin]... [--format text|json]\n" +
                       "Prints the model's inputs, outputs, quantization and arena size; runs each raw input file\n" +
                       "(all input tensors, concatenated) and writes the raw output tensors (concatenated).\n",
        "features" => "usage: microwake features --frontend mfcc|tflm-micro [--model M.tflite] --input x.wav --output f.bin [--raw] [--resample]\n" +
                      "Writes the int8 feature frames (frame after frame); --raw writes the values before int8\n" +
                      "conversion instead (tflm-micro: uint16 LE; mfcc: float32 LE). Without --model, the front end's defaults.\n",
        "bench" => "usage: microwake bench [--model M.tflite]... [--output PATH] [--min-seconds S]\n" +
                   "Host figures: us per inference and arena bytes per model, us per hop per front end, engine\n" +
                   "real-time factor. Writes PATH.md and PATH.json (default out/bench/host).\n",
        "record" => "usage: microwake record --word WORD --out DIR [--count N] [--speaker NAME]\n" +
                    "                        [--device ALSA-NAME | --input FILE.wav [--resample] | --stdin] [--max-seconds S]\n" +
                    "Records training clips (models/README.md, \"Train your own words\"): say the word after each prompt\n" +
                    "and pause for a second. Each word is cut to the second around it, checked (not clipped, no other\n" +
                    "sound in its second) and saved as DIR/WORD/SPEAKER_nohash_N.wav (16 kHz mono PCM16, the layout the\n" +
                    "trainer reads); numbering continues after existing clips, nothing is overwritten. The speaker\n" +
                    "(default: your user name) keeps your clips on one side of the trainer's split.\n" +
                    $"From the microphone (ALSA, Linux; default device 'default') it takes --count clips (default {RecordCommand.DefaultLiveCount});\n" +
                    "--input and --stdin (raw 16 kHz PCM16) split an existing recording instead, all of it unless --count.\n",
        _ => throw CliException.Usage($"unknown command '{command}'"),
    };
}
