using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MicroWake.Native;

namespace MicroWake.Trainer;

/// <summary>The train / eval / pick-clips commands: data to int8 model to figures.</summary>
public static class Pipeline
{
    static void Log(string s) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {s}");

    public static int Train(Options o)
    {
        var clock = Stopwatch.StartNew();
        ModelConfig cfg = ModelConfig.Load(o.Require("config"));
        if (o.Has("epochs")) { cfg.Epochs = o.Int("epochs", cfg.Epochs); }
        if (o.Has("qat-epochs")) { cfg.QatEpochs = o.Int("qat-epochs", cfg.QatEpochs); }
        if (o.Has("synthetic-per-word")) { cfg.SyntheticPerWord = o.Int("synthetic-per-word", cfg.SyntheticPerWord); }
        if (o.Has("augment-variants")) { cfg.AugmentVariants = o.Int("augment-variants", cfg.AugmentVariants); }
        if (o.Has("train-seed")) { cfg.TrainSeed = o.Int("train-seed", cfg.TrainSeed); }
        var data = o.All("data");
        if (data.Count == 0) { throw new TrainerException("missing --data DIR (a folder in the Speech Commands layout)"); }
        string outDir = o.Require("out");
        string work = o.Get("work", Path.Combine(Path.GetTempPath(), "microwake-train-" + cfg.Name));
        // Five hours: each other-word clip then plays about ten times, at other levels over other noise. One hour
        // (two plays) told 1 false accept per hour where five hours of the same model measured 3.5.
        double streamMinutes = o.Double("stream-minutes", 300);
        Directory.CreateDirectory(outDir);
        Directory.CreateDirectory(work);

        SpeechDataset ds = SpeechDataset.Load(data, cfg);
        var train = new List<Clip>(ds.Train);
        var synthWords = cfg.Words.Select((w, i) => (w, i + 2)).Concat(cfg.SyntheticUnknownWords.Select(w => (w, 1)));
        var synth = SyntheticVoices.Generate(synthWords, cfg.SyntheticPerWord, Path.Combine(work, "synth"), cfg.Seed, cfg.SampleRate, Log);
        train.AddRange(synth);
        // Noise-only "silence" windows built from background noise recordings.
        int noiseClips = ds.NoiseFiles.Count > 0 ? Math.Max(50, train.Count(c => c.Label == 0) / 2) : 0;
        for (int i = 0; i < noiseClips; i++) { train.Add(new Clip("", "_noise_", 0, "noise", true)); }
        Summary(cfg, train, ds.Validation, synth.Count);

        var noise = new NoiseBank(ds.NoiseFiles);
        string cache = Path.Combine(work, "features");
        var trainRaw = CachedFeatures(cfg, train, cfg.AugmentVariants, noise, ds.NoiseFiles, augment: true, cache);
        var valRaw = CachedFeatures(cfg, ds.Validation, 1, noise, ds.NoiseFiles, augment: false, cache);

        var (inScale, inZp) = InputQuantization(trainRaw);
        Log($"input quantization: scale {inScale:R} zero point {inZp}");
        FeatureSet trainSet = ToSet(train, trainRaw, inScale, inZp), valSet = ToSet(ds.Validation, valRaw, inScale, inZp);

        var t = new Training(cfg, trainSet, valSet, inScale, inZp, Log);
        var trainClock = Stopwatch.StartNew();
        DsCnn model = t.TrainFloat();
        var floatMetrics = new ClipMetrics(cfg.Labels, valSet.Clips.Select(c => c.Label).ToArray(), t.Scores(model, valSet), valSet.Clips.Select(c => c.Word).ToArray());
        DsCnn folded = t.QuantizationAware(model);
        double trainSeconds = trainClock.Elapsed.TotalSeconds;
        QuantModel qm = Quantizer.Quantize(folded, inScale, inZp);

        // Threshold on the int8 model's native scores over the validation speakers.
        byte[] bytes = TfliteWriter.Write(qm, TfliteWriter.Metadata(cfg, 0.5f));
        ClipMetrics native = Evaluator.Clips(bytes, ModelSettings.Read(bytes)!, ds.Validation);
        float threshold = cfg.Threshold > 0 ? cfg.Threshold : native.ChooseThreshold(cfg.MaxMissPercent / 100.0, cfg.MaxFalseAcceptPercent / 100.0);
        bytes = TfliteWriter.Write(qm, TfliteWriter.Metadata(cfg, threshold));
        string tflite = Path.Combine(outDir, cfg.Name + ".tflite");
        File.WriteAllBytes(tflite, bytes);
        ByteArrays.WriteAll(tflite, cfg.Name, "MicroWake.Models", ClassName(cfg.Name));
        Log($"wrote {tflite} ({bytes.Length} bytes), threshold {threshold:0.00}");

        var sizes = Sizes(bytes, model, qm);
        float[] grid = TradeOffThresholds(threshold);
        StreamingResult[]? streams = streamMinutes > 0 ? Evaluator.Streaming(bytes, ModelSettings.Read(bytes)!, ds.Validation, noise, streamMinutes, cfg.Seed + 5, grid) : null;

        Plots.TrainingCurves(t.History, Path.Combine(outDir, "training.png"));
        Plots.Det(new[] { ("int8 (native engine)", native), ("float (TorchSharp)", floatMetrics) }, threshold, Path.Combine(outDir, "det.png"));
        var report = Report(cfg, ds, train, synth.Count, native, floatMetrics, threshold, grid, streams, sizes, trainSeconds,
            clock.Elapsed.TotalSeconds, inScale, inZp);
        File.WriteAllText(Path.Combine(outDir, "metrics.md"), report.Markdown);
        File.WriteAllText(Path.Combine(outDir, "metrics.json"), report.Json);
        Console.WriteLine(report.Markdown);
        return 0;
    }

