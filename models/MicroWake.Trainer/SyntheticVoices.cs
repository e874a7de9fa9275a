using System.Diagnostics;

namespace MicroWake.Trainer;

/// <summary>
/// Synthetic speech as an extra source of voices: espeak-ng (accents x voice variants x rate x
/// pitch) and flite (its built-in voices x duration stretch), when installed. Clips are generated
/// on demand into a cache folder (work/synth/&lt;word&gt;/...), resampled to the model's rate and
/// trimmed, and reused by later runs. Synthetic clips only ever join the training split.
/// </summary>
public static class SyntheticVoices
{
    static readonly string[] EspeakAccents = { "en-us", "en-gb", "en-gb-scotland", "en-gb-x-gbclan", "en-gb-x-rp", "en-gb-x-gbcwmd", "en-029", "en-us-nyc" };
    static readonly string[] EspeakVariants = { "", "+f1", "+f2", "+f3", "+f4", "+f5", "+m1", "+m2", "+m3", "+m4", "+m5", "+m6", "+m7", "+klatt", "+klatt2", "+klatt3", "+whisper" };
    static readonly string[] FliteVoices = { "kal16", "awb", "rms", "slt" };

    public static bool Available(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, tool)));

    /// <summary>Generates (or reuses) <paramref name="perWord"/> clips per word; returns them as training clips.</summary>
    public static List<Clip> Generate(IEnumerable<(string Word, int Label)> words, int perWord, string cacheDir, int seed,
        int sampleRate, Action<string> log)
    {
        var result = new List<Clip>();
        bool espeak = Available("espeak-ng"), flite = Available("flite");
        if (perWord <= 0) { return result; }
        if (!espeak && !flite)
        {
            log("synthetic voices: neither espeak-ng nor flite is installed; skipped (apt-get install espeak-ng flite)");
            return result;
        }
        var jobs = new List<(string Word, int Label, string Path, string[] Cmd)>();
        foreach (var (word, label) in words)
        {
            var rng = new Random(seed * 7919 + StableHash(word));
            string dir = Path.Combine(cacheDir, word);
            Directory.CreateDirectory(dir);
            for (int i = 0; i < perWord; i++)
            {
                bool useFlite = flite && (!espeak || i % 4 == 3);
                string[] cmd;
                string name;
                if (useFlite)
                {
                    string v = FliteVoices[rng.Next(FliteVoices.Length)];
                    float stretch = 0.9f + 0.6f * (float)rng.NextDouble();
                    name = $"flite_{v}_{stretch:0.00}";
                    cmd = new[] { "flite", "-voice", v, "--setf", $"duration_stretch={stretch:0.00}", "-t", word, "-o" };
                }
                else
                {
                    string v = EspeakAccents[rng.Next(EspeakAccents.Length)] + EspeakVariants[rng.Next(EspeakVariants.Length)];
                    int speed = rng.Next(100, 190), pitch = rng.Next(15, 86);
                    name = $"espeak_{v.Replace('+', '_')}_{speed}_{pitch}";
                    cmd = new[] { "espeak-ng", "-v", v, "-s", speed.ToString(), "-p", pitch.ToString(), "-w", "", word };
                }
                jobs.Add((word, label, Path.Combine(dir, name + ".wav"), cmd));
            }
        }
        jobs = jobs.DistinctBy(j => j.Path).ToList();
        var todo = jobs.Where(j => !File.Exists(j.Path)).ToList();
        using (var bar = new ProgressBar("synthetic voices", todo.Count))
        {
            Parallel.ForEach(todo, new ParallelOptions { MaxDegreeOfParallelism = 2 }, j =>
            {
                try { Synthesize(j.Cmd, j.Path, sampleRate); }
                catch (Exception e) { log($"synthetic voice failed ({string.Join(' ', j.Cmd)}): {e.Message}"); }
                bar.Tick();
            });
        }
        foreach (var j in jobs.Where(j => File.Exists(j.Path)))
        {
            result.Add(new Clip(j.Path, j.Word, j.Label, "synth:" + Path.GetFileNameWithoutExtension(j.Path), true));
        }
        return result;
    }

    static int StableHash(string s)
    {
        int h = 17;
        foreach (char c in s) { h = h * 31 + c; }
        return h & 0x7fffffff;
    }

    static void Synthesize(string[] cmd, string outPath, int sampleRate)
    {
        string tmp = outPath + ".raw.wav";
        var args = cmd.Skip(1).ToList();
        if (cmd[0] == "flite") { args.Add(tmp); }
        else { args[args.IndexOf("")] = tmp; }
        var psi = new ProcessStartInfo(cmd[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args) { psi.ArgumentList.Add(a); }
        using (var p = Process.Start(psi)!)
        {
            p.StandardOutput.ReadToEnd();
            p.StandardError.ReadToEnd();
            if (!p.WaitForExit(30000)) { p.Kill(); throw new TrainerException("timed out"); }
            if (p.ExitCode != 0) { throw new TrainerException($"exit code {p.ExitCode}"); }
        }
        float[] x = Audio.ReadConverted(tmp);
        File.Delete(tmp);
        x = Trim(x, sampleRate);
        if (x.Length < sampleRate / 20) { throw new TrainerException("no speech in the output"); }
        Audio.Write(outPath, x);
    }

    /// <summary>Cuts leading and trailing silence (frames 40 dB below the loudest), keeping 30 ms margins.</summary>
    static float[] Trim(float[] x, int rate)
    {
        int frame = rate / 100;
        int n = x.Length / frame;
        if (n == 0) { return x; }
        var e = new float[n];
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int k = 0; k < frame; k++) { s += x[i * frame + k] * x[i * frame + k]; }
            e[i] = (float)s;
        }
        float limit = e.Max() * 1e-4f;
        int first = Array.FindIndex(e, v => v > limit), last = Array.FindLastIndex(e, v => v > limit);
        int a = Math.Max(0, (first - 3) * frame), b = Math.Min(x.Length, (last + 4) * frame);
        return x[a..b];
    }
}
