using System.Security.Cryptography;
using System.Text;

namespace MicroWake.Trainer;

/// <summary>One labelled clip.</summary>
public sealed record Clip(string Path, string Word, int Label, string Speaker, bool Synthetic);

/// <summary>
/// Scans folders in the Speech Commands layout (&lt;word&gt;/*.wav, _background_noise_/, optional
/// _silence_/) and splits them speaker-disjointly by the Speech Commands convention: the
/// file name with its "_nohash_" part removed is hashed (SHA-1), so every clip of a speaker
/// lands on the same side, and the split is stable when clips are added.
/// </summary>
public sealed class SpeechDataset
{
    public const string NoiseFolder = "_background_noise_";
    public const string SilenceFolder = "_silence_";
    const long MaxClipsPerClass = (1L << 27) - 1;

    public List<Clip> Train { get; } = new();
    public List<Clip> Validation { get; } = new();
    /// <summary>Background noise recordings (long files).</summary>
    public List<string> NoiseFiles { get; } = new();
    public Dictionary<string, int> WordCounts { get; } = new();

    /// <summary>
    /// The speaker key of a clip: the token before "_nohash_" (Speech Commands names are
    /// &lt;speaker&gt;_nohash_&lt;n&gt;.wav, possibly behind a "source__word_" prefix); files without
    /// "_nohash_" are their own speaker.
    /// </summary>
    public static string SpeakerOf(string fileName)
    {
        string name = Path.GetFileNameWithoutExtension(fileName);
        int nh = name.IndexOf("_nohash_", StringComparison.Ordinal);
        if (nh < 0) { return name; }
        string head = name.Substring(0, nh);
        int cut = head.LastIndexOf('_');
        return cut >= 0 && cut < head.Length - 1 ? head.Substring(cut + 1) : head;
    }

    /// <summary>Percentage bucket 0..100 of a speaker for a split seed (seed 0 = the plain convention).</summary>
    public static double SplitPercent(string speaker, int seed)
    {
        string key = seed == 0 ? speaker : speaker + "#" + seed;
        byte[] h = SHA1.HashData(Encoding.UTF8.GetBytes(key));
        // Interpret the hex digest as a big integer modulo 2^27 (like int(hexdigest, 16) % (MAX+1)).
        System.Numerics.BigInteger v = new(h, isUnsigned: true, isBigEndian: true);
        long m = (long)(v % (MaxClipsPerClass + 1));
        return m * (100.0 / MaxClipsPerClass);
    }

    public static bool IsValidation(string speaker, int seed, int validationPercent) =>
        SplitPercent(speaker, seed) < validationPercent;

    /// <summary>Scans <paramref name="roots"/> (several folders may be combined).</summary>
    public static SpeechDataset Load(IEnumerable<string> roots, ModelConfig cfg)
    {
        var ds = new SpeechDataset();
        string[] labels = cfg.Labels;
        bool anyUnknown = cfg.UnknownWords.Length == 1 && cfg.UnknownWords[0] == "*";
        foreach (string root in roots)
        {
            if (!Directory.Exists(root)) { throw new TrainerException($"data folder not found: {root}"); }
            foreach (string dir in Directory.GetDirectories(root).OrderBy(d => d, StringComparer.Ordinal))
            {
                string word = Path.GetFileName(dir);
                string[] wavs = Directory.GetFiles(dir, "*.wav").OrderBy(f => f, StringComparer.Ordinal).ToArray();
                if (word == NoiseFolder) { ds.NoiseFiles.AddRange(wavs); continue; }
                int label;
                if (word == SilenceFolder) { label = 0; }
                else
                {
                    int k = Array.IndexOf(labels, word);
                    if (k >= 2) { label = k; }
                    else if (anyUnknown ? !word.StartsWith('_') : cfg.UnknownWords.Contains(word)) { label = 1; }
                    else { continue; }
                }
                ds.WordCounts[word] = ds.WordCounts.GetValueOrDefault(word) + wavs.Length;
                foreach (string f in wavs)
                {
                    string spk = SpeakerOf(f);
                    var clip = new Clip(f, word, label, spk, false);
                    (IsValidation(spk, cfg.Seed, cfg.ValidationPercent) ? ds.Validation : ds.Train).Add(clip);
                }
            }
        }
        foreach (string w in cfg.Words)
        {
            if (!ds.WordCounts.ContainsKey(w) && cfg.SyntheticPerWord == 0)
            {
                throw new TrainerException($"no folder '{w}' in the data and synthetic_per_word=0: nothing to learn '{w}' from");
            }
        }
        return ds;
    }
}
