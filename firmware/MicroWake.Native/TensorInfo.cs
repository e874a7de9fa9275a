using System.Globalization;

namespace MicroWake.Native;

/// <summary>Shape, type and quantization of one model input or output (mw_tensor_info).</summary>
public sealed class TensorInfo
{
    private static readonly string[] TypeNames = { "unknown", "float32", "int32", "uint8", "int8", "int16" };

    public required string Name { get; init; }
    public required string Type { get; init; }
    public required int[] Shape { get; init; }
    public required int Bytes { get; init; }
    public required float Scale { get; init; }
    public required int ZeroPoint { get; init; }

    public int ElementCount
    {
        get
        {
            int n = 1;
            foreach (int d in Shape)
                n *= d;
            return n;
        }
    }

    internal static unsafe TensorInfo From(in MwTensorInfo info)
    {
        int ndims = Math.Clamp(info.NDims, 0, MwTensorInfo.MaxDims);
        var shape = new int[ndims];
        for (int i = 0; i < ndims; i++)
            shape[i] = info.Dims[i];
        string name;
        fixed (byte* p = info.Name)
            name = NativeStatus.FixedString(p, MwTensorInfo.NameSize);
        return new TensorInfo
        {
            Name = name,
            Type = info.Type >= 0 && info.Type < TypeNames.Length ? TypeNames[info.Type] : $"type {info.Type}",
            Shape = shape,
            Bytes = (int)info.Bytes,
            Scale = info.Scale,
            ZeroPoint = info.ZeroPoint,
        };
    }

    /// <summary>e.g. "int8 [1,1960] scale 0.1017157 zero point -128".</summary>
    public override string ToString()
    {
        string q = Scale == 0 ? "not quantized" : string.Create(CultureInfo.InvariantCulture, $"scale {Scale:G7} zero point {ZeroPoint}");
        return $"{Type} [{string.Join(",", Shape)}] {q}";
    }
}
