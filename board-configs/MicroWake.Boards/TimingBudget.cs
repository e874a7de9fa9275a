namespace MicroWake.Boards;

/// <summary>
/// The loop budget of a board. nanoCLR runs every managed thread on one RTOS task and a native
/// call blocks them all, so while one Feed call runs, audio piles up below the app (I2S DMA on
/// the ESP32, the capture ring on STM32). That buffer must hold one read plus the longest Feed:
///   feed worst case = (frames per read x front-end instructions per hop + one inference) x CPI / clock
///   buffered audio  = buffer bytes / bytes per buffered frame / sample rate
/// </summary>
public sealed class TimingBudget
{
    public int FramesPerRead { get; init; }
    public long FeedWorstInstructions { get; init; }
    public double FeedWorstMs { get; init; }
    public int ReadMs { get; init; }
    public double BufferMs { get; init; }
    public int BytesPerBufferedFrame { get; init; }
    /// <summary>Bytes the app reads per loop (readMs of audio in the app's read format).</summary>
    public int ReadBytes { get; init; }
    public double HeadroomMs => BufferMs - ReadMs - FeedWorstMs;
    public bool Fits => HeadroomMs >= 0;

    public static TimingBudget For(BoardFile board, ChipRules rules)
    {
        MicrophoneSettings mic = board.Microphone;
        TimingSettings t = board.Timing;
        int hop = Math.Max(1, t.HopMs);
        int frames = (mic.ReadMs + hop - 1) / hop;
        double inference = t.InferenceInstructions;
        if (t.MaxOpsPerFeed > 0 && t.ModelOperators > t.MaxOpsPerFeed)
        {
            // A spread inference runs at most MaxOpsPerFeed operators per call; assume equal shares.
            inference = Math.Ceiling(inference * t.MaxOpsPerFeed / t.ModelOperators);
        }

        long instructions = (long)inference + frames * t.FrontEndInstructionsPerHop;
        double feedMs = t.CpuMHz > 0 ? instructions * t.CyclesPerInstruction / (t.CpuMHz * 1000.0) : double.PositiveInfinity;
        int slotBytes = Math.Max(1, mic.BitsPerSample / 8);
        // ESP32 master-RX DMA always moves two 32-bit slots per frame; native capture keeps one slot.
        int bufferedFrame = rules.ManagedI2s ? 8 : slotBytes;
        int appFrame = (rules.ManagedI2s && mic.SlotMode == "stereo" ? 2 : 1) * slotBytes;
        double rate = Math.Max(1, mic.SampleRate);
        return new TimingBudget
        {
            FramesPerRead = frames,
            FeedWorstInstructions = instructions,
            FeedWorstMs = feedMs,
            ReadMs = mic.ReadMs,
            BufferMs = mic.DmaBufferBytes / (double)bufferedFrame / rate * 1000.0,
            BytesPerBufferedFrame = bufferedFrame,
            ReadBytes = (int)(mic.ReadMs * rate / 1000.0) * appFrame,
        };
    }
}
