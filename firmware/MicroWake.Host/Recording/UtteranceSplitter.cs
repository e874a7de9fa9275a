namespace MicroWake.Host.Recording;

/// <summary>A one-second clip cut around one spoken word, or the reason a word was not kept.</summary>
public sealed class SplitResult
{
    private SplitResult(short[]? clip, long wordStart, long wordEnd, double levelDb, string? rejection)
    {
        Clip = clip;
        WordStartSample = wordStart;
        WordEndSample = wordEnd;
        LevelDbfs = levelDb;
        Rejection = rejection;
    }

    /// <summary>16,000 samples, or null when the word was rejected.</summary>
    public short[]? Clip { get; }
    public long WordStartSample { get; }
    public long WordEndSample { get; }
    /// <summary>RMS level of the word's frames.</summary>
    public double LevelDbfs { get; }
    public string? Rejection { get; }

    public double WordSeconds => (WordEndSample - WordStartSample) / (double)UtteranceSplitter.Rate;

    internal static SplitResult Kept(short[] clip, long start, long end, double level) => new(clip, start, end, level, null);
    internal static SplitResult Rejected(long start, long end, double level, string why) => new(null, start, end, level, why);
}

/// <summary>
/// Cuts one-second training clips out of a continuous 16 kHz recording of a word said again and
/// again with pauses: a word starts when a 20 ms frame rises 12 dB above the tracked noise floor and
/// ends after 300 ms below floor + 6 dB or 30 dB under its loudest frame; the clip is the second
/// centred on the word's energy. Words
/// that are clipped, longer than a second, or have another sound inside their clip are reported
/// instead of kept, so that a training set never silently gets a bad clip. Chunking of the input
/// never changes the result.
/// </summary>
public sealed class UtteranceSplitter
{
    public const int Rate = 16000;
    public const int ClipSamples = Rate;
    public const int FrameSamples = Rate / 50;

    private const double StartAboveFloorDb = 12;
    private const double StayAboveFloorDb = 6;
    private const double StayBelowPeakDb = 30;
    private const double MinWordLevelDb = -55;
    private const int EndSilenceFrames = 15;        // 300 ms
    private const int MinWordFrames = 5;            // 100 ms: shorter is a click
    private const int PreRollFrames = 2;            // the onset before the frame that crossed the threshold
    private const int MaxWordSamples = ClipSamples - 2 * FrameSamples;
    private const int ClippedAt = 32000;
    private const int HistorySamples = 4 * Rate;

    private readonly short[] _ring = new short[HistorySamples];
    private readonly List<(long ClipStart, long WordStart, long WordEnd, double Level)> _pending = new();
    private long _written;
    private double _frameSquares;
    private int _frameFill;
    private double _floorDb = double.NaN;

    private bool _inWord;
    private bool _waitForQuiet;
    private long _wordStart, _lastLoudEnd;
    private double _energySum, _energyTimeSum, _levelSquares, _peakDb;
    private int _levelFrames, _quietFrames;

    /// <summary>Samples taken so far.</summary>
    public long Position => _written;

    /// <summary>The noise floor estimate (dBFS), NaN before the first frame.</summary>
    public double NoiseFloorDbfs => _floorDb;

    public void Feed(ReadOnlySpan<short> samples, List<SplitResult> results)
    {
        foreach (short s in samples)
        {
            _ring[(int)(_written % HistorySamples)] = s;
            _written++;
            _frameSquares += (double)s * s;
            if (++_frameFill == FrameSamples)
            {
                EndFrame(results);
                _frameSquares = 0;
                _frameFill = 0;
            }
            if (_pending.Count > 0 && _written >= _pending[0].ClipStart + ClipSamples)
                Emit(results);
        }
    }

    /// <summary>End of the recording: a word still open ends here; clips are padded with silence.</summary>
    public void Flush(List<SplitResult> results)
    {
        if (_inWord)
            EndWord(results);
        while (_pending.Count > 0)
            Emit(results);
    }

    private static double Db(double meanSquare) => 10 * Math.Log10(meanSquare / (32768.0 * 32768.0) + 1e-12);

