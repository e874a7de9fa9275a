using MicroWake.Core;
using MicroWake.Native;

namespace MicroWake.Trainer;

/// <summary>Result of the streaming evaluation.</summary>
public sealed record StreamingResult(double Hours, double NonKeywordHours, int Keywords, int Hits, int Misses, int Confusions,
    int FalseAccepts, List<(double TimeS, string Label)> FalseAcceptTimes)
{
    public double FalseAcceptsPerHour => FalseAccepts / Math.Max(NonKeywordHours, 1e-9);
    public double MissRate => Misses / (double)Math.Max(1, Keywords);
}

/// <summary>
/// Evaluation through the deployed pipeline: the .tflite loaded by the native interpreter, features
/// from the native front end configured by the model's own metadata, and (streaming) the native
/// engine with the C# DetectionPolicy the device runs.
/// </summary>
public static class Evaluator
{
    /// <summary>One inference per clip (as the host's classify command does): native scores for every clip.</summary>
    public static ClipMetrics Clips(byte[] model, ModelSettings settings, IReadOnlyList<Clip> clips)
    {
        using var classifier = new ClipClassifier(model, settings);
        var scores = new float[clips.Count][];
        using (var bar = new ProgressBar("native clip eval", clips.Count))
        {
            for (int i = 0; i < clips.Count; i++)
            {
                scores[i] = classifier.Scores(Audio.ToShorts(Audio.Read(clips[i].Path)));
                bar.Tick();
            }
        }
        return new ClipMetrics(settings.Labels, clips.Select(c => c.Label).ToArray(), scores, clips.Select(c => c.Word).ToArray());
    }

