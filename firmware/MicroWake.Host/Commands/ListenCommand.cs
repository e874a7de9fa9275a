using System.Text.Json;
using MicroWake.Native;

namespace MicroWake.Host.Commands;

/// <summary>listen: streaming detection on a WAV file or on raw PCM from stdin.</summary>
public static class ListenCommand
{
    public static int Run(string[] argv, CliContext context)
    {
        var args = new Args("listen", argv, new[] { "--stdin", "--heartbeat", "--resample" },
            ModelOptions.ValueOptions.Append("--format").Append("--board").ToArray(), allowPositionals: true);
        bool jsonl = args.Choice("--format", "text", "text", "jsonl") == "jsonl";
        bool stdin = args.Flag("--stdin");
        if (stdin == (args.Positionals.Count == 1) || args.Positionals.Count > 1)
            throw CliException.Usage("listen needs one WAV file or --stdin");

        LoadedModel model = ModelOptions.Load(args);
        MicroWake.Core.BoardConfig? board = ModelOptions.LoadBoard(args);
        WavAudio? audio = stdin ? null : Wav.Read(args.Positionals[0], args.Flag("--resample"));
        if (audio?.Conversion != null)
            context.Err.WriteLine($"note: {args.Positionals[0]}: {audio.Conversion}");

        var timeline = new Timeline(context.Out, jsonl);
        using var session = new ListenSession(model, timeline, args.Flag("--heartbeat"), board);
        if (audio != null)
        {
            byte[] pcm = audio.ToPcmBytes();
            using Progress progress = context.StartProgress("listening", pcm.Length / ListenSession.BlockBytes, printsPerItem: true);
            session.FeedAll(pcm, progress);
        }
        else
        {
            using Stream input = context.OpenStdin();
            var block = new byte[ListenSession.BlockBytes];
            int n;
            while ((n = input.Read(block, 0, block.Length)) > 0)
                session.Feed(block, 0, n);
        }
        WriteSummary(context, timeline, session);
        return 0;
    }

    internal static void WriteSummary(CliContext context, Timeline timeline, ListenSession session)
    {
        EngineStats stats = session.Engine.Stats;
        var counts = session.Detections.GroupBy(d => d.Label).Select(g => $"{g.Key} {g.Count()}");
        timeline.Line(session.TimeMs,
            $"end of audio: {session.Detections.Count} detection(s){(session.Detections.Count > 0 ? " (" + string.Join(", ", counts) + ")" : "")}, " +
            $"{stats.Inferences} inferences",
            new()
            {
                ["event"] = "end",
                ["detections"] = session.Detections.Count,
                ["frames"] = stats.Frames,
                ["inferences"] = stats.Inferences,
                ["dropped_frames"] = stats.DroppedFrames,
            });
    }
}
