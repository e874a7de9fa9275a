using TorchSharp;
using static TorchSharp.torch;

namespace MicroWake.Trainer;

/// <summary>One int8 layer of the exported graph, weights already in TFLite layout.</summary>
public sealed class QuantLayer
{
    public required string Kind;        // "conv", "dw", "fc"
    public required int[] WeightShape;  // TFLite layout: conv [O,H,W,I], dw [1,H,W,C], fc [O,I]
    public required sbyte[] Weights;
    public required float[] WeightScales; // per output channel (per tensor for fc: one value)
    public required int[] Bias;
    public required float OutScale;
    public required int OutZeroPoint;
    public int Stride = 1;
    public bool SamePadding = true;
}

/// <summary>The int8 network: input quantization and the layers in execution order.</summary>
public sealed class QuantModel
{
    public required float InputScale;
    public required int InputZeroPoint;
    public required int Frames, Coeffs, Classes, Channels;
    public required List<QuantLayer> Layers;

    public long WeightBytes => Layers.Sum(l => l.Weights.Length + 4L * l.Bias.Length);
}

/// <summary>
/// Post-training int8 quantization following TFLite's int8 specification: batch norm folded into
/// the convolutions, symmetric per-channel weights (per-tensor for the FC layer), int32 biases at
/// input_scale*weight_scale, activations per-tensor asymmetric with ranges calibrated on training
/// clips (ReLU outputs get zero point -128), softmax output at scale 1/256, zero point -128.
/// </summary>
public static class Quantizer
{
    /// <summary>Scale and zero point of an asymmetric int8 range that contains 0.</summary>
    public static (float Scale, int ZeroPoint) AsymmetricParams(float min, float max)
    {
        min = Math.Min(min, 0f);
        max = Math.Max(max, 0f);
        float s = Math.Max(max - min, 1e-6f) / 255f;
        int zp = (int)Math.Round(-128 - min / s);
        return (s, Math.Clamp(zp, -128, 127));
    }

    /// <summary>Builds the batch-norm-free copy of a trained model (weights folded).</summary>
    public static DsCnn Fold(DsCnn m)
    {
        if (m.Folded) { return m; }
        var f = new DsCnn(m.Channels, m.Blocks, m.Classes, m.Frames, m.Coeffs, folded: true);
        using var _ = torch.no_grad();
        FoldInto(m.Conv1.weight!, m.Bn[0], f.Conv1.weight!, f.Conv1.bias!);
        for (int i = 0; i < m.Blocks; i++)
        {
            FoldInto(m.Dw[i].weight!, m.Bn[1 + 2 * i], f.Dw[i].weight!, f.Dw[i].bias!);
            FoldInto(m.Pw[i].weight!, m.Bn[2 + 2 * i], f.Pw[i].weight!, f.Pw[i].bias!);
        }
        f.Fc.weight!.copy_(m.Fc.weight!);
        f.Fc.bias!.copy_(m.Fc.bias!);
        return f;
    }

    static void FoldInto(Tensor w, TorchSharp.Modules.BatchNorm2d bn, Tensor wOut, Tensor bOut)
    {
        var scale = bn.weight! / torch.sqrt(bn.running_var! + bn.eps);
        wOut.copy_(w * scale.reshape(-1, 1, 1, 1));
        bOut.copy_(bn.bias! - bn.running_mean! * scale);
    }

    /// <summary>Records activation ranges of a folded model over calibration batches.</summary>
    public static void Calibrate(DsCnn folded, IEnumerable<Tensor> batches)
    {
        folded.eval();
        folded.FakeQuant = false;
        folded.ActivationMax = new float[1 + 2 * folded.Blocks];
        folded.LogitMin = 0; folded.LogitMax = 0;
        folded.Calibrating = true;
        using (torch.no_grad())
        {
            foreach (Tensor b in batches) { folded.forward(b).Dispose(); }
        }
        folded.Calibrating = false;
    }