    private void EndFrame(List<SplitResult> results)
    {
        double db = Db(_frameSquares / FrameSamples);
        long frameEnd = _written;
        if (double.IsNaN(_floorDb))
            _floorDb = db;

        if (!_inWord)
        {
            if (_waitForQuiet)
            {
                if (db < _floorDb + StayAboveFloorDb)
                    _waitForQuiet = false;
                return;
            }
            if (db > _floorDb + StartAboveFloorDb && db > MinWordLevelDb)
            {
                _inWord = true;
                _wordStart = Math.Max(0, frameEnd - (PreRollFrames + 1) * FrameSamples);
                _energySum = _energyTimeSum = _levelSquares = 0;
                _peakDb = db;
                _levelFrames = _quietFrames = 0;
            }
            else
            {
                // Falls fast (a quieter room is believed at once), rises slowly (a word is not noise).
                _floorDb = db < _floorDb ? 0.5 * (db + _floorDb) : _floorDb + 0.02 * (db - _floorDb);
                return;
            }
        }

        // A word lasts while it stands above the floor and within 30 dB of its loudest frame (a room's
        // reverberation or a recording's own background does not keep it open).
        _peakDb = Math.Max(_peakDb, db);
        if (db > _floorDb + StayAboveFloorDb && db > _peakDb - StayBelowPeakDb)
        {
            double e = _frameSquares;
            _energySum += e;
            _energyTimeSum += e * (frameEnd - FrameSamples / 2);
            _levelSquares += _frameSquares / FrameSamples;
            _levelFrames++;
            _lastLoudEnd = frameEnd;
            _quietFrames = 0;
        }
        else
        {
            _quietFrames++;
        }

        if (frameEnd - _wordStart > MaxWordSamples + EndSilenceFrames * FrameSamples && _quietFrames == 0)
        {
            results.Add(SplitResult.Rejected(_wordStart, frameEnd, Db(_levelSquares / Math.Max(1, _levelFrames)),
                "longer than a second: say the word alone, with a pause after it"));
            _inWord = false;
            _waitForQuiet = true;
        }
        else if (_quietFrames >= EndSilenceFrames)
        {
            EndWord(results);
        }
    }

    private void EndWord(List<SplitResult> results)
    {
        _inWord = false;
        double level = Db(_levelSquares / Math.Max(1, _levelFrames));
        if (_levelFrames < MinWordFrames)
            return;
        long end = _lastLoudEnd;
        if (end - _wordStart > MaxWordSamples)
        {
            results.Add(SplitResult.Rejected(_wordStart, end, level, "longer than a second: say the word alone, with a pause after it"));
            return;
        }
        // The clip is centred on the word's energy but always holds the whole word.
        long centre = (long)(_energyTimeSum / _energySum);
        long clipStart = centre - ClipSamples / 2;
        clipStart = Math.Min(clipStart, _wordStart - FrameSamples);
        clipStart = Math.Max(clipStart, end + FrameSamples - ClipSamples);
        _pending.Add((clipStart, _wordStart, end, level));
    }

    private void Emit(List<SplitResult> results)
    {
        var (clipStart, wordStart, wordEnd, level) = _pending[0];
        _pending.RemoveAt(0);
        var clip = new short[ClipSamples];
        long oldest = _written - HistorySamples;
        int peak = 0;
        for (int i = 0; i < ClipSamples; i++)
        {
            long k = clipStart + i;
            if (k < 0 || k < oldest || k >= _written)
                continue; // before the recording began or after it ended: silence
            clip[i] = _ring[(int)(k % HistorySamples)];
            if (k >= wordStart && k < wordEnd)
                peak = Math.Max(peak, Math.Abs((int)clip[i]));
        }
        if (peak >= ClippedAt)
        {
            results.Add(SplitResult.Rejected(wordStart, wordEnd, level, "clipped (too loud): speak further from the microphone or lower its gain"));
            return;
        }
        // Another sound inside the clip would be learnt as part of the word.
        for (long f = clipStart; f + FrameSamples <= clipStart + ClipSamples; f += FrameSamples)
        {
            if (f + FrameSamples > wordStart - PreRollFrames * FrameSamples && f < wordEnd + EndSilenceFrames * FrameSamples)
                continue;
            double squares = 0;
            for (int i = 0; i < FrameSamples; i++)
            {
                double v = clip[f - clipStart + i];
                squares += v * v;
            }
            if (Db(squares / FrameSamples) > _floorDb + StartAboveFloorDb)
            {
                results.Add(SplitResult.Rejected(wordStart, wordEnd, level, "another sound inside its second: leave a pause of a second between words"));
                return;
            }
        }
        results.Add(SplitResult.Kept(clip, wordStart, wordEnd, level));
    }
}
