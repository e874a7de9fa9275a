using MicroWake.Core;
using MicroWake.Native;

namespace MicroWake.Host;

/// <summary>One detection, as reported by the KeywordSpotter.</summary>
public readonly record struct Detection(string Label, float Score, long TimeMs);

/// <summary>
/// The whole pipeline as the board runs it: native engine -> KeywordSpotter (DetectionPolicy)
/// -> FeedbackController -> console LED and pins. Feed it audio in blocks; it prints the timeline.
/// </summary>
public sealed class ListenSession : IDisposable
{
    /// <summary>Audio handed to the spotter per call: 20 ms, like the device's I2S reads.</summary>
    public const int BlockBytes = 640;

    private static readonly int[] KeywordPins = { 26, 27, 25, 33, 32, 14 };
    private readonly NativeEngine _engine;
    private readonly KeywordSpotter _spotter;
    private readonly FeedbackController _feedback;
    private readonly Timeline _timeline;

    /// <param name="board">a board config whose LED, colours and pin actions to show; null: a generic
    /// board (RGB LED, green for yes, red for no, other colours for other keywords, a 500 ms pulse on
    /// GPIO26, 27, ... per keyword)</param>
    public ListenSession(LoadedModel model, Timeline timeline, bool heartbeat, BoardConfig? board = null)
    {
        _timeline = timeline;
        _engine = model.OpenEngine();
        try
        {
            _spotter = new KeywordSpotter(_engine);
            _feedback = board == null ? GenericBoard(_engine.Labels, timeline) : BoardFeedback.Create(board,
                board.StatusLed == null ? null : new ConsoleColorLed(board.StatusLed.Name, timeline), new ConsolePins(timeline, board));
            if (!heartbeat)
            {
                _feedback.Heartbeat = null;
                _feedback.PausedPattern = null;
            }
            timeline.Clock = () => _feedback.NowMs;

            // Board overrides first, the command line's after them (the later entry for a keyword wins).
            DetectionOverride[] overrides = (board?.Detection ?? Array.Empty<DetectionOverride>()).Concat(model.Overrides).ToArray();
            // Start before listening to events: a start that fails is an error message, not a timeline.
            if (!_spotter.Start(overrides))
                throw new CliException($"{model.Path}: {_spotter.FaultMessage}");
            _spotter.StateChanged += OnStateChanged;
            _spotter.KeywordDetected += OnKeywordDetected;
            OnStateChanged(SpotterState.Starting, _spotter.State, _spotter.TimeMs);
        }
        catch
        {
            _engine.Dispose();
            throw;
        }
    }

    private static FeedbackController GenericBoard(string[] labels, Timeline timeline)
    {
        var feedback = new FeedbackController(new ConsoleColorLed("rgb", timeline));
        int pin = 0;
        foreach (string label in labels)
        {
            if (!DetectionPolicy.IsKeywordLabel(label))
                continue;
            var (r, g, b) = KeywordColor(label, pin);
            feedback.AddKeywordColor(label, r, g, b, 1000);
            if (pin < KeywordPins.Length)
            {
                var output = new ConsoleDigitalOutput($"GPIO{KeywordPins[pin]}", timeline) { Action = "pulse 500 ms" };
                feedback.AddKeywordAction(label, output, PinAction.Pulse, 500);
            }
            pin++;
        }
        return feedback;
    }

    public List<Detection> Detections { get; } = new();

    public NativeEngine Engine => _engine;

    public long TimeMs => _spotter.TimeMs;

    /// <summary>Feeds little-endian PCM16 bytes (any count; odd bytes are carried by the engine).</summary>
    public void Feed(byte[] pcm, int offset, int count)
    {
        _spotter.Process(pcm, offset, count);
        _feedback.Tick(_spotter.TimeMs);
        if (_spotter.State == SpotterState.Fault)
            throw new CliException($"engine fault at {Timeline.Seconds(_spotter.TimeMs)} s: {_spotter.FaultMessage}");
    }

    public void FeedAll(byte[] pcm, Progress? progress = null)
    {
        for (int offset = 0; offset < pcm.Length; offset += BlockBytes)
        {
            Feed(pcm, offset, Math.Min(BlockBytes, pcm.Length - offset));
            progress?.Report(offset / BlockBytes);
        }
    }

    private void OnStateChanged(SpotterState previous, SpotterState current, long timeMs)
    {
        if (current == SpotterState.Listening && previous != SpotterState.Cooldown)
            _timeline.Line(timeMs, "listening", new() { ["event"] = "state", ["state"] = "listening" });
        else if (current == SpotterState.Fault || current == SpotterState.Paused)
            _timeline.Line(timeMs, SpotterStateNames.Of(current), new() { ["event"] = "state", ["state"] = SpotterStateNames.Of(current) });
        _feedback.OnStateChanged(previous, current, timeMs);
    }

    private void OnKeywordDetected(string label, float score, long timeMs)
    {
        Detections.Add(new Detection(label, score, timeMs));
        _timeline.Line(timeMs, $"DETECTED {label}  score {score:0.00}", new()
        {
            ["event"] = "detection", ["label"] = label, ["score"] = Math.Round(score, 4),
        });
        _feedback.OnKeywordDetected(label, score, timeMs);
    }

    private static (byte, byte, byte) KeywordColor(string label, int index)
    {
        switch (label.ToLowerInvariant())
        {
            case "yes": return (0, 255, 0);
            case "no": return (255, 0, 0);
        }
        (byte, byte, byte)[] palette = { (0, 0, 255), (255, 255, 0), (0, 255, 255), (255, 0, 255), (255, 255, 255) };
        return palette[index % palette.Length];
    }

    public void Dispose() => _engine.Dispose();
}
