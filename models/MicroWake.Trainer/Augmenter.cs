namespace MicroWake.Trainer;

/// <summary>
/// Background noise recordings, each cut in two: the first 80 % of every file feeds training
/// augmentation, the last 20 % is kept for evaluation, so the streaming evaluation never hears
/// noise the model was trained on.
/// </summary>
public sealed class NoiseBank
{
    public const float TrainFraction = 0.8f;
    readonly List<float[]> _train = new();
    readonly List<float[]> _eval = new();

    public NoiseBank(IEnumerable<string> files)
    {
        foreach (string f in files)
        {
            float[] x = Audio.Read(f);
            if (x.Length < Audio.SampleRate / 2) { continue; }
            int cut = (int)(x.Length * TrainFraction);
            _train.Add(x[..cut]);
            _eval.Add(x[cut..]);
        }
    }

    public int Count => _train.Count;

    /// <summary>A random segment of <paramref name="n"/> samples (looped when the source is shorter).</summary>
    public float[] Segment(Random rng, int n, bool forEvaluation)
    {
        var pool = forEvaluation ? _eval : _train;
        var y = new float[n];
        if (pool.Count == 0) { return y; }
        float[] src = pool[rng.Next(pool.Count)];
        int start = rng.Next(src.Length);
        for (int i = 0; i < n; i++) { y[i] = src[(start + i) % src.Length]; }
        return y;
    }
}

/// <summary>
/// Waveform augmentation for training clips: speed/pitch (resampling), time shift, room
/// reverberation (synthetic exponential impulse response), microphone colouring (high-pass
/// roll-off and the resonance/roll-off of MEMS and phone microphones), gain, and background noise
/// at a random SNR. Spectrogram masking (SpecAugment) is applied on features during training.
/// </summary>
public sealed class Augmenter
{
    /// <summary>Bump when the augmentation changes: cached training features are keyed by it.</summary>
    public const int Version = 4;

    const float SpeedMin = 0.9f, SpeedMax = 1.1f;
    const int MaxShiftMs = 120;

    readonly NoiseBank _noise;
    readonly int _rate;
    // Strengths from the model's config (its keys and defaults are the only ones).
    readonly float _noiseProbability, _minSnrDb, _maxSnrDb, _reverbProbability, _micProbability;
    readonly int _unknownShiftMs;

    public Augmenter(NoiseBank noise, ModelConfig cfg)
    {
        _noise = noise;
        _rate = cfg.SampleRate;
        _noiseProbability = cfg.NoiseProbability;
        _minSnrDb = cfg.MinSnrDb;
        _maxSnrDb = cfg.MaxSnrDb;
        _reverbProbability = cfg.ReverbProbability;
        _micProbability = cfg.MicProbability;
        _unknownShiftMs = cfg.UnknownShiftMs;
    }

    /// <summary>Returns an augmented copy of <paramref name="x"/> exactly <paramref name="n"/> samples long.</summary>
    /// <param name="clean">Only speed, shift and gain: the recording as it was made.</param>
    public float[] Apply(float[] x, int n, Random rng, bool isSilence, bool isUnknown = false, bool clean = false)
    {
        float[] y = isSilence ? Fit(x, n, rng, 0) : x;
        if (!isSilence)
        {
            float speed = Uniform(rng, SpeedMin, SpeedMax);
            y = Resample(y, speed);
            // Other words move further, so that words cut by the window edge (as the streaming engine
            // sees them) are learnt as "unknown" too.
            int maxShift = (isUnknown ? _unknownShiftMs : MaxShiftMs) * _rate / 1000;
            y = Fit(y, n, rng, rng.Next(-maxShift, maxShift + 1));
            if (!clean && rng.NextDouble() < _reverbProbability) { y = Reverb(y, rng); }
        }
        if (!clean && rng.NextDouble() < _micProbability) { Colour(y, rng); }
        if (isSilence)
        {
            // Silence: the clip itself at a random level, plus held-in noise at a random level.
            Scale(y, Db(Uniform(rng, -30, 6)));
            if (rng.NextDouble() < 0.7 && _noise.Count > 0)
            {
                float[] nz = _noise.Segment(rng, n, false);
                float g = Db(Uniform(rng, -45, -5)) / Math.Max(Rms(nz), 1e-6f);
                for (int i = 0; i < n; i++) { y[i] += g * nz[i]; }
            }
        }
        else
        {
            // Speech level from about -40 to -10 dBFS RMS.
            float rms = Rms(y);
            if (rms > 1e-6f) { Scale(y, Db(Uniform(rng, -40, -10)) / rms); }
            if (!clean && rng.NextDouble() < _noiseProbability && _noise.Count > 0)
            {
                float[] nz = _noise.Segment(rng, n, false);
                float snr = Uniform(rng, _minSnrDb, _maxSnrDb);
                float g = Rms(y) / Db(snr) / Math.Max(Rms(nz), 1e-6f);
                for (int i = 0; i < n; i++) { y[i] += g * nz[i]; }
            }
        }
        for (int i = 0; i < n; i++) { y[i] = Math.Clamp(y[i], -1f, 32767f / 32768f); }
        return y;
    }

    /// <summary>Speed change by linear-interpolation resampling (pitch and tempo move together).</summary>
    public static float[] Resample(float[] x, float speed)
    {
        int m = Math.Max(1, (int)(x.Length / speed));
        var y = new float[m];
        for (int i = 0; i < m; i++)
        {
            float p = i * speed;
            int k = (int)p;
            float f = p - k;
            float a = k < x.Length ? x[k] : 0f;
            float b = k + 1 < x.Length ? x[k + 1] : 0f;
            y[i] = a + f * (b - a);
        }
        return y;
    }