    public static int Eval(Options o)
    {
        byte[] model = File.ReadAllBytes(o.Require("model"));
        ModelConfig cfg = ModelConfig.Load(o.Require("config"));
        SpeechDataset ds = SpeechDataset.Load(o.All("data").Count > 0 ? o.All("data") : throw new TrainerException("missing --data DIR"), cfg);
        var clips = o.Has("all") ? ds.Train.Concat(ds.Validation).ToList() : ds.Validation;
        ModelSettings settings = EvalSettings(model, o, cfg);
        // --threshold may repeat: every figure is given per threshold, decided on the same scores and the same recording.
        float[] thresholds = o.Has("threshold")
            ? o.All("threshold").Select(v => (float)Options.Number("threshold", v)).ToArray()
            : new[] { settings.Threshold };
        if (thresholds.Any(t => !(t > 0 && t <= 1))) { throw new TrainerException("--threshold must be in (0, 1]"); }
        float threshold = thresholds[0];
        ClipMetrics m = Evaluator.Clips(model, settings, clips);
        Console.WriteLine($"clips: {clips.Count} ({m.KeywordClips} keyword, {m.OtherClips} other/silence)");
        foreach (float t in thresholds)
        {
            Console.WriteLine($"threshold {t:0.00}: keyword clips missed or confused: {m.MissRate(t):P2}; other clips taken for a keyword: {m.FalseAcceptRate(t):P2}");
        }
        Console.WriteLine($"confusion at threshold {threshold:0.00}:");
        Console.WriteLine(m.ConfusionTable(threshold));
        if (o.Has("errors"))
        {
            // Each wrong decision with the clip's scores: what to listen to when a word keeps failing.
            for (int i = 0; i < clips.Count; i++)
            {
                int d = m.Decide(i, threshold);
                if (d == m.Truth[i] || (m.Truth[i] < 2 && d < 2)) { continue; }
                string scores = string.Join(" ", m.Scores[i].Select((s, k) => $"{m.Labels[k]}={s:0.00}"));
                Console.WriteLine($"{clips[i].Path}\t{clips[i].Word} -> {m.Labels[d]}\t{scores}");
            }
        }
        double minutes = o.Double("stream-minutes", 0);
        if (minutes > 0)
        {
            var results = Evaluator.Streaming(model, settings, clips, new NoiseBank(ds.NoiseFiles), minutes, cfg.Seed + 5, thresholds,
                o.Int("average-ms", 0), o.Int("min-count", 0));
            for (int k = 0; k < thresholds.Length; k++)
            {
                StreamingResult s = results[k];
                Console.WriteLine($"streaming at {thresholds[k]:0.00}: {s.Hours:0.00} h, keywords {s.Keywords}, hits {s.Hits}, missed {s.Misses}, " +
                                  $"confused {s.Confusions}, false accepts {s.FalseAccepts} ({s.FalseAcceptsPerHour:0.00}/h of non-keyword audio); " +
                                  "detected <- heard: " + FalseAcceptSummary(s));
            }
        }
        return 0;
    }

