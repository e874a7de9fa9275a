using ScottPlot;

namespace MicroWake.Trainer;

/// <summary>Training curves and the detection-error trade-off as PNG (ScottPlot).</summary>
public static class Plots
{
    public static void TrainingCurves(IReadOnlyList<EpochStats> history, string path)
    {
        var plt = new Plot();
        var train = history.Where(h => !double.IsNaN(h.TrainAccuracy)).ToList();
        double[] x = train.Select(h => (double)h.Epoch).ToArray();
        var a = plt.Add.Scatter(x, train.Select(h => h.TrainAccuracy * 100).ToArray());
        a.LegendText = "train accuracy (augmented) %";
        var v = plt.Add.Scatter(history.Select(h => (double)h.Epoch).ToArray(), history.Select(h => h.Validation.Accuracy * 100).ToArray());
        v.LegendText = "validation accuracy %";
        var m = plt.Add.Scatter(history.Select(h => (double)h.Epoch).ToArray(),
            history.Select(h => h.Validation.MissRate(h.Validation.BestThreshold) * 100).ToArray());
        m.LegendText = "validation keyword miss % (best threshold)";
        var f = plt.Add.Scatter(history.Select(h => (double)h.Epoch).ToArray(),
            history.Select(h => h.Validation.FalseAcceptRate(h.Validation.BestThreshold) * 100).ToArray());
        f.LegendText = "validation false accept % (best threshold)";
        var l = plt.Add.Scatter(x, train.Select(h => h.TrainLoss * 100).ToArray());
        l.LegendText = "train loss x100";
        int floatEpochs = history.Count(h => h.Phase == "float");
        if (floatEpochs < history.Count)
        {
            var line = plt.Add.VerticalLine(floatEpochs + 0.5);
            line.LegendText = "int8: PTQ, then QAT";
        }
        plt.Title("Training (float epochs, then int8 fine-tuning)");
        plt.XLabel("epoch");
        plt.YLabel("%");
        plt.ShowLegend(Alignment.MiddleRight);
        plt.SavePng(path, 900, 560);
    }

    /// <summary>DET curves (miss rate against false-accept rate, per clip) with the chosen operating point.</summary>
    public static void Det(IEnumerable<(string Name, ClipMetrics Metrics)> curves, float threshold, string path)
    {
        var plt = new Plot();
        foreach (var (name, mtr) in curves)
        {
            var det = mtr.Det();
            var s = plt.Add.Scatter(det.Select(d => d.Fa * 100).ToArray(), det.Select(d => d.Miss * 100).ToArray());
            s.LegendText = name;
            var p = plt.Add.Marker(mtr.FalseAcceptRate(threshold) * 100, mtr.MissRate(threshold) * 100);
            p.LegendText = $"{name} at threshold {threshold:0.00}";
            p.Size = 10;
        }
        plt.Title("Detection error trade-off (held-out speakers, int8 through the native engine)");
        plt.XLabel("other-word and silence clips taken for a keyword (%)");
        plt.YLabel("keyword clips missed or confused (%)");
        plt.Axes.SetLimits(0, 20, 0, 20);
        plt.ShowLegend(Alignment.UpperRight);
        plt.SavePng(path, 800, 600);
    }
}