    /// <summary>Centres x in n samples, shifted by <paramref name="shift"/>, cropping or zero-padding.</summary>
    public static float[] Fit(float[] x, int n, Random rng, int shift)
    {
        var y = new float[n];
        int offset = (n - x.Length) / 2 + shift;
        if (x.Length > n)
        {
            // Longer than the window: keep the loudest stretch so the word is not cut off.
            offset = -LoudestStart(x, n) + shift;
        }
        for (int i = 0; i < n; i++)
        {
            int j = i - offset;
            if (j >= 0 && j < x.Length) { y[i] = x[j]; }
        }
        return y;
    }

    static int LoudestStart(float[] x, int n)
    {
        double e = 0, best = -1;
        int bestStart = 0;
        for (int i = 0; i < x.Length; i++)
        {
            e += x[i] * x[i];
            if (i >= n) { e -= x[i - n] * x[i - n]; }
            if (i >= n - 1 && e > best) { best = e; bestStart = i - n + 1; }
        }
        return bestStart;
    }

    /// <summary>
    /// Convolution with a synthetic room response: the direct path plus a sparse tail of 400 random
    /// reflections whose amplitude decays exponentially (RT60 0.15-0.6 s); sparse so that it costs
    /// 400 multiply-adds per sample rather than a few thousand.
    /// </summary>
    float[] Reverb(float[] x, Random rng)
    {
        float rt60 = Uniform(rng, 0.15f, 0.6f);
        int len = Math.Min((int)(rt60 * _rate * 0.5f), _rate / 4);
        float wet = Uniform(rng, 0.2f, 0.7f);
        int predelay = rng.Next(_rate / 500, _rate / 100);
        const int taps = 400;
        var pos = new int[taps];
        var amp = new float[taps];
        double energy = 0;
        for (int k = 0; k < taps; k++)
        {
            pos[k] = rng.Next(predelay, Math.Max(predelay + 1, len));
            amp[k] = Gauss(rng) * MathF.Pow(10f, -3f * pos[k] / (rt60 * _rate));
            energy += amp[k] * amp[k];
        }
        float norm = wet / (float)Math.Sqrt(Math.Max(energy, 1e-12));
        var y = (float[])x.Clone();
        for (int k = 0; k < taps; k++)
        {
            float a = amp[k] * norm;
            int p = pos[k];
            for (int i = 0; i + p < y.Length; i++) { y[i + p] += a * x[i]; }
        }
        return y;
    }

    /// <summary>Microphone colouring: DC/low roll-off, a presence peak or dip, and a high roll-off (MEMS or phone band).</summary>
    void Colour(float[] y, Random rng)
    {
        new Biquad(Biquad.Kind.HighPass, Uniform(rng, 60, 300), 0.707f, 0, _rate).Run(y);
        new Biquad(Biquad.Kind.Peak, Uniform(rng, 1500, 6000), Uniform(rng, 0.7f, 2f), Uniform(rng, -6, 8), _rate).Run(y);
        float lp = rng.NextDouble() < 0.3 ? Uniform(rng, 3400, 4000) : Uniform(rng, 5000, 7800);
        new Biquad(Biquad.Kind.LowPass, lp, 0.707f, 0, _rate).Run(y);
    }

    static float Uniform(Random rng, float a, float b) => a + (float)rng.NextDouble() * (b - a);
    static float Db(float db) => MathF.Pow(10f, db / 20f);

    static float Gauss(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return (float)(Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }

    public static float Rms(float[] x)
    {
        double s = 0;
        foreach (float v in x) { s += v * v; }
        return (float)Math.Sqrt(s / Math.Max(1, x.Length));
    }

    static void Scale(float[] x, float g)
    {
        for (int i = 0; i < x.Length; i++) { x[i] *= g; }
    }
}

/// <summary>Second-order IIR section (RBJ audio EQ cookbook formulas).</summary>
public sealed class Biquad
{
    public enum Kind { LowPass, HighPass, Peak }

    readonly float _b0, _b1, _b2, _a1, _a2;

    public Biquad(Kind kind, float freq, float q, float gainDb, int rate)
    {
        double w0 = 2 * Math.PI * freq / rate, cos = Math.Cos(w0), alpha = Math.Sin(w0) / (2 * q);
        double b0, b1, b2, a0, a1, a2;
        switch (kind)
        {
            case Kind.LowPass:
                b0 = (1 - cos) / 2; b1 = 1 - cos; b2 = b0; a0 = 1 + alpha; a1 = -2 * cos; a2 = 1 - alpha;
                break;
            case Kind.HighPass:
                b0 = (1 + cos) / 2; b1 = -(1 + cos); b2 = b0; a0 = 1 + alpha; a1 = -2 * cos; a2 = 1 - alpha;
                break;
            default:
                double a = Math.Pow(10, gainDb / 40);
                b0 = 1 + alpha * a; b1 = -2 * cos; b2 = 1 - alpha * a; a0 = 1 + alpha / a; a1 = -2 * cos; a2 = 1 - alpha / a;
                break;
        }
        _b0 = (float)(b0 / a0); _b1 = (float)(b1 / a0); _b2 = (float)(b2 / a0);
        _a1 = (float)(a1 / a0); _a2 = (float)(a2 / a0);
    }

    public void Run(float[] x)
    {
        float x1 = 0, x2 = 0, y1 = 0, y2 = 0;
        for (int i = 0; i < x.Length; i++)
        {
            float x0 = x[i];
            float y0 = _b0 * x0 + _b1 * x1 + _b2 * x2 - _a1 * y1 - _a2 * y2;
            x2 = x1; x1 = x0; y2 = y1; y1 = y0;
            x[i] = y0;
        }
    }
}