    /// <summary>
    /// The model's own settings, or, for a model without MicroWake metadata (TFLM's micro_speech),
    /// --frontend and --labels: so that other models are measured on the same speakers and recording.
    /// The labels must be the config's (silence, unknown, then its words), as the clips are labelled by it.
    /// </summary>
    static ModelSettings EvalSettings(byte[] model, Options o, ModelConfig cfg)
    {
        ModelSettings? settings = ModelSettings.Read(model);
        if (settings == null)
        {
            if (!o.Has("frontend") || !o.Has("labels"))
            {
                throw new TrainerException("the model has no MicroWake metadata: pass --frontend (mfcc|tflm-micro) and --labels, " +
                                           "e.g. --frontend tflm-micro --labels silence,unknown,yes,no for micro_speech");
            }
            if (!FrontEndConfig.TryParseName(o.Require("frontend"), out FrontEndKind kind))
            {
                throw new TrainerException($"--frontend must be mfcc or tflm-micro, not '{o.Require("frontend")}'");
            }
            settings = ModelSettings.ForModelWithoutMetadata(model, kind, o.Require("labels").Split(',', StringSplitOptions.TrimEntries));
        }
        else if (o.Has("frontend") || o.Has("labels"))
        {
            throw new TrainerException("--frontend and --labels are for models without MicroWake metadata; this model names its own");
        }
        if (!settings.Labels.SequenceEqual(cfg.Labels))
        {
            throw new TrainerException($"the model's labels ({string.Join(",", settings.Labels)}) are not the config's ({string.Join(",", cfg.Labels)})");
        }
        return settings;
    }

