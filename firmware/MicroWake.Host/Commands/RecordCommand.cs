using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using MicroWake.Host.Recording;
using MicroWake.Native;

namespace MicroWake.Host.Commands;

/// <summary>
/// record: one-second clips of a word for training, from the microphone (ALSA), a WAV file or raw
/// PCM on stdin, cut and checked by <see cref="UtteranceSplitter"/> and saved in the Speech Commands
/// layout the trainer reads (WORD/SPEAKER_nohash_N.wav).
/// </summary>
public static class RecordCommand
{
    public const int DefaultLiveCount = 30;
    private const int BlockSamples = UtteranceSplitter.Rate / 10;

    public static int Run(string[] argv, CliContext context)
    {
        var args = new Args("record", argv, new[] { "--stdin", "--resample" },
            new[] { "--word", "--out", "--count", "--speaker", "--input", "--device", "--max-seconds" }, allowPositionals: false);
        string word = args.Required("--word");
        if (!Regex.IsMatch(word, "^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$"))
            throw CliException.Usage($"--word '{word}': use letters, digits, '-' and '_' (it names a folder)");
        string outDir = args.Required("--out");
        string speaker = Speaker(args.Value("--speaker"));
        string? input = args.Value("--input");
        bool stdin = args.Flag("--stdin");
        string? device = args.Value("--device");
        if ((input != null ? 1 : 0) + (stdin ? 1 : 0) + (device != null ? 1 : 0) > 1)
            throw CliException.Usage("give one source: --input FILE.wav, --stdin or --device NAME (default: the default microphone)");
        bool live = input == null && !stdin;
        int count = args.Int("--count", 0, 100_000) ?? (live ? DefaultLiveCount : 0);
        string? maxText = args.Value("--max-seconds");
        double maxSeconds = maxText == null ? 0 : Args.ParseFloat("--max-seconds", maxText, 0.1f, 24 * 3600);
        if (live && count == 0)
            throw CliException.Usage("--count 0 (no limit) is for --input and --stdin; from the microphone give how many clips to take");

        string folder = Path.Combine(outDir, word);
        Directory.CreateDirectory(folder);
        int next = NextNumber(folder, speaker);

        Func<short[], int> read;
        IDisposable? capture = null;
        if (input != null)
        {
            WavAudio audio = Wav.Read(input, args.Flag("--resample"));
            if (audio.Conversion != null)
                context.Err.WriteLine($"note: {input}: {audio.Conversion}");
            int pos = 0;
            read = buffer =>
            {
                int n = Math.Min(buffer.Length, audio.Samples.Length - pos);
                Array.Copy(audio.Samples, pos, buffer, 0, n);
                pos += n;
                return n;
            };
        }
        else if (stdin)
        {
            Stream s = context.OpenStdin();
            capture = s;
            var bytes = new byte[BlockSamples * 2];
            int carry = 0;
            read = buffer =>
            {
                int got = carry;
                while (got < bytes.Length)
                {
                    int n = s.Read(bytes, got, bytes.Length - got);
                    if (n <= 0)
                        break;
                    got += n;
                }
                int samples = got / 2;
                for (int i = 0; i < samples; i++)
                    buffer[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(2 * i));
                carry = got - 2 * samples; // an odd byte waits for its partner
                if (carry == 1)
                    bytes[0] = bytes[got - 1];
                return samples;
            };
        }
        else
        {
            var mic = new AlsaCapture(device ?? "default");
            capture = mic;
            read = buffer =>
            {
                mic.Read(buffer);
                return buffer.Length;
            };
        }

        using (capture)
        {
            return Record(context, read, live, word, folder, speaker, next, count, maxSeconds);
        }
    }

    private static int Record(CliContext context, Func<short[], int> read, bool live, string word, string folder, string speaker,
        int next, int count, double maxSeconds)
    {
        var splitter = new UtteranceSplitter();
        var results = new List<SplitResult>();
        var buffer = new short[BlockSamples];
        int saved = 0, rejected = 0;
        bool stop = false;
        ConsoleCancelEventHandler cancel = (_, e) =>
        {
            e.Cancel = true;
            stop = true;
        };
        if (live)
        {
            Console.CancelKeyPress += cancel;
            context.Out.WriteLine($"recording from the microphone: say '{word}' after each prompt, then pause for a second (Ctrl+C stops)");
            context.Out.WriteLine($"say '{word}' (1/{count})");
        }
        try
        {
            long limit = maxSeconds > 0 ? (long)(maxSeconds * UtteranceSplitter.Rate) : long.MaxValue;
            while (!stop && (count == 0 || saved < count) && splitter.Position < limit)
            {
                int n = read(buffer);
                if (n <= 0)
                    break;
                splitter.Feed(buffer.AsSpan(0, n), results);
                Report();
            }
            if (count == 0 || saved < count)
            {
                splitter.Flush(results);
                Report();
            }
        }
        finally
        {
            if (live)
                Console.CancelKeyPress -= cancel;
        }

        string time = (splitter.Position / (double)UtteranceSplitter.Rate).ToString("0.0", CultureInfo.InvariantCulture);
        context.Out.WriteLine($"saved {saved} clip(s) of '{word}' for speaker '{speaker}' in {folder} ({rejected} skipped, {time} s of audio)");
        if (saved == 0)
            context.Err.WriteLine("note: no word was heard: check the microphone and its level (a word must stand 12 dB above the background)");
        return 0;

        void Report()
        {
            foreach (SplitResult r in results)
            {
                if (count > 0 && saved >= count)
                    break;
                string at = (r.WordStartSample / (double)UtteranceSplitter.Rate).ToString("0.00", CultureInfo.InvariantCulture);
                string level = r.LevelDbfs.ToString("0", CultureInfo.InvariantCulture);
                if (r.Clip == null)
                {
                    rejected++;
                    context.Out.WriteLine($"skipped the word at {at} s: {r.Rejection}");
                    continue;
                }
                string path = Path.Combine(folder, $"{speaker}_nohash_{next++}.wav");
                Wav.Write(path, r.Clip);
                saved++;
                string length = r.WordSeconds.ToString("0.00", CultureInfo.InvariantCulture);
                context.Out.WriteLine($"saved {path} (word at {at} s, {length} s long, {level} dBFS)");
                if (live && saved < count)
                    context.Out.WriteLine($"say '{word}' ({saved + 1}/{count})");
            }
            results.Clear();
        }
    }

    /// <summary>A speaker id the trainer's split reads back: the text before _nohash_, without '_'.</summary>
    internal static string Speaker(string? given)
    {
        string raw = given ?? Environment.UserName;
        string id = Regex.Replace(raw.ToLowerInvariant(), "[^a-z0-9-]", "");
        if (id.Length == 0)
        {
            if (given != null)
                throw CliException.Usage($"--speaker '{given}': use letters, digits and '-'");
            id = "me";
        }
        return id.Length > 32 ? id.Substring(0, 32) : id;
    }

    /// <summary>The number after the speaker's highest existing clip, so that nothing is overwritten.</summary>
    internal static int NextNumber(string folder, string speaker)
    {
        int next = 0;
        string prefix = speaker + "_nohash_";
        foreach (string f in Directory.GetFiles(folder, prefix + "*.wav"))
        {
            string name = Path.GetFileNameWithoutExtension(f);
            if (int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int k))
                next = Math.Max(next, k + 1);
        }
        return next;
    }
}
