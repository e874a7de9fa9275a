namespace MicroWake.Native;

/// <summary>
/// An int8 TFLite model loaded by the native interpreter (mw_interpreter_*), with its arena.
/// Used by run-model, bench, classify and the trainer's evaluation.
/// </summary>
public sealed unsafe class NativeInterpreter : IDisposable
{
    private readonly NativeBlock _model;
    private readonly NativeBlock _arena;
    private IntPtr _handle;

    private NativeInterpreter(NativeBlock model, NativeBlock arena, IntPtr handle)
    {
        _model = model;
        _arena = arena;
        _handle = handle;
        int count;
        NativeStatus.Check(NativeMethods.mw_interpreter_input_count(handle, &count), "input count");
        InputCount = count;
        NativeStatus.Check(NativeMethods.mw_interpreter_output_count(handle, &count), "output count");
        OutputCount = count;
    }

    /// <summary>Validates and loads a model; throws EngineException saying why a model is refused.</summary>
    public static NativeInterpreter Load(byte[] model)
    {
        var modelBlock = new NativeBlock(model);
        NativeBlock? arena = null;
        try
        {
            MwDiag diag = default;
            nuint arenaBytes;
            NativeStatus.Check(NativeMethods.mw_interpreter_arena_size((byte*)modelBlock.Pointer, modelBlock.Size, &arenaBytes, &diag), "", &diag);
            arena = new NativeBlock(arenaBytes);
            IntPtr handle;
            NativeStatus.Check(NativeMethods.mw_interpreter_init(&handle, (byte*)modelBlock.Pointer, modelBlock.Size,
                arena.Pointer, arena.Size, &diag), "", &diag);
            return new NativeInterpreter(modelBlock, arena, handle);
        }
        catch
        {
            arena?.Dispose();
            modelBlock.Dispose();
            throw;
        }
    }

    public int InputCount { get; }
    public int OutputCount { get; }

    /// <summary>Arena bytes the model needs (what mw_interpreter_arena_size returned).</summary>
    public long ArenaBytes => (long)_arena.Size;

    public int OperatorCount
    {
        get
        {
            int count;
            NativeStatus.Check(NativeMethods.mw_interpreter_operator_count(Handle, &count), "operator count");
            return count;
        }
    }

    public ulong Macs
    {
        get
        {
            ulong macs;
            NativeStatus.Check(NativeMethods.mw_interpreter_macs(Handle, &macs), "MAC count");
            return macs;
        }
    }

    /// <summary>The bytes of the model's TFLite metadata entry <paramref name="name"/> ("microwake" for
    /// MicroWake's settings), or null when the model has no such entry.</summary>
    public static byte[]? ReadMetadata(byte[] model, string name)
    {
        byte[] utf8Name = System.Text.Encoding.UTF8.GetBytes(name + "\0");
        byte* data;
        nuint len;
        int status;
        fixed (byte* m = model)
        fixed (byte* n = utf8Name)
        {
            status = NativeMethods.mw_model_metadata(m, (nuint)model.Length, n, &data, &len);
            if (status == NativeMethods.MW_ERR_NOT_FOUND)
                return null;
            NativeStatus.Check(status, $"metadata '{name}'");
            return new ReadOnlySpan<byte>(data, (int)len).ToArray();
        }
    }

    public TensorInfo GetInputInfo(int index)
    {
        MwTensorInfo info;
        NativeStatus.Check(NativeMethods.mw_interpreter_input_info(Handle, index, &info), $"input {index}");
        return TensorInfo.From(info);
    }

    public TensorInfo GetOutputInfo(int index)
    {
        MwTensorInfo info;
        NativeStatus.Check(NativeMethods.mw_interpreter_output_info(Handle, index, &info), $"output {index}");
        return TensorInfo.From(info);
    }

    /// <summary>Copies raw tensor bytes (exactly the input's byte size) into input <paramref name="index"/>.</summary>
    public void SetInput(int index, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
            NativeStatus.Check(NativeMethods.mw_interpreter_set_input(Handle, index, p, (nuint)data.Length), $"input {index}");
    }

    public void SetInput(int index, ReadOnlySpan<sbyte> data)
    {
        fixed (sbyte* p = data)
            NativeStatus.Check(NativeMethods.mw_interpreter_set_input(Handle, index, p, (nuint)data.Length), $"input {index}");
    }

    public void Invoke() => NativeStatus.Check(NativeMethods.mw_interpreter_invoke(Handle), "inference");

    /// <summary>Runs at most <paramref name="maxOps"/> operators of the current inference (starting one
    /// if none is pending); true when the inference is complete.</summary>
    public bool InvokeStep(int maxOps)
    {
        int done;
        NativeStatus.Check(NativeMethods.mw_interpreter_invoke_step(Handle, maxOps, &done), "inference step");
        return done != 0;
    }

    /// <summary>Raw bytes of output <paramref name="index"/>.</summary>
    public byte[] GetOutput(int index)
    {
        var data = new byte[GetOutputInfo(index).Bytes];
        fixed (byte* p = data)
            NativeStatus.Check(NativeMethods.mw_interpreter_get_output(Handle, index, p, (nuint)data.Length), $"output {index}");
        return data;
    }

    /// <summary>Output <paramref name="index"/> as real numbers: int8/uint8/int16/int32 dequantized, float32 as is.</summary>
    public float[] GetOutputValues(int index)
    {
        TensorInfo info = GetOutputInfo(index);
        return Dequantize(GetOutput(index), info);
    }

    public static float[] Dequantize(byte[] raw, TensorInfo info)
    {
        int n = info.ElementCount;
        var values = new float[n];
        float scale = info.Scale == 0 ? 1f : info.Scale;
        for (int i = 0; i < n; i++)
        {
            float q = info.Type switch
            {
                "int8" => (sbyte)raw[i],
                "uint8" => raw[i],
                "int16" => BitConverter.ToInt16(raw, 2 * i),
                "int32" => BitConverter.ToInt32(raw, 4 * i),
                "float32" => BitConverter.ToSingle(raw, 4 * i),
                _ => throw new MicroWake.Core.EngineException(7, $"cannot read output of type {info.Type}"),
            };
            values[i] = info.Type == "float32" ? q : (q - info.ZeroPoint) * scale;
        }
        return values;
    }

    private IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(NativeInterpreter));

    public void Dispose()
    {
        _handle = IntPtr.Zero;
        _arena.Dispose();
        _model.Dispose();
    }
}
