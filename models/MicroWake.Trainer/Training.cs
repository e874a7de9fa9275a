using TorchSharp;
using static TorchSharp.torch;

namespace MicroWake.Trainer;

/// <summary>int8 feature windows with labels; a training clip has several augmented variants.</summary>
public sealed class FeatureSet
{
    public readonly List<Clip> Clips = new();
    /// <summary>Per clip: its variants (one for validation clips).</summary>
    public readonly List<sbyte[][]> Variants = new();
    public int Count => Clips.Count;
}

/// <summary>Per-epoch record for the training curves.</summary>
public sealed record EpochStats(int Epoch, string Phase, double TrainLoss, double TrainAccuracy, ClipMetrics Validation, double Seconds);

/// <summary>
/// The training loop: class-balanced epochs (all keyword clips, a weighted draw of unknown words
/// with rhymes of the keywords drawn more often, and silence), SpecAugment masks, Adam with a
/// cosine schedule; the checkpoint with the lowest validation cost (misses + false accepts at the
/// threshold the model would ship with) is kept. Then batch norm is folded, activations calibrated, and the
/// fake-quantized network fine-tuned (QAT) so the int8 model keeps the float model's accuracy.
/// </summary>
public sealed class Training
{
    readonly ModelConfig _c;
    readonly FeatureSet _train, _val;
    readonly float _inScale;
    readonly int _inZp;
    readonly Random _rng;
    readonly Action<string> _log;
    public readonly List<EpochStats> History = new();

    public Training(ModelConfig c, FeatureSet train, FeatureSet val, float inScale, int inZp, Action<string> log)
    {
        _c = c; _train = train; _val = val; _inScale = inScale; _inZp = inZp; _log = log;
        _rng = new Random(c.TrainingSeed);
    }

    DsCnn NewModel(int channels) =>
        new(channels, _c.Blocks, _c.Labels.Length, _c.Frames, _c.Coeffs, folded: false);

    /// <summary>
    /// Trains the float model and returns the best checkpoint (batch norm form). With a teacher width,
    /// a wider network is trained first and the model then also learns its softened scores.
    /// </summary>
    public DsCnn TrainFloat()
    {
        DsCnn? teacher = null;
        if (_c.TeacherChannels > 0)
        {
            _log($"teacher: {_c.TeacherChannels} channels");
            teacher = TrainFloat(_c.TeacherChannels, null, "teacher ");
            teacher.eval();
        }
        return TrainFloat(_c.Channels, teacher, "");
    }