    static string FalseAcceptSummary(StreamingResult s) =>
        s.FalseAcceptTimes.Count == 0 ? "none" :
        string.Join(", ", s.FalseAcceptTimes.GroupBy(f => f.Label).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));

    public static int PickClips(Options o)
    {
        ModelConfig cfg = ModelConfig.Load(o.Require("config"));
        SpeechDataset ds = SpeechDataset.Load(o.All("data"), cfg);
        string outDir = o.Require("out");
        int perWord = o.Int("per-word", 20), unknown = o.Int("unknown", 30), silence = o.Int("silence", 10);
        var rng = new Random(cfg.Seed + 99);
        var picked = new List<Clip>();
        foreach (string w in cfg.Words)
        {
            picked.AddRange(ds.Validation.Where(c => c.Word == w).OrderBy(_ => rng.Next()).Take(perWord));
        }
        // Half of the unknown words from the keywords' rhymes, the rest from all other words.
        var unk = ds.Validation.Where(c => c.Label == 1).OrderBy(_ => rng.Next()).ToList();
        var conf = unk.Where(c => cfg.ConfusableWords.Contains(c.Word)).Take(unknown / 2).ToList();
        picked.AddRange(conf);
        picked.AddRange(unk.Except(conf).Take(unknown - conf.Count));
        picked.AddRange(ds.Validation.Where(c => c.Label == 0).OrderBy(_ => rng.Next()).Take(silence));
        foreach (Clip c in picked)
        {
            string dir = Path.Combine(outDir, c.Word);
            Directory.CreateDirectory(dir);
            File.Copy(c.Path, Path.Combine(dir, Path.GetFileName(c.Path)), overwrite: true);
        }
        // A few seconds of held-back noise (the evaluation part of two noise files).
        double seconds = o.Double("noise-seconds", 5);
        string noiseDir = Path.Combine(outDir, SpeechDataset.NoiseFolder);
        Directory.CreateDirectory(noiseDir);
        foreach (string f in ds.NoiseFiles.Where(f => Path.GetFileName(f).Contains("white_noise") || Path.GetFileName(f).Contains("exercise_bike")).Take(2))
        {
            float[] x = Audio.Read(f);
            int start = (int)(x.Length * NoiseBank.TrainFraction), n = Math.Min(x.Length - start, (int)(seconds * cfg.SampleRate));
            Audio.Write(Path.Combine(noiseDir, Path.GetFileName(f)), x[start..(start + n)]);
        }
        Log($"copied {picked.Count} clips to {outDir}");
        return 0;
    }

    /// <summary>The thresholds of the trade-off table: the chosen one and 0.5 to 0.9.</summary>
    static float[] TradeOffThresholds(float chosen) =>
        new[] { 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, chosen }.Distinct().OrderBy(x => x).ToArray();

    static string ClassName(string name) =>
        string.Concat(name.Split('_', '-').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p.Substring(1))) + "Model";

    static void Summary(ModelConfig cfg, List<Clip> train, List<Clip> val, int synth)
    {
        string[] labels = cfg.Labels;
        for (int l = 0; l < labels.Length; l++)
        {
            Log($"{labels[l],-8} train {train.Count(c => c.Label == l),5} (speakers {train.Where(c => c.Label == l && !c.Synthetic).Select(c => c.Speaker).Distinct().Count()})" +
                $"  validation {val.Count(c => c.Label == l),5} (speakers {val.Where(c => c.Label == l).Select(c => c.Speaker).Distinct().Count()})");
        }
        for (int l = 2; l < labels.Length; l++)
        {
            if (!val.Any(c => c.Label == l))
            {
                Log($"warning: no validation clips of '{labels[l]}' (no held-out speaker said it): its figures and the chosen threshold mean nothing; add recordings from more speakers");
            }
        }
        int shared = train.Where(c => !c.Synthetic).Select(c => c.Speaker).Intersect(val.Select(c => c.Speaker)).Count();
        Log($"synthetic clips: {synth}; speakers on both sides of the split: {shared}");
        if (shared != 0) { throw new TrainerException("speaker split is not disjoint"); }
    }

    /// <summary>
    /// Features are cached in the work folder under a hash of everything they depend on (front-end
    /// and augmentation settings and version, clip and noise file lists, the native library's file), so a second
    /// run with other training settings starts training at once.
    /// </summary>
    static float[][][] CachedFeatures(ModelConfig cfg, List<Clip> clips, int variants, NoiseBank noise, List<string> noiseFiles,
        bool augment, string cacheDir)
    {
        var key = new StringBuilder($"features-v{Augmenter.Version}\n");
        key.Append(string.Join(",", cfg.Seed, variants, augment, cfg.SampleRate, cfg.WindowSamples, cfg.HopSamples, cfg.FftSize,
            cfg.WindowFn, cfg.MelBands, cfg.LowerHz, cfg.UpperHz, cfg.Coeffs, cfg.LogFloor, cfg.Frames, cfg.UnknownShiftMs)).Append('\n');
        if (augment)
        {
            key.Append(string.Join(",", cfg.CleanVariants, cfg.NoiseProbability, cfg.MinSnrDb, cfg.MaxSnrDb, cfg.ReverbProbability,
                cfg.MicProbability)).Append('\n');
        }
        foreach (Clip c in clips) { key.Append(c.Path).Append('|').Append(c.Label).Append('\n'); }
        foreach (string f in noiseFiles) { key.Append(f).Append('\n'); }
        string lib = Path.Combine(AppContext.BaseDirectory, "libmicrowake.so");
        if (File.Exists(lib)) { key.Append(Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(File.ReadAllBytes(lib)))); }
        string hash = Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(Encoding.UTF8.GetBytes(key.ToString())))[..16];
        string path = Path.Combine(cacheDir, $"{(augment ? "train" : "val")}-{hash}.bin");
        if (File.Exists(path))
        {
            using var r = new BinaryReader(File.OpenRead(path));
            int n = r.ReadInt32(), v = r.ReadInt32(), len = r.ReadInt32();
            if (n == clips.Count && v == variants)
            {
                var cached = new float[n][][];
                for (int i = 0; i < n; i++)
                {
                    cached[i] = new float[v][];
                    for (int k = 0; k < v; k++)
                    {
                        cached[i][k] = new float[len];
                        r.Read(System.Runtime.InteropServices.MemoryMarshal.AsBytes(cached[i][k].AsSpan()));
                    }
                }
                Log($"features from cache {path}");
                return cached;
            }
        }
        float[][][] raw = ComputeFeatures(cfg, clips, variants, noise, augment);
        Directory.CreateDirectory(cacheDir);
        using (var w = new BinaryWriter(File.Create(path)))
        {
            w.Write(raw.Length); w.Write(variants); w.Write(raw.Length > 0 ? raw[0][0].Length : 0);
            foreach (var c in raw) { foreach (var f in c) { w.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(f.AsSpan())); } }
        }
        return raw;
    }

    /// <summary>Raw (float) native features: per clip, <paramref name="variants"/> windows (augmented for training).</summary>
    static float[][][] ComputeFeatures(ModelConfig cfg, List<Clip> clips, int variants, NoiseBank noise, bool augment)
    {
        var result = new float[clips.Count][][];
        int n = cfg.ClipSamples;
        using var bar = new ProgressBar(augment ? "train features" : "validation features", clips.Count);
        var aug = new Augmenter(noise, cfg);
        const int workers = 2;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            using var fx = new FeatureExtractor(cfg);
            for (int i = w; i < clips.Count; i += workers)
            {
                Clip c = clips[i];
                float[] audio = c.Path.Length == 0 ? new float[n] : Audio.Read(c.Path);
                result[i] = new float[variants][];
                for (int v = 0; v < variants; v++)
                {
                    float[] x;
                    if (augment)
                    {
                        var rng = new Random(cfg.Seed * 1000003 + i * 31 + v);
                        x = aug.Apply(audio, n, rng, c.Label == 0, c.Label == 1, clean: v < cfg.CleanVariants);
                    }
                    else
                    {
                        // As the classify command and the device see a clip: its first window, padded with silence.
                        x = new float[n];
                        Array.Copy(audio, x, Math.Min(n, audio.Length));
                    }
                    result[i][v] = fx.Raw(x);
                }
                bar.Tick();
            }
        });
        return result;
    }

    /// <summary>Input int8 quantization from the training features' range (0.01 % tails clipped).</summary>
    static (float Scale, int ZeroPoint) InputQuantization(float[][][] raw)
    {
        var all = raw.SelectMany(c => c).SelectMany(v => v).Where(float.IsFinite).ToArray();
        Array.Sort(all);
        float lo = all[(int)(all.Length * 0.0001)], hi = all[(int)(all.Length * 0.9999)];
        return Quantizer.AsymmetricParams(lo, hi);
    }

    static FeatureSet ToSet(List<Clip> clips, float[][][] raw, float scale, int zp)
    {
        var s = new FeatureSet();
        for (int i = 0; i < clips.Count; i++)
        {
            s.Clips.Add(clips[i]);
            s.Variants.Add(raw[i].Select(r => FeatureExtractor.Quantize(r, scale, zp)).ToArray());
        }
        return s;
    }

    public sealed record ModelSizes(long Parameters, long Macs, long NativeMacs, long WeightBytes, long FileBytes, long InterpreterArena, long EngineArena);

    static ModelSizes Sizes(byte[] bytes, DsCnn model, QuantModel qm)
    {
        using var it = NativeInterpreter.Load(bytes);
        using var engine = new NativeEngine();
        engine.OpenModel(bytes);
        long parameters = qm.Layers.Sum(l => (long)l.Weights.Length + l.Bias.Length);
        return new ModelSizes(parameters, model.Macs(), (long)it.Macs, qm.WeightBytes, bytes.Length, it.ArenaBytes, engine.ArenaBytes);
    }

    static (string Markdown, string Json) Report(ModelConfig cfg, SpeechDataset ds, List<Clip> train, int synth,
        ClipMetrics native, ClipMetrics flt, float threshold, float[] grid, StreamingResult[]? streams, ModelSizes sizes, double trainSeconds,
        double totalSeconds, float inScale, int inZp)
    {
        StreamingResult? stream = streams?[Array.IndexOf(grid, threshold)];
        var md = new StringBuilder();
        md.Append($"## Figures of this run ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)\n\n");
        md.Append($"Validation: {ds.Validation.Count} clips of speakers not in training ({native.KeywordClips} keyword clips, " +
                  $"{native.OtherClips} other-word and silence clips); split seed {cfg.Seed}, {cfg.ValidationPercent} % of speakers; training seed {cfg.TrainingSeed}.\n");
        md.Append($"Training: {train.Count(c => !c.Synthetic)} real clips, {synth} synthetic clips, x{cfg.AugmentVariants} augmented variants.\n\n");
        md.Append("| figure | value |\n|---|---|\n");
        md.Append($"| default threshold (chosen on validation: highest with <= {cfg.MaxMissPercent} % keyword misses) | {threshold:0.00} |\n");
        md.Append($"| int8, native engine: keyword clips missed or confused | {native.MissRate(threshold):P2} |\n");
        md.Append($"| int8, native engine: other-word/silence clips taken for a keyword | {native.FalseAcceptRate(threshold):P2} |\n");
        md.Append($"| int8, native engine: accuracy at argmax | {native.Accuracy:P2} |\n");
        md.Append($"| float model: missed / false accepts at the same threshold | {flt.MissRate(threshold):P2} / {flt.FalseAcceptRate(threshold):P2} |\n");
        if (stream != null)
        {
            md.Append($"| streaming: audio | {stream.Hours:0.00} h ({stream.NonKeywordHours:0.00} h without keywords) |\n");
            md.Append($"| streaming: keywords detected | {stream.Hits}/{stream.Keywords} ({1 - stream.MissRate:P1}); confused {stream.Confusions} |\n");
            md.Append($"| streaming: false accepts | {stream.FalseAccepts} ({stream.FalseAcceptsPerHour:0.00} per hour) |\n");
            md.Append($"| streaming: false accepts (detected <- heard) | {FalseAcceptSummary(stream)} |\n");
        }
        md.Append($"| parameters | {sizes.Parameters:N0} |\n");
        md.Append($"| MACs per inference (native count) | {sizes.NativeMacs:N0} |\n");
        md.Append($"| weights + biases (flash) | {sizes.WeightBytes:N0} B |\n");
        md.Append($"| .tflite file | {sizes.FileBytes:N0} B |\n");
        md.Append($"| interpreter arena | {sizes.InterpreterArena:N0} B |\n");
        md.Append($"| engine arena (front end + feature window + interpreter) | {sizes.EngineArena:N0} B |\n");
        md.Append($"| training time (float + QAT) | {trainSeconds / 60:0.0} min |\n");
        md.Append($"| whole run (features, training, export, evaluation) | {totalSeconds / 60:0.0} min |\n\n");
        md.Append($"Confusion matrix (int8, native, threshold {threshold:0.00}; rows: truth, columns: decision):\n\n");
        md.Append(native.ConfusionTable(threshold)).Append('\n');
        var faWords = native.FalseAcceptsByWord(threshold);
        md.Append("Other words taken for a keyword: ").Append(faWords.Count == 0 ? "none" : string.Join(", ", faWords.Select(p => $"{p.Word} {p.Count}"))).Append("\n\n");
        md.Append("Trade-off (clips: one inference each; streaming: the same recording, the model's detection settings):\n\n");
        md.Append("| threshold | clips missed | clips falsely accepted | streaming: keywords detected | streaming: false accepts per hour |\n|---|---|---|---|---|\n");
        for (int k = 0; k < grid.Length; k++)
        {
            float t = grid[k];
            string st = streams == null ? "- | -" : $"{streams[k].Hits}/{streams[k].Keywords} | {streams[k].FalseAcceptsPerHour:0.0}";
            md.Append($"| {t:0.00} | {native.MissRate(t):P2} | {native.FalseAcceptRate(t):P2} | {st} |\n");
        }
        var json = JsonSerializer.Serialize(new
        {
            model = cfg.Name,
            threshold,
            train_clips = train.Count(c => !c.Synthetic),
            synthetic_clips = synth,
            validation_clips = ds.Validation.Count,
            keyword_clips = native.KeywordClips,
            other_clips = native.OtherClips,
            int8_miss_rate = native.MissRate(threshold),
            int8_false_accept_rate = native.FalseAcceptRate(threshold),
            int8_accuracy_argmax = native.Accuracy,
            float_miss_rate = flt.MissRate(threshold),
            float_false_accept_rate = flt.FalseAcceptRate(threshold),
            streaming_hours = stream?.Hours,
            streaming_keywords = stream?.Keywords,
            streaming_hits = stream?.Hits,
            streaming_false_accepts = stream?.FalseAccepts,
            streaming_false_accepts_per_hour = stream?.FalseAcceptsPerHour,
            trade_off = grid.Select((t, k) => new
            {
                threshold = t,
                clip_miss_rate = native.MissRate(t),
                clip_false_accept_rate = native.FalseAcceptRate(t),
                streaming_hits = streams?[k].Hits,
                streaming_false_accepts_per_hour = streams?[k].FalseAcceptsPerHour,
            }).ToArray(),
            parameters = sizes.Parameters,
            macs = sizes.NativeMacs,
            weight_bytes = sizes.WeightBytes,
            file_bytes = sizes.FileBytes,
            interpreter_arena_bytes = sizes.InterpreterArena,
            engine_arena_bytes = sizes.EngineArena,
            training_seconds = trainSeconds,
            total_seconds = totalSeconds,
            input_scale = inScale,
            input_zero_point = inZp,
        }, new JsonSerializerOptions { WriteIndented = true });
        return (md.ToString(), json);
    }
}
