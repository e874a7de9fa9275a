using System.Runtime.InteropServices;

namespace MicroWake.Host.Recording;

/// <summary>
/// 16 kHz mono PCM16 from a microphone through ALSA (libasound, present on Linux desktops); ALSA's
/// plug layer converts from whatever the sound card delivers. Other systems record with any tool and
/// hand the result to the record command with --input or --stdin.
/// </summary>
public sealed class AlsaCapture : IDisposable
{
    private const int StreamCapture = 1;
    private const int FormatS16Le = 2;
    private const int AccessRwInterleaved = 3;
    private IntPtr _pcm;

    [DllImport("libasound.so.2")]
    private static extern int snd_pcm_open(out IntPtr pcm, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, int stream, int mode);

    [DllImport("libasound.so.2")]
    private static extern int snd_pcm_set_params(IntPtr pcm, int format, int access, uint channels, uint rate, int softResample, uint latencyUs);

    [DllImport("libasound.so.2")]
    private static extern nint snd_pcm_readi(IntPtr pcm, ref short first, nuint frames);

    [DllImport("libasound.so.2")]
    private static extern int snd_pcm_recover(IntPtr pcm, int err, int silent);

    [DllImport("libasound.so.2")]
    private static extern int snd_pcm_close(IntPtr pcm);

    [DllImport("libasound.so.2")]
    private static extern IntPtr snd_strerror(int errnum);

    public AlsaCapture(string device)
    {
        if (!OperatingSystem.IsLinux())
            throw new CliException("recording from the microphone uses ALSA (Linux); elsewhere record with any recorder and give the file with --input, or pipe raw 16 kHz PCM16 into --stdin");
        Device = device;
        int rc;
        try
        {
            rc = snd_pcm_open(out _pcm, device, StreamCapture, 0);
        }
        catch (DllNotFoundException)
        {
            throw new CliException("libasound.so.2 not found: install it (apt-get install libasound2), or use --input FILE.wav or --stdin");
        }
        if (rc < 0)
            throw new CliException($"cannot open ALSA capture device '{device}': {Error(rc)}");
        rc = snd_pcm_set_params(_pcm, FormatS16Le, AccessRwInterleaved, 1, UtteranceSplitter.Rate, 1, 100_000);
        if (rc < 0)
        {
            Dispose();
            throw new CliException($"ALSA device '{device}' cannot record 16 kHz mono 16-bit: {Error(rc)}");
        }
    }

    public string Device { get; }

    /// <summary>Fills <paramref name="buffer"/> with the next samples (blocks until they are recorded).</summary>
    public void Read(short[] buffer)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            nint n = snd_pcm_readi(_pcm, ref buffer[done], (nuint)(buffer.Length - done));
            if (n < 0)
            {
                // An overrun (the app was late) is recovered; anything else ends the recording.
                int rc = snd_pcm_recover(_pcm, (int)n, 1);
                if (rc < 0)
                    throw new CliException($"recording from '{Device}' failed: {Error((int)n)}");
                continue;
            }
            done += (int)n;
        }
    }

    private static string Error(int rc) => Marshal.PtrToStringUTF8(snd_strerror(rc)) ?? $"error {rc}";

    public void Dispose()
    {
        if (_pcm != IntPtr.Zero)
        {
            snd_pcm_close(_pcm);
            _pcm = IntPtr.Zero;
        }
    }
}