    DsCnn TrainFloat(int channels, DsCnn? teacher, string tag)
    {
        torch.manual_seed(_c.TrainingSeed);
        var model = NewModel(channels);
        // An exponential moving average of the weights is what gets validated and kept: it smooths
        // the epoch-to-epoch jumps of a small, noisy data set.
        var ema = NewModel(channels);
        ema.load_state_dict(model.state_dict());
        var opt = torch.optim.Adam(model.parameters(), _c.LearningRate, weight_decay: _c.WeightDecay);
        var sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, _c.Epochs, _c.LearningRate * 0.02);
        double bestCost = double.MaxValue;
        Dictionary<string, Tensor>? best = null;
        for (int epoch = 1; epoch <= _c.Epochs; epoch++)
        {
            var (loss, acc, secs) = RunEpoch(model, opt, $"{tag}epoch {epoch}/{_c.Epochs}", ema, teacher);
            sched.step();
            ClipMetrics m = Validate(ema);
            double cost = Cost(m);
            if (tag.Length == 0) { History.Add(new EpochStats(epoch, "float", loss, acc, m, secs)); }
            _log($"{tag}epoch {epoch,3}: loss {loss:0.000} train acc {acc:P1} | val acc {m.Accuracy:P1} miss {m.MissRate(m.BestThreshold):P1} " +
                 $"fa {m.FalseAcceptRate(m.BestThreshold):P1} @ {m.BestThreshold:0.00} cost {cost:0.0000} ({secs:0.0} s)");
            if (cost < bestCost)
            {
                bestCost = cost;
                best?.Values.ToList().ForEach(t => t.Dispose());
                best = ema.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
            }
        }
        if (best != null) { model.load_state_dict(best); }
        return model;
    }

    /// <summary>Folds batch norm, calibrates, fine-tunes with fake quantization; returns the calibrated folded model.</summary>
    public DsCnn QuantizationAware(DsCnn trained)
    {
        DsCnn folded = Quantizer.Fold(trained);
        Quantizer.Calibrate(folded, CalibrationBatches());
        folded.FakeQuant = true;
        ClipMetrics ptq = Validate(folded);
        History.Add(new EpochStats(History.Count + 1, "ptq", double.NaN, double.NaN, ptq, 0));
        _log($"int8 (post-training): val acc {ptq.Accuracy:P1} cost {Cost(ptq):0.0000}");
        if (_c.QatEpochs <= 0) { return folded; }

        var opt = torch.optim.Adam(folded.parameters(), _c.LearningRate * 0.05, weight_decay: 0);
        double bestCost = Cost(ptq);
        var best = folded.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
        for (int e = 1; e <= _c.QatEpochs; e++)
        {
            var (loss, acc, secs) = RunEpoch(folded, opt, $"QAT {e}/{_c.QatEpochs}");
            ClipMetrics m = Validate(folded);
            double cost = Cost(m);
            History.Add(new EpochStats(History.Count + 1, "qat", loss, acc, m, secs));
            _log($"QAT {e}: loss {loss:0.000} | val acc {m.Accuracy:P1} cost {cost:0.0000}");
            if (cost < bestCost)
            {
                bestCost = cost;
                best = folded.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
            }
        }
        folded.load_state_dict(best);
        // Ranges after fine-tuning.
        Quantizer.Calibrate(folded, CalibrationBatches());
        return folded;
    }

    IEnumerable<Tensor> CalibrationBatches()
    {
        var rng = new Random(_c.Seed + 11);
        var idx = Enumerable.Range(0, _train.Count).OrderBy(_ => rng.Next()).Take(1024).ToArray();
        for (int i = 0; i < idx.Length; i += 128)
        {
            var chunk = idx.Skip(i).Take(128).Select(k => _train.Variants[k][rng.Next(_train.Variants[k].Length)]).ToList();
            yield return Batch(chunk, null, false);
        }
    }

    /// <summary>ema = d * ema + (1 - d) * model for weights; batch-norm statistics are copied.</summary>
    static void UpdateEma(DsCnn ema, DsCnn model, double decay)
    {
        using var _ = torch.no_grad();
        foreach (var (e, p) in ema.parameters().Zip(model.parameters())) { e.mul_(decay).add_(p, alpha: 1 - decay); }
        foreach (var (e, b) in ema.buffers().Zip(model.buffers())) { e.copy_(b); }
    }

    (double Loss, double Acc, double Secs) RunEpoch(DsCnn model, torch.optim.Optimizer opt, string label, DsCnn? ema = null,
        DsCnn? teacher = null)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        model.train();
        var order = EpochSample();
        double lossSum = 0;
        long correct = 0, seen = 0;
        int batches = (order.Count + _c.Batch - 1) / _c.Batch;
        using var bar = new ProgressBar(label, batches);
        for (int b = 0; b < order.Count; b += _c.Batch)
        {
            using var scope = torch.NewDisposeScope();
            var items = order.Skip(b).Take(_c.Batch).ToList();
            var x = Batch(items.Select(i => _train.Variants[i][_rng.Next(_train.Variants[i].Length)]).ToList(), _rng, true);
            var y = torch.tensor(items.Select(i => (long)_train.Clips[i].Label).ToArray());
            opt.zero_grad();
            var logits = model.forward(x);
            var loss = torch.nn.functional.cross_entropy(logits, y, label_smoothing: 0.05);
            if (teacher != null)
            {
                // Distillation (Hinton et al.): the teacher's scores at temperature 2 say how much a
                // "down" sounds like "no", which hard labels cannot.
                const double T = 2, alpha = 0.5;
                Tensor soft;
                using (torch.no_grad()) { soft = torch.nn.functional.softmax(teacher.forward(x) / T, 1); }
                var kl = (soft * (torch.log(soft.clamp_min(1e-8f)) - torch.nn.functional.log_softmax(logits / T, 1))).sum(1).mean();
                loss = (1 - alpha) * loss + alpha * T * T * kl;
            }
            loss.backward();
            opt.step();
            if (ema != null) { UpdateEma(ema, model, 0.995); }
            lossSum += loss.item<float>() * items.Count;
            correct += logits.argmax(1).eq(y).sum().item<long>();
            seen += items.Count;
            bar.Tick($"loss {lossSum / seen:0.000}");
        }
        return (lossSum / Math.Max(seen, 1), (double)correct / Math.Max(seen, 1), sw.Elapsed.TotalSeconds);
    }

    /// <summary>One epoch's clip indices: every keyword clip, weighted unknown draws, silence draws.</summary>
    List<int> EpochSample()
    {
        var kw = new List<int>();
        var unk = new List<int>();
        var sil = new List<int>();
        for (int i = 0; i < _train.Count; i++)
        {
            int l = _train.Clips[i].Label;
            (l >= 2 ? kw : l == 1 ? unk : sil).Add(i);
        }
        var order = new List<int>(kw);
        int nUnk = (int)(kw.Count * _c.UnknownRatio), nSil = (int)(kw.Count * _c.SilenceRatio);
        var weights = unk.Select(i => _c.ConfusableWords.Contains(_train.Clips[i].Word) ? _c.ConfusableWeight : 1f).ToArray();
        float total = weights.Sum();
        for (int k = 0; k < nUnk && unk.Count > 0; k++)
        {
            float r = (float)_rng.NextDouble() * total;
            int j = 0;
            while (j < weights.Length - 1 && r >= weights[j]) { r -= weights[j]; j++; }
            order.Add(unk[j]);
        }
        for (int k = 0; k < nSil && sil.Count > 0; k++) { order.Add(sil[_rng.Next(sil.Count)]); }
        return order.OrderBy(_ => _rng.Next()).ToList();
    }

    /// <summary>A float batch [N,1,frames,coeffs] of dequantized int8 features, optionally SpecAugment-masked.</summary>
    public Tensor Batch(List<sbyte[]> items, Random? rng, bool specAugment)
    {
        int f = _c.Frames, k = _c.Coeffs, n = items.Count;
        var data = new float[n * f * k];
        for (int i = 0; i < n; i++)
        {
            sbyte[] q = items[i];
            int o = i * f * k;
            for (int j = 0; j < f * k; j++) { data[o + j] = (q[j] - _inZp) * _inScale; }
            if (specAugment && rng != null)
            {
                // Up to two time masks (<= 6 frames) and one coefficient mask (<= 2 coefficients), set to 0.
                for (int m = rng.Next(3); m > 0; m--)
                {
                    int w = rng.Next(1, 7), t0 = rng.Next(f - w);
                    for (int t = t0; t < t0 + w; t++) { Array.Clear(data, o + t * k, k); }
                }
                if (rng.NextDouble() < 0.5)
                {
                    int w = rng.Next(1, 3), c0 = rng.Next(1, k - w);
                    for (int t = 0; t < f; t++) { for (int c = c0; c < c0 + w; c++) { data[o + t * k + c] = 0; } }
                }
            }
        }
        return torch.tensor(data, new long[] { n, 1, f, k });
    }

    /// <summary>Validation scores (softmax) of a model on the clean validation features.</summary>
    public float[][] Scores(DsCnn model, FeatureSet set)
    {
        model.eval();
        var result = new float[set.Count][];
        using var _ = torch.no_grad();
        for (int b = 0; b < set.Count; b += 256)
        {
            using var scope = torch.NewDisposeScope();
            var items = Enumerable.Range(b, Math.Min(256, set.Count - b)).Select(i => set.Variants[i][0]).ToList();
            var p = torch.nn.functional.softmax(model.forward(Batch(items, null, false)), 1);
            float[] flat = p.data<float>().ToArray();
            int c = (int)p.shape[1];
            for (int i = 0; i < items.Count; i++) { result[b + i] = flat.AsSpan(i * c, c).ToArray(); }
        }
        return result;
    }

    /// <summary>Checkpoint cost: misses + false accepts at the threshold the model would ship with.</summary>
    double Cost(ClipMetrics m) => m.OperatingCost(_c.MaxMissPercent / 100.0, _c.MaxFalseAcceptPercent / 100.0);

    ClipMetrics Validate(DsCnn model) =>
        new(_c.Labels, _val.Clips.Select(c => c.Label).ToArray(), Scores(model, _val), _val.Clips.Select(c => c.Word).ToArray());
}