    /// <summary>
    /// Builds a long recording from held-back clips (validation speakers) over held-back background
    /// noise (the part of each noise file never used in training), runs it through the native engine
    /// and the DetectionPolicy, and counts hits, misses, confusions and false accepts. A detection
    /// counts as a hit when it names the keyword being spoken, from its start to 1 s after its end;
    /// any other detection is a false accept (a wrong keyword during a keyword is a confusion).
    /// The recording is scored once and decided by one DetectionPolicy per threshold: a streaming
    /// trade-off (keywords detected against false accepts per hour) at the cost of one run.
    /// </summary>
    public static StreamingResult[] Streaming(byte[] model, ModelSettings settings, IReadOnlyList<Clip> clips, NoiseBank noise, double minutes,
        int seed, IReadOnlyList<float> thresholds, int averageWindowMs = 0, int minCount = 0)
    {
        using var engine = new NativeEngine();
        engine.OpenModel(model, settings, 0, 0);
        int rate = settings.FrontEnd.SampleRate;
        var tallies = thresholds.Select(t =>
        {
            ModelDefaults defaults = settings.ToDefaults();
            defaults.Threshold = t;
            if (averageWindowMs > 0) { defaults.AverageWindowMs = averageWindowMs; }
            if (minCount > 0) { defaults.MinCount = minCount; }
            return new Tally(new DetectionPolicy(engine.Labels, defaults));
        }).ToArray();
        var rng = new Random(seed);

        // Schedule: keyword clips once each, at most one per 10 s so that most of the audio is non-keyword
        // speech and noise; other clips repeated (with new gains and noise) until the duration is reached.
        long total = (long)(minutes * 60 * rate);
        var keywords = clips.Where(c => c.Label >= 2).OrderBy(_ => rng.Next()).Take((int)Math.Max(1, total / (10L * rate))).ToList();
        var others = clips.Where(c => c.Label < 2).ToList();
        var events = new List<(long Start, long End, int Label)>();
        var sequence = new List<(Clip Clip, long Start)>();
        long pos = rate;
        var kwQueue = new Queue<Clip>(keywords.OrderBy(_ => rng.Next()));
        double kwEvery = (double)total / Math.Max(1, keywords.Count);
        double nextKw = kwEvery * rng.NextDouble();
        while (pos < total && (others.Count > 0 || kwQueue.Count > 0))
        {
            Clip c = (pos >= nextKw && kwQueue.Count > 0) || others.Count == 0 ? kwQueue.Dequeue() : others[rng.Next(others.Count)];
            if (c.Label >= 2) { nextKw += kwEvery; }
            sequence.Add((c, pos));
            pos += rate + rng.Next(rate / 4, 2 * rate);
        }
        total = Math.Max(total, pos + rate);

        var scores = new float[engine.ClassCount];
        const int chunkSamples = 8000;
        var chunk = new float[chunkSamples];
        int seqIndex = 0;
        var active = new List<(float[] Audio, long Start)>();
        var placed = new List<(long Start, long End, string Word)>();
        var bg = new float[chunkSamples];
        float bgGain = 0;
        using var bar = new ProgressBar("streaming eval", (int)(total / chunkSamples));
        for (long t0 = 0; t0 < total; t0 += chunkSamples)
        {
            // Background: held-back noise, level changing every chunk a little, from -70 to -35 dBFS RMS.
            if (t0 % (rate * 10) == 0) { bgGain = MathF.Pow(10f, (-70 + 35 * (float)rng.NextDouble()) / 20f); }
            float[] nz = noise.Segment(rng, chunkSamples, forEvaluation: true);
            float nzRms = Math.Max(Augmenter.Rms(nz), 1e-6f);
            for (int i = 0; i < chunkSamples; i++) { chunk[i] = nz[i] * bgGain / nzRms; }
            while (seqIndex < sequence.Count && sequence[seqIndex].Start < t0 + chunkSamples)
            {
                var (c, start) = sequence[seqIndex++];
                float[] a = Audio.Read(c.Path);
                float rms = Augmenter.Rms(a);
                float g = c.Label == 0 ? 1f : MathF.Pow(10f, (-35 + 15 * (float)rng.NextDouble()) / 20f) / Math.Max(rms, 1e-6f);
                for (int i = 0; i < a.Length; i++) { a[i] *= g; }
                active.Add((a, start));
                placed.Add((start, start + a.Length, c.Word));
                if (c.Label >= 2)
                {
                    events.Add((start, start + a.Length, c.Label));
                    foreach (Tally tl in tallies) { tl.Matched.Add(false); }
                }
            }
            foreach (var (a, start) in active)
            {
                for (int i = 0; i < chunkSamples; i++)
                {
                    long k = t0 + i - start;
                    if (k >= 0 && k < a.Length) { chunk[i] += a[k]; }
                }
            }
            active.RemoveAll(x => x.Start + x.Audio.Length <= t0 + chunkSamples);

            byte[] pcm = Audio.ToPcm16(chunk);
            int off = 0;
            while (off < pcm.Length)
            {
                off += engine.Feed(pcm.AsSpan(off));
                if (!engine.ScoresReady) { continue; }
                engine.GetScores(scores);
                long nowMs = engine.AudioMilliseconds;
                long nowSample = nowMs * rate / 1000;
                foreach (Tally tl in tallies)
                {
                    int d = tl.Policy.Process(scores, nowMs);
                    if (d == DetectionPolicy.None) { continue; }
                    int ev = events.FindIndex(e => nowSample >= e.Start && nowSample <= e.End + rate);
                    if (ev < 0)
                    {
                        // Name what was heard: the clip overlapping the last second, or noise.
                        var heard = placed.LastOrDefault(p => p.End > nowSample - rate && p.Start < nowSample);
                        tl.FaTimes.Add((nowMs / 1000.0, engine.GetLabel(d) + " <- " + (heard.Word ?? "noise")));
                    }
                    else if (events[ev].Label == d && !tl.Matched[ev])
                    {
                        tl.Hits++;
                        tl.Matched[ev] = true;
                    }
                    else if (!tl.Matched[ev]) { tl.Confusions++; }
                }
            }
            bar.Tick();
        }
        double hours = total / (double)rate / 3600.0;
        double kwHours = events.Sum(e => (e.End - e.Start + rate) / (double)rate) / 3600.0;
        return tallies.Select(tl => new StreamingResult(hours, hours - kwHours, events.Count, tl.Hits,
            tl.Matched.Count(m => !m), tl.Confusions, tl.FaTimes.Count, tl.FaTimes)).ToArray();
    }

    /// <summary>One policy's decisions over the shared recording.</summary>
    sealed class Tally
    {
        public readonly DetectionPolicy Policy;
        public readonly List<bool> Matched = new();
        public readonly List<(double TimeS, string Label)> FaTimes = new();
        public int Hits, Confusions;
        public Tally(DetectionPolicy policy) { Policy = policy; }
    }
}
