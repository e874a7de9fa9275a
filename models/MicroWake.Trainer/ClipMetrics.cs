using MicroWake.Native;

namespace MicroWake.Trainer;

/// <summary>
/// Clip-level figures for a set of scored clips, using the device's decision rule
/// (<see cref="ClipClassifier.Decide"/>: the best keyword when it reaches the threshold, otherwise
/// silence or unknown): keyword clips missed or confused, and other-word/silence clips taken for a
/// keyword ("false accepts"), at any threshold.
/// </summary>
public sealed class ClipMetrics
{
    public readonly string[] Labels;
    public readonly int[] Truth;
    public readonly float[][] Scores;
    public readonly string[] Words;

    public ClipMetrics(string[] labels, int[] truth, float[][] scores, string[] words)
    {
        Labels = labels; Truth = truth; Scores = scores; Words = words;
        (BestThreshold, BestCost) = Grid().Select(t => (t, MissRate(t) + 2 * FalseAcceptRate(t))).MinBy(p => p.Item2);
    }

    public float BestThreshold { get; }
    public double BestCost { get; }

    static IEnumerable<float> Grid() => Enumerable.Range(6, 14).Select(i => i * 0.05f);

    public int Decide(int i, float threshold) => ClipClassifier.Decide(Labels, Scores[i], threshold);

    public int KeywordClips => Truth.Count(t => t >= 2);
    public int OtherClips => Truth.Count(t => t < 2);

    public double Accuracy => Enumerable.Range(0, Truth.Length).Count(i => ArgMax(Scores[i]) == Truth[i]) / (double)Math.Max(1, Truth.Length);

    public double MissRate(float t) =>
        Enumerable.Range(0, Truth.Length).Count(i => Truth[i] >= 2 && Decide(i, t) != Truth[i]) / (double)Math.Max(1, KeywordClips);

    public double FalseAcceptRate(float t) =>
        Enumerable.Range(0, Truth.Length).Count(i => Truth[i] < 2 && Decide(i, t) >= 2) / (double)Math.Max(1, OtherClips);

    /// <summary>
    /// The default threshold (0.01 steps from 0.30): the highest whose keyword miss rate is at most
    /// <paramref name="maxMiss"/> (fewest false accepts within the miss budget); when no threshold
    /// keeps misses that low, the lowest whose false-accept rate is at most <paramref name="maxFalseAccept"/>.
    /// </summary>
    public float ChooseThreshold(double maxMiss, double maxFalseAccept)
    {
        float best = -1;
        for (int i = 30; i <= 99; i++)
        {
            if (MissRate(i / 100f) <= maxMiss) { best = i / 100f; }
        }
        if (best > 0) { return best; }
        for (int i = 30; i <= 99; i++)
        {
            if (FalseAcceptRate(i / 100f) <= maxFalseAccept) { return i / 100f; }
        }
        return 0.99f;
    }

    /// <summary>
    /// Validation cost at the operating point the model will ship with: misses plus false accepts at the
    /// threshold <see cref="ChooseThreshold"/> picks, plus 1 when no threshold keeps misses within the budget.
    /// Streaming false accepts follow the clip false accepts at that threshold, so this is what checkpoints compete on.
    /// </summary>
    public double OperatingCost(double maxMiss, double maxFalseAccept)
    {
        float t = ChooseThreshold(maxMiss, maxFalseAccept);
        double miss = MissRate(t);
        return miss + FalseAcceptRate(t) + (miss > maxMiss ? 1 : 0);
    }

    /// <summary>Rows: true class; columns: decided class.</summary>
    public int[,] Confusion(float t)
    {
        int n = Labels.Length;
        var m = new int[n, n];
        for (int i = 0; i < Truth.Length; i++) { m[Truth[i], Decide(i, t)]++; }
        return m;
    }

    /// <summary>Which other words were taken for a keyword, most frequent first.</summary>
    public List<(string Word, int Count)> FalseAcceptsByWord(float t) =>
        Enumerable.Range(0, Truth.Length).Where(i => Truth[i] < 2 && Decide(i, t) >= 2)
            .GroupBy(i => Words[i]).Select(g => (g.Key, g.Count())).OrderByDescending(p => p.Item2).ToList();

    /// <summary>Detection-error trade-off: (threshold, false-accept rate, miss rate).</summary>
    public List<(float T, double Fa, double Miss)> Det() =>
        Enumerable.Range(1, 99).Select(i => i / 100f).Select(t => (t, FalseAcceptRate(t), MissRate(t))).ToList();

    static int ArgMax(float[] s)
    {
        int b = 0;
        for (int i = 1; i < s.Length; i++) { if (s[i] > s[b]) { b = i; } }
        return b;
    }

    public string ConfusionTable(float t)
    {
        var m = Confusion(t);
        var sb = new System.Text.StringBuilder();
        sb.Append("| true \\ decided | ").Append(string.Join(" | ", Labels)).Append(" |\n|---|");
        sb.Append(string.Concat(Labels.Select(_ => "---|"))).Append('\n');
        for (int r = 0; r < Labels.Length; r++)
        {
            sb.Append("| ").Append(Labels[r]).Append(" | ");
            sb.Append(string.Join(" | ", Enumerable.Range(0, Labels.Length).Select(c => m[r, c].ToString()))).Append(" |\n");
        }
        return sb.ToString();
    }
}
