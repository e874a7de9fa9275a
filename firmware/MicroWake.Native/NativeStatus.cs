using System.Runtime.InteropServices;
using MicroWake.Core;

namespace MicroWake.Native;

/// <summary>Turns mw_status codes into EngineException with the native library's own words.</summary>
public static class NativeStatus
{
    /// <summary>The native library's short text for a status ("arena too small", ...).</summary>
    public static unsafe string Message(int status)
    {
        byte* text = NativeMethods.mw_status_message(status);
        return text == null ? $"status {status}" : Marshal.PtrToStringUTF8((IntPtr)text) ?? $"status {status}";
    }

    internal static void Check(int status, string what)
    {
        if (status != NativeMethods.MW_OK)
            throw new EngineException(status, $"{what}: {Message(status)}");
    }

    /// <summary>Like Check, adding the detailed load-time message of a mw_diag; an empty
    /// <paramref name="what"/> gives the native text alone.</summary>
    internal static unsafe void Check(int status, string what, MwDiag* diag)
    {
        if (status == NativeMethods.MW_OK)
            return;
        string detail = diag == null ? "" : FixedString(diag->Message, MwDiag.MessageSize);
        string text = detail.Length == 0 ? Message(status) : $"{Message(status)} ({detail})";
        throw new EngineException(status, what.Length == 0 ? text : $"{what}: {text}");
    }

    internal static unsafe string FixedString(byte* chars, int capacity)
    {
        int n = 0;
        while (n < capacity && chars[n] != 0)
            n++;
        return System.Text.Encoding.UTF8.GetString(chars, n);
    }
}

/// <summary>
/// A block of unmanaged memory, 16-byte aligned as the C API requires for arenas, zeroed.
/// Also holds model bytes, which the native objects reference without copying.
/// </summary>
internal sealed unsafe class NativeBlock : IDisposable
{
    public NativeBlock(nuint size)
    {
        Size = size;
        Pointer = NativeMemory.AlignedAlloc(size == 0 ? 1 : size, 16);
        NativeMemory.Clear(Pointer, size);
    }

    public NativeBlock(ReadOnlySpan<byte> bytes) : this((nuint)bytes.Length)
    {
        bytes.CopyTo(new Span<byte>(Pointer, bytes.Length));
    }

    public void* Pointer { get; private set; }
    public nuint Size { get; }

    public void Dispose()
    {
        if (Pointer != null)
        {
            NativeMemory.AlignedFree(Pointer);
            Pointer = null;
        }
        GC.SuppressFinalize(this);
    }

    ~NativeBlock()
    {
        if (Pointer != null)
            NativeMemory.AlignedFree(Pointer);
    }
}