    /// <summary>Quantizes a calibrated folded model.</summary>
    public static QuantModel Quantize(DsCnn f, float inScale, int inZp)
    {
        if (!f.Folded || f.ActivationMax == null) { throw new InvalidOperationException("fold and calibrate first"); }
        int c = f.Channels;
        var layers = new List<QuantLayer>();
        float s = inScale;
        int layer = 0;

        // conv1: PyTorch [C,1,10,4] -> TFLite [C,10,4,1] (same element order).
        layers.Add(Conv("conv", f.Conv1.weight!, f.Conv1.bias!, new[] { c, 10, 4, 1 }, s, f.ActivationMax[layer++], 2, x => x));
        s = layers[^1].OutScale;
        for (int i = 0; i < f.Blocks; i++)
        {
            // depthwise: PyTorch [C,1,3,3] -> TFLite [1,3,3,C].
            layers.Add(Conv("dw", f.Dw[i].weight!, f.Dw[i].bias!, new[] { 1, 3, 3, c }, s, f.ActivationMax[layer++], 1,
                w => DepthwiseToTflite(w, c)));
            s = layers[^1].OutScale;
            // pointwise: PyTorch [O,I,1,1] -> TFLite [O,1,1,I] (same element order).
            layers.Add(Conv("conv", f.Pw[i].weight!, f.Pw[i].bias!, new[] { c, 1, 1, c }, s, f.ActivationMax[layer++], 1, x => x));
            s = layers[^1].OutScale;
        }

        // FC: per-tensor symmetric weights; input is the average pool output (same quantization as the last ReLU).
        float[] fw = Floats(f.Fc.weight!);
        float[] fb = Floats(f.Fc.bias!);
        float ws = Math.Max(fw.Max(Math.Abs), 1e-8f) / 127f;
        var (os, ozp) = AsymmetricParams(f.LogitMin, f.LogitMax);
        layers.Add(new QuantLayer
        {
            Kind = "fc",
            WeightShape = new[] { f.Classes, c },
            Weights = fw.Select(v => (sbyte)Math.Clamp(Math.Round(v / ws), -127, 127)).ToArray(),
            WeightScales = new[] { ws },
            Bias = fb.Select(v => (int)Math.Round(v / (s * ws))).ToArray(),
            OutScale = os,
            OutZeroPoint = ozp,
        });
        return new QuantModel
        {
            InputScale = inScale, InputZeroPoint = inZp, Frames = f.Frames, Coeffs = f.Coeffs,
            Classes = f.Classes, Channels = c, Layers = layers,
        };
    }

    static QuantLayer Conv(string kind, Tensor w, Tensor b, int[] shape, float inScale, float actMax, int stride,
        Func<float[], float[]> toTflite)
    {
        float[] pw = Floats(w);
        float[] bias = Floats(b);
        int outC = bias.Length;
        int per = pw.Length / outC;
        var scales = new float[outC];
        for (int o = 0; o < outC; o++)
        {
            float m = 0;
            for (int k = 0; k < per; k++) { m = Math.Max(m, Math.Abs(pw[o * per + k])); }
            scales[o] = Math.Max(m, 1e-8f) / 127f;
        }
        var q = new float[pw.Length];
        for (int o = 0; o < outC; o++)
        {
            for (int k = 0; k < per; k++) { q[o * per + k] = (float)Math.Clamp(Math.Round(pw[o * per + k] / scales[o]), -127, 127); }
        }
        float[] t = toTflite(q);
        return new QuantLayer
        {
            Kind = kind,
            WeightShape = shape,
            Weights = t.Select(v => (sbyte)v).ToArray(),
            WeightScales = scales,
            Bias = bias.Select((v, o) => (int)Math.Round(v / (inScale * scales[o]))).ToArray(),
            OutScale = Math.Max(actMax, 1e-6f) / 255f,
            OutZeroPoint = -128,
            Stride = stride,
        };
    }

    /// <summary>[C,1,3,3] (c-major) to [1,3,3,C] (channel-minor).</summary>
    static float[] DepthwiseToTflite(float[] w, int c)
    {
        var t = new float[w.Length];
        for (int ch = 0; ch < c; ch++)
        {
            for (int k = 0; k < 9; k++) { t[k * c + ch] = w[ch * 9 + k]; }
        }
        return t;
    }

    public static float[] Floats(Tensor t) => t.detach().cpu().to_type(ScalarType.Float32).contiguous().data<float>().ToArray();
}
